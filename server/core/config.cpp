#include "server/core/config.h"

#include "server/core/config_rules.h"
#include "server/core/config_schema.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <yaml-cpp/yaml.h>

namespace spk::server {

namespace {

// Walks one YAML mapping, applying known keys to config and descending into known sections.
class YamlReader
{
public:
    YamlReader(const QString &file, ServerConfig &config) : file_(file), config_(config) {}

    bool read(const YAML::Node &map, const QString &section, QString *error)
    {
        QSet<QString> seen;
        for (const auto &entry : map) { // entry is a value (yaml-cpp's iterator yields temporaries)
            const YAML::Node keyNode = entry.first;
            const YAML::Node value = entry.second;
            const int line = keyNode.Mark().line + 1;
            if (!keyNode.IsScalar())
                return fail(error, line, section, QStringLiteral("keys must be plain names"));
            const QString name = QString::fromStdString(keyNode.Scalar());
            const QString path = section.isEmpty() ? name : section + QLatin1Char('.') + name;
            if (seen.contains(name))
                return fail(error, line, path, QStringLiteral("duplicate key"));
            seen.insert(name);

            if (const ConfigKey *key = findConfigKey(path)) {
                QString problem;
                if (value.IsMap() || value.IsSequence())
                    problem = QStringLiteral("expected ") + key->typeDescription() +
                              QStringLiteral(", got a ") +
                              (value.IsMap() ? QStringLiteral("mapping") : QStringLiteral("list"));
                else
                    problem = key->assign(
                        config_, QString::fromStdString(value.IsNull() ? std::string() : value.Scalar()),
                        value.IsNull());
                if (!problem.isEmpty())
                    return fail(error, line, path, problem);
            } else if (isConfigSection(path)) {
                if (value.IsNull())
                    continue; // an empty section ("http:") keeps the defaults
                if (!value.IsMap())
                    return fail(error, line, path, QStringLiteral("expected a section (a mapping of keys)"));
                if (!read(value, path, error))
                    return false;
            } else {
                return fail(error, line, path,
                            QStringLiteral("unknown key (known here: %1)").arg(knownKeys(section)));
            }
        }
        return true;
    }

private:
    bool fail(QString *error, int line, const QString &path, const QString &message) const
    {
        *error = QStringLiteral("%1:%2: %3: %4")
                     .arg(file_)
                     .arg(line)
                     .arg(path.isEmpty() ? QStringLiteral("(top)") : path, message);
        return false;
    }

    // The names directly under section: keys and sub-sections.
    static QString knownKeys(const QString &section)
    {
        const QString prefix = section.isEmpty() ? QString() : section + QLatin1Char('.');
        QStringList names;
        for (const ConfigKey &k : configKeys()) {
            if (!k.path.startsWith(prefix))
                continue;
            const QString name = k.path.mid(prefix.size()).section(QLatin1Char('.'), 0, 0);
            if (!names.contains(name))
                names << name;
        }
        return names.join(QStringLiteral(", "));
    }

    QString file_;
    ServerConfig &config_;
};

bool applyFile(const QString &file, ServerConfig &config, QString *error)
{
    QFile f(file);
    if (!QFileInfo(file).isFile()) {
        *error = QStringLiteral("config file %1: not found").arg(file);
        return false;
    }
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("config file %1: %2").arg(file, f.errorString());
        return false;
    }
    YAML::Node root;
    try {
        root = YAML::Load(f.readAll().toStdString());
    } catch (const YAML::Exception &e) {
        *error = QStringLiteral("%1:%2: YAML syntax error: %3")
                     .arg(file)
                     .arg(e.mark.line + 1)
                     .arg(QString::fromStdString(e.msg));
        return false;
    }
    if (root.IsNull())
        return true; // an empty file keeps the defaults
    if (!root.IsMap()) {
        *error = QStringLiteral("%1:%2: expected a mapping of keys at the top level")
                     .arg(file)
                     .arg(root.Mark().line + 1);
        return false;
    }
    try {
        return YamlReader(file, config).read(root, QString(), error);
    } catch (const YAML::Exception &e) { // yaml-cpp throws on unexpected node kinds; never let it escape
        *error =
            QStringLiteral("%1:%2: %3").arg(file).arg(e.mark.line + 1).arg(QString::fromStdString(e.msg));
        return false;
    }
}

// SPK_… variables; a variable that is set but empty counts as unset (container tools often pass those).
bool applyEnvironment(ServerConfig &config, QString *error)
{
    for (const ConfigKey &key : configKeys()) {
        const QString name = key.envName();
        const QString value = qEnvironmentVariable(name.toLatin1().constData());
        if (value.isEmpty())
            continue;
        const QString problem = key.assign(config, value);
        if (!problem.isEmpty()) {
            *error = QStringLiteral("environment variable %1 (%2): %3").arg(name, key.path, problem);
            return false;
        }
    }
    return true;
}

} // namespace

QString ServerConfig::effectiveDatabaseUrl() const
{
    if (!databaseUrl.isEmpty())
        return databaseUrl;
    return QStringLiteral("sqlite:") + QDir(dataDir).absoluteFilePath(QStringLiteral("spk.db"));
}

bool loadServerConfig(const QString &file, ServerConfig *out, QString *error)
{
    QString localError;
    QString &err = error ? *error : localError;
    ServerConfig config; // built aside: on any error *out stays untouched
    if (!file.isEmpty() && !applyFile(file, config, &err))
        return false;
    if (!applyEnvironment(config, &err))
        return false;
    const QString inconsistency = checkConfigConsistency(config);
    if (!inconsistency.isEmpty()) {
        err = inconsistency;
        return false;
    }
    *out = config;
    return true;
}

QStringList describeConfig(const ServerConfig &config)
{
    QStringList lines;
    for (const ConfigKey &key : configKeys()) {
        QString value = key.valueText(config);
        if (key.secret)
            value = value.isEmpty() ? QStringLiteral("(empty)") : QStringLiteral("(set, hidden)");
        else if (key.type() == ConfigType::String)
            value = QLatin1Char('"') + value + QLatin1Char('"');
        lines << QStringLiteral("%1 = %2  [%3]").arg(key.path, value, key.envName());
    }
    return lines;
}

} // namespace spk::server

#pragma once
// The one table of spkd's configuration keys: path, field, type, allowed values and help text. The loader
// (config.cpp), `spkd config` (describeConfig) and docs/configuration.md all come from it, so a new key
// is one line in configKeys() (config_schema.cpp) plus its field in ServerConfig. Every check of a
// single value (type, range, allowed names) is here; rules spanning keys are in config_rules.h.
#include "server/core/config.h"

#include <QString>
#include <QStringList>
#include <functional>
#include <variant>
#include <vector>

namespace spk::server {

// A reference to one ServerConfig field: either a direct member or a member of a section struct, e.g.
// Field<int>(&ServerConfig::httpPort) or Field<QString>(&ServerConfig::bridge, &BridgeConfig::url).
template <typename T> struct Field
{
    std::function<T &(ServerConfig &)> ref;

    Field(T ServerConfig::*member) : ref([member](ServerConfig &c) -> T & { return c.*member; }) {}
    // Any deeper field, e.g. [](ServerConfig &c) -> QString & { return c.pipeline.asr.primary; }
    explicit Field(std::function<T &(ServerConfig &)> accessor) : ref(std::move(accessor)) {}
    template <typename Section>
    Field(Section ServerConfig::*section, T Section::*member)
        : ref([section, member](ServerConfig &c) -> T & { return (c.*section).*member; })
    {
    }
};

enum class ConfigType { String, Integer, Boolean };

struct ConfigKey
{
    using AnyField = std::variant<Field<QString>, Field<int>, Field<qint64>, Field<bool>>;
    ConfigKey(QString path, AnyField field, QString help)
        : path(std::move(path)), field(std::move(field)), help(std::move(help))
    {
    }

    QString path; // "http.port": YAML sections joined by '.'
    AnyField field;
    QString help;
    qint64 min = 0, max = 0; // integers: inclusive range
    QStringList choices;     // strings: the allowed values (empty = any)
    QString pattern;         // strings: regular expression the whole value must match (empty = any)
    QString patternHelp;     // strings: the pattern in words, for errors and docs
    bool secret = false;     // never printed by describeConfig

    ConfigType type() const;
    QString envName() const;         // SPK_ + path upper-cased, '.' -> '_'
    QString typeDescription() const; // "integer 1–65535", "one of: a, b", …

    // Reads the field as text (booleans "true"/"false").
    QString valueText(const ServerConfig &config) const;
    // Parses and checks text, then stores it; on error returns the message and leaves config unchanged.
    // isNull: the YAML value was empty (`key:`), which only strings accept (as "").
    QString assign(ServerConfig &config, const QString &text, bool isNull = false) const;
};

const std::vector<ConfigKey> &configKeys();
const ConfigKey *findConfigKey(const QString &path);
// True when path is a section holding keys ("http", or "bridge.tts" for deeper sections).
bool isConfigSection(const QString &path);

// The reference table for docs/configuration.md (Markdown, from configKeys() and the defaults).
QString configReferenceMarkdown();

} // namespace spk::server

#include "server/storage/database_url.h"

#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>
#include <algorithm>

namespace spk::server {
namespace {

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

bool isSafeIdentifier(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[a-z_][a-z0-9_]{0,62}$"));
    return re.match(name).hasMatch();
}

bool parsePostgres(const QString &text, DatabaseUrl *out, QString *error)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return fail(error, QStringLiteral("invalid PostgreSQL URL: %1").arg(url.errorString()));
    out->kind = DatabaseUrl::Kind::Postgres;
    out->host = url.host(QUrl::FullyDecoded);
    if (out->host.isEmpty())
        return fail(error, QStringLiteral("PostgreSQL URL has no host"));
    out->port = url.port(5432);
    if (out->port <= 0 || out->port > 65535)
        return fail(error, QStringLiteral("PostgreSQL URL has an invalid port"));
    out->user = url.userName(QUrl::FullyDecoded);
    out->password = url.password(QUrl::FullyDecoded);
    out->databaseName = url.path(QUrl::FullyDecoded).mid(1);
    if (out->user.isEmpty())
        return fail(error, QStringLiteral("PostgreSQL URL has no user name"));
    if (out->databaseName.isEmpty() || out->databaseName.contains(QLatin1Char('/')))
        return fail(error, QStringLiteral(
                               "PostgreSQL URL must name one database: postgresql://user:pass@host:port/db"));

    QStringList options;
    const auto items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items) {
        if (key == QLatin1String("schema")) {
            if (!isSafeIdentifier(value))
                return fail(error, QStringLiteral("schema must match [a-z_][a-z0-9_]*: %1").arg(value));
            out->schema = value;
        } else if (key == QLatin1String("sslmode") || key == QLatin1String("connect_timeout") ||
                   key == QLatin1String("application_name")) {
            static const QRegularExpression safeValue(QStringLiteral("^[A-Za-z0-9_.-]{1,64}$"));
            if (!safeValue.match(value).hasMatch())
                return fail(error, QStringLiteral("invalid value for %1").arg(key));
            options << key + QLatin1Char('=') + value;
        } else {
            return fail(error, QStringLiteral("unknown PostgreSQL URL parameter: %1").arg(key));
        }
    }
    if (!std::any_of(options.cbegin(), options.cend(),
                     [](const QString &o) { return o.startsWith(QLatin1String("connect_timeout=")); }))
        options << QStringLiteral("connect_timeout=5"); // an unreachable server must not hang startup
    out->connectOptions = options.join(QLatin1Char(';'));
    return true;
}

} // namespace

std::optional<DatabaseUrl> DatabaseUrl::parse(const QString &url, QString *error)
{
    DatabaseUrl out;
    if (url.startsWith(QLatin1String("sqlite:"))) {
        QString path = url.mid(int(sizeof("sqlite:") - 1));
        if (path.startsWith(QLatin1String("///")))
            path = path.mid(2); // sqlite:///abs/path -> /abs/path
        if (path.isEmpty()) {
            fail(error, QStringLiteral("SQLite URL has no path: use sqlite:/path/spk.db or sqlite::memory:"));
            return std::nullopt;
        }
        out.kind = Kind::Sqlite;
        out.path = path;
        return out;
    }
    if (url.startsWith(QLatin1String("postgresql://")) || url.startsWith(QLatin1String("postgres://"))) {
        if (!parsePostgres(url, &out, error))
            return std::nullopt;
        return out;
    }
    fail(error, QStringLiteral("unsupported database URL (expected sqlite:… or postgresql://…)"));
    return std::nullopt;
}

QString DatabaseUrl::redacted() const
{
    if (kind == Kind::Sqlite)
        return QStringLiteral("sqlite:") + path;
    QString s = QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, host).arg(port).arg(databaseName);
    if (!schema.isEmpty())
        s += QStringLiteral("?schema=") + schema;
    return s;
}

} // namespace spk::server

#include "server/app/spkd_commands.h"

#include "server/app/server_app.h"
#include "server/auth/passwords.h"
#include "server/core/config.h"
#include "server/core/logging.h"
#include "server/core/server_role.h"
#include "server/gateway/caller.h"
#include "server/storage/database.h"
#include "server/storage/user_store.h"
#include "shared/media/sodium_init.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QSocketNotifier>
#include <QTextStream>
#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace spk::server {

namespace {

const char *kUsage = R"(spkd — the spk fleet server (gateway: REST API, live WebSocket, MQTT; bridge: voice).

Usage:
  spkd serve [--config FILE] [--role gateway|bridge|all]
      Run the server. Without a config file it runs on embedded defaults: a SQLite file in
      ./.spk-data, a private Mosquitto on 127.0.0.1:1883 that spkd starts and stops, an in-process
      cache, HTTP on 127.0.0.1:8080. Every config key can also be set with an SPK_… variable
      (http.port -> SPK_HTTP_PORT); see docs/configuration.md.
  spkd migrate [--config FILE]
      Create or upgrade the database schema, then exit.
  spkd user add NAME --role admin|support|user --password-stdin [--config FILE]
      Create a user; the password is read from the first line of standard input.
  spkd config [--config FILE]
      Print every configuration key, its environment variable and its effective value.

Examples:
  spkd serve
  SPK_HTTP_PORT=9000 spkd serve --config /etc/spk/spkd.yaml
  echo 'S3cret-pass' | spkd user add alice --role admin --password-stdin
)";

int signalPipe[2] = {-1, -1};
void onSignal(int)
{
    [[maybe_unused]] auto n = ::write(signalPipe[1], "x", 1);
}

int fail(const QString &message)
{
    fprintf(stderr, "spkd: %s\n", qPrintable(message));
    return 1;
}

bool loadConfig(const QString &file, ServerConfig *config)
{
    QString error;
    if (!loadServerConfig(file, config, &error)) {
        fail(error);
        return false;
    }
    return true;
}

int serve(const ServerConfig &config)
{
    ServerApp app(config);
    QString error;
    if (!app.start(&error))
        return fail(error);
    // SIGINT/SIGTERM through a self-pipe, so shutdown runs on the event loop.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) == 0) {
        auto *notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, qApp);
        QObject::connect(notifier, &QSocketNotifier::activated, qApp, [] {
            char c;
            [[maybe_unused]] auto n = ::read(signalPipe[0], &c, 1);
            qCInfo(lcCore) << "shutting down";
            QCoreApplication::quit();
        });
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }
    const int rc = QCoreApplication::exec();
    app.stop();
    return rc;
}

int migrate(const ServerConfig &config)
{
    QString error;
    auto db = Database::open(config.effectiveDatabaseUrl(), &error);
    if (!db || !db->migrate(&error))
        return fail(error);
    printf("database at schema version %d\n", db->schemaVersion());
    return 0;
}

int addUser(const ServerConfig &config, const QString &name, const QString &role, bool passwordStdin)
{
    if (!roles::isValid(role))
        return fail(QStringLiteral("--role must be admin, support or user"));
    if (!passwordStdin)
        return fail(QStringLiteral("give the password on standard input with --password-stdin"));
    QTextStream in(stdin);
    const QString password = in.readLine();
    if (const QString policy = auth::checkPasswordPolicy(password); !policy.isEmpty())
        return fail(policy);
    QString error;
    auto db = Database::open(config.effectiveDatabaseUrl(), &error);
    if (!db || !db->migrate(&error))
        return fail(error);
    UserStore users(*db);
    qint64 id = 0;
    switch (users.create(name, auth::hashPassword(password), role, &id)) {
    case StoreResult::Ok:
        printf("created %s user '%s' (id %lld)\n", qPrintable(role), qPrintable(name), id);
        return 0;
    case StoreResult::Conflict:
        return fail(QStringLiteral("user '%1' already exists").arg(name));
    default:
        return fail(QStringLiteral("could not store the user"));
    }
}

} // namespace

int runSpkd(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromUtf8(kUsage));
    QCommandLineOption configOpt(QStringLiteral("config"), QStringLiteral("YAML config file."),
                                 QStringLiteral("FILE"));
    QCommandLineOption roleOpt(QStringLiteral("role"), QStringLiteral("gateway, bridge or all."),
                               QStringLiteral("ROLE"));
    QCommandLineOption pwStdin(QStringLiteral("password-stdin"),
                               QStringLiteral("Read the password from stdin."));
    QCommandLineOption helpOpt({QStringLiteral("h"), QStringLiteral("help")},
                               QStringLiteral("Show this help."));
    parser.addOptions({configOpt, roleOpt, pwStdin, helpOpt});
    parser.addPositionalArgument(QStringLiteral("command"),
                                 QStringLiteral("serve | migrate | user add | config"));
    if (!parser.parse(args))
        return fail(parser.errorText() + QStringLiteral("\nRun 'spkd --help' for usage."));
    const QStringList pos = parser.positionalArguments();
    if (parser.isSet(helpOpt) || pos.isEmpty()) {
        fputs(kUsage, pos.isEmpty() && !parser.isSet(helpOpt) ? stderr : stdout);
        return parser.isSet(helpOpt) ? 0 : 2;
    }
    ServerConfig config;
    if (!loadConfig(parser.value(configOpt), &config))
        return 1;
    const QString cmd = pos.first();
    if (cmd == QLatin1String("serve") && parser.isSet(roleOpt))
        config.role = parser.value(roleOpt);
    if (!parseConfigEnum<ServerRole>(config.role)) // --role bypasses the key table's check
        return fail(QStringLiteral("--role must be gateway, bridge or all"));
    // One-shot commands print their result; their info chatter (migrations applied, …) would bury it.
    installLogHandler(cmd == QLatin1String("serve") || config.logLevel == QLatin1String("debug")
                          ? config.logLevel
                          : QStringLiteral("warning"),
                      config.logFormat);
    if (!QDir().mkpath(config.dataDir))
        return fail(QStringLiteral("cannot create the data dir %1").arg(config.dataDir));

    if (cmd == QLatin1String("serve"))
        return serve(config);
    if (cmd == QLatin1String("migrate"))
        return migrate(config);
    if (cmd == QLatin1String("config")) {
        for (const QString &line : describeConfig(config))
            printf("%s\n", qPrintable(line));
        return 0;
    }
    if (cmd == QLatin1String("user") && pos.size() == 3 && pos[1] == QLatin1String("add")) {
        if (!media::ensureSodium())
            return fail(QStringLiteral("libsodium failed to initialise"));
        return addUser(config, pos[2], parser.value(roleOpt), parser.isSet(pwStdin));
    }
    return fail(
        QStringLiteral("unknown command '%1'. Run 'spkd --help' for usage.").arg(pos.join(QLatin1Char(' '))));
}

} // namespace spk::server

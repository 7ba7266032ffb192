#include "console/app/console_app.h"

#include "console/app/connection.h"
#include "console/app/language_manager.h"
#include "console/app/main_window.h"
#include "console/models/device_table_model.h"
#include "console/pages/devices_page.h"
#include "console/pages/sessions_page.h"
#include "console/widgets/login_dialog.h"
#include "spk_version.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QCommandLineParser>
#include <QLoggingCategory>
#include <QTimer>

namespace spk::console {

namespace {
struct Options
{
    QString server, ca, user, passwordEnv, language, page, device;
    qint64 session = 0;
};

Options parseOptions(const QApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("spk-console", "spk fleet console"));
    parser.addHelpOption();
    parser.addVersionOption();
    // For scripted runs (screenshots, demos): log in without typing. The password is read from an
    // environment variable so it never shows in the process list.
    const QCommandLineOption server(QStringLiteral("server"), QStringLiteral("Server URL."),
                                    QStringLiteral("url"));
    const QCommandLineOption ca(
        QStringLiteral("ca"),
        QStringLiteral("CA certificate (PEM) that signed the server's https certificate (default: SPK_CA, "
                       "else the one remembered for the server)."),
        QStringLiteral("file"));
    const QCommandLineOption user(QStringLiteral("user"), QStringLiteral("User name."),
                                  QStringLiteral("name"));
    const QCommandLineOption passwordEnv(
        QStringLiteral("password-env"),
        QStringLiteral("Log in at once with the password in this environment variable."),
        QStringLiteral("var"));
    const QCommandLineOption language(
        QStringLiteral("language"), QStringLiteral("en or zh_CN (not remembered)."), QStringLiteral("code"));
    const QCommandLineOption page(QStringLiteral("page"),
                                  QStringLiteral("Open on devices|sessions|dashboard|activity|admin."),
                                  QStringLiteral("page"));
    const QCommandLineOption device(QStringLiteral("device"), QStringLiteral("Select this device."),
                                    QStringLiteral("id"));
    const QCommandLineOption session(QStringLiteral("session"), QStringLiteral("Open this session."),
                                     QStringLiteral("id"));
    parser.addOptions({server, ca, user, passwordEnv, language, page, device, session});
    parser.process(app);
    Options o;
    o.server = parser.value(server);
    o.ca = parser.isSet(ca) ? parser.value(ca) : qEnvironmentVariable("SPK_CA");
    o.user = parser.value(user);
    o.passwordEnv = parser.value(passwordEnv);
    o.language = parser.value(language);
    o.page = parser.value(page);
    o.device = parser.value(device);
    o.session = parser.value(session).toLongLong();
    return o;
}

MainWindow::Page pageNamed(const QString &name)
{
    if (name == QLatin1String("sessions"))
        return MainWindow::Sessions;
    if (name == QLatin1String("dashboard"))
        return MainWindow::Dashboard;
    if (name == QLatin1String("activity"))
        return MainWindow::Activity;
    if (name == QLatin1String("admin"))
        return MainWindow::Administration;
    return MainWindow::Devices;
}
} // namespace

int runConsole(QApplication &app)
{
    QApplication::setOrganizationName(QStringLiteral("spk"));
    QApplication::setApplicationName(QStringLiteral("spk-console"));
    QApplication::setApplicationVersion(QString::fromLatin1(spk::kVersion));
    // Debug output only on request (QT_LOGGING_RULES="spk.*.debug=true").
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("spk.*.debug=false"));
    const Options options = parseOptions(app);

    LanguageManager languages;
    if (options.language.isEmpty() || !languages.setLanguage(options.language, false))
        languages.setLanguage(languages.preferredLanguage(), false);

    Connection connection;
    LoginDialog login(connection.api());
    if (!options.server.isEmpty())
        login.setServerUrl(options.server); // with the CA file remembered for it
    if (!options.ca.isEmpty())
        login.setCaFile(options.ca);
    if (!options.user.isEmpty())
        login.setUsername(options.user);
    if (!options.passwordEnv.isEmpty()) {
        login.setPassword(qEnvironmentVariable(options.passwordEnv.toLocal8Bit().constData()));
        QTimer::singleShot(0, &login, &LoginDialog::submit);
    }
    if (login.exec() != QDialog::Accepted)
        return 0;

    MainWindow window(&connection, &languages);
    connection.start(login.serverUrl(), login.loginResult());
    window.onLoggedIn();
    window.showPage(pageNamed(options.page));
    if (!options.device.isEmpty()) {
        // The device list arrives asynchronously: select once it is there.
        auto *once = new QMetaObject::Connection;
        *once = QObject::connect(window.deviceModel(), &QAbstractItemModel::modelReset, &window,
                                 [&window, options, once] {
                                     QObject::disconnect(*once);
                                     delete once;
                                     window.devicesPage()->selectDevice(options.device);
                                 });
    }
    if (options.session > 0)
        window.openSession(options.session);
    window.show();
    return app.exec();
}

} // namespace spk::console

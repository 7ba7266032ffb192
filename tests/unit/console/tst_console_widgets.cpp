// Widgets without a server: login form checks, a refused connection, runtime language switching,
// role-based controls, the stage timeline and error wording.
#include "console/app/connection.h"
#include "console/app/error_text.h"
#include "console/app/language_manager.h"
#include "console/app/main_window.h"
#include "console/models/device_table_model.h"
#include "console/pages/devices_page.h"
#include "console/widgets/config_key_control.h"
#include "console/widgets/device_detail_panel.h"
#include "console/widgets/login_dialog.h"
#include "console/widgets/stage_timeline_widget.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTcpServer>
#include <QTest>

using namespace spk::console;

namespace {
spk::client::LoginResult loginAs(const QString &role)
{
    spk::client::LoginResult r;
    r.token = QStringLiteral("test-token");
    r.user.id = 1;
    r.user.username = QStringLiteral("tester");
    r.user.role = role;
    return r;
}

// A 127.0.0.1 port nobody listens on: bound, then released.
quint16 closedPort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    const quint16 port = s.serverPort();
    s.close();
    return port;
}
} // namespace

class TestConsoleWidgets : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // QSettings go to a test location
        QCoreApplication::setOrganizationName(QStringLiteral("spk-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_console_widgets"));
        QSettings().clear();
    }

    void normalizesServerUrls()
    {
        QCOMPARE(LoginDialog::normalizeServerUrl(QStringLiteral(" 127.0.0.1:8080 ")),
                 QUrl(QStringLiteral("http://127.0.0.1:8080")));
        QCOMPARE(LoginDialog::normalizeServerUrl(QStringLiteral("https://spk.example/api")),
                 QUrl(QStringLiteral("https://spk.example/api")));
        QVERIFY(!LoginDialog::normalizeServerUrl(QString()).isValid());
        QVERIFY(!LoginDialog::normalizeServerUrl(QStringLiteral("ftp://host")).isValid());
        QVERIFY(!LoginDialog::normalizeServerUrl(QStringLiteral("http://")).isValid());
    }

    void loginFormRequiresFields()
    {
        Connection connection;
        LoginDialog dialog(connection.api());
        dialog.setServerUrl(QStringLiteral("http://127.0.0.1:1"));
        dialog.setUsername(QString());
        dialog.submit();
        QVERIFY(dialog.errorText().contains(QStringLiteral("user name")));
        dialog.setServerUrl(QStringLiteral("ftp://nowhere"));
        dialog.submit();
        QVERIFY(dialog.errorText().contains(QStringLiteral("server address")));
    }

    void serverDownIsExplained()
    {
        Connection connection;
        LoginDialog dialog(connection.api());
        dialog.setServerUrl(QStringLiteral("http://127.0.0.1:%1").arg(closedPort()));
        dialog.setUsername(QStringLiteral("admin"));
        dialog.setPassword(QStringLiteral("secret-password"));
        dialog.show();
        dialog.submit();
        QTRY_VERIFY_WITH_TIMEOUT(dialog.errorText().contains(QStringLiteral("Cannot reach the server")),
                                 10000);
        QVERIFY(dialog.result() != QDialog::Accepted);
        QVERIFY(dialog.findChild<QPushButton *>(QStringLiteral("loginButton"))->isEnabled());
    }

    void errorWording()
    {
        spk::client::ApiResult timeout;
        timeout.httpStatus = 504;
        timeout.error.code = QStringLiteral("device_timeout");
        QVERIFY(ErrorText::isDeviceTimeout(timeout));
        QVERIFY(ErrorText::describe(timeout).contains(QStringLiteral("did not answer in time")));
        QVERIFY(ErrorText::describe(timeout).contains(QStringLiteral("504 device_timeout")));
        spk::client::ApiResult denied;
        denied.httpStatus = 403;
        denied.error.code = QStringLiteral("forbidden");
        denied.error.message = QStringLiteral("support may not change config");
        QVERIFY(ErrorText::isPermissionDenied(denied));
        QVERIFY(ErrorText::describe(denied).startsWith(QStringLiteral("Permission denied")));
        QVERIFY(ErrorText::describe(denied).contains(QStringLiteral("support may not change config")));
    }

    void switchesLanguageAtRuntime()
    {
        LanguageManager languages;
        QCOMPARE(LanguageManager::languageForLocale(QLocale(QLocale::Chinese, QLocale::China)),
                 QStringLiteral("zh_CN"));
        QCOMPARE(LanguageManager::languageForLocale(QLocale(QLocale::German)), QStringLiteral("en"));
        QVERIFY(!languages.setLanguage(QStringLiteral("xx"), false));

        Connection connection;
        MainWindow window(&connection, &languages);
        auto *tabs = window.findChild<QTabWidget *>();
        QVERIFY(tabs);
        QCOMPARE(tabs->tabText(MainWindow::Devices), QStringLiteral("Devices"));
        QVERIFY(languages.setLanguage(QStringLiteral("zh_CN"), false));
        QCoreApplication::processEvents(); // LanguageChange events are posted
        QCOMPARE(tabs->tabText(MainWindow::Devices), QStringLiteral("设备"));
        QCOMPARE(window.deviceModel()->headerData(DeviceTableModel::Battery, Qt::Horizontal).toString(),
                 QStringLiteral("电量"));
        QVERIFY(window.statusCountsText().startsWith(QStringLiteral("在线")));
        QVERIFY(languages.setLanguage(QStringLiteral("en"), false));
        QCoreApplication::processEvents();
        QCOMPARE(tabs->tabText(MainWindow::Devices), QStringLiteral("Devices"));
        QCOMPARE(window.deviceModel()->headerData(DeviceTableModel::Battery, Qt::Horizontal).toString(),
                 QStringLiteral("Battery"));
    }

    void supportRoleCannotChangeDevices()
    {
        LanguageManager languages;
        Connection connection;
        MainWindow window(&connection, &languages);
        spk::client::Device d;
        d.id = QStringLiteral("dev1");
        d.online = true;
        d.applied.volume = 40;
        window.deviceModel()->setDevices({d});
        connection.start(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closedPort())),
                         loginAs(QStringLiteral("support")));
        DeviceDetailPanel *panel = window.devicesPage()->detailPanel();
        panel->showDevice(QStringLiteral("dev1"));
        panel->applyPermissions();
        QVERIFY(!panel->findChild<QSlider *>(QStringLiteral("volumeSlider"))->isEnabled());
        QVERIFY(!panel->findChild<QPushButton *>(QStringLiteral("rebootButton"))->isEnabled());
        QVERIFY(
            panel->findChild<QPushButton *>(QStringLiteral("newSecretButton"))->isHidden()); // admins only
        QCOMPARE(panel->configControl(QStringLiteral("volume"))->value(), 40);

        connection.start(connection.api()->baseUrl(), loginAs(QStringLiteral("admin")));
        panel->applyPermissions();
        QVERIFY(panel->findChild<QSlider *>(QStringLiteral("volumeSlider"))->isEnabled());
        QVERIFY(panel->findChild<QPushButton *>(QStringLiteral("rebootButton"))->isEnabled());
        QVERIFY(!panel->findChild<QPushButton *>(QStringLiteral("newSecretButton"))->isHidden());
        QVERIFY(panel->findChild<QPushButton *>(QStringLiteral("newSecretButton"))->isEnabled());
        connection.live()->close();
    }

    void volumeChangeAgainstDeadServerFailsVisibly()
    {
        Connection connection;
        connection.start(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closedPort())),
                         loginAs(QStringLiteral("admin")));
        connection.live()->close();
        ConfigKeyControl volume(connection.api(), *findConfigKeySlider("volume"));
        volume.setDevice(QStringLiteral("dev1"), 30);
        volume.requestValue(70);
        QCOMPARE(volume.state(), ConfigKeyControl::State::Pending);
        QVERIFY(volume.stateText().contains(QStringLiteral("waiting for the device")));
        QTRY_COMPARE_WITH_TIMEOUT(volume.state(), ConfigKeyControl::State::Failed, 10000);
        QVERIFY(volume.stateText().contains(QStringLiteral("Cannot reach the server")));
        volume.requestValue(101); // out of range: nothing is sent
        QCOMPARE(volume.state(), ConfigKeyControl::State::Failed);
    }

    void timelineSortsAndIgnoresBadMarks()
    {
        StageTimelineWidget timeline;
        timeline.resize(600, timeline.sizeHint().height());
        timeline.setTimings({{QStringLiteral("tts_first_audio"), 900},
                             {QStringLiteral("wake_ack"), 20},
                             {QStringLiteral("bad"), -5},
                             {QString(), 10}},
                            1500);
        QCOMPARE(timeline.timings().size(), 2);
        QCOMPARE(timeline.timings().first().first, QStringLiteral("wake_ack"));
        QCOMPARE(timeline.axisEndMs(), qint64(1500));
        QCOMPARE(StageTimelineWidget::stageLabel(QStringLiteral("tts_first_audio")),
                 QStringLiteral("TTS first audio"));
        const QImage image = timeline.grab().toImage();
        QVERIFY(!image.isNull());
        // The first segment is painted in the first palette colour somewhere along the bar.
        bool painted = false;
        for (int x = 0; x < image.width() && !painted; ++x)
            painted = image.pixelColor(x, 15) == QColor(0x4e, 0x79, 0xa7);
        QVERIFY(painted);
    }
};

QTEST_MAIN(TestConsoleWidgets)
#include "tst_console_widgets.moc"

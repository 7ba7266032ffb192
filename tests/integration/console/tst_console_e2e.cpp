// spk-console against a real spkd: log in, a device's status reaches the table, a volume change is
// acknowledged (and times out when the device stays silent), support staff are refused, an expired
// login re-opens the login dialog without losing the view, and a session's audio loads.
#include "console/app/connection.h"
#include "console/app/language_manager.h"
#include "console/app/main_window.h"
#include "console/models/device_table_model.h"
#include "console/pages/devices_page.h"
#include "console/pages/sessions_page.h"
#include "console/widgets/config_key_control.h"
#include "console/widgets/device_detail_panel.h"
#include "console/widgets/login_dialog.h"
#include "console/widgets/session_detail_panel.h"
#include "console/widgets/track_player.h"
#include "tests/integration/bridge/bridge_test_audio.h"
#include "tests/integration/bridge/voice_device.h"
#include "tests/support/firmware_device.h"
#include "tests/support/spkd_process.h"

#include <QApplication>
#include <QFile>
#include <QJsonDocument>
#include <QLineEdit>
#include <QMediaPlayer>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

using namespace spk::console;
using spk::test::goForwardSpeech;
using spk::test::SpkdProcess;
using spk::test::VoiceDevice;

namespace {
const QString kDevice = QStringLiteral("console-dev1");
const QString kSupportUser = QStringLiteral("helper");
const QString kSupportPassword = QStringLiteral("Helper-pass-123");

// Logs in through the real dialog, as a person would.
bool loginWithDialog(Connection &connection, const QString &url, const QString &user, const QString &password,
                     QString *error)
{
    LoginDialog dialog(connection.api());
    dialog.setServerUrl(url);
    dialog.setUsername(user);
    dialog.setPassword(password);
    dialog.show();
    dialog.submit();
    if (!QTest::qWaitFor(
            [&] { return dialog.result() == QDialog::Accepted || !dialog.errorText().isEmpty(); }, 15000)) {
        *error = QStringLiteral("no answer");
        return false;
    }
    if (dialog.result() != QDialog::Accepted) {
        *error = dialog.errorText();
        return false;
    }
    connection.start(dialog.serverUrl(), dialog.loginResult());
    return true;
}
} // namespace

class TestConsoleE2e : public QObject
{
    Q_OBJECT
private:
    SpkdProcess spkd_;
    QString admin_;
    qint64 adminId_ = 0;
    std::unique_ptr<spk::test::FirmwareDevice> device_; // the real firmware core over MQTT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("spk-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_console_e2e"));
        QString error;
        QVERIFY2(spkd_.start({}, &error), qPrintable(error));
        admin_ = spkd_.adminToken();
        QVERIFY(!admin_.isEmpty());
        adminId_ =
            spkd_.api("GET", QStringLiteral("/api/me"), admin_).json.value(QLatin1String("id")).toInteger();
        QVERIFY(adminId_ > 0);
        const QByteArray device =
            QJsonDocument(QJsonObject{{"id", kDevice}, {"name", "Kitchen"}, {"owner_id", adminId_}}).toJson();
        const auto added = spkd_.api("POST", QStringLiteral("/api/devices"), admin_, device);
        QCOMPARE(added.status, 201);
        const QByteArray support =
            QJsonDocument(
                QJsonObject{{"username", kSupportUser}, {"password", kSupportPassword}, {"role", "support"}})
                .toJson();
        QCOMPARE(spkd_.api("POST", QStringLiteral("/api/users"), admin_, support).status, 201);
        spk::test::FirmwareDevice::Options firmware;
        firmware.firmware = QStringLiteral("1.2.3");
        firmware.secret = added.json.value(QLatin1String("secret")).toString();
        device_ = std::make_unique<spk::test::FirmwareDevice>(kDevice, spkd_.mqttUrl(), firmware);
        QVERIFY(device_->start(10000));
    }

    void cleanupTestCase()
    {
        device_.reset();
        spkd_.stop();
    }

    void loginShowsClearErrors()
    {
        Connection connection;
        QString error;
        QVERIFY(!loginWithDialog(connection, spkd_.baseUrl(), SpkdProcess::adminName(),
                                 QStringLiteral("wrong"), &error));
        QCOMPARE(error, QStringLiteral("Wrong user name or password."));
        QVERIFY(loginWithDialog(connection, spkd_.baseUrl(), SpkdProcess::adminName(),
                                SpkdProcess::adminPassword(), &error));
        QCOMPARE(connection.user().role, QStringLiteral("admin"));
        QVERIFY(connection.isAdmin());
        connection.live()->close();
    }

    void statusChangeUpdatesTheTable()
    {
        LanguageManager languages;
        Connection connection;
        QString error;
        QVERIFY2(loginWithDialog(connection, spkd_.baseUrl(), SpkdProcess::adminName(),
                                 SpkdProcess::adminPassword(), &error),
                 qPrintable(error));
        MainWindow window(&connection, &languages);
        window.onLoggedIn();
        DeviceTableModel *model = window.deviceModel();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowOf(kDevice) >= 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(connection.live()->isConnected(), 10000);

        // The device reports online, battery 77, volume 20, 36.5 °C, firmware 1.2.3.
        device_->pressVolume(20);
        device_->report(77, 36.5);
        const int row = model->rowOf(kDevice);
        QTRY_COMPARE_WITH_TIMEOUT(model->data(model->index(row, DeviceTableModel::Battery)).toString(),
                                  QStringLiteral("77 %"), 10000);
        QCOMPARE(model->data(model->index(row, DeviceTableModel::Firmware)).toString(),
                 QStringLiteral("1.2.3"));
        QCOMPARE(model->data(model->index(row, DeviceTableModel::Online)).toString(),
                 QStringLiteral("Online"));
        QVERIFY(window.statusCountsText().contains(QStringLiteral("Online: 1")));

        device_->report(76, 36.5);
        QTRY_COMPARE_WITH_TIMEOUT(model->data(model->index(row, DeviceTableModel::Battery)).toString(),
                                  QStringLiteral("76 %"), 10000);
        connection.live()->close();
    }

    void volumeChangeIsAcknowledgedOrTimesOut()
    {
        LanguageManager languages;
        Connection connection;
        QString error;
        QVERIFY2(loginWithDialog(connection, spkd_.baseUrl(), SpkdProcess::adminName(),
                                 SpkdProcess::adminPassword(), &error),
                 qPrintable(error));
        MainWindow window(&connection, &languages);
        window.onLoggedIn();
        QTRY_VERIFY_WITH_TIMEOUT(window.deviceModel()->rowOf(kDevice) >= 0, 10000);
        window.devicesPage()->selectDevice(kDevice);
        ConfigKeyControl *volume =
            window.devicesPage()->detailPanel()->configControl(QStringLiteral("volume"));
        QVERIFY(volume->findChild<QSlider *>(QStringLiteral("volumeSlider"))->isEnabled());

        volume->requestValue(35);
        QCOMPARE(volume->state(), ConfigKeyControl::State::Pending);
        QTRY_COMPARE_WITH_TIMEOUT(volume->state(), ConfigKeyControl::State::Acknowledged, 15000);
        QVERIFY(volume->stateText().contains(QStringLiteral("35 % confirmed")));
        QCOMPARE(device_->core().config().volume, 35); // the firmware applied it

        // The device stays silent (it applies, its acks never leave): the server answers 504
        // device_timeout after its 5 s wait.
        device_->setAcks(false);
        volume->requestValue(60);
        QTRY_COMPARE_WITH_TIMEOUT(volume->state(), ConfigKeyControl::State::TimedOut, 20000);
        QVERIFY(volume->stateText().startsWith(QStringLiteral("Timed out")));
        device_->setAcks(true);
        connection.live()->close();
    }

    void supportStaffCannotChangeVolume()
    {
        LanguageManager languages;
        Connection connection;
        QString error;
        QVERIFY2(loginWithDialog(connection, spkd_.baseUrl(), kSupportUser, kSupportPassword, &error),
                 qPrintable(error));
        MainWindow window(&connection, &languages);
        window.onLoggedIn();
        QTRY_VERIFY_WITH_TIMEOUT(window.deviceModel()->rowOf(kDevice) >= 0, 10000);
        window.devicesPage()->selectDevice(kDevice);
        DeviceDetailPanel *panel = window.devicesPage()->detailPanel();
        QVERIFY(!panel->configControl(QStringLiteral("volume"))
                     ->findChild<QSlider *>(QStringLiteral("volumeSlider"))
                     ->isEnabled());
        // Even if a request is made anyway, the server's 403 is shown plainly.
        panel->configControl(QStringLiteral("volume"))->requestValue(50);
        QTRY_COMPARE_WITH_TIMEOUT(panel->configControl(QStringLiteral("volume"))->state(),
                                  ConfigKeyControl::State::Denied, 10000);
        QVERIFY(panel->configControl(QStringLiteral("volume"))
                    ->stateText()
                    .startsWith(QStringLiteral("Permission denied")));
        connection.live()->close();
    }

    void expiredLoginReopensLoginKeepingTheView()
    {
        LanguageManager languages;
        Connection connection;
        QString error;
        QVERIFY2(loginWithDialog(connection, spkd_.baseUrl(), SpkdProcess::adminName(),
                                 SpkdProcess::adminPassword(), &error),
                 qPrintable(error));
        MainWindow window(&connection, &languages);
        window.show();
        window.onLoggedIn();
        QTRY_VERIFY_WITH_TIMEOUT(window.deviceModel()->rowOf(kDevice) >= 0, 10000);
        auto *filter = window.devicesPage()->findChild<QLineEdit *>(QStringLiteral("deviceFilter"));
        filter->setText(QStringLiteral("console"));
        const QString oldToken = connection.api()->token();

        // Revoke the console's token behind its back, then make it call the server.
        QCOMPARE(spkd_.api("POST", QStringLiteral("/api/auth/logout"), oldToken).status, 204);
        bool dialogSeen = false;
        QTimer poll;
        poll.setInterval(50);
        connect(&poll, &QTimer::timeout, this, [&] {
            auto *dialog = qobject_cast<LoginDialog *>(QApplication::activeModalWidget());
            if (!dialog || dialogSeen)
                return;
            dialogSeen = true;
            dialog->setPassword(SpkdProcess::adminPassword());
            dialog->submit();
        });
        poll.start();
        QSignalSpy expired(&connection, &Connection::loginExpired);
        window.devicesPage()->reload();
        QTRY_VERIFY_WITH_TIMEOUT(expired.count() == 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(dialogSeen && !connection.api()->token().isEmpty() &&
                                     connection.api()->token() != oldToken,
                                 15000);
        poll.stop();
        QCOMPARE(filter->text(), QStringLiteral("console")); // the view is as it was
        QTRY_VERIFY_WITH_TIMEOUT(connection.live()->isConnected(), 10000);
        connection.live()->close();
    }

    void sessionAudioLoads()
    {
        // A real conversation first: a speaker says "go forward ten meters" over MQTT, UDP and /ws/audio
        // (the bridge tests' VoiceDevice) and the bridge records both tracks.
        const auto added = spkd_.api("POST", QStringLiteral("/api/devices"), admin_,
                                     R"({"id":"talker","name":"Talker","owner_id":1})");
        QCOMPARE(added.status, 201);
        VoiceDevice device(QStringLiteral("talker"), added.json.value(QLatin1String("secret")).toString());
        QVERIFY(device.connectMqtt(spkd_.mqttUrl()));
        const QJsonObject ack = device.wake(QStringLiteral("c001"));
        QVERIFY2(!ack.isEmpty(), "no wake/ack");
        QVERIFY(device.openAudio(ack.value(QLatin1String("ws_url")).toString()));
        const QByteArray speech = goForwardSpeech();
        QVERIFY2(!speech.isEmpty(), "pocketsphinx-testdata is not installed");
        device.speak(ack, speech);
        QVERIFY2(
            device.waitFor([&] { return !device.received(QStringLiteral("play_end")).isEmpty(); }, 30000),
            "no reply");
        device.endSession(QStringLiteral("c001"));
        qint64 sessionId = 0;
        QVERIFY(device.waitFor(
            [&] {
                const auto list = spkd_.api("GET", QStringLiteral("/api/sessions?device_id=talker"), admin_);
                const QJsonObject s = list.json.value(QLatin1String("sessions")).toArray().first().toObject();
                sessionId = s.value(QLatin1String("status")).toString() == QLatin1String("completed")
                                ? s.value(QLatin1String("id")).toInteger()
                                : 0;
                return sessionId != 0;
            },
            10000));

        LanguageManager languages;
        Connection connection;
        QString error;
        QVERIFY2(loginWithDialog(connection, spkd_.baseUrl(), SpkdProcess::adminName(),
                                 SpkdProcess::adminPassword(), &error),
                 qPrintable(error));
        MainWindow window(&connection, &languages);
        window.onLoggedIn();
        window.openSession(sessionId);
        SessionDetailPanel *panel = window.sessionsPage()->detailPanel();
        for (TrackPlayer *player : {panel->userPlayer(), panel->assistantPlayer()}) {
            QTRY_COMPARE_WITH_TIMEOUT(player->state(), TrackPlayer::State::Ready, 15000);
            QFile file(player->localFile());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QCOMPARE(file.read(4), QByteArray("OggS"));
            QTRY_VERIFY_WITH_TIMEOUT(player->mediaPlayer()->duration() > 0, 15000);
        }
        connection.live()->close();
    }
};

QTEST_MAIN(TestConsoleE2e)
#include "tst_console_e2e.moc"

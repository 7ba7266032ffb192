#include "console/app/main_window.h"

#include "console/app/connection.h"
#include "console/app/language_manager.h"
#include "console/models/device_table_model.h"
#include "console/models/user_table_model.h"
#include "console/pages/activity_page.h"
#include "console/pages/admin_page.h"
#include "console/pages/dashboard_page.h"
#include "console/pages/devices_page.h"
#include "console/pages/sessions_page.h"
#include "console/widgets/device_detail_panel.h"
#include "console/widgets/login_dialog.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QStatusBar>
#include <QTabWidget>

namespace spk::console {

MainWindow::MainWindow(Connection *connection, LanguageManager *languages, QWidget *parent)
    : QMainWindow(parent), connection_(connection), languages_(languages),
      devices_(new DeviceTableModel(this)), tabs_(new QTabWidget(this)),
      devicesPage_(new DevicesPage(connection, devices_, this)),
      sessionsPage_(new SessionsPage(connection, this)),
      dashboardPage_(new DashboardPage(connection, devices_, this)), activityPage_(new ActivityPage(this)),
      adminPage_(new AdminPage(connection, devices_, this)), liveState_(new QLabel(this)),
      counts_(new QLabel(this)), who_(new QLabel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    counts_->setObjectName(QStringLiteral("countsLabel"));
    tabs_->addTab(devicesPage_, QString());
    tabs_->addTab(sessionsPage_, QString());
    tabs_->addTab(dashboardPage_, QString());
    tabs_->addTab(activityPage_, QString());
    tabs_->addTab(adminPage_, QString());
    setCentralWidget(tabs_);
    statusBar()->addWidget(liveState_);
    statusBar()->addWidget(counts_);
    statusBar()->addPermanentWidget(who_);
    resize(screen() ? QSize(1280, 800).boundedTo(screen()->availableGeometry().size()) : QSize(1280, 800));

    auto *live = connection_->live();
    // The live feed is the only source of status changes: no polling.
    connect(live, &spk::client::LiveClient::statusUpdate, devices_, &DeviceTableModel::queueStatus);
    connect(live, &spk::client::LiveClient::sessionProgress, activityPage_, &ActivityPage::addProgress);
    connect(live, &spk::client::LiveClient::sessionProgress, dashboardPage_,
            &DashboardPage::onSessionProgress);
    connect(live, &spk::client::LiveClient::stateChanged, this, &MainWindow::updateLiveState);
    // After a reconnect the table may have missed changes: reload it once.
    connect(live, &spk::client::LiveClient::connected, devicesPage_, &DevicesPage::reload);
    connect(devices_, &DeviceTableModel::countsChanged, this, &MainWindow::updateCounts);
    connect(devicesPage_, &DevicesPage::openSessionRequested, this, &MainWindow::openSession);
    connect(activityPage_, &ActivityPage::openSessionRequested, this, &MainWindow::openSession);
    connect(adminPage_, &AdminPage::ownerNamesChanged, devices_, &DeviceTableModel::setOwnerNames);
    connect(connection_, &Connection::loginExpired, this,
            [this] { relogin(tr("Your login has expired. Log in again to continue where you were.")); });
    connect(languages_, &LanguageManager::languageChanged, this, [this](const QString &code) {
        for (QAction *a : languageGroup_->actions())
            a->setChecked(a->data().toString() == code);
    });

    createMenus();
    retranslateUi();
}

void MainWindow::createMenus()
{
    fileMenu_ = menuBar()->addMenu(QString());
    logoutAction_ = fileMenu_->addAction(QString(), this, &MainWindow::logout);
    fileMenu_->addSeparator();
    quitAction_ = fileMenu_->addAction(QString(), qApp, &QApplication::quit);
    quitAction_->setShortcut(QKeySequence::Quit);

    viewMenu_ = menuBar()->addMenu(QString());
    refreshAction_ = viewMenu_->addAction(QString(), this, &MainWindow::reloadAll);
    refreshAction_->setShortcut(QKeySequence::Refresh);

    languageMenu_ = menuBar()->addMenu(QString());
    languageMenu_->setObjectName(QStringLiteral("languageMenu"));
    languageGroup_ = new QActionGroup(this);
    for (const QString &code : LanguageManager::availableLanguages()) {
        QAction *a = languageMenu_->addAction(LanguageManager::nativeName(code));
        a->setCheckable(true);
        a->setData(code);
        a->setChecked(code == languages_->currentLanguage());
        languageGroup_->addAction(a);
        connect(a, &QAction::triggered, this, [this, code] { languages_->setLanguage(code); });
    }

    helpMenu_ = menuBar()->addMenu(QString());
    aboutAction_ = helpMenu_->addAction(QString(), this, [this] {
        QMessageBox::about(this, tr("About spk console"),
                           tr("spk console %1\nManage the speaker fleet, listen back to sessions.")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::retranslateUi()
{
    tabs_->setTabText(Devices, tr("Devices"));
    tabs_->setTabText(Sessions, tr("Sessions"));
    tabs_->setTabText(Dashboard, tr("Dashboard"));
    tabs_->setTabText(Activity, tr("Live activity"));
    tabs_->setTabText(Administration, tr("Administration"));
    fileMenu_->setTitle(tr("&File"));
    logoutAction_->setText(tr("Log &out"));
    quitAction_->setText(tr("&Quit"));
    viewMenu_->setTitle(tr("&View"));
    refreshAction_->setText(tr("&Refresh"));
    languageMenu_->setTitle(tr("&Language"));
    helpMenu_->setTitle(tr("&Help"));
    aboutAction_->setText(tr("&About"));
    const auto &user = connection_->user();
    setWindowTitle(
        user.username.isEmpty()
            ? tr("spk console")
            : tr("spk console — %1 at %2").arg(user.username, connection_->api()->baseUrl().toString()));
    who_->setText(user.username.isEmpty()
                      ? tr("not logged in")
                      : tr("%1 (%2)").arg(user.username, UserTableModel::roleLabel(user.role)));
    updateLiveState();
    updateCounts(devices_->onlineCount(), devices_->offlineCount());
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::updateLiveState()
{
    using State = spk::client::LiveClient::State;
    QString text;
    switch (connection_->live()->state()) {
    case State::Connected:
        text = tr("Live: connected");
        break;
    case State::Connecting:
        text = tr("Live: connecting…");
        break;
    case State::WaitingToReconnect:
        text = tr("Live: connection lost, retrying…");
        break;
    case State::AuthFailed:
        text = tr("Live: login refused");
        break;
    case State::TlsFailed:
        text = tr("Live: server certificate not trusted");
        break;
    case State::Closed:
        text = tr("Live: off");
        break;
    }
    liveState_->setText(text);
}

void MainWindow::updateCounts(int online, int offline)
{
    counts_->setText(tr("Online: %1 · Offline: %2").arg(online).arg(offline));
}

QString MainWindow::statusCountsText() const
{
    return counts_->text();
}

void MainWindow::showPage(Page page)
{
    tabs_->setCurrentIndex(page);
}

void MainWindow::onLoggedIn()
{
    tabs_->setTabVisible(Administration, connection_->canManageUsers());
    devicesPage_->detailPanel()->applyPermissions();
    retranslateUi();
    reloadAll();
}

void MainWindow::reloadAll()
{
    devicesPage_->reload();
    sessionsPage_->search();
    dashboardPage_->reload();
    if (connection_->canManageUsers())
        adminPage_->reload();
}

void MainWindow::openSession(qint64 sessionId)
{
    showPage(Sessions);
    sessionsPage_->showSession(sessionId);
}

bool MainWindow::relogin(const QString &notice)
{
    if (reloginOpen_)
        return false;
    reloginOpen_ = true;
    LoginDialog dialog(connection_->api(), this);
    dialog.setNotice(notice);
    dialog.setServerUrl(connection_->api()->baseUrl().toString());
    if (!connection_->user().username.isEmpty())
        dialog.setUsername(connection_->user().username);
    const bool ok = dialog.exec() == QDialog::Accepted;
    reloginOpen_ = false;
    if (!ok) {
        who_->setText(tr("not logged in"));
        return false;
    }
    connection_->start(dialog.serverUrl(), dialog.loginResult());
    onLoggedIn();
    return true;
}

void MainWindow::logout()
{
    connection_->logout();
    devices_->clear();
    retranslateUi();
    if (!relogin(QString()))
        close();
}

} // namespace spk::console

#pragma once
// The console's main window: one tab per job, a Language menu that switches at runtime, live
// connection state and online/offline counts in the status bar. An expired login re-opens the login
// dialog over the window, so the view and its filters stay as they were.
#include <QMainWindow>

class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QTabWidget;

namespace spk::console {

class ActivityPage;
class AdminPage;
class Connection;
class DashboardPage;
class DeviceTableModel;
class DevicesPage;
class LanguageManager;
class SessionsPage;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum Page { Devices, Sessions, Dashboard, Activity, Administration };

    MainWindow(Connection *connection, LanguageManager *languages, QWidget *parent = nullptr);

    DeviceTableModel *deviceModel() const { return devices_; }
    DevicesPage *devicesPage() const { return devicesPage_; }
    SessionsPage *sessionsPage() const { return sessionsPage_; }
    DashboardPage *dashboardPage() const { return dashboardPage_; }
    ActivityPage *activityPage() const { return activityPage_; }
    AdminPage *adminPage() const { return adminPage_; }
    void showPage(Page page);
    QString statusCountsText() const;

public slots:
    // After a (re)login: permissions, then every page's data.
    void onLoggedIn();
    void reloadAll();
    void openSession(qint64 sessionId);
    // Shows the login dialog over the window; returns true when logged in again.
    bool relogin(const QString &notice);
    void logout();

protected:
    void changeEvent(QEvent *event) override;

private:
    void createMenus();
    void retranslateUi();
    void updateLiveState();
    void updateCounts(int online, int offline);

    Connection *connection_;
    LanguageManager *languages_;
    DeviceTableModel *devices_;
    QTabWidget *tabs_;
    DevicesPage *devicesPage_;
    SessionsPage *sessionsPage_;
    DashboardPage *dashboardPage_;
    ActivityPage *activityPage_;
    AdminPage *adminPage_;
    QMenu *fileMenu_ = nullptr;
    QMenu *viewMenu_ = nullptr;
    QMenu *languageMenu_ = nullptr;
    QMenu *helpMenu_ = nullptr;
    QAction *refreshAction_ = nullptr;
    QAction *logoutAction_ = nullptr;
    QAction *quitAction_ = nullptr;
    QAction *aboutAction_ = nullptr;
    QActionGroup *languageGroup_ = nullptr;
    QLabel *liveState_;
    QLabel *counts_;
    QLabel *who_;
    bool reloginOpen_ = false;
};

} // namespace spk::console

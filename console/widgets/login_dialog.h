#pragma once
// Asks for the server address, user name, password and (for https:// with a private CA) the CA file, and
// logs in without blocking the GUI. The server address, user name and each server's CA file are
// remembered (QSettings); the password never is.
#include "shared/client/models.h"

#include <QDialog>
#include <QPointer>
#include <QUrl>

class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;

namespace spk::client {
class ApiClient;
class ApiReply;
} // namespace spk::client

namespace spk::console {

class LoginDialog : public QDialog
{
    Q_OBJECT
public:
    explicit LoginDialog(spk::client::ApiClient *api, QWidget *parent = nullptr);

    // A note above the form, e.g. why the login is asked for again.
    void setNotice(const QString &text);
    // Also fills the CA file field with the one remembered for that server (or clears it).
    void setServerUrl(const QString &url);
    void setUsername(const QString &name);
    void setPassword(const QString &password);
    // The PEM file of the CA that signed the server's certificate; empty = the system's CAs only.
    void setCaFile(const QString &path);
    QString caFile() const;
    // The CA file remembered for this server (after a successful login to it), or empty.
    static QString rememberedCaFile(const QUrl &server);

    spk::client::LoginResult loginResult() const { return result_; }
    QUrl serverUrl() const { return serverUrl_; }
    QString errorText() const;

    // Parses what people type: "host:port" becomes http://host:port; invalid -> empty QUrl.
    static QUrl normalizeServerUrl(const QString &text);

public slots:
    void submit();
    void browseCaFile();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void setBusy(bool busy);
    void showError(const QString &text);
    void onServerEdited();

    spk::client::ApiClient *api_;
    QLabel *notice_;
    QLabel *serverLabel_;
    QLabel *userLabel_;
    QLabel *passwordLabel_;
    QLabel *caLabel_;
    QLineEdit *server_;
    QLineEdit *user_;
    QLineEdit *password_;
    QLineEdit *ca_;
    QToolButton *caBrowse_;
    QLabel *error_;
    QPushButton *loginButton_;
    QPushButton *cancelButton_;
    QPointer<spk::client::ApiReply> pending_;
    spk::client::LoginResult result_;
    QUrl serverUrl_;
};

} // namespace spk::console

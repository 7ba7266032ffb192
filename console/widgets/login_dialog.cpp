#include "console/widgets/login_dialog.h"

#include "console/app/error_text.h"
#include "shared/client/api_client.h"

#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

namespace spk::console {

namespace {
const QString kServerKey = QStringLiteral("connection/server_url");
const QString kUserKey = QStringLiteral("connection/username");
const QString kDefaultServer = QStringLiteral("http://127.0.0.1:8080");
const QString kCaGroup = QStringLiteral("connection/ca_files"); // one key per server URL

QString caKeyFor(const QUrl &server)
{
    // A URL holds '/' (QSettings' group separator): percent-encode it into one key.
    return QString::fromLatin1(QUrl::toPercentEncoding(server.toString(QUrl::StripTrailingSlash)));
}
} // namespace

LoginDialog::LoginDialog(spk::client::ApiClient *api, QWidget *parent)
    : QDialog(parent), api_(api), notice_(new QLabel(this)), serverLabel_(new QLabel(this)),
      userLabel_(new QLabel(this)), passwordLabel_(new QLabel(this)), caLabel_(new QLabel(this)),
      server_(new QLineEdit(this)), user_(new QLineEdit(this)), password_(new QLineEdit(this)),
      ca_(new QLineEdit(this)), caBrowse_(new QToolButton(this)), error_(new QLabel(this)),
      loginButton_(new QPushButton(this)), cancelButton_(new QPushButton(this))
{
    setObjectName(QStringLiteral("loginDialog"));
    server_->setObjectName(QStringLiteral("serverEdit"));
    user_->setObjectName(QStringLiteral("userEdit"));
    password_->setObjectName(QStringLiteral("passwordEdit"));
    ca_->setObjectName(QStringLiteral("caFileEdit"));
    caBrowse_->setObjectName(QStringLiteral("caFileBrowse"));
    error_->setObjectName(QStringLiteral("errorLabel"));
    loginButton_->setObjectName(QStringLiteral("loginButton"));
    password_->setEchoMode(QLineEdit::Password);
    notice_->setWordWrap(true);
    notice_->hide();
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: #b00020;"));
    error_->hide();
    loginButton_->setDefault(true);

    auto *form = new QFormLayout;
    form->addRow(serverLabel_, server_);
    form->addRow(userLabel_, user_);
    form->addRow(passwordLabel_, password_);
    auto *caRow = new QHBoxLayout;
    caRow->addWidget(ca_, 1);
    caRow->addWidget(caBrowse_);
    form->addRow(caLabel_, caRow);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(cancelButton_);
    buttons->addWidget(loginButton_);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(notice_);
    layout->addLayout(form);
    layout->addWidget(error_);
    layout->addLayout(buttons);
    setMinimumWidth(420);

    QSettings settings;
    server_->setText(settings.value(kServerKey, kDefaultServer).toString());
    user_->setText(settings.value(kUserKey).toString());
    onServerEdited();

    connect(server_, &QLineEdit::editingFinished, this, &LoginDialog::onServerEdited);
    connect(caBrowse_, &QToolButton::clicked, this, &LoginDialog::browseCaFile);
    connect(loginButton_, &QPushButton::clicked, this, &LoginDialog::submit);
    connect(cancelButton_, &QPushButton::clicked, this, &QDialog::reject);
    retranslateUi();
}

void LoginDialog::retranslateUi()
{
    setWindowTitle(tr("Log in to spk"));
    serverLabel_->setText(tr("&Server:"));
    serverLabel_->setBuddy(server_);
    userLabel_->setText(tr("&User name:"));
    userLabel_->setBuddy(user_);
    passwordLabel_->setText(tr("&Password:"));
    passwordLabel_->setBuddy(password_);
    caLabel_->setText(tr("&CA file:"));
    caLabel_->setBuddy(ca_);
    server_->setPlaceholderText(tr("http://host:port"));
    ca_->setPlaceholderText(tr("only for https with a private CA (ca.crt)"));
    ca_->setToolTip(tr("The PEM file of the certificate authority that signed the server's certificate. "
                       "Leave empty when the system already trusts it."));
    caBrowse_->setText(tr("Browse…"));
    loginButton_->setText(tr("Log in"));
    cancelButton_->setText(tr("Cancel"));
}

void LoginDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void LoginDialog::setNotice(const QString &text)
{
    notice_->setText(text);
    notice_->setVisible(!text.isEmpty());
}

void LoginDialog::setServerUrl(const QString &url)
{
    server_->setText(url);
    const QUrl normalized = normalizeServerUrl(url);
    ca_->setText(normalized.isValid() ? rememberedCaFile(normalized) : QString());
}
void LoginDialog::setCaFile(const QString &path)
{
    ca_->setText(path);
}
QString LoginDialog::caFile() const
{
    const QString path = ca_->text().trimmed();
    return path.isEmpty() ? QString() : QDir::cleanPath(QDir::current().absoluteFilePath(path));
}
QString LoginDialog::rememberedCaFile(const QUrl &server)
{
    QSettings settings;
    settings.beginGroup(kCaGroup);
    return settings.value(caKeyFor(server)).toString();
}
void LoginDialog::onServerEdited()
{
    // Another server, another CA: show what was used for it last time (an empty field stays empty).
    const QUrl url = normalizeServerUrl(server_->text());
    if (!url.isValid())
        return;
    const QString remembered = rememberedCaFile(url);
    if (!remembered.isEmpty() && ca_->text().trimmed().isEmpty())
        ca_->setText(remembered);
}
void LoginDialog::browseCaFile()
{
    const QString start = ca_->text().trimmed().isEmpty() ? QDir::homePath() : ca_->text().trimmed();
    const QString path = QFileDialog::getOpenFileName(this, tr("CA certificate"), start,
                                                      tr("Certificates (*.crt *.pem);;All files (*)"));
    if (!path.isEmpty())
        ca_->setText(path);
}
void LoginDialog::setUsername(const QString &name)
{
    user_->setText(name);
}
void LoginDialog::setPassword(const QString &password)
{
    password_->setText(password);
}
QString LoginDialog::errorText() const
{
    return error_->isHidden() ? QString() : error_->text();
}

QUrl LoginDialog::normalizeServerUrl(const QString &text)
{
    QString s = text.trimmed();
    if (s.isEmpty())
        return {};
    if (!s.contains(QLatin1String("://")))
        s.prepend(QLatin1String("http://"));
    const QUrl url(s, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return {};
    if (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        return {};
    return url;
}

void LoginDialog::setBusy(bool busy)
{
    server_->setEnabled(!busy);
    user_->setEnabled(!busy);
    password_->setEnabled(!busy);
    ca_->setEnabled(!busy);
    caBrowse_->setEnabled(!busy);
    loginButton_->setEnabled(!busy);
    loginButton_->setText(busy ? tr("Logging in…") : tr("Log in"));
}

void LoginDialog::showError(const QString &text)
{
    error_->setText(text);
    error_->setVisible(!text.isEmpty());
}

void LoginDialog::submit()
{
    if (pending_)
        return;
    const QUrl url = normalizeServerUrl(server_->text());
    if (!url.isValid()) {
        showError(tr("Enter the server address, for example http://127.0.0.1:8080."));
        server_->setFocus();
        return;
    }
    if (user_->text().trimmed().isEmpty() || password_->text().isEmpty()) {
        showError(tr("Enter your user name and password."));
        (user_->text().trimmed().isEmpty() ? user_ : password_)->setFocus();
        return;
    }
    const QString ca = caFile();
    QString caError;
    if (!api_->setCaFile(ca, &caError)) { // nothing is sent with an unusable CA file
        showError(caError);
        ca_->setFocus();
        return;
    }
    showError({});
    setBusy(true);
    serverUrl_ = url;
    api_->setBaseUrl(url);
    pending_ = api_->login(user_->text().trimmed(), password_->text());
    pending_->then(this, [this, url, ca](const spk::client::ApiResult &r) {
        setBusy(false);
        if (r.ok) {
            result_ = spk::client::LoginResult::fromJson(r.json);
            if (result_.token.isEmpty()) {
                showError(tr("The server sent an answer this console does not understand."));
                return;
            }
            QSettings settings;
            settings.setValue(kServerKey, url.toString());
            settings.setValue(kUserKey, user_->text().trimmed());
            settings.beginGroup(kCaGroup);
            if (ca.isEmpty())
                settings.remove(caKeyFor(url));
            else
                settings.setValue(caKeyFor(url), ca);
            settings.endGroup();
            password_->clear();
            accept();
            return;
        }
        if (r.errorCode() == QLatin1String(spk::client::errc::kTlsError))
            showError(ErrorText::describe(r));
        else if (r.httpStatus == 401)
            showError(tr("Wrong user name or password."));
        else if (r.httpStatus == 429)
            showError(tr("Too many failed attempts: this account is locked for a while. Wait a minute and "
                         "try again."));
        else if (r.errorCode() == QLatin1String(spk::client::errc::kNetworkError) ||
                 r.errorCode() == QLatin1String(spk::client::errc::kTimeout))
            showError(tr("Cannot reach the server at %1. Check the address and that the server is running.")
                          .arg(url.toString()));
        else
            showError(ErrorText::describe(r));
        password_->selectAll();
        password_->setFocus();
    });
}

} // namespace spk::console

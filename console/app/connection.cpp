#include "console/app/connection.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcConnection, "spk.console.connection")

namespace spk::console {

Connection::Connection(QObject *parent)
    : QObject(parent), api_(new spk::client::ApiClient(this)), live_(new spk::client::LiveClient(this))
{
    connect(api_, &spk::client::ApiClient::unauthorized, this, &Connection::onUnauthorized);
    connect(live_, &spk::client::LiveClient::authFailed, this, &Connection::onUnauthorized);
}

void Connection::start(const QUrl &baseUrl, const spk::client::LoginResult &login)
{
    user_ = login.user;
    expiredSignalled_ = false;
    api_->setBaseUrl(baseUrl);
    api_->setToken(login.token);
    live_->close();
    live_->setBaseUrl(baseUrl);
    live_->setToken(login.token);
    live_->setCaFile(api_->caFile()); // the trust the login was verified with
    live_->open();
    qCInfo(lcConnection) << "logged in as" << user_.username << "role" << user_.role << "at" << baseUrl;
    emit loggedIn();
}

void Connection::logout()
{
    live_->close();
    if (!api_->token().isEmpty())
        api_->logout(); // fire and forget: the reply deletes itself
    api_->setToken({});
    live_->setToken({});
    user_ = {};
    emit loggedOut();
}

void Connection::onUnauthorized()
{
    // A login in progress answers 401 for a wrong password: that is the dialog's business.
    if (api_->token().isEmpty() || expiredSignalled_)
        return;
    expiredSignalled_ = true;
    live_->close();
    qCInfo(lcConnection) << "token refused; asking for a new login";
    emit loginExpired();
}

} // namespace spk::console

#pragma once
// The console's link to one spkd: the REST client, the live feed and who is logged in. Pages ask it
// what the role allows; it turns any 401 (REST or live socket) into one loginExpired() signal.
#include "shared/client/api_client.h"
#include "shared/client/live_client.h"
#include "shared/client/models.h"

#include <QObject>

namespace spk::console {

class Connection : public QObject
{
    Q_OBJECT
public:
    explicit Connection(QObject *parent = nullptr);

    spk::client::ApiClient *api() const { return api_; }
    spk::client::LiveClient *live() const { return live_; }

    // After a successful login: stores the token for both clients and opens the live feed.
    void start(const QUrl &baseUrl, const spk::client::LoginResult &login);
    // Revokes the token (best effort), closes the live feed, forgets the user.
    void logout();
    bool isLoggedIn() const { return !api_->token().isEmpty(); }

    const spk::client::User &user() const { return user_; }
    bool isAdmin() const { return user_.role == QLatin1String("admin"); }
    // protocol.md §1: support reads everything but may not change config, reboot or manage users.
    bool canControlDevices() const
    {
        return user_.role == QLatin1String("admin") || user_.role == QLatin1String("user");
    }
    bool canManageUsers() const { return isAdmin(); }
    bool canSeeAllDevices() const { return isAdmin() || user_.role == QLatin1String("support"); }

signals:
    void loggedIn();
    void loggedOut();
    // The token was refused (expired or revoked). Emitted once until the next start().
    void loginExpired();

private:
    void onUnauthorized();

    spk::client::ApiClient *api_;
    spk::client::LiveClient *live_;
    spk::client::User user_;
    bool expiredSignalled_ = false;
};

} // namespace spk::console

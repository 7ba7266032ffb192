#pragma once
// Who the client really is when spkd runs behind a reverse proxy (nginx, an ingress): a request whose
// TCP peer is a trusted proxy (http.trusted_proxies) is attributed to the right-most address of its
// X-Forwarded-For that is not itself a trusted proxy. Anyone else's X-Forwarded-For is ignored, so a
// client cannot choose the address that per-source limits and the audit log see.
#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <optional>

namespace spk::server {

class TrustedProxies
{
public:
    TrustedProxies() = default; // trusts no one: the TCP peer is the client
    // "10.0.0.0/8, 127.0.0.1, ::1/128" (commas or spaces); nullopt and *error for a bad entry.
    static std::optional<TrustedProxies> parse(const QString &list, QString *error);

    bool isEmpty() const { return subnets_.isEmpty(); }
    bool trusts(const QHostAddress &address) const;
    // The client behind peer, given the request's X-Forwarded-For (all of its header lines joined by ",").
    QHostAddress clientOf(const QHostAddress &peer, const QByteArray &xForwardedFor) const;

private:
    QList<QPair<QHostAddress, int>> subnets_;
};

} // namespace spk::server

#include "server/http/client_address.h"

#include <QRegularExpression>

namespace spk::server {

namespace {

// An IPv4-mapped IPv6 peer (::ffff:10.0.0.1, from a dual-stack socket) compares as its IPv4 form.
QHostAddress normalised(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

} // namespace

std::optional<TrustedProxies> TrustedProxies::parse(const QString &list, QString *error)
{
    TrustedProxies out;
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    for (const QString &entry : list.split(separators, Qt::SkipEmptyParts)) {
        QPair<QHostAddress, int> subnet = QHostAddress::parseSubnet(entry);
        if (subnet.first.isNull()) {
            const QHostAddress single(entry);
            if (single.isNull()) {
                *error = QStringLiteral("'%1' is not an IP address or CIDR subnet").arg(entry);
                return std::nullopt;
            }
            subnet = {single, single.protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128};
        }
        out.subnets_.append(subnet);
    }
    return out;
}

bool TrustedProxies::trusts(const QHostAddress &address) const
{
    const QHostAddress a = normalised(address);
    for (const auto &subnet : subnets_)
        if (a.isInSubnet(subnet))
            return true;
    return false;
}

QHostAddress TrustedProxies::clientOf(const QHostAddress &peer, const QByteArray &xForwardedFor) const
{
    if (!trusts(peer))
        return normalised(peer);
    // Each proxy appends the address it saw, so the right-most untrusted entry is the first hop we
    // cannot vouch for: that is the client. Entries left of it may be forged.
    QHostAddress client = normalised(peer);
    const QList<QByteArray> hops = xForwardedFor.split(',');
    for (auto it = hops.crbegin(); it != hops.crend(); ++it) {
        const QString hop = QString::fromLatin1(it->trimmed());
        if (hop.isEmpty())
            continue;
        const QHostAddress address(hop);
        if (address.isNull())
            break; // garbage (or a port or obfuscated name): trust nothing beyond it
        client = normalised(address);
        if (!trusts(client))
            break;
    }
    return client;
}

} // namespace spk::server

#include "server/http/connection_budget.h"

#include "server/core/metrics.h"

#include <QTcpSocket>

namespace spk::server {

ConnectionBudget::ConnectionBudget(int maxTotal, int maxPerSource, Gauge *open)
    : maxTotal_(maxTotal), maxPerSource_(maxPerSource), gauge_(open)
{
}

bool ConnectionBudget::takeTotal()
{
    if (maxTotal_ > 0 && total_ >= maxTotal_)
        return false;
    ++total_;
    if (gauge_)
        gauge_->set(total_);
    return true;
}

void ConnectionBudget::giveTotal()
{
    --total_;
    if (gauge_)
        gauge_->set(total_);
}

bool ConnectionBudget::takeSource(const QHostAddress &source)
{
    auto it = perSource_.find(source);
    const int mine = it == perSource_.end() ? 0 : it.value();
    if (maxPerSource_ > 0 && mine >= maxPerSource_)
        return false;
    perSource_[source] = mine + 1;
    return true;
}

void ConnectionBudget::giveSource(const QHostAddress &source)
{
    auto it = perSource_.find(source);
    if (it != perSource_.end() && --it.value() <= 0)
        perSource_.erase(it);
}

ConnectionSlot::ConnectionSlot(std::shared_ptr<ConnectionBudget> budget, QTcpSocket *socket)
    : QObject(socket), budget_(std::move(budget))
{
    setObjectName(QStringLiteral("spk-connection-slot"));
    connect(socket, &QTcpSocket::disconnected, this, &ConnectionSlot::release);
}

ConnectionSlot::~ConnectionSlot()
{
    release();
}

ConnectionSlot *ConnectionSlot::of(QTcpSocket *socket)
{
    return socket->findChild<ConnectionSlot *>(QStringLiteral("spk-connection-slot"),
                                               Qt::FindDirectChildrenOnly);
}

bool ConnectionSlot::takeSource(const QHostAddress &source)
{
    if (released_ || source_)
        return true;
    if (!budget_->takeSource(source))
        return false;
    source_ = source;
    return true;
}

void ConnectionSlot::release()
{
    if (released_)
        return;
    released_ = true;
    if (source_)
        budget_->giveSource(*source_);
    budget_->giveTotal();
}

} // namespace spk::server

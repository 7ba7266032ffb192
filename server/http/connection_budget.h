#pragma once
// How many TCP connections the HTTP front holds, in all and per client address (http.max_connections,
// http.max_connections_per_source; 0 = no cap). A connection takes its slots when it is accepted and
// gives them back once, however it ends (closed, deleted, handed to a WebSocket that is later closed).
// A trusted proxy's connection takes no slot of its own source: it carries many clients' requests; a
// WebSocket through it takes the slot of the client its X-Forwarded-For names instead.
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <memory>
#include <optional>

class QTcpSocket;

namespace spk::server {
class Gauge;

class ConnectionBudget
{
public:
    ConnectionBudget(int maxTotal, int maxPerSource, Gauge *open);

    // Each take returns false when the cap is reached (the slot is then not taken).
    bool takeTotal();
    void giveTotal();
    bool takeSource(const QHostAddress &source);
    void giveSource(const QHostAddress &source);
    int open() const { return total_; }

private:
    int maxTotal_;
    int maxPerSource_;
    Gauge *gauge_;
    int total_ = 0;
    QHash<QHostAddress, int> perSource_;
};

// The slots one socket holds: a child of the socket, given back when it disconnects or is deleted
// (whichever comes first), so they follow the socket into a QWebSocket after an upgrade.
class ConnectionSlot : public QObject
{
    Q_OBJECT
public:
    // Holds a total slot (already taken) of socket.
    ConnectionSlot(std::shared_ptr<ConnectionBudget> budget, QTcpSocket *socket);
    ~ConnectionSlot() override;
    static ConnectionSlot *of(QTcpSocket *socket);

    bool takeSource(const QHostAddress &source); // the per-source slot, at most one
    bool hasSource() const { return source_.has_value(); }

private:
    void release();
    std::shared_ptr<ConnectionBudget> budget_;
    std::optional<QHostAddress> source_;
    bool released_ = false;
};

} // namespace spk::server

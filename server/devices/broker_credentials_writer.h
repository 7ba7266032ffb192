#pragma once
// Keeps the broker credentials file (server/broker_auth/broker_credentials.h) in step with the
// device registry: spkd's service account plus every device's secret digest, rewritten whole after
// each change to the registry (coalesced: many creations in a burst cost one write), atomically (a
// reader sees the old file or the new one) and under a file lock, so gateways that share a broker and
// its file never leave an older snapshot behind a newer one. The spk Mosquitto plugin picks the file up
// within its poll interval and cuts the connections of devices deleted or given a new secret.
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>

namespace spk::server {

class DeviceStore;
class Metrics;

class BrokerCredentialsWriter : public QObject
{
    Q_OBJECT
public:
    // serviceHash: argon2id hash of the service account's password (auth::hashPassword).
    BrokerCredentialsWriter(DeviceStore &devices, QString path, QString serviceUser, QString servicePassword,
                            Metrics &metrics, QObject *parent = nullptr);

    // Writes the file now; false (with *error) when the registry or the file cannot be read or written.
    bool writeNow(QString *error);
    // Writes it soon (within coalesceMs), once for any number of calls until then.
    void scheduleWrite();

    // Called after each successful write (spkd announces it on spk::wire::kCredentialsChangedTopic, so
    // the broker re-reads the file at once).
    void setAfterWrite(std::function<void()> callback) { afterWrite_ = std::move(callback); }

    QString path() const { return path_; }
    static constexpr int kCoalesceMs = 100;

private:
    DeviceStore &devices_;
    // The service line keeps the file's current hash while it verifies servicePassword_, so gateway
    // replicas sharing the file all write the same line: a changed line reads to the plugin as a new
    // password, and it would cut every connection of the account.
    QString currentServiceHash() const;
    QString path_, serviceUser_, servicePassword_, serviceHash_;
    Metrics &metrics_;
    QTimer timer_;
    std::function<void()> afterWrite_;
};

} // namespace spk::server

#pragma once
// Which bridge replica takes a wake (docs/replicas.md). Each wake reaches one bridge (a shared
// subscription); that bridge keeps it when it holds the device's /ws/audio, else hands it to the bridge
// that does (audio_links), else — a device not connected anywhere yet — to the live bridge the device
// hashes to (rendezvous hashing, so a device keeps its bridge while the set of bridges holds). A wake
// is handed on once at most (spk/bridges/{id}/wake), so exactly one bridge answers it.
#include <QByteArray>
#include <QObject>
#include <QString>
#include <functional>

namespace spk::server {
class BridgeMembership;
class BridgeStore;
class DeviceAudioHub;
class MqttClient;
struct MqttMessage;
class Metrics;

class WakeRouter : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<void(const QString &deviceId, const QByteArray &payload)>;
    WakeRouter(BridgeMembership &membership, BridgeStore &store, DeviceAudioHub &audioHub, MqttClient &mqtt,
               Metrics &metrics, QObject *parent = nullptr);

    // Subscribes to device wakes (shared among bridges) and to this bridge's inbox; wakes this bridge
    // takes go to handler. Also records this bridge's /ws/audio connections as links.
    void start(Handler handler);

    // The bridge that should take a wake from deviceId (this one's id when it is here).
    QString ownerOf(const QString &deviceId) const;
    // The live bridge deviceId hashes to among alive (highest FNV-1a of "device/bridge").
    static QString rendezvous(const QString &deviceId, const QStringList &alive);

private:
    void onDeviceWake(const MqttMessage &message);
    void onForwardedWake(const MqttMessage &message);

    BridgeMembership &membership_;
    BridgeStore &store_;
    DeviceAudioHub &audioHub_;
    MqttClient &mqtt_;
    Metrics &metrics_;
    Handler handler_;
};

} // namespace spk::server

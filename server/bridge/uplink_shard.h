#pragma once
// One media worker of the UDP uplink: a thread of its own that reads its socket of the port's group
// (the kernel steers the datagrams of the ssrcs it owns here) in batches with recvmmsg, authenticates
// them, keeps its sessions' jitter buffers, and every 20 ms plays one frame of each session out of its
// buffer, decoding it or concealing a loss with Opus PLC. The results go to the conversations' thread
// in one UplinkBatch per tick through `deliver`, so the per-frame work never touches that thread's
// event loop one frame at a time.
//
// addStream / closeStream / removeStream may be called from any thread (a mutex guards the streams;
// the worker holds it per received batch and per stream while playing out).
#include "server/bridge/uplink_stream.h"

#include <QElapsedTimer>
#include <QObject>
#include <QThread>

#include <memory>
#include <mutex>
#include <unordered_map>

class QSocketNotifier;
class QTimer;

namespace spk::server {

class UplinkShard : public QObject
{
    Q_OBJECT
public:
    // Runs on the worker thread; must hand the batch over to the owning thread (post, not call).
    using Deliver = std::function<void(UplinkBatch &&batch)>;

    UplinkShard(int index, int fd, const spk::media::JitterBufferSettings &jitter,
                const UplinkCounters &counters, Deliver deliver);
    ~UplinkShard() override;

    // Starts the worker thread (it reads `fd` from then on); stop() joins it. Call both from the owner.
    void start();
    void stop();

    void addStream(quint32 ssrc, const spk::media::SessionKey &key);
    void closeStream(quint32 ssrc);
    void removeStream(quint32 ssrc);
    int streamCount() const;

private:
    void setUpOnThread();
    void tearDownOnThread();
    void startTicking();
    void onReadable();
    void handleDatagram(const std::uint8_t *data, std::size_t size);
    void onTick();
    void playOut(quint32 ssrc, UplinkStream &stream);
    void flush();
    void drop(UplinkDrop reason);

    const int index_;
    const int fd_;
    const spk::media::JitterBufferSettings jitterSettings_;
    const UplinkCounters counters_;
    const Deliver deliver_;
    QThread thread_;

    mutable std::mutex mutex_; // guards streams_
    std::unordered_map<quint32, std::unique_ptr<UplinkStream>> streams_;

    // Worker thread only.
    QSocketNotifier *notifier_ = nullptr;
    QTimer *tick_ = nullptr;
    QElapsedTimer clock_;
    qint64 ticksDone_ = 0;
    UplinkBatch pending_;
    std::vector<quint32> heard_; // ssrcs with heardAudio set, reported at the next flush
    bool firstAudio_ = false;    // a stream heard its first frame in this read
    struct Receive;
    std::unique_ptr<Receive> receive_;
};

} // namespace spk::server

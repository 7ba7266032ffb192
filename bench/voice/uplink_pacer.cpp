#include "bench/voice/uplink_pacer.h"

#include "shared/media/udp_packet.h"

#include <QVariant>

namespace spk::bench {

UplinkPacer::UplinkPacer(const SpeechClip &clip, QObject *parent) : QObject(parent), clip_(clip)
{
    socket_.bind(QHostAddress::LocalHost, 0);
    socket_.setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, QVariant(4 * 1024 * 1024));
    clock_.start();
    tick_.setTimerType(Qt::PreciseTimer);
    tick_.setInterval(2);
    connect(&tick_, &QTimer::timeout, this, &UplinkPacer::onTick);
}

bool UplinkPacer::start(const Target &target, bool loop, std::function<void()> onEnd)
{
    if (streams_.count(target.ssrc))
        return false;
    Stream s;
    s.target = target;
    s.loop = loop;
    s.startMs = clock_.elapsed();
    s.onEnd = std::move(onEnd);
    Stream &added = streams_.emplace(target.ssrc, std::move(s)).first->second;
    sendFrame(added); // the first frame leaves at once, as on a device that streams while it listens
    if (!tick_.isActive())
        tick_.start();
    return true;
}

void UplinkPacer::finish(quint32 ssrc)
{
    if (auto it = streams_.find(ssrc); it != streams_.end())
        it->second.finishing = true;
}

bool UplinkPacer::sendFrame(Stream &s)
{
    const int n = int(clip_.frames.size());
    const bool last = s.loop ? s.finishing : int(s.seq) == n - 1;
    const QByteArray &opus = clip_.frames.at(int(s.seq % quint32(n)));
    spk::media::UdpHeader h;
    h.ssrc = s.target.ssrc;
    h.seq = s.seq;
    h.timestamp = s.seq * 20;
    h.flags = last ? spk::media::kUdpFlagEndOfSpeech : 0;
    const spk::media::EncodedPacket packet = spk::media::encodePacket(
        h, reinterpret_cast<const std::uint8_t *>(opus.constData()), std::size_t(opus.size()), s.target.key);
    const qint64 sent = socket_.writeDatagram(reinterpret_cast<const char *>(packet.datagram.data()),
                                              qint64(packet.datagram.size()), s.target.host, s.target.port);
    if (sent < 0)
        ++sendErrors_;
    else
        ++framesSent_;
    ++s.seq;
    return last;
}

void UplinkPacer::onTick()
{
    const qint64 now = clock_.elapsed();
    std::vector<std::function<void()>> ended;
    for (auto it = streams_.begin(); it != streams_.end();) {
        Stream &s = it->second;
        bool done = false;
        // Frames due by now on this stream's clock (a late tick catches up, as a device's buffer would).
        while (!done && qint64(s.seq) * 20 <= now - s.startMs)
            done = sendFrame(s);
        if (done) {
            ended.push_back(std::move(s.onEnd));
            it = streams_.erase(it);
        } else {
            ++it;
        }
    }
    if (streams_.empty())
        tick_.stop();
    for (auto &callback : ended) // after the loop: a callback may start a new stream
        if (callback)
            callback();
}

} // namespace spk::bench

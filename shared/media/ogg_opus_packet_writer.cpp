#include "shared/media/ogg_opus_packet_writer.h"

#include "shared/media/media_log.h"

#include <QBuffer>
#include <QSaveFile>
#include <QtEndian>

#include <ogg/ogg.h>
#include <opus/opus.h>

#include <random>

namespace spk::media {

namespace {
constexpr int kGranuleRate = 48000;             // RFC 7845: granule positions always count 48 kHz samples
constexpr int kLostSamples = kGranuleRate / 50; // one 20 ms frame
constexpr std::int64_t kMaxPageSamples = kGranuleRate; // flush a page at least every second

QByteArray opusHead(const OggOpusPacketWriterSettings &settings)
{
    QByteArray head("OpusHead", 8);
    head.append(char(1));         // version
    head.append(char(kChannels)); // channel count
    char le[4];
    qToLittleEndian<quint16>(quint16(settings.preSkip), le);
    head.append(le, 2);
    qToLittleEndian<quint32>(quint32(settings.inputRate), le);
    head.append(le, 4);
    qToLittleEndian<qint16>(0, le); // output gain
    head.append(le, 2);
    head.append(char(0)); // mapping family 0: mono/stereo, no mapping table
    return head;
}

QByteArray opusTags(const QString &title)
{
    QByteArray tags("OpusTags", 8);
    const QByteArray vendor = QByteArray("spk ") + opus_get_version_string();
    char le[4];
    qToLittleEndian<quint32>(quint32(vendor.size()), le);
    tags.append(le, 4).append(vendor);
    QList<QByteArray> comments;
    if (!title.isEmpty())
        comments.append("TITLE=" + title.toUtf8());
    qToLittleEndian<quint32>(quint32(comments.size()), le);
    tags.append(le, 4);
    for (const QByteArray &comment : comments) {
        qToLittleEndian<quint32>(quint32(comment.size()), le);
        tags.append(le, 4).append(comment);
    }
    return tags;
}
} // namespace

struct OggOpusPacketWriter::Stream
{
    ogg_stream_state state{};
    bool initialised = false;
    ~Stream()
    {
        if (initialised)
            ogg_stream_clear(&state);
    }
};

OggOpusPacketWriter::OggOpusPacketWriter() : stream_(std::make_unique<Stream>()) {}

OggOpusPacketWriter::~OggOpusPacketWriter() = default; // an uncommitted QSaveFile removes its temp file

std::unique_ptr<OggOpusPacketWriter>
OggOpusPacketWriter::toFile(const QString &path, const OggOpusPacketWriterSettings &settings, QString *error)
{
    std::unique_ptr<OggOpusPacketWriter> writer(new OggOpusPacketWriter);
    auto file = std::make_unique<QSaveFile>(path);
    if (!file->open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file->errorString());
        return nullptr;
    }
    if (!writer->open(std::move(file), settings)) {
        if (error)
            *error = writer->error_;
        return nullptr;
    }
    return writer;
}

std::unique_ptr<OggOpusPacketWriter>
OggOpusPacketWriter::toMemory(const OggOpusPacketWriterSettings &settings, QString *error)
{
    std::unique_ptr<OggOpusPacketWriter> writer(new OggOpusPacketWriter);
    writer->memory_ = true;
    auto buffer = std::make_unique<QBuffer>();
    buffer->open(QIODevice::WriteOnly);
    if (!writer->open(std::move(buffer), settings)) {
        if (error)
            *error = writer->error_;
        return nullptr;
    }
    return writer;
}

bool OggOpusPacketWriter::open(std::unique_ptr<QIODevice> device, const OggOpusPacketWriterSettings &settings)
{
    device_ = std::move(device);
    if (settings.preSkip < 0 || settings.preSkip > 65535)
        return fail(QStringLiteral("invalid pre-skip %1").arg(settings.preSkip));
    if (settings.inputRate < 0)
        return fail(QStringLiteral("invalid input rate %1").arg(settings.inputRate));
    // RFC 3533: the serial number only has to differ between chained or multiplexed streams.
    std::random_device random;
    if (ogg_stream_init(&stream_->state, int(random())) != 0)
        return fail(QStringLiteral("ogg_stream_init failed"));
    stream_->initialised = true;
    // RFC 7845 §3: OpusHead alone on the first page, OpusTags starting on the second, both granule 0.
    if (!putPacket(opusHead(settings), false) || !writePages(true) ||
        !putPacket(opusTags(settings.title), false) || !writePages(true))
        return false;
    granule_ = 0;
    return true;
}

bool OggOpusPacketWriter::writePacket(const QByteArray &opus)
{
    const auto *data = reinterpret_cast<const unsigned char *>(opus.constData());
    const int samples = opus.isEmpty()
                            ? OPUS_INVALID_PACKET
                            : opus_packet_get_nb_samples(data, opus_int32(opus.size()), kGranuleRate);
    if (samples <= 0 || samples > kGranuleRate * 120 / 1000) // not Opus: keep the time, not the bytes
        return writeLost();
    // Later losses reuse this packet's mode and bandwidth when it is a 20 ms frame (code 0).
    if (opus_packet_get_samples_per_frame(data, kGranuleRate) == kLostSamples)
        lostToc_ = data[0] & 0xFC;
    ++packets_;
    return submit(opus, samples);
}

bool OggOpusPacketWriter::writeLost()
{
    ++lost_;
    return submit(QByteArray(1, char(lostToc_)), kLostSamples);
}

bool OggOpusPacketWriter::submit(const QByteArray &packet, int samples48k)
{
    if (finished_ || failed_) {
        if (error_.isEmpty())
            error_ = QStringLiteral("writer is finished");
        return false;
    }
    if (hasPending_ && (!putPacket(pending_, false) || !writePages(false)))
        return false;
    granule_ += samples48k;
    pending_ = packet;
    pendingGranule_ = granule_;
    hasPending_ = true;
    return true;
}

bool OggOpusPacketWriter::putPacket(const QByteArray &packet, bool endOfStream)
{
    ogg_packet op{};
    op.packet = reinterpret_cast<unsigned char *>(const_cast<char *>(packet.constData()));
    op.bytes = long(packet.size());
    op.b_o_s = packetNo_ == 0;
    op.e_o_s = endOfStream;
    op.granulepos = packetNo_ < 2 ? 0 : pendingGranule_; // the two header packets sit at 0
    op.packetno = packetNo_++;
    if (ogg_stream_packetin(&stream_->state, &op) != 0)
        return fail(QStringLiteral("ogg_stream_packetin failed"));
    return true;
}

bool OggOpusPacketWriter::writePages(bool flush)
{
    // A page is cut when libogg finds it full, or after a second of audio so players can seek.
    const bool due = flush || pendingGranule_ - lastPageGranule_ >= kMaxPageSamples;
    ogg_page page;
    while (due ? ogg_stream_flush(&stream_->state, &page) : ogg_stream_pageout(&stream_->state, &page)) {
        lastPageGranule_ = ogg_page_granulepos(&page) > 0 ? ogg_page_granulepos(&page) : lastPageGranule_;
        if (device_->write(reinterpret_cast<const char *>(page.header), page.header_len) != page.header_len ||
            device_->write(reinterpret_cast<const char *>(page.body), page.body_len) != page.body_len)
            return fail(QStringLiteral("write failed: %1").arg(device_->errorString()));
    }
    return true;
}

bool OggOpusPacketWriter::finish()
{
    if (finished_)
        return !failed_;
    if (failed_)
        return false;
    finished_ = true;
    if (!hasPending_)
        return fail(QStringLiteral("no audio packets were written"));
    if (!putPacket(pending_, true) || !writePages(true))
        return false;
    hasPending_ = false;
    if (auto *file = qobject_cast<QSaveFile *>(device_.get())) {
        if (!file->commit())
            return fail(QStringLiteral("cannot commit %1: %2").arg(file->fileName(), file->errorString()));
    }
    return true;
}

bool OggOpusPacketWriter::fail(const QString &message)
{
    failed_ = true;
    error_ = message;
    qCWarning(lcMedia).noquote() << "Ogg Opus packet writer:" << message;
    return false;
}

QByteArray OggOpusPacketWriter::bytes() const
{
    if (!memory_ || !finished_ || failed_)
        return {};
    return static_cast<QBuffer *>(device_.get())->data();
}

} // namespace spk::media

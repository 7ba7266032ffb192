#include "shared/media/ogg_opus_writer.h"

#include "shared/media/media_log.h"

#include <QBuffer>
#include <QSaveFile>

#include <opus/opusenc.h>

namespace spk::media {

std::unique_ptr<OggOpusWriter> OggOpusWriter::toFile(const QString &path,
                                                     const OggOpusWriterSettings &settings, QString *error)
{
    std::unique_ptr<OggOpusWriter> writer(new OggOpusWriter);
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

std::unique_ptr<OggOpusWriter> OggOpusWriter::toMemory(const OggOpusWriterSettings &settings, QString *error)
{
    std::unique_ptr<OggOpusWriter> writer(new OggOpusWriter);
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

bool OggOpusWriter::open(std::unique_ptr<QIODevice> device, const OggOpusWriterSettings &settings)
{
    device_ = std::move(device);
    if (settings.inputRate < 8000 || settings.inputRate > 192000) {
        error_ = QStringLiteral("unsupported input rate %1").arg(settings.inputRate);
        return false;
    }
    comments_ = ope_comments_create();
    if (!comments_) {
        error_ = QStringLiteral("ope_comments_create failed");
        return false;
    }
    if (!settings.title.isEmpty())
        ope_comments_add(comments_, "TITLE", settings.title.toUtf8().constData());
    OpusEncCallbacks callbacks{&OggOpusWriter::writeCallback, &OggOpusWriter::closeCallback};
    int err = OPE_OK;
    // Family 0: mono/stereo without a channel mapping table, the plain RFC 7845 case.
    encoder_ =
        ope_encoder_create_callbacks(&callbacks, this, comments_, settings.inputRate, kChannels, 0, &err);
    if (!encoder_ || err != OPE_OK) {
        error_ = QStringLiteral("ope_encoder_create_callbacks: %1").arg(QString::fromUtf8(ope_strerror(err)));
        encoder_ = nullptr;
        return false;
    }
    if (ope_encoder_ctl(encoder_, OPUS_SET_BITRATE(settings.bitrate)) != OPE_OK ||
        ope_encoder_ctl(encoder_, OPUS_SET_COMPLEXITY(settings.complexity)) != OPE_OK ||
        ope_encoder_ctl(encoder_, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE)) != OPE_OK) {
        error_ = QStringLiteral("invalid encoder settings (bitrate %1, complexity %2)")
                     .arg(settings.bitrate)
                     .arg(settings.complexity);
        return false;
    }
    return true;
}

OggOpusWriter::~OggOpusWriter()
{
    close();
    // A QSaveFile destroyed without commit() removes its temporary file: nothing half-written remains.
}

void OggOpusWriter::close()
{
    if (encoder_) {
        ope_encoder_destroy(encoder_);
        encoder_ = nullptr;
    }
    if (comments_) {
        ope_comments_destroy(comments_);
        comments_ = nullptr;
    }
}

int OggOpusWriter::writeCallback(void *self, const unsigned char *data, int length)
{
    auto *writer = static_cast<OggOpusWriter *>(self);
    const qint64 written = writer->device_->write(reinterpret_cast<const char *>(data), length);
    if (written != length) {
        writer->failed_ = true;
        writer->error_ = QStringLiteral("write failed: %1").arg(writer->device_->errorString());
        return 1;
    }
    return 0;
}

int OggOpusWriter::closeCallback(void *)
{
    return 0; // the device is closed (and a file committed) by finish()
}

bool OggOpusWriter::write(const std::int16_t *pcm, std::size_t samples)
{
    if (finished_ || failed_ || !encoder_) {
        if (error_.isEmpty())
            error_ = QStringLiteral("writer is finished");
        return false;
    }
    if (samples == 0)
        return true;
    if (pcm == nullptr || samples > (1u << 24)) {
        error_ = QStringLiteral("invalid PCM chunk of %1 samples").arg(samples);
        return false;
    }
    const int err = ope_encoder_write(encoder_, pcm, static_cast<int>(samples));
    if (err != OPE_OK || failed_) {
        failed_ = true;
        if (err != OPE_OK)
            error_ = QStringLiteral("ope_encoder_write: %1").arg(QString::fromUtf8(ope_strerror(err)));
        return false;
    }
    samplesWritten_ += static_cast<std::int64_t>(samples);
    return true;
}

bool OggOpusWriter::finish()
{
    if (finished_)
        return !failed_;
    if (failed_ || !encoder_)
        return false;
    finished_ = true;
    const int err = ope_encoder_drain(encoder_);
    close();
    if (err != OPE_OK || failed_) {
        failed_ = true;
        if (err != OPE_OK)
            error_ = QStringLiteral("ope_encoder_drain: %1").arg(QString::fromUtf8(ope_strerror(err)));
        qCWarning(lcMedia) << "Ogg Opus writer:" << error_;
        return false;
    }
    if (auto *file = qobject_cast<QSaveFile *>(device_.get())) {
        if (!file->commit()) {
            failed_ = true;
            error_ = QStringLiteral("cannot commit %1: %2").arg(file->fileName(), file->errorString());
            return false;
        }
    }
    return true;
}

QByteArray OggOpusWriter::bytes() const
{
    if (!memory_ || !finished_ || failed_)
        return {};
    return static_cast<QBuffer *>(device_.get())->data();
}

} // namespace spk::media

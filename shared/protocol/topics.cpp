#include "shared/protocol/topics.h"

namespace spk::proto {

QString deviceTopic(const QString &deviceId, DeviceTopic kind)
{
    return QString::fromStdString(spk::wire::topicFor(deviceId.toStdString(), kind));
}

QString allDevicesFilter(DeviceTopic kind)
{
    return deviceTopic(QStringLiteral("+"), kind);
}

ParsedTopic parseDeviceTopic(const QString &topic)
{
    // Topics are UTF-8 on the wire; a valid one is ASCII, so any other character makes it Unknown.
    const QByteArray utf8 = topic.toUtf8();
    const auto parts = spk::wire::splitDeviceTopic(std::string_view(utf8.constData(), size_t(utf8.size())));
    if (parts.kind == DeviceTopic::Unknown)
        return {};
    return {QString::fromLatin1(parts.deviceId.data(), qsizetype(parts.deviceId.size())), parts.kind};
}

} // namespace spk::proto

#include "shared/protocol/topics.h"
#include "shared/protocol/ids.h"

namespace spk::proto {

namespace {
struct TopicName
{
    DeviceTopic kind;
    const char *suffix;
};
constexpr TopicName kTopics[] = {
    {DeviceTopic::Status, "status"},
    {DeviceTopic::Config, "config"},
    {DeviceTopic::ConfigAck, "config/ack"},
    {DeviceTopic::Reboot, "reboot"},
    {DeviceTopic::RebootAck, "reboot/ack"},
    {DeviceTopic::Upgrade, "upgrade"},
    {DeviceTopic::Wake, "wake"},
    {DeviceTopic::WakeAck, "wake/ack"},
    {DeviceTopic::Transcript, "transcript"},
    {DeviceTopic::Play, "play"},
    {DeviceTopic::SessionEnd, "session_end"},
};
} // namespace

const char *topicSuffix(DeviceTopic kind)
{
    for (const auto &t : kTopics)
        if (t.kind == kind)
            return t.suffix;
    return "";
}

QString deviceTopic(const QString &deviceId, DeviceTopic kind)
{
    return QStringLiteral("device/%1/%2").arg(deviceId, QLatin1String(topicSuffix(kind)));
}

QString allDevicesFilter(DeviceTopic kind)
{
    return deviceTopic(QStringLiteral("+"), kind);
}

ParsedTopic parseDeviceTopic(const QString &topic)
{
    ParsedTopic out;
    static const QString prefix = QStringLiteral("device/");
    if (!topic.startsWith(prefix))
        return out;
    const int slash = topic.indexOf(QLatin1Char('/'), prefix.size());
    if (slash < 0)
        return out;
    const QString id = topic.mid(prefix.size(), slash - prefix.size());
    const QString suffix = topic.mid(slash + 1);
    if (!isValidDeviceId(id))
        return out;
    for (const auto &t : kTopics) {
        if (suffix == QLatin1String(t.suffix)) {
            out.deviceId = id;
            out.kind = t.kind;
            return out;
        }
    }
    return out;
}

} // namespace spk::proto

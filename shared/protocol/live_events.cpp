#include "shared/protocol/live_events.h"

#include "shared/wire/fields.h"
#include "shared/wire/live_events.h"

namespace spk::proto {

namespace field = spk::wire::field;
namespace live = spk::wire::live;

QJsonObject statusUpdateEvent(const QString &deviceId, const QJsonObject &data)
{
    return {{QLatin1String(field::kType), QLatin1String(live::kStatusUpdate)},
            {QLatin1String(field::kDeviceId), deviceId},
            {QLatin1String(field::kData), data}};
}

QJsonObject configAckEvent(const QString &deviceId, const QString &requestId, const QJsonObject &config)
{
    return {{QLatin1String(field::kType), QLatin1String(live::kConfigAck)},
            {QLatin1String(field::kDeviceId), deviceId},
            {QLatin1String(field::kRequestId), requestId},
            {QLatin1String(field::kConfig), config}};
}

QJsonObject sessionProgressEvent(const QString &deviceId, qint64 sessionId, const QString &deviceSessionId,
                                 const QString &stage, const QString &text)
{
    QJsonObject o{{QLatin1String(field::kType), QLatin1String(live::kSessionProgress)},
                  {QLatin1String(field::kDeviceId), deviceId},
                  {QLatin1String(field::kSessionId), sessionId},
                  {QLatin1String(field::kDeviceSessionId), deviceSessionId},
                  {QLatin1String(field::kStage), stage}};
    if (!text.isEmpty())
        o.insert(QLatin1String(field::kText), text);
    return o;
}

bool isSessionProgressEvent(const QJsonObject &event, QString *deviceId)
{
    if (event.value(QLatin1String(field::kType)).toString() != QLatin1String(live::kSessionProgress))
        return false;
    *deviceId = event.value(QLatin1String(field::kDeviceId)).toString();
    return !deviceId->isEmpty();
}

} // namespace spk::proto

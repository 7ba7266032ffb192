#include "server/pipeline/dialogue/intent_responder.h"

#include <QLocale>

namespace spk::server::pipeline {

QString DialogueAction::describe() const
{
    switch (type) {
    case Type::SetVolume:
        return QStringLiteral("SetVolume(%1)").arg(volume);
    case Type::Stop:
        return QStringLiteral("Stop");
    case Type::None:
        break;
    }
    return QStringLiteral("None");
}

namespace {

QString spokenTime(const QTime &t, const QString &language)
{
    if (language == QLatin1String("zh"))
        return QStringLiteral("%1点%2分").arg(t.hour()).arg(t.minute(), 2, 10, QLatin1Char('0'));
    return QLocale(QLocale::English).toString(t, QStringLiteral("h:mm AP"));
}

QString spokenDate(const QDate &d, const QString &language)
{
    if (language == QLatin1String("zh"))
        return QLocale(QLocale::Chinese).toString(d, QStringLiteral("M月d日dddd"));
    return QLocale(QLocale::English).toString(d, QStringLiteral("dddd, MMMM d"));
}

} // namespace

QString IntentResponder::fill(const QString &pattern, const QVariantMap &values)
{
    QString out = pattern;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        out.replace(QLatin1Char('{') + it.key() + QLatin1Char('}'), it.value().toString());
    return out;
}

DialogueResult IntentResponder::respond(const IntentMatch &match, const IntentCatalog &catalog,
                                        const DeviceContext &context, const QDateTime &now) const
{
    DialogueResult result;
    result.source = DialogueResult::Source::Intent;
    result.intent = match.intent;
    result.language = match.language;
    result.slotValues = match.slotValues;
    const DeviceState &state = context.state;
    QVariantMap values = match.slotValues;
    values.insert(QStringLiteral("time"), spokenTime(now.time(), match.language));
    values.insert(QStringLiteral("date"), spokenDate(now.date(), match.language));
    values.insert(QStringLiteral("volume"), state.volume);
    values.insert(QStringLiteral("battery"), state.battery);
    QString variant = QStringLiteral("default");

    const QString &intent = match.intent;
    if (intent == QLatin1String("SetVolume")) {
        const int level = qBound(0, match.slotValues.value(QStringLiteral("level")).toInt(), 100);
        result.action = DialogueAction::setVolume(level);
        values.insert(QStringLiteral("volume"), level);
    } else if (intent == QLatin1String("VolumeUp") || intent == QLatin1String("VolumeDown")) {
        const int step = match.slotValues.value(QStringLiteral("step"), volumeStep_).toInt();
        const int sign = intent == QLatin1String("VolumeUp") ? 1 : -1;
        if (state.volume < 0) {
            variant = QStringLiteral("unknown");
        } else if ((sign > 0 && state.volume >= 100) || (sign < 0 && state.volume <= 0)) {
            variant = QStringLiteral("at_limit");
        } else {
            const int level = qBound(0, state.volume + sign * step, 100);
            result.action = DialogueAction::setVolume(level);
            values.insert(QStringLiteral("volume"), level);
        }
    } else if (intent == QLatin1String("BatteryStatus") || intent == QLatin1String("DeviceStatus")) {
        if (state.battery < 0 || (intent == QLatin1String("DeviceStatus") && state.volume < 0))
            variant = QStringLiteral("unknown");
    } else if (intent == QLatin1String("Stop")) {
        result.action = DialogueAction::stop();
    }

    const IntentDefinition *def = catalog.intent(intent);
    QString pattern = def ? def->responses.value(variant) : QString();
    if (pattern.isNull() && def)
        pattern = def->responses.value(QStringLiteral("default"));
    result.text = fill(pattern, values);
    return result;
}

} // namespace spk::server::pipeline

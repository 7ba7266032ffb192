#pragma once
// Turns a recognized intent into the reply and action, from the device's state and the catalog's
// response templates. Built-in intents: GetTime, GetDate, SetVolume, VolumeUp, VolumeDown,
// BatteryStatus, DeviceStatus, Stop; any other intent answers its "default" response.
#include "server/pipeline/dialogue/dialogue_types.h"
#include "server/pipeline/dialogue/intent_catalog.h"
#include "server/pipeline/dialogue/intent_recognizer.h"

#include <QDateTime>

namespace spk::server::pipeline {

class IntentResponder
{
public:
    explicit IntentResponder(int volumeStep = 10) : volumeStep_(volumeStep) {}

    DialogueResult respond(const IntentMatch &match, const IntentCatalog &catalog,
                           const DeviceContext &context, const QDateTime &now) const;

    // Replaces {name} placeholders with values; unknown placeholders stay as they are.
    static QString fill(const QString &pattern, const QVariantMap &values);

private:
    int volumeStep_;
};

} // namespace spk::server::pipeline

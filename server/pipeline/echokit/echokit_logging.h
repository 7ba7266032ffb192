#pragma once
// Logging category of the EchoKit backend ("spk.pipeline.echokit").
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcEchoKit)

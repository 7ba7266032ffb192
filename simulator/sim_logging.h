#pragma once
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcSim)       // spk.sim: the fleet as a whole
Q_DECLARE_LOGGING_CATEGORY(lcSimDevice) // spk.sim.device: one speaker's events

#pragma once
// spksim's voice mode from start to exit status (main.cpp hands over when --voice is given).
#include "simulator/sim_options.h"

class QCoreApplication;

namespace spk::sim {

// Loads the clips, runs the conversations, prints the summary. Returns the exit status: 0 when every
// conversation completed, 1 when any failed, 2 on unusable input (a clip that cannot be read, …).
int runVoiceMode(QCoreApplication &app, const SimOptions &options);

} // namespace spk::sim

#include "simulator/sim_logging.h"

Q_LOGGING_CATEGORY(lcSim, "spk.sim")
Q_LOGGING_CATEGORY(lcSimDevice, "spk.sim.device")

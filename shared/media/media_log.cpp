#include "shared/media/media_log.h"

namespace spk::media {
Q_LOGGING_CATEGORY(lcMedia, "spk.media")
}

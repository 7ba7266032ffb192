#include "shared/media/udp_drop_reason.h"

namespace spk::media {

const char *dropReasonName(DropReason reason)
{
    switch (reason) {
    case DropReason::None:
        return "none";
    case DropReason::BadVersion:
        return "bad_version";
    case DropReason::LengthMismatch:
        return "length_mismatch";
    case DropReason::UnknownSsrc:
        return "unknown_ssrc";
    case DropReason::AuthFailed:
        return "auth_failed";
    case DropReason::Duplicate:
        return "duplicate";
    case DropReason::TooOld:
        return "too_old";
    }
    return "unknown";
}

} // namespace spk::media

#pragma once
// Transitional: the bridge's VoiceSession is now ConversationLifecycle (the firmware keeps
// spk::fw::VoiceSession). Only tests/unit/bridge/tst_voice_session.cpp still uses the old name; delete
// this header when that test includes conversation_lifecycle.h.
#include "server/bridge/conversation_lifecycle.h"

namespace spk::server {
using VoiceSession = ConversationLifecycle;
} // namespace spk::server

#pragma once
#include <QLoggingCategory>

namespace spk::media {
Q_DECLARE_LOGGING_CATEGORY(lcMedia)
}

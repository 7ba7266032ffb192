#include "console/stats/online_history.h"

namespace spk::console {

void OnlineHistory::addSample(const QDateTime &at, int online, int total)
{
    if (samples_.size() >= capacity_)
        samples_.remove(0, samples_.size() - capacity_ + 1);
    samples_.append({at, online, total});
}

} // namespace spk::console

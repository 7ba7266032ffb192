#pragma once
// Probes the database, the broker and (where the role uses it) the cache every few seconds on a thread
// of its own and exports the outcome as spk_dependency_up{dependency} and spk_ready (what /readyz
// would answer; docs/metrics.md), so alerts see
// an unreachable dependency without waiting for a request to fail. Its own thread: a Redis or
// PostgreSQL that hangs delays the probe, never the event loop.
#include <QThread>
#include <array>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>

namespace spk::server {
class Metrics;

class DependencyProbe
{
public:
    // Each check returns whether the dependency answered; it runs on the probe thread, so it must be
    // safe there (Database::ping uses a connection of that thread). An empty check is not exported.
    struct Checks
    {
        std::function<bool()> database;
        std::function<bool()> broker;
        std::function<bool()> cache;
    };

    DependencyProbe(Metrics &metrics, Checks checks, int intervalMs = 5000);
    ~DependencyProbe(); // stops and joins the thread

    // Probes once at once (on the calling thread), then every intervalMs on the probe thread.
    void start();
    void probeOnce();

private:
    Metrics &metrics_;
    Checks checks_;
    int intervalMs_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::array<std::atomic<int>, 3> last_{{{-1}, {-1}, {-1}}}; // database, broker, cache: -1 = not probed
    std::unique_ptr<QThread> thread_;
};

} // namespace spk::server

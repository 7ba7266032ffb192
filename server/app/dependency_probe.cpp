#include "server/app/dependency_probe.h"

#include "server/app/app_metrics.h"
#include "server/core/logging.h"
#include "server/core/metrics.h"

#include <chrono>

namespace spk::server {

DependencyProbe::DependencyProbe(Metrics &metrics, Checks checks, int intervalMs)
    : metrics_(metrics), checks_(std::move(checks)), intervalMs_(intervalMs)
{
}

DependencyProbe::~DependencyProbe()
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_)
        thread_->wait();
}

void DependencyProbe::probeOnce()
{
    const std::pair<const char *, const std::function<bool()> *> all[] = {
        {"database", &checks_.database}, {"broker", &checks_.broker}, {"cache", &checks_.cache}};
    bool ready = true;
    for (size_t i = 0; i < 3; ++i) {
        const auto &[name, check] = all[i];
        if (!*check)
            continue;
        const int up = (*check)() ? 1 : 0;
        if (i < 2) // as /readyz: the cache only degrades
            ready = ready && up;
        metrics_.gauge(app_metrics::kDependencyUp, QLatin1String(name)).set(up);
        const int before = last_[i].exchange(up);
        if (before == 1 && !up)
            qCWarning(lcCore) << "dependency probe:" << name << "unreachable";
        else if (before == 0 && up)
            qCInfo(lcCore) << "dependency probe:" << name << "reachable again";
    }
    metrics_.gauge(app_metrics::kReady).set(ready ? 1 : 0);
}

void DependencyProbe::start()
{
    probeOnce();
    thread_.reset(QThread::create([this] {
        std::unique_lock<std::mutex> lock(mutex_);
        while (!wake_.wait_for(lock, std::chrono::milliseconds(intervalMs_), [this] { return stopping_; })) {
            lock.unlock();
            probeOnce();
            lock.lock();
        }
    }));
    thread_->setObjectName(QStringLiteral("spk-probe"));
    thread_->start(QThread::LowPriority);
}

} // namespace spk::server

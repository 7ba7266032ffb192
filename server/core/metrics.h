#pragma once
// A small Prometheus registry: counters, gauges and histograms with fixed labels, rendered in the text
// exposition format for GET /metrics. Single-threaded use from the owning thread; counters are atomic so
// other threads (Paho callbacks, bridge workers) may increment them.
#include <QByteArray>
#include <QString>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace spk::server {

class Counter
{
public:
    void inc(double v = 1) { value_.fetch_add(static_cast<long long>(v), std::memory_order_relaxed); }
    long long value() const { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<long long> value_{0};
};

class Gauge
{
public:
    void set(double v) { value_.store(v, std::memory_order_relaxed); }
    double value() const { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<double> value_{0};
};

class Histogram
{
public:
    explicit Histogram(std::vector<double> bounds);
    void observe(double v);
    // Snapshot for rendering and for percentiles in tests/benchmarks.
    std::vector<long long> bucketCounts() const;
    const std::vector<double> &bounds() const { return bounds_; }
    long long count() const;
    double sum() const;

private:
    std::vector<double> bounds_;
    mutable std::mutex mutex_;
    std::vector<long long> counts_; // one per bound, plus +Inf
    double sum_ = 0;
    long long count_ = 0;
};

class Metrics
{
public:
    // labels: already formatted, e.g. R"(reason="bad_version")" or empty. The same (name, labels)
    // returns the same object.
    Counter &counter(const QString &name, const QString &help, const QString &labels = {});
    Gauge &gauge(const QString &name, const QString &help, const QString &labels = {});
    Histogram &histogram(const QString &name, const QString &help, std::vector<double> bounds,
                         const QString &labels = {});
    QByteArray render() const;

private:
    struct Family
    {
        QString type, help;
        std::map<QString, std::unique_ptr<Counter>> counters;
        std::map<QString, std::unique_ptr<Gauge>> gauges;
        std::map<QString, std::unique_ptr<Histogram>> histograms;
    };
    Family &family(const QString &name, const QString &type, const QString &help);
    mutable std::mutex mutex_;
    std::map<QString, Family> families_;
};

} // namespace spk::server

#pragma once
// A small Prometheus registry: counters, gauges and histograms with fixed labels, rendered in the text
// exposition format for GET /metrics. Single-threaded use from the owning thread; counters are atomic so
// other threads (Paho callbacks, bridge workers) may increment them.
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <atomic>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace spk::server {

class Counter
{
public:
    // Counters count whole events and only go up: negative increments are ignored. (A double argument
    // would be truncated silently; fractional amounts belong in a gauge or a histogram.)
    void inc(long long n = 1)
    {
        if (n > 0)
            value_.fetch_add(n, std::memory_order_relaxed);
    }
    long long value() const { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<long long> value_{0};
};

class Gauge
{
public:
    void set(double v) { value_.store(v, std::memory_order_relaxed); }
    // Atomic add (negative to subtract), e.g. for connection counts changed from several threads.
    void add(double delta)
    {
        double current = value_.load(std::memory_order_relaxed);
        while (!value_.compare_exchange_weak(current, current + delta, std::memory_order_relaxed)) {
        }
    }
    double value() const { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<double> value_{0};
};

class Histogram
{
public:
    // bounds: upper bounds of the buckets; sorted and de-duplicated here, +Inf and NaN dropped (+Inf is
    // always implied).
    explicit Histogram(std::vector<double> bounds);
    void observe(double v);
    // Snapshot for rendering and for percentiles in tests/benchmarks. bucketCounts() are per bucket (not
    // cumulative): one per bound, plus +Inf last.
    struct Snapshot
    {
        std::vector<long long> bucketCounts;
        double sum = 0;
        long long count = 0;
    };
    Snapshot snapshot() const; // consistent: count == sum of bucketCounts
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

enum class MetricKind { Counter, Gauge, Histogram };

// One exported metric, declared once in its module's *_metrics.h (name, help text, label, buckets) and
// listed in docs/metrics.md (tst_metrics_doc checks the two agree).
struct MetricDef
{
    const char *name;
    MetricKind kind;
    const char *help;
    // The label names, comma-separated without spaces, e.g. "reason" or "route,method"; nullptr = none.
    const char *label = nullptr;
    std::initializer_list<double> bounds = {}; // histogram bucket upper bounds
};

class Metrics
{
public:
    // The metric `def` declares; labelValue is the value of its label (ignored when it has none).
    Counter &counter(const MetricDef &def, const QString &labelValue = {});
    Gauge &gauge(const MetricDef &def, const QString &labelValue = {});
    Histogram &histogram(const MetricDef &def, const QString &labelValue = {});
    // For a metric with several labels: one value per name of def.label, in that order (a count that
    // does not match is a programming error, see below). Look the object up once and keep it on hot paths.
    Counter &counter(const MetricDef &def, const QStringList &labelValues);
    Gauge &gauge(const MetricDef &def, const QStringList &labelValues);
    Histogram &histogram(const MetricDef &def, const QStringList &labelValues);

    // labels: already formatted, e.g. R"(reason="bad_version")" or empty. The same (name, labels)
    // returns the same object. A programming error (invalid name or labels, or a name reused with another
    // type) is logged and gets a detached object that is never rendered, so callers need no checks.
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
    // nullptr on a programming error (see above).
    Family *family(const QString &name, const QString &type, const QString &help, const QString &labels);
    mutable std::mutex mutex_;
    std::map<QString, Family> families_;
    Family detached_; // owner of the objects handed out on programming errors
};

} // namespace spk::server

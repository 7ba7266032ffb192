#include "server/core/metrics.h"

#include "server/core/logging.h"

#include <QLocale>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>

namespace spk::server {

namespace {

// Text exposition format 0.0.4: numbers as Go's strconv would read them, shortest exact form.
QByteArray formatNumber(double v)
{
    if (std::isnan(v))
        return "NaN";
    if (std::isinf(v))
        return v > 0 ? "+Inf" : "-Inf";
    return QByteArray::number(v, 'g', QLocale::FloatingPointShortest);
}

QByteArray escapeHelp(const QString &help)
{
    QByteArray out;
    for (const char c : help.toUtf8()) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

bool validName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[a-zA-Z_:][a-zA-Z0-9_:]*$"));
    return re.match(name).hasMatch();
}

// name="value" pairs separated by commas; values may hold \\, \" and \n escapes. "le" is ours.
bool validLabels(const QString &labels)
{
    static const QRegularExpression re(QStringLiteral(
        R"(^([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*$)"));
    static const QRegularExpression le(QStringLiteral(R"((^|,)le=")"));
    return labels.isEmpty() || (re.match(labels).hasMatch() && !le.match(labels).hasMatch());
}

QByteArray sample(const QString &name, const QByteArray &labels, const QByteArray &value)
{
    QByteArray line = name.toUtf8();
    if (!labels.isEmpty())
        line += '{' + labels + '}';
    return line + ' ' + value + '\n';
}

QByteArray joinLabels(const QString &labels, const QByteArray &extra)
{
    QByteArray out = labels.toUtf8();
    if (!out.isEmpty() && !extra.isEmpty())
        out += ',';
    return out + extra;
}

template <typename T, typename... Args>
T &findOrCreate(std::map<QString, std::unique_ptr<T>> &map, const QString &key, Args &&...args)
{
    auto &slot = map[key];
    if (!slot)
        slot = std::make_unique<T>(std::forward<Args>(args)...);
    return *slot;
}

QString escapeLabelValue(QString value)
{
    return value.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('"'), QLatin1String("\\\""))
        .replace(QLatin1Char('\n'), QLatin1String("\\n"));
}

// name="value",… for the declared labels, values escaped as the format requires. A value count that
// does not match the declaration gives an invalid string (refused by family(): a programming error).
QString labelsFor(const MetricDef &def, const QStringList &values)
{
    if (!def.label)
        return {};
    const QStringList names = QString::fromLatin1(def.label).split(QLatin1Char(','));
    if (names.size() != values.size())
        return QStringLiteral("!label count");
    QString out;
    for (int i = 0; i < names.size(); ++i) {
        if (i)
            out += QLatin1Char(',');
        out += names[i] + QLatin1String("=\"") + escapeLabelValue(values[i]) + QLatin1Char('"');
    }
    return out;
}

QString labelsFor(const MetricDef &def, const QString &value)
{
    return labelsFor(def, def.label ? QStringList{value} : QStringList{});
}

} // namespace

Histogram::Histogram(std::vector<double> bounds) : bounds_(std::move(bounds))
{
    bounds_.erase(std::remove_if(bounds_.begin(), bounds_.end(),
                                 [](double b) { return std::isnan(b) || (std::isinf(b) && b > 0); }),
                  bounds_.end());
    std::sort(bounds_.begin(), bounds_.end());
    bounds_.erase(std::unique(bounds_.begin(), bounds_.end()), bounds_.end());
    counts_.assign(bounds_.size() + 1, 0);
}

void Histogram::observe(double v)
{
    if (std::isnan(v))
        return;
    // Bucket i counts observations <= bounds_[i] (non-cumulative here; render accumulates).
    const auto index =
        static_cast<size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin());
    std::lock_guard<std::mutex> lock(mutex_);
    ++counts_[index];
    sum_ += v;
    ++count_;
}

Histogram::Snapshot Histogram::snapshot() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return Snapshot{counts_, sum_, count_};
}

std::vector<long long> Histogram::bucketCounts() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return counts_;
}

long long Histogram::count() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return count_;
}

double Histogram::sum() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return sum_;
}

Metrics::Family *Metrics::family(const QString &name, const QString &type, const QString &help,
                                 const QString &labels)
{
    if (!validName(name) || !validLabels(labels)) {
        qCCritical(lcMetrics) << "invalid metric" << name << "labels" << labels << "- not exported";
        return nullptr;
    }
    auto it = families_.find(name);
    if (it == families_.end()) {
        it = families_.emplace(name, Family{}).first;
        it->second.type = type;
        it->second.help = help;
    } else if (it->second.type != type) {
        qCCritical(lcMetrics) << "metric" << name << "is a" << it->second.type << "not a" << type
                              << "- not exported";
        return nullptr;
    }
    return &it->second;
}

Counter &Metrics::counter(const QString &name, const QString &help, const QString &labels)
{
    std::lock_guard<std::mutex> lock(mutex_);
    Family *f = family(name, QStringLiteral("counter"), help, labels);
    if (!f)
        return findOrCreate(detached_.counters, name + QLatin1Char('{') + labels);
    return findOrCreate(f->counters, labels);
}

Gauge &Metrics::gauge(const QString &name, const QString &help, const QString &labels)
{
    std::lock_guard<std::mutex> lock(mutex_);
    Family *f = family(name, QStringLiteral("gauge"), help, labels);
    if (!f)
        return findOrCreate(detached_.gauges, name + QLatin1Char('{') + labels);
    return findOrCreate(f->gauges, labels);
}

Histogram &Metrics::histogram(const QString &name, const QString &help, std::vector<double> bounds,
                              const QString &labels)
{
    std::lock_guard<std::mutex> lock(mutex_);
    Family *f = family(name, QStringLiteral("histogram"), help, labels);
    if (!f)
        return findOrCreate(detached_.histograms, name + QLatin1Char('{') + labels, std::move(bounds));
    return findOrCreate(f->histograms, labels, std::move(bounds));
}

Counter &Metrics::counter(const MetricDef &def, const QString &labelValue)
{
    return counter(QLatin1String(def.name), QString::fromUtf8(def.help), labelsFor(def, labelValue));
}

Gauge &Metrics::gauge(const MetricDef &def, const QString &labelValue)
{
    return gauge(QLatin1String(def.name), QString::fromUtf8(def.help), labelsFor(def, labelValue));
}

Histogram &Metrics::histogram(const MetricDef &def, const QString &labelValue)
{
    return histogram(QLatin1String(def.name), QString::fromUtf8(def.help), std::vector<double>(def.bounds),
                     labelsFor(def, labelValue));
}

Counter &Metrics::counter(const MetricDef &def, const QStringList &labelValues)
{
    return counter(QLatin1String(def.name), QString::fromUtf8(def.help), labelsFor(def, labelValues));
}

Gauge &Metrics::gauge(const MetricDef &def, const QStringList &labelValues)
{
    return gauge(QLatin1String(def.name), QString::fromUtf8(def.help), labelsFor(def, labelValues));
}

Histogram &Metrics::histogram(const MetricDef &def, const QStringList &labelValues)
{
    return histogram(QLatin1String(def.name), QString::fromUtf8(def.help), std::vector<double>(def.bounds),
                     labelsFor(def, labelValues));
}

QByteArray Metrics::render() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    QByteArray out;
    for (const auto &[name, f] : families_) {
        out += "# HELP " + name.toUtf8() + ' ' + escapeHelp(f.help) + '\n';
        out += "# TYPE " + name.toUtf8() + ' ' + f.type.toUtf8() + '\n';
        for (const auto &[labels, c] : f.counters)
            out += sample(name, labels.toUtf8(), QByteArray::number(c->value()));
        for (const auto &[labels, g] : f.gauges)
            out += sample(name, labels.toUtf8(), formatNumber(g->value()));
        for (const auto &[labels, h] : f.histograms) {
            const Histogram::Snapshot snap = h->snapshot(); // _count must equal the +Inf bucket
            const std::vector<long long> &counts = snap.bucketCounts;
            long long cumulative = 0;
            for (size_t i = 0; i < counts.size(); ++i) {
                cumulative += counts[i];
                const QByteArray le = i < h->bounds().size() ? formatNumber(h->bounds()[i]) : "+Inf";
                out += sample(name + QStringLiteral("_bucket"), joinLabels(labels, "le=\"" + le + '"'),
                              QByteArray::number(cumulative));
            }
            out += sample(name + QStringLiteral("_sum"), labels.toUtf8(), formatNumber(snap.sum));
            out += sample(name + QStringLiteral("_count"), labels.toUtf8(), QByteArray::number(cumulative));
        }
    }
    return out;
}

} // namespace spk::server

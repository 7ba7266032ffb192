#include "bench/voice/bench_support.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <unistd.h>

namespace spk::bench {

Summary summarize(std::vector<double> v)
{
    Summary s;
    if (v.empty())
        return s;
    std::sort(v.begin(), v.end());
    // Nearest rank: the smallest value with at least q of the samples at or below it.
    auto at = [&](double q) {
        const size_t rank = size_t(std::max(1.0, std::ceil(q * double(v.size()))));
        return v[std::min(v.size(), rank) - 1];
    };
    s.count = int(v.size());
    s.p50 = at(0.50);
    s.p95 = at(0.95);
    s.max = v.back();
    return s;
}

QString formatMs(const Summary &s)
{
    if (s.count == 0)
        return QStringLiteral("no samples");
    return QStringLiteral("p50 %1 ms  p95 %2 ms  max %3 ms  (n=%4)")
        .arg(s.p50, 0, 'f', 1)
        .arg(s.p95, 0, 'f', 1)
        .arg(s.max, 0, 'f', 1)
        .arg(s.count);
}

double processCpuSeconds(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = f.readAll();
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    const int close = stat.lastIndexOf(')');
    if (close < 0)
        return -1;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
    if (fields.size() < 13)
        return -1;
    const double ticks = double(sysconf(_SC_CLK_TCK));
    return (fields[11].toDouble() + fields[12].toDouble()) / ticks;
}

QList<qint64> threadsNamed(qint64 pid, const QByteArray &prefix)
{
    QList<qint64> out;
    const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(tid + QStringLiteral("/comm")));
        if (comm.open(QIODevice::ReadOnly) && comm.readAll().startsWith(prefix))
            out.append(tid.toLongLong());
    }
    return out;
}

ThreadSched threadSched(qint64 pid, qint64 tid)
{
    QFile f(QStringLiteral("/proc/%1/task/%2/schedstat").arg(pid).arg(tid));
    ThreadSched t;
    if (!f.open(QIODevice::ReadOnly))
        return t;
    const QList<QByteArray> fields = f.readAll().simplified().split(' ');
    if (fields.size() >= 2) {
        t.running = fields[0].toDouble() / 1e9;
        t.waiting = fields[1].toDouble() / 1e9;
    }
    return t;
}

double selfCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

bool waitFor(const std::function<bool()> &condition, int timeoutMs)
{
    // A real event loop (it sleeps in poll()) checked every 5 ms; processEvents() in a loop would spin.
    if (condition())
        return true;
    QElapsedTimer t;
    t.start();
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (condition() || t.elapsed() >= timeoutMs)
            loop.quit();
    });
    poll.start(5);
    loop.exec();
    return condition();
}

int httpRequest(const QByteArray &method, const QString &url, const QByteArray &token, const QByteArray &body,
                QByteArray *reply, int timeoutMs)
{
    static QNetworkAccessManager *nam = new QNetworkAccessManager(QCoreApplication::instance());
    QNetworkRequest req{QUrl(url)};
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + token);
    req.setTransferTimeout(timeoutMs);
    QNetworkReply *r = nam->sendCustomRequest(req, method, body);
    waitFor([r] { return r->isFinished(); }, timeoutMs + 1000);
    const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply)
        *reply = r->readAll();
    r->deleteLater();
    return status;
}

QMap<QString, double> scrapeMetrics(const QString &baseUrl)
{
    QMap<QString, double> out;
    QByteArray body;
    if (httpRequest("GET", baseUrl + QStringLiteral("/metrics"), {}, {}, &body) != 200)
        return out;
    for (const QByteArray &line : body.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const int space = line.lastIndexOf(' ');
        if (space > 0)
            out.insert(QString::fromUtf8(line.left(space)), line.mid(space + 1).toDouble());
    }
    return out;
}

double metricSum(const QMap<QString, double> &metrics, const QString &name)
{
    double sum = 0;
    for (auto it = metrics.cbegin(); it != metrics.cend(); ++it)
        if (it.key() == name || it.key().startsWith(name + QLatin1Char('{')))
            sum += it.value();
    return sum;
}

} // namespace spk::bench

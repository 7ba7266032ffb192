#pragma once
// Rate-limits one kind of log line (a refused upgrade, a bad ack): a hostile peer must not be able
// to flood the log. At most `burst` lines per window; the next line that passes says how many were
// dropped in between. Counting the events themselves is the metrics' job, not the log's.
#include <QElapsedTimer>
#include <QString>

namespace spk::server {

class LogThrottle
{
public:
    explicit LogThrottle(int burst = 5, qint64 windowMs = 10000) : burst_(burst), windowMs_(windowMs) {}

    // True when this line may be written; *suppressed = lines dropped since the last one written.
    bool allow(int *suppressed);
    // " (N similar lines suppressed)", or empty for 0: to append to the line that is written.
    static QString suffix(int suppressed);

private:
    int burst_;
    qint64 windowMs_;
    QElapsedTimer window_;
    int inWindow_ = 0;
    int dropped_ = 0;
};

} // namespace spk::server

#include "simulator/progress_reporter.h"

#include "simulator/fleet.h"

#include <cstdio>
#include <unistd.h>

namespace spk::sim {

ProgressReporter::ProgressReporter(const Fleet &fleet, QObject *parent) : QObject(parent), m_fleet(fleet)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &ProgressReporter::print);
}

bool ProgressReporter::stderrIsTerminal()
{
    return ::isatty(STDERR_FILENO) == 1;
}

void ProgressReporter::start()
{
    m_timer.start();
}

void ProgressReporter::stop()
{
    m_timer.stop();
    if (m_printed) {
        std::fputs("\n", stderr);
        m_printed = false;
    }
}

void ProgressReporter::print()
{
    // \r + "erase line": the line shrinks cleanly when numbers get shorter.
    std::fprintf(stderr, "\r\033[K%s", qPrintable(progressLine(m_fleet.snapshot())));
    std::fflush(stderr);
    m_printed = true;
}

} // namespace spk::sim

#include "simulator/progress_reporter.h"

#include "simulator/fleet.h"

#include <cstdio>
#include <unistd.h>

namespace spk::sim {

ProgressReporter::ProgressReporter(const Fleet &fleet, QObject *parent) : QObject(parent), fleet_(fleet)
{
    timer_.setInterval(1000);
    connect(&timer_, &QTimer::timeout, this, &ProgressReporter::print);
}

bool ProgressReporter::stderrIsTerminal()
{
    return ::isatty(STDERR_FILENO) == 1;
}

void ProgressReporter::start()
{
    timer_.start();
}

void ProgressReporter::stop()
{
    timer_.stop();
    if (printed_) {
        std::fputs("\n", stderr);
        printed_ = false;
    }
}

void ProgressReporter::print()
{
    // \r + "erase line": the line shrinks cleanly when numbers get shorter.
    std::fprintf(stderr, "\r\033[K%s", qPrintable(progressLine(fleet_.snapshot())));
    std::fflush(stderr);
    printed_ = true;
}

} // namespace spk::sim

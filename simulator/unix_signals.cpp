#include "simulator/unix_signals.h"

#include <QSocketNotifier>

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace spk::sim {

namespace {
int selfPipe[2] = {-1, -1};

void onSignal(int signalNumber)
{
    const unsigned char byte = static_cast<unsigned char>(signalNumber);
    [[maybe_unused]] const ssize_t n = ::write(selfPipe[1], &byte, 1);
}
} // namespace

UnixSignalWatcher::UnixSignalWatcher(QObject *parent) : QObject(parent) {}

UnixSignalWatcher::~UnixSignalWatcher() = default;

bool UnixSignalWatcher::watch(std::initializer_list<int> signalNumbers)
{
    if (selfPipe[0] < 0) {
        if (::pipe2(selfPipe, O_CLOEXEC | O_NONBLOCK) != 0)
            return false;
    }
    notifier_ = new QSocketNotifier(selfPipe[0], QSocketNotifier::Read, this);
    connect(notifier_, &QSocketNotifier::activated, this, &UnixSignalWatcher::readPipe);
    for (const int s : signalNumbers) {
        struct sigaction sa = {};
        sa.sa_handler = onSignal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        ::sigaction(s, &sa, nullptr);
    }
    return true;
}

void UnixSignalWatcher::readPipe()
{
    unsigned char byte = 0;
    while (::read(selfPipe[0], &byte, 1) == 1)
        emit received(int(byte));
}

} // namespace spk::sim

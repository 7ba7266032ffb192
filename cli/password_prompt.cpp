#include "cli/password_prompt.h"

#include <csignal>
#include <cstdio>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace spk::cli {

namespace {

bool readLine(std::FILE *in, QString *out)
{
    std::string line;
    int c = 0;
    bool any = false;
    while ((c = std::fgetc(in)) != EOF) {
        any = true;
        if (c == '\n')
            break;
        line.push_back(static_cast<char>(c));
    }
    if (!any)
        return false;
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    *out = QString::fromStdString(line);
    return true;
}

// Ctrl-C at the password prompt must not leave the terminal without echo.
termios savedTerminal{};

void restoreTerminalAndExit(int sig)
{
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &savedTerminal);
    ::write(STDERR_FILENO, "\n", 1);
    ::_exit(128 + sig);
}

void writePrompt(const QString &prompt)
{
    std::fputs(prompt.toLocal8Bit().constData(), stderr);
    std::fflush(stderr);
}

} // namespace

bool stdinIsTerminal()
{
    return ::isatty(STDIN_FILENO) == 1;
}
bool stderrIsTerminal()
{
    return ::isatty(STDERR_FILENO) == 1;
}

bool promptHidden(const QString &prompt, QString *out)
{
    writePrompt(prompt);
    termios saved{};
    const bool tty = ::tcgetattr(STDIN_FILENO, &saved) == 0;
    struct sigaction previousInt = {}, previousTerm = {};
    if (tty) {
        savedTerminal = saved;
        struct sigaction sa = {};
        sa.sa_handler = restoreTerminalAndExit;
        sigemptyset(&sa.sa_mask);
        ::sigaction(SIGINT, &sa, &previousInt);
        ::sigaction(SIGTERM, &sa, &previousTerm);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        quiet.c_lflag |= ECHONL; // still move to the next line on Enter
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    const bool ok = readLine(stdin, out);
    if (tty) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        ::sigaction(SIGINT, &previousInt, nullptr);
        ::sigaction(SIGTERM, &previousTerm, nullptr);
    }
    return ok;
}

bool promptVisible(const QString &prompt, QString *out)
{
    writePrompt(prompt);
    return readLine(stdin, out);
}

bool readLineFromStdin(QString *out)
{
    return readLine(stdin, out);
}

} // namespace spk::cli

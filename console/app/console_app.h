#pragma once
// The console program: application identity, language, login, main window.
class QApplication;

namespace spk::console {
int runConsole(QApplication &app);
}

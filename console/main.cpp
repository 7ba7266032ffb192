// spk-console: log in, then the main window. Everything else lives in spk_console_lib.
#include "console/app/console_app.h"

#include <QApplication>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    return spk::console::runConsole(app);
}

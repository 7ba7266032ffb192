// spkd: the spk fleet server. Everything lives in the libraries; see server/app/spkd_commands.cpp.
#include "server/app/spkd_commands.h"
#include "spk_version.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("spkd"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(spk::kVersion));
    return spk::server::runSpkd(QCoreApplication::arguments());
}

// spkd: the spk fleet server. Everything lives in the libraries; see server/app/spkd_commands.cpp.
#include "server/app/spkd_commands.h"
#include "spk_version.h"

#include <QCoreApplication>
#include <sys/stat.h>

int main(int argc, char *argv[])
{
    // Everything spkd creates (database, recordings, jwt.key, broker persistence) is its own from the
    // first byte; files others must read (the broker's credentials) are opened up explicitly.
    ::umask(077);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("spkd"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(spk::kVersion));
    return spk::server::runSpkd(QCoreApplication::arguments());
}

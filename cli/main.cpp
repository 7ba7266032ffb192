// spkctl: command-line control of an spk fleet. All logic lives in spkctl_lib (cli/dispatcher.h).
#include "cli/dispatcher.h"
#include "spk_version.h"

#include <QCoreApplication>
#include <QLocale>
#include <QLoggingCategory>
#include <QTextStream>
#include <QTranslator>
#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("spkctl"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(spk::kVersion));
    // Library chatter would mix with command output; QT_LOGGING_RULES can turn it back on.
    QLoggingCategory::setFilterRules(QStringLiteral("spk.*.debug=false\nspk.*.info=false"));
    // Messages in the user's language (LANG / LC_MESSAGES); English when no translation matches.
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("spk"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);

    QTextStream out(stdout);
    QTextStream err(stderr);
    return spk::cli::runSpkctl(QCoreApplication::arguments(), out, err);
}

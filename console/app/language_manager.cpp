#include "console/app/language_manager.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSettings>

Q_LOGGING_CATEGORY(lcLanguage, "spk.console.language")

namespace spk::console {

namespace {
const QString kLanguageKey = QStringLiteral("ui/language");
}

LanguageManager::LanguageManager(QObject *parent) : QObject(parent) {}

QStringList LanguageManager::availableLanguages()
{
    return {QString::fromLatin1(kEnglish), QString::fromLatin1(kChinese)};
}

QString LanguageManager::nativeName(const QString &code)
{
    // Deliberately not translated: people look for their own language's name.
    if (code == QLatin1String(kChinese))
        return QStringLiteral("简体中文");
    return QStringLiteral("English");
}

QString LanguageManager::languageForLocale(const QLocale &locale)
{
    return locale.language() == QLocale::Chinese ? QString::fromLatin1(kChinese)
                                                 : QString::fromLatin1(kEnglish);
}

QString LanguageManager::preferredLanguage() const
{
    const QString saved = QSettings().value(kLanguageKey).toString();
    if (availableLanguages().contains(saved))
        return saved;
    return languageForLocale(QLocale::system());
}

bool LanguageManager::setLanguage(const QString &code, bool remember)
{
    if (!availableLanguages().contains(code)) {
        qCWarning(lcLanguage) << "unknown language" << code;
        return false;
    }
    if (code != QLatin1String(kEnglish)) {
        QTranslator next;
        const QString file = QStringLiteral(":/i18n/spk_%1.qm").arg(code);
        if (!next.load(file)) {
            qCWarning(lcLanguage) << "cannot load translation" << file;
            return false;
        }
        if (installed_)
            QCoreApplication::removeTranslator(&translator_);
        installed_ = translator_.load(file) && QCoreApplication::installTranslator(&translator_);
    } else if (installed_) {
        QCoreApplication::removeTranslator(&translator_);
        installed_ = false;
    }
    current_ = code;
    QLocale::setDefault(QLocale(code == QLatin1String(kChinese) ? QLocale::Chinese : QLocale::English,
                                code == QLatin1String(kChinese) ? QLocale::China : QLocale::UnitedStates));
    if (remember)
        QSettings().setValue(kLanguageKey, code);
    qCInfo(lcLanguage) << "language" << code;
    emit languageChanged(code);
    return true;
}

} // namespace spk::console

#pragma once
// Which language the UI speaks. English is the source language; Simplified Chinese comes from
// translations/spk_zh_CN.ts, compiled to .qm and embedded under :/i18n. Switching installs or removes
// a QTranslator at runtime; every widget then gets a LanguageChange event and retranslates itself.
#include <QLocale>
#include <QObject>
#include <QTranslator>

namespace spk::console {

class LanguageManager : public QObject
{
    Q_OBJECT
public:
    static constexpr char kEnglish[] = "en";
    static constexpr char kChinese[] = "zh_CN";

    explicit LanguageManager(QObject *parent = nullptr);

    // The language codes the console ships, with their names in their own language.
    static QStringList availableLanguages();
    static QString nativeName(const QString &code);
    // zh, zh_CN, zh_Hans… -> zh_CN; anything else -> en.
    static QString languageForLocale(const QLocale &locale);

    // The saved choice, or the system locale's language when nothing was chosen.
    QString preferredLanguage() const;
    QString currentLanguage() const { return current_; }

    // Installs the language (and remembers it when remember is true). False for an unknown code or
    // a translation that cannot be loaded; the current language stays then.
    bool setLanguage(const QString &code, bool remember = true);

signals:
    void languageChanged(const QString &code);

private:
    QTranslator translator_;
    bool installed_ = false;
    QString current_ = QString::fromLatin1(kEnglish);
};

} // namespace spk::console

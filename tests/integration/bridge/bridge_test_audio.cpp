#include "bridge_test_audio.h"

#include <QFile>
#include <QRegularExpression>

namespace spk::test {

QByteArray goForwardSpeech(int padMs)
{
    QFile f(QStringLiteral("/usr/share/pocketsphinx/test/data/goforward.raw"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QByteArray pcm = f.readAll();
    pcm.append(QByteArray(padMs * 32, '\0'));
    return pcm;
}

int matchingWords(const QString &text, const QStringList &expected)
{
    const QStringList words =
        text.toLower().split(QRegularExpression(QStringLiteral("\\W+")), Qt::SkipEmptyParts);
    int n = 0;
    for (const QString &w : expected)
        n += words.contains(w.toLower()) ? 1 : 0;
    return n;
}

} // namespace spk::test

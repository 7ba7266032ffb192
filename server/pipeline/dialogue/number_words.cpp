#include "server/pipeline/dialogue/number_words.h"

#include <QHash>

namespace spk::server::pipeline {

namespace {

const QStringList kUnits{"zero",     "one",     "two",     "three",     "four",     "five",    "six",
                         "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",  "thirteen",
                         "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
const QStringList kTens{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};

std::optional<int> parseDigits(const QStringList &tokens)
{
    if (tokens.size() != 1)
        return std::nullopt;
    bool ok = false;
    const QString &t = tokens.front();
    if (t.size() > 3)
        return std::nullopt;
    const int v = t.toInt(&ok);
    return ok && v >= 0 ? std::optional<int>(v) : std::nullopt;
}

std::optional<int> parseEnglish(QStringList tokens)
{
    if (tokens.isEmpty())
        return std::nullopt;
    if (tokens.last() == QLatin1String("hundred")) {
        tokens.removeLast();
        if (tokens.isEmpty() || tokens == QStringList{QStringLiteral("a")} ||
            tokens == QStringList{QStringLiteral("one")})
            return 100;
        return std::nullopt;
    }
    if (tokens.size() == 1) {
        const int unit = int(kUnits.indexOf(tokens[0]));
        if (unit >= 0)
            return unit;
        const int ten = int(kTens.indexOf(tokens[0]));
        return ten >= 2 ? std::optional<int>(ten * 10) : std::nullopt;
    }
    if (tokens.size() == 2) {
        const int ten = int(kTens.indexOf(tokens[0]));
        const int unit = int(kUnits.indexOf(tokens[1]));
        if (ten >= 2 && unit >= 1 && unit <= 9)
            return ten * 10 + unit;
    }
    return std::nullopt;
}

int chineseDigit(const QString &t)
{
    static const QHash<QString, int> digits{{"零", 0}, {"〇", 0}, {"一", 1}, {"二", 2}, {"两", 2}, {"三", 3},
                                            {"四", 4}, {"五", 5}, {"六", 6}, {"七", 7}, {"八", 8}, {"九", 9}};
    return digits.value(t, -1);
}

std::optional<int> parseChinese(const QStringList &tokens)
{
    if (tokens.isEmpty() || tokens.size() > 4)
        return std::nullopt;
    if (tokens == QStringList{QStringLiteral("一"), QStringLiteral("百")} ||
        tokens == QStringList{QStringLiteral("百")})
        return 100;
    const qsizetype ten = tokens.indexOf(QStringLiteral("十"));
    if (ten < 0) {
        if (tokens.size() != 1)
            return std::nullopt;
        const int d = chineseDigit(tokens[0]);
        return d >= 0 ? std::optional<int>(d) : std::nullopt;
    }
    int tens = 1;
    if (ten == 1) {
        tens = chineseDigit(tokens[0]);
        if (tens < 1)
            return std::nullopt;
    } else if (ten != 0) {
        return std::nullopt;
    }
    const qsizetype rest = tokens.size() - ten - 1;
    if (rest == 0)
        return tens * 10;
    if (rest != 1)
        return std::nullopt;
    const int unit = chineseDigit(tokens.last());
    return unit >= 1 ? std::optional<int>(tens * 10 + unit) : std::nullopt;
}

} // namespace

std::optional<int> parseSpokenNumber(const QStringList &tokens)
{
    if (auto v = parseDigits(tokens))
        return v;
    if (auto v = parseEnglish(tokens))
        return v;
    return parseChinese(tokens);
}

QString englishNumberWords(int value)
{
    if (value < 0 || value > 100)
        return {};
    if (value == 100)
        return QStringLiteral("one hundred");
    if (value < 20)
        return kUnits[value];
    const QString tens = kTens[value / 10];
    return value % 10 ? tens + QLatin1Char(' ') + kUnits[value % 10] : tens;
}

} // namespace spk::server::pipeline

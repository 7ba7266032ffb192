#include "cli/key_value_parser.h"

#include "cli/tr.h"

#include <QRegularExpression>
#include <cmath>

namespace spk::cli {

namespace {

QJsonValue typedValue(const QString &text)
{
    static const QRegularExpression integer(QStringLiteral("^[+-]?[0-9]+$"));
    static const QRegularExpression decimal(
        QStringLiteral("^[+-]?([0-9]+\\.[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?$"));
    if (text.size() >= 2 && ((text.startsWith(QLatin1Char('"')) && text.endsWith(QLatin1Char('"'))) ||
                             (text.startsWith(QLatin1Char('\'')) && text.endsWith(QLatin1Char('\'')))))
        return text.mid(1, text.size() - 2);
    if (text == QLatin1String("true"))
        return true;
    if (text == QLatin1String("false"))
        return false;
    if (text == QLatin1String("null"))
        return QJsonValue(QJsonValue::Null);
    if (integer.match(text).hasMatch()) {
        bool ok = false;
        const qint64 n = text.toLongLong(&ok);
        // JSON numbers are doubles: beyond 2^53 an integer would silently change, keep it a string.
        if (ok && std::llabs(n) <= (qint64(1) << 53))
            return n;
        return text;
    }
    if (decimal.match(text).hasMatch()) {
        bool ok = false;
        const double d = text.toDouble(&ok);
        if (ok && std::isfinite(d))
            return d;
    }
    return text;
}

} // namespace

KeyValueResult parseKeyValues(const QStringList &args)
{
    static const QRegularExpression keyRule(QStringLiteral("^[A-Za-z0-9_.-]{1,64}$"));
    KeyValueResult result;
    if (args.isEmpty()) {
        result.error = spkctl::tr("Give at least one setting as KEY=VALUE, for example volume=80.");
        return result;
    }
    QJsonObject out;
    for (const QString &arg : args) {
        const qsizetype eq = arg.indexOf(QLatin1Char('='));
        if (eq < 0) {
            result.error = spkctl::tr("\"%1\" is not KEY=VALUE (for example volume=80).").arg(arg);
            return result;
        }
        const QString key = arg.left(eq);
        if (!keyRule.match(key).hasMatch()) {
            result.error =
                spkctl::tr("\"%1\": the key must be 1-64 letters, digits, '_', '.' or '-'.").arg(arg);
            return result;
        }
        if (out.contains(key)) {
            result.error = spkctl::tr("The key \"%1\" is given more than once.").arg(key);
            return result;
        }
        out.insert(key, typedValue(arg.mid(eq + 1)));
    }
    result.object = out;
    return result;
}

} // namespace spk::cli

#include "cli/table_printer.h"

#include <QTextStream>

namespace spk::cli {

namespace {

// East Asian Width W/F ranges (Unicode 15), condensed: enough for CJK, kana, hangul, fullwidth
// forms and emoji, which are what device and user names realistically contain.
bool isWide(char32_t c)
{
    struct Range
    {
        char32_t first, last;
    };
    static constexpr Range kRanges[] = {
        {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},   {0x23F0, 0x23F0},
        {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},   {0x2648, 0x2653},   {0x267F, 0x267F},
        {0x2693, 0x2693},   {0x26A1, 0x26A1},   {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},
        {0x26CE, 0x26CE},   {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
        {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},   {0x2728, 0x2728},
        {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},   {0x2757, 0x2757},   {0x2795, 0x2797},
        {0x27B0, 0x27B0},   {0x27BF, 0x27BF},   {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},
        {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
        {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},
        {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4}, {0x17000, 0x18CFF}, {0x1AFF0, 0x1B2FF},
        {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251},
        {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF}, {0x1FA70, 0x1FAFF},
        {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
    };
    for (const Range &r : kRanges) {
        if (c < r.first)
            return false;
        if (c <= r.last)
            return true;
    }
    return false;
}

int charWidth(char32_t c)
{
    if (c == 0x200B || c == 0x200C || c == 0x200D || c == 0xFEFF || (c >= 0xFE00 && c <= 0xFE0F))
        return 0; // zero-width space/joiners, BOM, variation selectors
    switch (QChar::category(c)) {
    case QChar::Mark_NonSpacing:
    case QChar::Mark_Enclosing:
    case QChar::Other_Control:
    case QChar::Other_Format:
        return 0;
    default:
        break;
    }
    return isWide(c) ? 2 : 1;
}

} // namespace

int displayWidth(const QString &text)
{
    int width = 0;
    for (char32_t c : text.toUcs4())
        width += charWidth(c);
    return width;
}

QString padToWidth(const QString &text, int columns)
{
    const int missing = columns - displayWidth(text);
    return missing > 0 ? text + QString(missing, QLatin1Char(' ')) : text;
}

TablePrinter::TablePrinter(QStringList headers)
    : headers_(std::move(headers)), rightAligned_(headers_.size(), false)
{
}

void TablePrinter::addRow(QStringList cells)
{
    while (cells.size() < headers_.size())
        cells.append(QString());
    cells = cells.mid(0, headers_.size());
    // A newline or tab inside a cell would break the grid.
    for (QString &c : cells) {
        c.replace(QLatin1Char('\n'), QLatin1Char(' '));
        c.replace(QLatin1Char('\r'), QLatin1Char(' '));
        c.replace(QLatin1Char('\t'), QLatin1Char(' '));
    }
    rows_.append(cells);
}

void TablePrinter::setRightAligned(int column, bool right)
{
    if (column >= 0 && column < rightAligned_.size())
        rightAligned_[column] = right;
}

QString TablePrinter::render() const
{
    QList<int> widths;
    for (const QString &h : headers_)
        widths.append(displayWidth(h));
    for (const QStringList &row : rows_)
        for (int i = 0; i < row.size(); ++i)
            widths[i] = qMax(widths[i], displayWidth(row[i]));

    const auto line = [&](const QStringList &cells) {
        QString s;
        for (int i = 0; i < cells.size(); ++i) {
            const bool last = i == cells.size() - 1;
            if (i > 0)
                s += QStringLiteral("  ");
            if (rightAligned_[i])
                s += QString(widths[i] - displayWidth(cells[i]), QLatin1Char(' ')) + cells[i];
            else
                s += last ? cells[i] : padToWidth(cells[i], widths[i]);
        }
        while (s.endsWith(QLatin1Char(' ')))
            s.chop(1);
        return s + QLatin1Char('\n');
    };

    QString out = line(headers_);
    for (const QStringList &row : rows_)
        out += line(row);
    return out;
}

void TablePrinter::print(QTextStream &out) const
{
    out << render();
}

} // namespace spk::cli

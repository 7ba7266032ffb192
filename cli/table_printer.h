#pragma once
// Aligned text tables for terminals. Widths count terminal columns, not characters: CJK and other
// wide characters take two columns, combining marks none.
#include <QList>
#include <QString>
#include <QStringList>

class QTextStream;

namespace spk::cli {

// Terminal columns that text occupies (East Asian Wide/Fullwidth = 2, combining/zero-width = 0).
int displayWidth(const QString &text);
// text padded with spaces on the right to `columns` terminal columns (never truncated).
QString padToWidth(const QString &text, int columns);

class TablePrinter
{
public:
    explicit TablePrinter(QStringList headers);
    // Rows shorter than the header are padded with empty cells; longer ones are cut.
    void addRow(QStringList cells);
    // Columns whose values are numbers align right.
    void setRightAligned(int column, bool right = true);
    int rowCount() const { return int(rows_.size()); }
    // Two spaces between columns; no trailing spaces; one line per row, header first.
    QString render() const;
    void print(QTextStream &out) const;

private:
    QStringList headers_;
    QList<QStringList> rows_;
    QList<bool> rightAligned_;
};

} // namespace spk::cli

#pragma once
// The audit log (GET /api/audit): who did what to which object, when, from where.
#include "shared/client/models.h"

#include <QAbstractTableModel>

namespace spk::console {

class AuditTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { When, Actor, Action, Object, Source, Details, ColumnCount };

    explicit AuditTableModel(QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setEntries(const QList<spk::client::AuditEntry> &entries);
    void appendEntries(const QList<spk::client::AuditEntry> &entries);
    // The cursor for the next (older) page: the smallest id listed, empty when none.
    QString oldestCursor() const;
    void retranslate();

private:
    QList<spk::client::AuditEntry> rows_;
};

} // namespace spk::console

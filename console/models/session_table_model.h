#pragma once
// Sessions as a table, newest first, grown page by page (GET /api/sessions cursor).
#include "shared/client/models.h"

#include <QAbstractTableModel>
#include <QVector>

namespace spk::console {

class SessionTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Id, Device, Status, Started, Duration, UserQuery, AiResponse, ColumnCount };
    enum Role { SessionIdRole = Qt::UserRole + 1, SortRole };

    explicit SessionTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setSessions(const QList<spk::client::Session> &sessions);
    // Adds a following page; sessions already listed are refreshed, not repeated.
    void appendSessions(const QList<spk::client::Session> &sessions);
    // Refreshes one session in place (e.g. after its detail was loaded); false if not listed.
    bool updateSession(const spk::client::Session &session);
    void clear() { setSessions({}); }

    const spk::client::Session *sessionAt(int row) const;
    int rowOf(qint64 id) const;
    void retranslate();

    // "completed" -> translated word for the status column and filters.
    static QString statusLabel(const QString &status);
    // 1234 ms -> "1.2 s"
    static QString formatDuration(qint64 ms);

private:
    QVector<spk::client::Session> rows_;
};

} // namespace spk::console

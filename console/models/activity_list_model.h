#pragma once
// Live activity: session_progress events as they arrive (newest on top, bounded).
#include <QAbstractListModel>
#include <QDateTime>
#include <QJsonObject>
#include <QVector>

namespace spk::console {

struct ActivityEvent
{
    QDateTime at;
    QString deviceId;
    qint64 sessionId = 0;
    QString deviceSessionId;
    QString stage;
    QString text;
};

class ActivityListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role { SessionIdRole = Qt::UserRole + 1, StageRole, DeviceIdRole };
    static constexpr int kDefaultCapacity = 1000;

    explicit ActivityListModel(QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // Adds a session_progress message; malformed ones (no device or stage) are ignored: false.
    bool addProgress(const QJsonObject &message, const QDateTime &at = QDateTime::currentDateTime());
    void setCapacity(int events);
    void clear();
    const ActivityEvent *eventAt(int row) const;
    void retranslate();

    // "thinking" -> translated stage name.
    static QString stageLabel(const QString &stage);

private:
    QString describe(const ActivityEvent &e) const;

    QVector<ActivityEvent> events_; // newest first
    int capacity_ = kDefaultCapacity;
};

} // namespace spk::console

#pragma once
// One session for support staff: what was said and answered, the stage timeline, both audio tracks.
#include "shared/client/models.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QTextBrowser;

namespace spk::client {
class ApiReply;
}

namespace spk::console {

class Connection;
class StageTimelineWidget;
class TrackPlayer;

class SessionDetailPanel : public QWidget
{
    Q_OBJECT
public:
    explicit SessionDetailPanel(Connection *connection, QWidget *parent = nullptr);

    // Loads GET /api/sessions/{id} and both tracks.
    void showSession(qint64 sessionId);
    void clear();
    qint64 sessionId() const { return sessionId_; }
    const spk::client::Session &session() const { return session_; }
    TrackPlayer *userPlayer() const { return userPlayer_; }
    TrackPlayer *assistantPlayer() const { return assistantPlayer_; }
    StageTimelineWidget *timeline() const { return timeline_; }
    QString transcriptText() const;

signals:
    void sessionLoaded(const spk::client::Session &session);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void render();

    Connection *connection_;
    QLabel *header_;
    QLabel *turnsTitle_;
    QTextBrowser *turns_;
    QLabel *timelineTitle_;
    StageTimelineWidget *timeline_;
    QLabel *audioTitle_;
    TrackPlayer *userPlayer_;
    TrackPlayer *assistantPlayer_;
    QPointer<spk::client::ApiReply> loading_;
    qint64 sessionId_ = 0;
    spk::client::Session session_;
    QString error_;
};

} // namespace spk::console

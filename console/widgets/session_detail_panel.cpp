#include "console/widgets/session_detail_panel.h"

#include "console/app/connection.h"
#include "console/app/error_text.h"
#include "console/models/session_table_model.h"
#include "console/widgets/stage_timeline_widget.h"
#include "console/widgets/track_player.h"

#include "shared/wire/fields.h"
#include <QEvent>
#include <QLabel>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace spk::console {

SessionDetailPanel::SessionDetailPanel(Connection *connection, QWidget *parent)
    : QWidget(parent), connection_(connection), header_(new QLabel(this)), turnsTitle_(new QLabel(this)),
      turns_(new QTextBrowser(this)), timelineTitle_(new QLabel(this)),
      timeline_(new StageTimelineWidget(this)), audioTitle_(new QLabel(this)),
      userPlayer_(new TrackPlayer(connection->api(), spk::client::AudioTrack::User, this)),
      assistantPlayer_(new TrackPlayer(connection->api(), spk::client::AudioTrack::Assistant, this))
{
    setObjectName(QStringLiteral("sessionDetailPanel"));
    header_->setWordWrap(true);
    header_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = turnsTitle_->font();
    bold.setBold(true);
    for (QLabel *l : {turnsTitle_, timelineTitle_, audioTitle_})
        l->setFont(bold);
    turns_->setOpenLinks(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(header_);
    layout->addWidget(turnsTitle_);
    layout->addWidget(turns_, 1);
    layout->addWidget(timelineTitle_);
    layout->addWidget(timeline_);
    layout->addWidget(audioTitle_);
    layout->addWidget(userPlayer_);
    layout->addWidget(assistantPlayer_);
    retranslateUi();
}

void SessionDetailPanel::retranslateUi()
{
    turnsTitle_->setText(tr("Conversation"));
    timelineTitle_->setText(tr("Stages (ms since wake word)"));
    audioTitle_->setText(tr("Recordings"));
    render();
}

void SessionDetailPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void SessionDetailPanel::clear()
{
    if (loading_)
        loading_->abort();
    sessionId_ = 0;
    session_ = {};
    error_.clear();
    userPlayer_->unload();
    assistantPlayer_->unload();
    render();
}

void SessionDetailPanel::showSession(qint64 sessionId)
{
    clear();
    if (sessionId <= 0)
        return;
    sessionId_ = sessionId;
    header_->setText(tr("Loading session %1…").arg(sessionId));
    loading_ = connection_->api()->session(sessionId);
    loading_->then(this, [this, sessionId](const spk::client::ApiResult &r) {
        if (sessionId != sessionId_)
            return;
        if (!r.ok) {
            if (r.errorCode() != QLatin1String(spk::client::errc::kCanceled))
                error_ = ErrorText::describe(r);
            render();
            return;
        }
        session_ = spk::client::Session::fromJson(r.json);
        render();
        userPlayer_->load(sessionId);
        assistantPlayer_->load(sessionId);
        emit sessionLoaded(session_);
    });
}

QString SessionDetailPanel::transcriptText() const
{
    return turns_->toPlainText();
}

void SessionDetailPanel::render()
{
    if (sessionId_ == 0) {
        header_->setText(tr("Select a session to see what was said and to listen to it."));
        turns_->clear();
        timeline_->clear();
        return;
    }
    if (!error_.isEmpty()) {
        header_->setText(tr("Cannot load session %1: %2").arg(sessionId_).arg(error_));
        return;
    }
    if (session_.id == 0)
        return; // still loading
    const auto &s = session_;
    QString header =
        tr("Session %1 on %2 — %3").arg(s.id).arg(s.deviceId, SessionTableModel::statusLabel(s.status));
    if (s.createdAt.isValid())
        header +=
            QLatin1Char('\n') +
            tr("Started %1").arg(s.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    if (s.durationMs)
        header +=
            QStringLiteral(" · ") + tr("lasted %1").arg(SessionTableModel::formatDuration(*s.durationMs));
    if (!s.deviceSessionId.isEmpty())
        header += QStringLiteral(" · ") + tr("device session %1").arg(s.deviceSessionId);
    header_->setText(header);

    // Turns as a simple chat transcript; the list fields stand in when the server sent no turns.
    QList<QPair<QString, QString>> lines;
    for (const auto &t : s.turns) {
        if (!t.isFinal || t.text.isEmpty())
            continue;
        lines.append({t.role, t.text});
    }
    if (lines.isEmpty()) {
        if (!s.userQuery.isEmpty())
            lines.append({QLatin1String(spk::wire::field::kUser), s.userQuery});
        if (!s.aiResponse.isEmpty())
            lines.append({QStringLiteral("assistant"), s.aiResponse});
    }
    QString html;
    for (const auto &[role, text] : lines) {
        const bool user = role == QLatin1String("user");
        html += QStringLiteral("<p><b style=\"color:%1\">%2</b> %3</p>")
                    .arg(user ? QStringLiteral("#4e79a7") : QStringLiteral("#59a14f"),
                         (user ? tr("User:") : tr("Speaker:")).toHtmlEscaped(), text.toHtmlEscaped());
    }
    if (lines.isEmpty())
        html = QStringLiteral("<p><i>%1</i></p>").arg(tr("No transcript recorded.").toHtmlEscaped());
    turns_->setHtml(html);
    timeline_->setTimings(s.timings, s.durationMs.value_or(0));
}

} // namespace spk::console

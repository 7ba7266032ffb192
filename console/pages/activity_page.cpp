#include "console/pages/activity_page.h"

#include "console/models/activity_list_model.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QVBoxLayout>

namespace spk::console {

ActivityPage::ActivityPage(QWidget *parent)
    : QWidget(parent), model_(new ActivityListModel(this)), hint_(new QLabel(this)),
      pause_(new QCheckBox(this)), clear_(new QPushButton(this)), list_(new QListView(this))
{
    setObjectName(QStringLiteral("activityPage"));
    list_->setObjectName(QStringLiteral("activityList"));
    list_->setModel(model_);
    list_->setUniformItemSizes(true);
    list_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *bar = new QHBoxLayout;
    bar->addWidget(hint_, 1);
    bar->addWidget(pause_);
    bar->addWidget(clear_);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(list_, 1);
    connect(clear_, &QPushButton::clicked, model_, &ActivityListModel::clear);
    connect(list_, &QListView::activated, this, [this](const QModelIndex &index) {
        const qint64 id = index.data(ActivityListModel::SessionIdRole).toLongLong();
        if (id > 0)
            emit openSessionRequested(id);
    });
    retranslateUi();
}

void ActivityPage::retranslateUi()
{
    hint_->setText(tr("Conversations as they happen. Double-click one to open the session."));
    pause_->setText(tr("Pause"));
    clear_->setText(tr("Clear"));
    model_->retranslate();
}

void ActivityPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ActivityPage::addProgress(const QJsonObject &message)
{
    if (!pause_->isChecked())
        model_->addProgress(message);
}

} // namespace spk::console

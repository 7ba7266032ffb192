#pragma once
// Support staff's daily tool: find sessions by device, status and date; read, see and hear them.
#include <QPointer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace spk::client {
class ApiReply;
struct SessionQuery;
} // namespace spk::client

namespace spk::console {

class Connection;
class SessionDetailPanel;
class SessionTableModel;

class SessionsPage : public QWidget
{
    Q_OBJECT
public:
    explicit SessionsPage(Connection *connection, QWidget *parent = nullptr);

    SessionTableModel *model() const { return model_; }
    SessionDetailPanel *detailPanel() const { return detail_; }
    QTableView *table() const { return table_; }
    // Filters by device (as typed in the filter bar) and searches.
    void setDeviceFilter(const QString &deviceId);
    // Opens one session's detail (and selects it when listed).
    void showSession(qint64 sessionId);

public slots:
    void search();
    void loadMore();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    spk::client::SessionQuery currentQuery() const;
    void fetch(bool append);
    void onSelectionChanged();

    Connection *connection_;
    SessionTableModel *model_;
    QSortFilterProxyModel *proxy_;
    QLineEdit *device_;
    QComboBox *status_;
    QCheckBox *fromEnabled_;
    QDateTimeEdit *from_;
    QCheckBox *toEnabled_;
    QDateTimeEdit *to_;
    QPushButton *searchButton_;
    QLabel *message_;
    QTableView *table_;
    QPushButton *moreButton_;
    SessionDetailPanel *detail_;
    QPointer<spk::client::ApiReply> loading_;
    QString next_;
};

} // namespace spk::console

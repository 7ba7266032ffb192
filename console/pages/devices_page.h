#pragma once
// The fleet: a sortable, filterable table kept live by the status feed, with the selected device's
// detail beside it.
#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace spk::client {
class ApiReply;
}

namespace spk::console {

class Connection;
class DeviceDetailPanel;
class DeviceFilterModel;
class DeviceTableModel;

class DevicesPage : public QWidget
{
    Q_OBJECT
public:
    DevicesPage(Connection *connection, DeviceTableModel *devices, QWidget *parent = nullptr);

    DeviceDetailPanel *detailPanel() const { return detail_; }
    DeviceFilterModel *filterModel() const { return proxy_; }
    QTableView *table() const { return table_; }
    void selectDevice(const QString &deviceId);

public slots:
    // GET /api/devices; the live feed keeps the rows current afterwards.
    void reload();

signals:
    void openSessionRequested(qint64 sessionId);
    void loadFailed(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void onSelectionChanged();
    void fetchUnknownDevice(const QString &deviceId);

    Connection *connection_;
    DeviceTableModel *devices_;
    DeviceFilterModel *proxy_;
    QLineEdit *filter_;
    QComboBox *onlineFilter_;
    QPushButton *refresh_;
    QLabel *message_;
    QTableView *table_;
    DeviceDetailPanel *detail_;
    QPointer<spk::client::ApiReply> loading_;
};

} // namespace spk::console

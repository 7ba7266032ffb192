#pragma once
// Form for registering a device: id, name and owner. POST /api/devices answers with the device's
// secret, shown exactly once by DeviceSecretDialog.
#include "console/widgets/form_dialog.h"
#include "shared/client/models.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;

namespace spk::console {

class AddDeviceDialog : public FormDialog
{
    Q_OBJECT
public:
    explicit AddDeviceDialog(const QList<spk::client::User> &owners, QWidget *parent = nullptr);

    QString deviceId() const;
    QString name() const;
    qint64 ownerId() const;
    QString validationError() const override;

private:
    QLineEdit *id_;
    QLineEdit *name_;
    QComboBox *owner_;
};

class DeviceSecretDialog : public QDialog
{
    Q_OBJECT
public:
    // Shown once, after a device is added or given a new secret.
    enum class Reason { Added, Rotated };
    DeviceSecretDialog(const QString &deviceId, const QString &secret, Reason reason = Reason::Added,
                       QWidget *parent = nullptr);
    QString secret() const;

public slots:
    void copyToClipboard();

private:
    QLineEdit *secret_;
    QLabel *copied_;
};

} // namespace spk::console

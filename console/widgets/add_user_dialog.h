#pragma once
// Form for a new account: user name, password (twice), role. Validates before anything is sent.
#include "console/widgets/form_dialog.h"

class QComboBox;
class QLineEdit;

namespace spk::console {

class AddUserDialog : public FormDialog
{
    Q_OBJECT
public:
    explicit AddUserDialog(QWidget *parent = nullptr);

    QString username() const;
    QString password() const;
    QString role() const; // admin | support | user
    QString validationError() const override;

private:
    QLineEdit *username_;
    QLineEdit *password_;
    QLineEdit *repeat_;
    QComboBox *role_;
};

} // namespace spk::console

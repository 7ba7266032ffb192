#pragma once
// Form for a new account: user name, password (twice), role. Validates before anything is sent.
#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace spk::console {

class AddUserDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AddUserDialog(QWidget *parent = nullptr);

    QString username() const;
    QString password() const;
    QString role() const; // admin | support | user
    // Empty when the form is acceptable; otherwise what to fix.
    QString validationError() const;
    void showError(const QString &text);
    void setBusy(bool busy);

signals:
    void submitted();

private:
    QLineEdit *username_;
    QLineEdit *password_;
    QLineEdit *repeat_;
    QComboBox *role_;
    QLabel *error_;
    QPushButton *ok_;
    QPushButton *cancel_;
};

} // namespace spk::console

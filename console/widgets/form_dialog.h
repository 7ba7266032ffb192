#pragma once
// The shape the console's "add …" dialogs share: a form of labelled fields, a red line for what to fix,
// Cancel and a default submit button. Submitting validates first; setBusy() locks the form while the
// request runs, so the page that opened the dialog only answers submitted().
#include <QDialog>
#include <QList>

class QFormLayout;
class QLabel;
class QPushButton;

namespace spk::console {

class FormDialog : public QDialog
{
    Q_OBJECT
public:
    // Empty when the form is acceptable; otherwise what to fix.
    virtual QString validationError() const = 0;
    void showError(const QString &text);
    void setBusy(bool busy);

signals:
    // The submit button was pressed on a valid form.
    void submitted();

protected:
    FormDialog(const QString &title, const QString &submitText, QWidget *parent);
    // Adds a labelled field, in tab order before the buttons; it is disabled while busy.
    void addRow(const QString &label, QWidget *field);

private:
    QFormLayout *form_;
    QLabel *error_;
    QPushButton *ok_;
    QPushButton *cancel_;
    QList<QWidget *> fields_;
};

} // namespace spk::console

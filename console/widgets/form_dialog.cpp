#include "console/widgets/form_dialog.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace spk::console {

FormDialog::FormDialog(const QString &title, const QString &submitText, QWidget *parent)
    : QDialog(parent), form_(new QFormLayout), error_(new QLabel(this)),
      ok_(new QPushButton(submitText, this)), cancel_(new QPushButton(tr("Cancel"), this))
{
    setWindowTitle(title);
    error_->setStyleSheet(QStringLiteral("color: #b00020;"));
    error_->setWordWrap(true);
    error_->hide();
    ok_->setDefault(true);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(cancel_);
    buttons->addWidget(ok_);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form_);
    layout->addWidget(error_);
    layout->addLayout(buttons);

    connect(cancel_, &QPushButton::clicked, this, &QDialog::reject);
    connect(ok_, &QPushButton::clicked, this, [this] {
        const QString problem = validationError();
        if (!problem.isEmpty()) {
            showError(problem);
            return;
        }
        emit submitted();
    });
}

void FormDialog::addRow(const QString &label, QWidget *field)
{
    form_->addRow(label, field);
    fields_.append(field);
    // The buttons exist before the subclass's fields: keep them last in the tab order, as the form reads.
    setTabOrder(field, ok_);
    setTabOrder(ok_, cancel_);
}

void FormDialog::showError(const QString &text)
{
    error_->setText(text);
    error_->setVisible(!text.isEmpty());
}

void FormDialog::setBusy(bool busy)
{
    ok_->setEnabled(!busy);
    for (QWidget *field : std::as_const(fields_))
        field->setEnabled(!busy);
}

} // namespace spk::console

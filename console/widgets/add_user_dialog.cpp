#include "console/widgets/add_user_dialog.h"

#include "console/models/user_table_model.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace spk::console {

AddUserDialog::AddUserDialog(QWidget *parent)
    : QDialog(parent), username_(new QLineEdit(this)), password_(new QLineEdit(this)),
      repeat_(new QLineEdit(this)), role_(new QComboBox(this)), error_(new QLabel(this)),
      ok_(new QPushButton(tr("Add user"), this)), cancel_(new QPushButton(tr("Cancel"), this))
{
    setWindowTitle(tr("Add user"));
    password_->setEchoMode(QLineEdit::Password);
    repeat_->setEchoMode(QLineEdit::Password);
    for (const char *role : {"user", "support", "admin"})
        role_->addItem(UserTableModel::roleLabel(QString::fromLatin1(role)), QString::fromLatin1(role));
    error_->setStyleSheet(QStringLiteral("color: #b00020;"));
    error_->setWordWrap(true);
    error_->hide();
    ok_->setDefault(true);

    auto *form = new QFormLayout;
    form->addRow(tr("User name:"), username_);
    form->addRow(tr("Password:"), password_);
    form->addRow(tr("Repeat password:"), repeat_);
    form->addRow(tr("Role:"), role_);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(cancel_);
    buttons->addWidget(ok_);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
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

QString AddUserDialog::username() const
{
    return username_->text().trimmed();
}
QString AddUserDialog::password() const
{
    return password_->text();
}
QString AddUserDialog::role() const
{
    return role_->currentData().toString();
}

QString AddUserDialog::validationError() const
{
    static const QRegularExpression namePattern(QStringLiteral("^[A-Za-z0-9_.@-]{1,64}$"));
    if (!namePattern.match(username()).hasMatch())
        return tr("The user name must be 1–64 letters, digits or _ . @ -.");
    if (password().size() < 8)
        return tr("The password must have at least 8 characters.");
    if (password() != repeat_->text())
        return tr("The two passwords differ.");
    return {};
}

void AddUserDialog::showError(const QString &text)
{
    error_->setText(text);
    error_->setVisible(!text.isEmpty());
}

void AddUserDialog::setBusy(bool busy)
{
    ok_->setEnabled(!busy);
    username_->setEnabled(!busy);
    password_->setEnabled(!busy);
    repeat_->setEnabled(!busy);
    role_->setEnabled(!busy);
}

} // namespace spk::console

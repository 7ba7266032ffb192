#include "console/widgets/add_user_dialog.h"

#include "console/models/user_table_model.h"

#include <QComboBox>
#include <QLineEdit>
#include <QRegularExpression>

namespace spk::console {

AddUserDialog::AddUserDialog(QWidget *parent)
    : FormDialog(tr("Add user"), tr("Add user"), parent), username_(new QLineEdit(this)),
      password_(new QLineEdit(this)), repeat_(new QLineEdit(this)), role_(new QComboBox(this))
{
    password_->setEchoMode(QLineEdit::Password);
    repeat_->setEchoMode(QLineEdit::Password);
    for (const char *role : {"user", "support", "admin"})
        role_->addItem(UserTableModel::roleLabel(QString::fromLatin1(role)), QString::fromLatin1(role));
    addRow(tr("User name:"), username_);
    addRow(tr("Password:"), password_);
    addRow(tr("Repeat password:"), repeat_);
    addRow(tr("Role:"), role_);
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

} // namespace spk::console

#include "shared/client/tls_trust.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSslCertificate>

namespace spk::client {

bool TlsTrust::choose(const QString &caFile, QSslConfiguration *out, QString *reason)
{
    if (!load(caFile, out, reason)) {
        *out = systemDefault();
        return false;
    }
    reason->clear();
    return true;
}

QSslConfiguration TlsTrust::systemDefault()
{
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.setPeerVerifyMode(QSslSocket::VerifyPeer);
    c.setProtocol(QSsl::TlsV1_2OrLater);
    return c;
}

QList<QSslCertificate> TlsTrust::readCaFile(const QString &caFile, QString *error)
{
    const QFileInfo info(caFile);
    if (!info.exists()) {
        *error = tr("The CA file %1 does not exist.").arg(caFile);
        return {};
    }
    QFile file(caFile);
    if (!info.isFile() || !file.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read the CA file %1: %2")
                     .arg(caFile, info.isFile() ? file.errorString() : tr("not a regular file"));
        return {};
    }
    const QByteArray pem = file.read(kMaxCaFileBytes + 1);
    if (pem.size() > kMaxCaFileBytes) {
        *error = tr("The CA file %1 is larger than %2 KiB.").arg(caFile).arg(kMaxCaFileBytes / 1024);
        return {};
    }
    QList<QSslCertificate> certs;
    for (const QSslCertificate &c : QSslCertificate::fromData(pem, QSsl::Pem))
        if (!c.isNull())
            certs << c;
    if (certs.isEmpty()) {
        *error = tr("The CA file %1 holds no PEM certificate (\"-----BEGIN CERTIFICATE-----\").").arg(caFile);
        return {};
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    bool anyValid = false;
    for (const QSslCertificate &c : certs)
        anyValid = anyValid || (c.effectiveDate() <= now && now <= c.expiryDate());
    if (!anyValid) {
        *error = tr("Every certificate in the CA file %1 has expired or is not valid yet.").arg(caFile);
        return {};
    }
    return certs;
}

bool TlsTrust::load(const QString &caFile, QSslConfiguration *out, QString *error)
{
    QSslConfiguration c = systemDefault();
    if (!caFile.isEmpty()) {
        QString why;
        const QList<QSslCertificate> certs = readCaFile(caFile, &why);
        if (certs.isEmpty()) {
            *error = why;
            return false;
        }
        c.addCaCertificates(certs);
    }
    *out = c;
    return true;
}

QStringList TlsTrust::describe(const QList<QSslError> &errors)
{
    QStringList out;
    for (const QSslError &e : errors)
        if (!out.contains(e.errorString()))
            out << e.errorString();
    return out;
}

QString TlsTrust::untrustedMessage(const QStringList &reasons, const QString &hint)
{
    const QString why =
        reasons.isEmpty() ? tr("the TLS handshake failed") : reasons.join(QStringLiteral("; "));
    return hint.isEmpty() ? tr("certificate not trusted: %1; pass --ca FILE").arg(why)
                          : tr("certificate not trusted: %1; %2").arg(why, hint);
}

} // namespace spk::client

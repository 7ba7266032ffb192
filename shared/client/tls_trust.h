#pragma once
// The one place that turns a CA file into the TLS settings every spk client uses (spkctl, spk-console,
// spksim): the system's CAs plus the certificates of the CA file (PEM), peer verification on, TLS 1.2 or
// later. There is deliberately no way to switch verification off: a certificate error is an error.
#include <QCoreApplication>
#include <QList>
#include <QSslConfiguration>
#include <QSslError>
#include <QString>
#include <QStringList>

namespace spk::client {

class TlsTrust
{
    Q_DECLARE_TR_FUNCTIONS(TlsTrust)
public:
    // The largest CA file read (a bundle of a few hundred certificates fits easily).
    static constexpr qint64 kMaxCaFileBytes = 1024 * 1024;

    // Settings for https:// and wss://. An empty caFile = the system's CAs only. A missing, unreadable
    // or non-PEM file, or one without a valid certificate, fails with *error in the UI language.
    static bool load(const QString &caFile, QSslConfiguration *out, QString *error);
    // What a client trusts after being given caFile: *out as load() makes it, or, when the file is
    // unusable, the system's CAs with the reason in *reason (the client then refuses to send until a
    // usable file is given); *reason is cleared on success.
    static bool choose(const QString &caFile, QSslConfiguration *out, QString *reason);
    // The certificates of a PEM file (for hosts that configure another TLS stack, e.g. Paho).
    static QList<QSslCertificate> readCaFile(const QString &caFile, QString *error);
    // The settings without a CA file.
    static QSslConfiguration systemDefault();

    // One line per certificate problem, e.g. "The issuer certificate … could not be found".
    static QStringList describe(const QList<QSslError> &errors);
    // "certificate not trusted: …; pass --ca FILE" (hint replaces the "pass --ca FILE" part when given).
    static QString untrustedMessage(const QStringList &reasons, const QString &hint = QString());
};

} // namespace spk::client

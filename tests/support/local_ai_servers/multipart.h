#pragma once
// Parses a multipart/form-data body (what OpenAI's /audio/transcriptions receives).
#include <QByteArray>
#include <QHash>

namespace spk::testsupport {

struct FormPart
{
    QByteArray name;
    QByteArray filename;
    QByteArray contentType;
    QByteArray body;
};

// Returns parts by field name; empty on a malformed body.
QHash<QByteArray, FormPart> parseMultipart(const QByteArray &contentTypeHeader, const QByteArray &body);

} // namespace spk::testsupport

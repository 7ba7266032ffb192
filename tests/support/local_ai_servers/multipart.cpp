#include "tests/support/local_ai_servers/multipart.h"

#include <QList>

namespace spk::testsupport {

namespace {

QByteArray dispositionParam(const QByteArray &disposition, const QByteArray &key)
{
    const QByteArray needle = " " + key + "=\""; // the space keeps "name" from matching "filename"
    const qsizetype at = disposition.indexOf(needle);
    if (at < 0)
        return {};
    const qsizetype start = at + needle.size();
    return disposition.mid(start, disposition.indexOf('"', start) - start);
}

} // namespace

QHash<QByteArray, FormPart> parseMultipart(const QByteArray &contentTypeHeader, const QByteArray &body)
{
    QHash<QByteArray, FormPart> parts;
    const qsizetype b = contentTypeHeader.indexOf("boundary=");
    if (b < 0)
        return parts;
    QByteArray boundary = contentTypeHeader.mid(b + 9).trimmed();
    if (boundary.startsWith('"'))
        boundary = boundary.mid(1, boundary.size() - 2);
    const QByteArray delimiter = "--" + boundary;
    qsizetype pos = body.indexOf(delimiter);
    while (pos >= 0) {
        pos += delimiter.size();
        if (body.mid(pos, 2) == "--")
            break;
        pos += 2; // CRLF after the delimiter
        const qsizetype headerEnd = body.indexOf("\r\n\r\n", pos);
        const qsizetype next = body.indexOf("\r\n" + delimiter, pos);
        if (headerEnd < 0 || next < 0)
            return {};
        FormPart part;
        for (const QByteArray &line : body.mid(pos, headerEnd - pos).split('\n')) {
            const QByteArray lower = line.trimmed().toLower();
            if (lower.startsWith("content-disposition:")) {
                part.name = dispositionParam(line, "name");
                part.filename = dispositionParam(line, "filename");
            } else if (lower.startsWith("content-type:")) {
                part.contentType = line.mid(line.indexOf(':') + 1).trimmed();
            }
        }
        part.body = body.mid(headerEnd + 4, next - (headerEnd + 4));
        parts.insert(part.name, part);
        pos = next + 2;
    }
    return parts;
}

} // namespace spk::testsupport

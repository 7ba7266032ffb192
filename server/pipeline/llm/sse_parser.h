#pragma once
// Incremental text/event-stream parser (WHATWG server-sent events): bytes in as they arrive, the
// `data` of each complete event out. Handles CRLF/LF, multi-line data, comments and split reads.
#include <QByteArray>
#include <QList>

namespace spk::server::pipeline {

class SseParser
{
public:
    // Returns the data payloads of the events completed by `bytes` (lines joined with '\n').
    QList<QByteArray> feed(const QByteArray &bytes);
    // Bytes held for an unfinished line or event; callers cap it to refuse endless lines.
    qsizetype pendingBytes() const { return line_.size() + data_.size(); }

private:
    QByteArray line_;
    QByteArray data_;
    bool hasData_ = false;
    bool lastWasCr_ = false;
};

} // namespace spk::server::pipeline

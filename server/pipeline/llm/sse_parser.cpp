#include "server/pipeline/llm/sse_parser.h"

namespace spk::server::pipeline {

QList<QByteArray> SseParser::feed(const QByteArray &bytes)
{
    QList<QByteArray> events;
    for (char c : bytes) {
        if (c == '\n' && lastWasCr_) { // the LF of a CRLF pair
            lastWasCr_ = false;
            continue;
        }
        lastWasCr_ = c == '\r';
        if (c != '\n' && c != '\r') {
            line_.append(c);
            continue;
        }
        if (line_.isEmpty()) { // blank line: dispatch
            if (hasData_)
                events.append(data_);
            data_.clear();
            hasData_ = false;
            continue;
        }
        if (line_.startsWith("data")) {
            QByteArray value;
            if (line_.size() == 4) {
                value = QByteArray();
            } else if (line_.at(4) == ':') {
                value = line_.mid(5);
                if (value.startsWith(' '))
                    value.remove(0, 1);
            } else {
                line_.clear(); // a field named e.g. "datax": not ours
                continue;
            }
            if (hasData_)
                data_.append('\n');
            data_.append(value);
            hasData_ = true;
        }
        // ":" comments and event/id/retry fields carry nothing OpenAI clients need.
        line_.clear();
    }
    return events;
}

} // namespace spk::server::pipeline

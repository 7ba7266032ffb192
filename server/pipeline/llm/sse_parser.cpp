#include "server/pipeline/llm/sse_parser.h"

namespace spk::server::pipeline {

QList<QByteArray> SseParser::feed(const QByteArray &bytes)
{
    QList<QByteArray> events;
    for (char c : bytes) {
        if (c == '\n' && m_lastWasCr) { // the LF of a CRLF pair
            m_lastWasCr = false;
            continue;
        }
        m_lastWasCr = c == '\r';
        if (c != '\n' && c != '\r') {
            m_line.append(c);
            continue;
        }
        if (m_line.isEmpty()) { // blank line: dispatch
            if (m_hasData)
                events.append(m_data);
            m_data.clear();
            m_hasData = false;
            continue;
        }
        if (m_line.startsWith("data")) {
            QByteArray value;
            if (m_line.size() == 4) {
                value = QByteArray();
            } else if (m_line.at(4) == ':') {
                value = m_line.mid(5);
                if (value.startsWith(' '))
                    value.remove(0, 1);
            } else {
                m_line.clear(); // a field named e.g. "datax": not ours
                continue;
            }
            if (m_hasData)
                m_data.append('\n');
            m_data.append(value);
            m_hasData = true;
        }
        // ":" comments and event/id/retry fields carry nothing OpenAI clients need.
        m_line.clear();
    }
    return events;
}

} // namespace spk::server::pipeline

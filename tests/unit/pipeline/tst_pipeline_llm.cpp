// LLM stage: SSE parsing, sentence splitting, and the streaming chat client against a local server
// speaking OpenAI's chat-completions SSE format (normal, stalled, failing, malformed).
#include "server/pipeline/llm/llm_chat_client.h"
#include "server/pipeline/llm/sentence_splitter.h"
#include "server/pipeline/llm/sse_parser.h"
#include "tests/support/local_ai_servers/openai_fake_server.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QtTest>

using namespace spk::server::pipeline;

namespace {

LlmConfig configFor(const QString &baseUrl)
{
    LlmConfig c;
    c.enabled = true;
    c.endpoint = OpenAiEndpoint{baseUrl, QStringLiteral("sk-test"), QStringLiteral("local-model"), 0};
    c.firstTokenTimeoutMs = 3000;
    c.totalTimeoutMs = 10000;
    return c;
}

QStringList splitAll(const QStringList &pieces)
{
    SentenceSplitter splitter;
    QStringList out;
    for (const QString &p : pieces)
        out += splitter.push(p);
    out += splitter.flush();
    return out;
}

} // namespace

class TestPipelineLlm : public QObject
{
    Q_OBJECT
private slots:
    void sseParser()
    {
        SseParser p;
        QCOMPARE(p.feed("data: {\"a\":1}\n\n"), QList<QByteArray>({"{\"a\":1}"}));
        // split across reads, CRLF line ends, a comment, and an event without the space after ':'
        QVERIFY(p.feed(": ping\r\n\r\ndata: hel").isEmpty());
        QVERIFY(p.feed("lo\r").isEmpty());
        QCOMPARE(p.feed("\n\r\ndata:x\n\n"), QList<QByteArray>({"hello", "x"}));
        // multi-line data joined by '\n'; other fields ignored
        QCOMPARE(p.feed("event: message\nid: 7\ndata: one\ndata: two\n\n"), QList<QByteArray>({"one\ntwo"}));
        QCOMPARE(p.feed("data: [DONE]\n\n"), QList<QByteArray>({"[DONE]"}));
        QVERIFY(p.feed("\n\n\n").isEmpty());
        p.feed(QByteArray(100, 'x'));
        QCOMPARE(p.pendingBytes(), 100);
    }

    void sentenceSplitter_data()
    {
        QTest::addColumn<QStringList>("pieces");
        QTest::addColumn<QStringList>("sentences");
        QTest::newRow("simple") << QStringList{"Hello there. How are", " you? Fine!"}
                                << QStringList{"Hello there.", "How are you?", "Fine!"};
        QTest::newRow("decimal") << QStringList{"It is 3.", "5 degrees. Nice."}
                                 << QStringList{"It is 3.5 degrees.", "Nice."};
        QTest::newRow("chinese") << QStringList{"今天天气", "很好。明天", "会下雨！真的吗？"}
                                 << QStringList{"今天天气很好。", "明天会下雨！", "真的吗？"};
        QTest::newRow("quotes") << QStringList{"He said \"Stop.\" Then", " left."}
                                << QStringList{"He said \"Stop.\"", "Then left."};
        QTest::newRow("newline") << QStringList{"First line\nSecond", " line"}
                                 << QStringList{"First line", "Second line"};
        QTest::newRow("ellipsis only") << QStringList{"Well... ", "... ok"} << QStringList{"Well...", "ok"};
        QTest::newRow("no end") << QStringList{"no punctuation at all"}
                                << QStringList{"no punctuation at all"};
        QTest::newRow("empty") << QStringList{"", "  "} << QStringList{};
        QTest::newRow("multi") << QStringList{"Wait?! Yes."} << QStringList{"Wait?!", "Yes."};
    }
    void sentenceSplitter()
    {
        QFETCH(QStringList, pieces);
        QFETCH(QStringList, sentences);
        QCOMPARE(splitAll(pieces), sentences);
    }

    // The first sentence is out before the stream ends: TTS can start early.
    void sentenceEmittedAsSoonAsItEnds()
    {
        SentenceSplitter s;
        QVERIFY(s.push("Hello").isEmpty());
        QVERIFY(s.push(" world.").isEmpty()); // could still be "world.com"
        QCOMPARE(s.push(" Next"), QStringList{"Hello world."});
        QCOMPARE(s.push("。"), QStringList{"Next。"});
    }

    void streamsTokensAndSentences()
    {
        spk::testsupport::OpenAiFakeServer server;
        QVERIFY(server.listen());
        server.setChatTokens({"The time", " is noon.", " Have a", " nice day", "!"});
        LlmChatClient client(configFor(server.baseUrl()));
        QSignalSpy tokens(&client, &LlmChatClient::token);
        QSignalSpy sentences(&client, &LlmChatClient::sentence);
        QSignalSpy finished(&client, &LlmChatClient::finished);
        QSignalSpy failed(&client, &LlmChatClient::failed);
        client.start("r1", {{"system", "be brief"}, {"user", "what time is it in the story"}});
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(tokens.size(), 5);
        QCOMPARE(sentences.size(), 2);
        QCOMPARE(sentences.at(0).at(1).toString(), QStringLiteral("The time is noon."));
        QCOMPARE(sentences.at(1).at(1).toString(), QStringLiteral("Have a nice day!"));
        QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("The time is noon. Have a nice day!"));
        QCOMPARE(server.lastAuthorization(), QByteArray("Bearer sk-test"));
        QCOMPARE(server.lastJsonBody().value("stream").toBool(), true);
        QCOMPARE(server.lastJsonBody().value("max_tokens").toInt(), 300);
        QCOMPARE(client.activeRequests(), 0);
    }

    void silentServerHitsFirstTokenTimeout()
    {
        spk::testsupport::OpenAiFakeServer server;
        QVERIFY(server.listen());
        server.setChatTokens({"never sent"}, 5, /*stallAfter=*/0);
        LlmConfig config = configFor(server.baseUrl());
        config.firstTokenTimeoutMs = 500;
        LlmChatClient client(config);
        QSignalSpy failed(&client, &LlmChatClient::failed);
        QSignalSpy finished(&client, &LlmChatClient::finished);
        client.start("r", {{"user", "hi"}});
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20000);
        QCOMPARE(failed.at(0).at(1).toString(),
                 QStringLiteral("no reply from the language model within 500 ms"));
        QCOMPARE(finished.size(), 0);
        QCOMPARE(client.activeRequests(), 0);
    }

    void httpErrorsAreReported()
    {
        spk::testsupport::OpenAiFakeServer server;
        QVERIFY(server.listen());
        server.setErrorStatus(401);
        LlmChatClient client(configFor(server.baseUrl()));
        QSignalSpy failed(&client, &LlmChatClient::failed);
        client.start("r", {{"user", "hi"}});
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20000);
        QCOMPARE(failed.at(0).at(1).toString(), QStringLiteral("HTTP 401: scripted failure"));
    }

    void closedPortIsReported()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        LlmChatClient client(configFor(QStringLiteral("http://127.0.0.1:%1/v1").arg(port)));
        QSignalSpy failed(&client, &LlmChatClient::failed);
        client.start("r", {{"user", "hi"}});
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20000);
        QVERIFY(failed.at(0).at(1).toString().contains("refused", Qt::CaseInsensitive));
    }

    void malformedEventFailsCleanly()
    {
        spk::testsupport::LocalHttpServer server;
        server.setHandler([](const spk::testsupport::HttpRequest &, spk::testsupport::HttpExchange *x) {
            x->startStream(200, "text/event-stream");
            x->write("data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: {not json\n\n");
        });
        QVERIFY(server.listen());
        LlmChatClient client(configFor(server.baseUrl()));
        QSignalSpy failed(&client, &LlmChatClient::failed);
        QSignalSpy tokens(&client, &LlmChatClient::token);
        client.start("r", {{"user", "hi"}});
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20000);
        QVERIFY(failed.at(0).at(1).toString().startsWith("malformed event"));
        QCOMPARE(tokens.size(), 1);
    }

    void badRequestsAreRefused()
    {
        LlmChatClient client(configFor("http://127.0.0.1:9/v1"));
        QSignalSpy failed(&client, &LlmChatClient::failed);
        client.start("", {{"user", "hi"}});
        client.start("r", {});
        QTRY_COMPARE(failed.size(), 2);
        QCOMPARE(client.activeRequests(), 0);
    }

    void cancelSilencesTheRequest()
    {
        spk::testsupport::OpenAiFakeServer server;
        QVERIFY(server.listen());
        server.setChatTokens({"One. ", "Two. ", "Three."}, 50);
        LlmChatClient client(configFor(server.baseUrl()));
        QSignalSpy tokens(&client, &LlmChatClient::token);
        QSignalSpy finished(&client, &LlmChatClient::finished);
        client.start("r", {{"user", "count"}});
        QTRY_VERIFY_WITH_TIMEOUT(tokens.size() >= 1, 20000);
        client.cancel("r");
        const int seen = int(tokens.size());
        QTest::qWait(300);
        QCOMPARE(tokens.size(), seen);
        QCOMPARE(finished.size(), 0);
        // the id is free again
        client.start("r", {{"user", "count"}});
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    }
};

QTEST_GUILESS_MAIN(TestPipelineLlm)
#include "tst_pipeline_llm.moc"

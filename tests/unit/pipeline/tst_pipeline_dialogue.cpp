// Dialogue stage: hassil-style templates, the shipped en/zh intent files, replies and actions, and
// the fallback to the LLM (a local server speaking OpenAI's SSE format) or to a polite sentence.
#include "server/pipeline/dialogue/dialogue_manager.h"
#include "server/pipeline/dialogue/intent_recognizer.h"
#include "server/pipeline/dialogue/number_words.h"
#include "server/pipeline/dialogue/text_tokens.h"
#include "server/pipeline/llm/llm_chat_client.h"
#include "tests/support/local_ai_servers/openai_fake_server.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QtTest>

using namespace spk::server::pipeline;

namespace {

std::shared_ptr<IntentRecognizer> shippedIntents()
{
    auto r = std::make_shared<IntentRecognizer>();
    QString error;
    if (!r->loadLanguages(QString(), {QStringLiteral("en"), QStringLiteral("zh")}, &error))
        qFatal("intents: %s", qPrintable(error));
    return r;
}

DeviceContext deviceWith(int volume, int battery)
{
    DeviceContext c;
    c.deviceId = QStringLiteral("spk-0001");
    c.state.volume = volume;
    c.state.battery = battery;
    return c;
}

} // namespace

class TestPipelineDialogue : public QObject
{
    Q_OBJECT
    std::shared_ptr<IntentRecognizer> intents_ = shippedIntents();

private slots:
    void tokens()
    {
        QCOMPARE(tokenizeForIntents(QStringLiteral("What’s the TIME, please?")),
                 QStringList({"what's", "the", "time", "please"}));
        QCOMPARE(tokenizeForIntents(QStringLiteral("把音量调到50。")),
                 QStringList({"把", "音", "量", "调", "到", "50"}));
        QCOMPARE(joinTokens({"音", "量", "50", "ok", "go"}), QStringLiteral("音量50 ok go"));
        QVERIFY(tokenizeForIntents(QStringLiteral(" ,.!? ")).isEmpty());
    }

    void spokenNumbers_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("value");
        QTest::newRow("digits") << "50" << 50;
        QTest::newRow("zero") << "zero" << 0;
        QTest::newRow("teen") << "fifteen" << 15;
        QTest::newRow("tens") << "forty" << 40;
        QTest::newRow("compound") << "twenty five" << 25;
        QTest::newRow("hyphen") << "sixty-five" << 65;
        QTest::newRow("hundred") << "one hundred" << 100;
        QTest::newRow("a hundred") << "a hundred" << 100;
        QTest::newRow("zh ten") << "十" << 10;
        QTest::newRow("zh 15") << "十五" << 15;
        QTest::newRow("zh 50") << "五十" << 50;
        QTest::newRow("zh 25") << "二十五" << 25;
        QTest::newRow("zh 2") << "两" << 2;
        QTest::newRow("zh 100") << "一百" << 100;
        QTest::newRow("not a number") << "fifty apples" << -1;
        QTest::newRow("twenty ten") << "twenty ten" << -1;
        QTest::newRow("four digits") << "1000" << -1;
        QTest::newRow("zh junk") << "五五十" << -1;
    }
    void spokenNumbers()
    {
        QFETCH(QString, text);
        QFETCH(int, value);
        const std::optional<int> v = parseSpokenNumber(tokenizeForIntents(text));
        QCOMPARE(v.value_or(-1), value);
        if (value >= 0 && !containsCjk(text) && text != QLatin1String("a hundred"))
            QCOMPARE(parseSpokenNumber(tokenizeForIntents(englishNumberWords(value))).value_or(-1), value);
    }

    void templateSyntax()
    {
        QHash<QString, SlotDefinition> slotDefs{{"n", SlotDefinition{"n", 1, 10}}};
        QHash<QString, QString> rules{{"dir", "(up|down)"}, {"loop", "a <loop>"}};
        QString error;
        auto t = SentenceTemplate::parse("turn [it] <dir> by {n} [steps|points]", slotDefs, rules, &error);
        QVERIFY2(t, qPrintable(error));
        QVariantMap values;
        QVERIFY(t->match(tokenizeForIntents("turn it down by seven points"), &values));
        QCOMPARE(values.value("n").toInt(), 7);
        QVERIFY(t->match(tokenizeForIntents("Turn up by 3"), &values));
        QCOMPARE(values.value("n").toInt(), 3);
        QVERIFY(!t->match(tokenizeForIntents("turn up by eleven"), &values));   // out of range
        QVERIFY(!t->match(tokenizeForIntents("turn up by 3 please"), &values)); // must cover everything
        QVERIFY(!t->match(tokenizeForIntents("turn sideways by 3"), &values));

        const QStringList bad{"(a|b", "a]", "{undeclared}", "<nope>", "<loop>", "[]", "(|)", "a {n", "x > y"};
        for (const QString &text : bad) {
            error.clear();
            QVERIFY2(!SentenceTemplate::parse(text, slotDefs, rules, &error), qPrintable(text));
            QVERIFY2(error.contains(text), qPrintable(error));
        }
    }

    void englishIntents_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("intent");
        QTest::addColumn<QVariantMap>("slotValues");
        const QVariantMap none;
        QTest::newRow("time1") << "What time is it?"
                               << "GetTime" << none;
        QTest::newRow("time2") << "what's the time now"
                               << "GetTime" << none;
        QTest::newRow("time3") << "tell me the time please"
                               << "GetTime" << none;
        QTest::newRow("date1") << "What's the date today?"
                               << "GetDate" << none;
        QTest::newRow("date2") << "what day is it"
                               << "GetDate" << none;
        QTest::newRow("set1") << "Set the volume to 40."
                              << "SetVolume" << QVariantMap{{"level", 40}};
        QTest::newRow("set2") << "change volume to seventy five percent"
                              << "SetVolume" << QVariantMap{{"level", 75}};
        QTest::newRow("set3") << "please turn the sound to zero"
                              << "SetVolume" << QVariantMap{{"level", 0}};
        QTest::newRow("set4") << "volume 100"
                              << "SetVolume" << QVariantMap{{"level", 100}};
        QTest::newRow("up1") << "turn it up"
                             << "VolumeUp" << none;
        QTest::newRow("up2") << "turn up the volume a little bit"
                             << "VolumeUp" << none;
        QTest::newRow("up3") << "increase the volume by twenty"
                             << "VolumeUp" << QVariantMap{{"step", 20}};
        QTest::newRow("up4") << "louder please"
                             << "VolumeUp" << none;
        QTest::newRow("down1") << "turn the volume down"
                               << "VolumeDown" << none;
        QTest::newRow("down2") << "a bit quieter"
                               << "VolumeDown" << none;
        QTest::newRow("down3") << "lower the volume"
                               << "VolumeDown" << none;
        QTest::newRow("battery1") << "What's the battery level?"
                                  << "BatteryStatus" << none;
        QTest::newRow("battery2") << "how much battery is left"
                                  << "BatteryStatus" << none;
        QTest::newRow("status1") << "what's your status"
                                 << "DeviceStatus" << none;
        QTest::newRow("status2") << "speaker status"
                                 << "DeviceStatus" << none;
        QTest::newRow("stop1") << "Stop!"
                               << "Stop" << none;
        QTest::newRow("stop2") << "never mind"
                               << "Stop" << none;
        QTest::newRow("stop3") << "cancel that"
                               << "Stop" << none;
    }
    void englishIntents()
    {
        QFETCH(QString, text);
        QFETCH(QString, intent);
        QFETCH(QVariantMap, slotValues);
        const auto match = intents_->recognize(text);
        QVERIFY2(match, qPrintable(text));
        QCOMPARE(match->intent, intent);
        QCOMPARE(match->language, QStringLiteral("en"));
        QCOMPARE(match->slotValues, slotValues);
    }

    void chineseIntents_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("intent");
        QTest::addColumn<int>("level");
        QTest::newRow("time") << "现在几点了？"
                              << "GetTime" << -1;
        QTest::newRow("date") << "今天星期几"
                              << "GetDate" << -1;
        QTest::newRow("set words") << "把音量调到五十"
                                   << "SetVolume" << 50;
        QTest::newRow("set digits") << "请把声音设置为百分之30"
                                    << "SetVolume" << 30;
        QTest::newRow("up") << "音量调大一点"
                            << "VolumeUp" << -1;
        QTest::newRow("down") << "小声点"
                              << "VolumeDown" << -1;
        QTest::newRow("battery") << "电量还有多少"
                                 << "BatteryStatus" << -1;
        QTest::newRow("status") << "音箱状态怎么样"
                                << "DeviceStatus" << -1;
        QTest::newRow("stop") << "别说了"
                              << "Stop" << -1;
    }
    void chineseIntents()
    {
        QFETCH(QString, text);
        QFETCH(QString, intent);
        QFETCH(int, level);
        const auto match = intents_->recognize(text);
        QVERIFY2(match, qPrintable(text));
        QCOMPARE(match->intent, intent);
        QCOMPARE(match->language, QStringLiteral("zh"));
        QCOMPARE(match->slotValues.value("level", -1).toInt(), level);
    }

    void nonMatching_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("question") << "what is the capital of france";
        QTest::newRow("near miss") << "set the volume to loud";
        QTest::newRow("range") << "set the volume to 150";
        QTest::newRow("extra words") << "what time is it in tokyo";
        QTest::newRow("zh question") << "讲个笑话";
        QTest::newRow("empty") << "";
    }
    void nonMatching()
    {
        QFETCH(QString, text);
        QVERIFY(!intents_->recognize(text));
    }

    void badIntentFilesAreRejectedClearly()
    {
        QString error;
        QVERIFY(!IntentCatalog::fromYaml("language: en\nintents: [", "bad.yaml", &error));
        QVERIFY(error.startsWith("bad.yaml:"));
        QVERIFY(!IntentCatalog::fromYaml("language: en\nintents: {}", "empty.yaml", &error));
        QVERIFY(error.contains("intents"));
        QVERIFY(!IntentCatalog::fromYaml("language: en\nintents:\n  X:\n    sentences: ['(a|b']\n", "t.yaml",
                                         &error));
        QVERIFY(error.contains("intent X"));
        QVERIFY(!IntentCatalog::fromYaml("language: en\nslots: {n: {min: 5, max: 1}}\nintents:\n  X:\n    "
                                         "sentences: ['a']\n",
                                         "s.yaml", &error));
        QVERIFY(error.contains("slot n"));
        QVERIFY(!IntentCatalog::fromFile("/nonexistent/en.yaml", &error));
        IntentRecognizer r;
        QVERIFY(!r.loadLanguages(QString(), {QStringLiteral("fr")}, &error));
    }

    void commandGrammarFromIntents()
    {
        const QString jsgf = intents_->commandGrammar("en", [](const QString &w) { return w != "louder"; });
        QVERIFY(jsgf.startsWith("#JSGF V1.0;"));
        QVERIFY(jsgf.contains("<slot_level> = zero | one | two"));
        QVERIFY(jsgf.contains("one hundred;"));
        QVERIFY(jsgf.contains("what time is it"));
        QVERIFY(!jsgf.contains("louder")); // sentences with unknown words are left out
        QVERIFY(intents_->commandGrammar("xx", [](const QString &) { return true; }).isEmpty());
    }

    void intentRepliesAndActions()
    {
        DialogueManager dm(intents_, nullptr);
        dm.setClock([] { return QDateTime(QDate(2024, 5, 6), QTime(15, 5)); });
        QSignalSpy actions(&dm, &DialogueManager::actionRequested);
        QSignalSpy sentences(&dm, &DialogueManager::sentenceReady);
        QSignalSpy done(&dm, &DialogueManager::finished);

        dm.handle("s", "what time is it", deviceWith(50, 80));
        QCOMPARE(done.size(), 0); // never from inside handle()
        QTRY_COMPARE(done.size(), 1);
        QCOMPARE(sentences.at(0).at(1).toString(), QStringLiteral("It's 3:05 PM."));
        QCOMPARE(actions.size(), 0);

        dm.handle("s", "set the volume to thirty", deviceWith(50, 80));
        QTRY_COMPARE(done.size(), 2);
        QCOMPARE(actions.size(), 1);
        const auto action = actions.at(0).at(1).value<DialogueAction>();
        QCOMPARE(action.describe(), QStringLiteral("SetVolume(30)"));
        QCOMPARE(sentences.last().at(1).toString(), QStringLiteral("Volume set to 30."));

        dm.handle("s", "turn it up", deviceWith(95, 80));
        QTRY_COMPARE(done.size(), 3);
        QCOMPARE(actions.last().at(1).value<DialogueAction>().volume, 100);
        dm.handle("s", "turn it down", deviceWith(50, 80));
        QTRY_COMPARE(done.size(), 4);
        QCOMPARE(actions.last().at(1).value<DialogueAction>().volume, 40);
        dm.handle("s", "louder", deviceWith(100, 80));
        QTRY_COMPARE(done.size(), 5);
        QCOMPARE(actions.size(), 3); // already at maximum: no action
        QCOMPARE(sentences.last().at(1).toString(), QStringLiteral("The volume is already at maximum."));

        dm.handle("s", "what's the battery", deviceWith(50, 42));
        QTRY_COMPARE(done.size(), 6);
        QCOMPARE(sentences.last().at(1).toString(), QStringLiteral("The battery is at 42 percent."));
        dm.handle("s", "what's the battery", deviceWith(50, -1));
        QTRY_COMPARE(done.size(), 7);
        QCOMPARE(sentences.last().at(1).toString(),
                 QStringLiteral("I don't know the battery level right now."));

        dm.handle("s", "stop", deviceWith(50, 80));
        QTRY_COMPARE(done.size(), 8);
        QCOMPARE(actions.last().at(1).value<DialogueAction>().type, DialogueAction::Type::Stop);

        dm.handle("s", "现在几点", deviceWith(50, 80));
        QTRY_COMPARE(done.size(), 9);
        QCOMPARE(sentences.last().at(1).toString(), QStringLiteral("现在是15点05分。"));
        QCOMPARE(sentences.last().at(2).toString(), QStringLiteral("zh"));
        const auto result = done.last().at(1).value<DialogueResult>();
        QCOMPARE(result.source, DialogueResult::Source::Intent);
        QCOMPARE(result.intent, QStringLiteral("GetTime"));
    }

    void unknownRequestWithoutLlmGetsPoliteFallback()
    {
        DialogueManager dm(intents_, nullptr);
        QSignalSpy sentences(&dm, &DialogueManager::sentenceReady);
        QSignalSpy done(&dm, &DialogueManager::finished);
        dm.handle("s", "tell me a joke", deviceWith(50, 80));
        dm.handle("t", "讲个笑话", deviceWith(50, 80));
        dm.handle("u", "  ", deviceWith(50, 80));
        QTRY_COMPARE(done.size(), 3);
        QVERIFY(sentences.at(0).at(1).toString().startsWith("Sorry, I can only"));
        QVERIFY(sentences.at(1).at(1).toString().startsWith(QStringLiteral("抱歉")));
        QCOMPARE(sentences.at(2).at(1).toString(), QStringLiteral("Sorry, I didn't catch that."));
        QCOMPARE(done.at(0).at(1).value<DialogueResult>().source, DialogueResult::Source::Fallback);
    }

    void unknownRequestGoesToLlmWithHistory()
    {
        spk::testsupport::OpenAiFakeServer server;
        QVERIFY(server.listen());
        server.setChatTokens({"Why did the ", "speaker blush? ", "It saw the ", "woofer. ", "Ha!"});
        LlmConfig config;
        config.enabled = true;
        config.endpoint = OpenAiEndpoint{server.baseUrl(), "sk-test", "local-model", 0};
        config.historyTurns = 2;
        LlmChatClient llm(config);
        DialogueManager dm(intents_, &llm);
        QSignalSpy sentences(&dm, &DialogueManager::sentenceReady);
        QSignalSpy done(&dm, &DialogueManager::finished);
        DeviceContext context = deviceWith(50, 80);
        context.history = {{"one", "1"}, {"two", "2"}, {"three", "3"}};
        dm.handle("s", "tell me a joke", context);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 20000);
        QCOMPARE(sentences.size(), 3);
        QCOMPARE(sentences.at(0).at(1).toString(), QStringLiteral("Why did the speaker blush?"));
        QCOMPARE(sentences.at(2).at(1).toString(), QStringLiteral("Ha!"));
        const auto result = done.at(0).at(1).value<DialogueResult>();
        QCOMPARE(result.source, DialogueResult::Source::Llm);
        QCOMPARE(result.text, QStringLiteral("Why did the speaker blush? It saw the woofer. Ha!"));
        QVERIFY(result.error.isEmpty());
        // system prompt + the last 2 turns (4 messages) + the question
        const QJsonArray messages = server.lastJsonBody().value("messages").toArray();
        QCOMPARE(messages.size(), 6);
        QCOMPARE(messages.at(0).toObject().value("role").toString(), QStringLiteral("system"));
        QVERIFY(messages.at(0).toObject().value("content").toString().contains("battery 80%"));
        QCOMPARE(messages.at(1).toObject().value("content").toString(), QStringLiteral("two"));
        QCOMPARE(messages.at(5).toObject().value("content").toString(), QStringLiteral("tell me a joke"));
        QCOMPARE(server.lastJsonBody().value("model").toString(), QStringLiteral("local-model"));
    }

    void stalledLlmEndsWithApology()
    {
        spk::testsupport::OpenAiFakeServer server;
        QVERIFY(server.listen());
        server.setChatTokens({"Let me think. ", "The answer is"}, 5, /*stallAfter=*/2);
        LlmConfig config;
        config.enabled = true;
        config.endpoint = OpenAiEndpoint{server.baseUrl(), QString(), "m", 0};
        config.firstTokenTimeoutMs = 2000;
        config.totalTimeoutMs = 2500;
        LlmChatClient llm(config);
        DialogueManager dm(intents_, &llm);
        QSignalSpy sentences(&dm, &DialogueManager::sentenceReady);
        QSignalSpy done(&dm, &DialogueManager::finished);
        dm.handle("s", "what is the meaning of life", deviceWith(50, 80));
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 20000);
        QCOMPARE(sentences.size(), 2);
        QCOMPARE(sentences.at(0).at(1).toString(), QStringLiteral("Let me think."));
        QCOMPARE(sentences.at(1).at(1).toString(),
                 QStringLiteral("Sorry, I can't answer that right now. Please try again later."));
        const auto result = done.at(0).at(1).value<DialogueResult>();
        QVERIFY(result.error.contains("longer than 2500 ms"));
        QVERIFY(!dm.isBusy("s"));
    }
};

QTEST_GUILESS_MAIN(TestPipelineDialogue)
#include "tst_pipeline_dialogue.moc"

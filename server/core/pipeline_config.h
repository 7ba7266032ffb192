#pragma once
// Everything the voice pipeline can be told. Plain data: spkd's config loader fills it from the asr.*,
// dialogue.*, llm.* and tts.* keys (docs/configuration.md); defaults run fully offline. It lives in
// server/core, below the pipeline, so the key table can refer to it. The choice keys stay strings
// here; pipeline_choices.h parses them into enums.
#include <QString>
#include <QStringList>

namespace spk::server::pipeline {

// An OpenAI-compatible HTTP endpoint. baseUrl includes the API version, as in OpenAI's SDKs:
// "https://api.openai.com/v1", "http://127.0.0.1:8000/v1" (faster-whisper-server, llama.cpp, ...).
struct OpenAiEndpoint
{
    QString baseUrl;
    QString apiKey; // sent as "Authorization: Bearer <key>" when not empty
    QString model;
    int timeoutMs = 15000;
};

struct PocketsphinxConfig
{
    QString hmmDir = QStringLiteral("/usr/share/pocketsphinx/model/en-us/en-us");
    QString lmFile = QStringLiteral("/usr/share/pocketsphinx/model/en-us/en-us.lm.bin");
    QString dictFile = QStringLiteral("/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict");
    int decoders = 2;     // decoders loaded at start (each ~0.45 s and ~90 MB)
    int maxDecoders = 16; // more are loaded while every decoder is busy, up to this (= parallel utterances)
    // Extra decoder options as on pocketsphinx's command line ("-name value ..."). The default drops
    // the second passes (flat lexicon, lattice) and caps the active HMMs and words per frame: ~2.5x
    // less CPU, the end-of-utterance work from ~50 to ~3 ms, the same word error on the test
    // recordings (docs/pipeline.md). Keep -bestpath no with -maxhmmpf: the lattice pass then
    // sometimes loses </s> and the transcript comes back empty. Confidence is unknown (-1) without it.
    QString options = QStringLiteral("-fwdflat no -bestpath no -maxhmmpf 3000 -maxwpf 5");
    QString mode = QStringLiteral("lm"); // lm = free speech | grammar = only the intent sentences
    int partialIntervalMs = 300;         // audio between two partial transcripts
};

struct GrpcAsrConfig
{
    QString target = QStringLiteral("127.0.0.1:50061"); // spk-asrd
    int timeoutMs = 15000;
};

// An EchoKit server (github.com/second-state/echokit_server) running the whole ASR -> LLM -> TTS
// turn; chosen with asr.primary (or asr.fallback) = echokit. docs/echokit.md
struct EchoKitConfig
{
    QString url = QStringLiteral("ws://127.0.0.1:8080/ws/"); // the turn's id is appended
    int connectTimeoutMs = 5000;
    int responseTimeoutMs = 30000; // longest silence from the server while a turn runs
};

struct AsrConfig
{
    QString primary = QStringLiteral("pocketsphinx"); // pocketsphinx | openai | grpc | echokit
    QString fallback;                                 // same choices, or empty = none
    QString language = QStringLiteral("en");
    int finalTimeoutMs = 10000;     // after end of speech, how long the active backend has for its final
    int maxUtteranceMs = 30000;     // longer utterances fail (the audio is buffered for the fallback)
    int unhealthyBackoffMs = 30000; // a failed remote backend is skipped this long
    PocketsphinxConfig pocketsphinx;
    OpenAiEndpoint openai{QString(), QString(), QStringLiteral("whisper-1"), 15000};
    GrpcAsrConfig grpc;
    EchoKitConfig echokit;
};

struct LlmConfig
{
    bool enabled = false; // no LLM: unknown requests get the intent file's fallback sentence
    OpenAiEndpoint endpoint{QString(), QString(), QString(), 0};
    QString systemPrompt =
        QStringLiteral("You are a helpful smart speaker. Answer in one to three short spoken sentences, "
                       "without markdown, lists or emoji. Answer in the language of the question.");
    int historyTurns = 5;
    int firstTokenTimeoutMs = 8000;
    int totalTimeoutMs = 30000;
    int maxTokens = 300; // 0 = let the server decide
    double temperature = 0.7;
};

struct TtsConfig
{
    QString backend = QStringLiteral("espeak"); // espeak | openai
    QString voiceEn = QStringLiteral("en");     // per reply language; espeak voice names or OpenAI voices
    QString voiceZh = QStringLiteral("cmn");
    int espeakRate = 170; // words per minute
    OpenAiEndpoint openai{QString(), QString(), QStringLiteral("tts-1"), 15000};
    QString openaiFormat = QStringLiteral("pcm"); // pcm (24 kHz s16le) | wav
};

struct DialogueConfig
{
    QString intentsDir; // empty = the en.yaml/zh.yaml shipped in the binary (Qt resource)
    QStringList languages{QStringLiteral("en"), QStringLiteral("zh")};
    int volumeStep = 10;
};

struct PipelineConfig
{
    AsrConfig asr;
    DialogueConfig dialogue;
    LlmConfig llm;
    TtsConfig tts;
};

} // namespace spk::server::pipeline

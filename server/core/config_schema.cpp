#include "server/core/config_schema.h"

#include "server/core/pipeline_choices.h"
#include "server/core/server_role.h"

#include <QRegularExpression>
#include <optional>

namespace spk::server {

namespace {

constexpr qint64 kDay = 24 * 3600;

ConfigKey text(const char *path, Field<QString> field, const char *help, const char *pattern = "",
               const char *patternHelp = "", bool secret = false)
{
    ConfigKey k(QString::fromLatin1(path), std::move(field), QString::fromUtf8(help));
    k.pattern = QString::fromLatin1(pattern);
    k.patternHelp = QString::fromUtf8(patternHelp);
    k.secret = secret;
    return k;
}

ConfigKey choice(const char *path, Field<QString> field, QStringList choices, const char *help)
{
    ConfigKey k(QString::fromLatin1(path), std::move(field), QString::fromUtf8(help));
    k.choices = std::move(choices);
    return k;
}

template <typename T>
ConfigKey integer(const char *path, Field<T> field, qint64 min, qint64 max, const char *help)
{
    ConfigKey k(QString::fromLatin1(path), std::move(field), QString::fromUtf8(help));
    k.min = min;
    k.max = max;
    return k;
}

ConfigKey flag(const char *path, Field<bool> field, const char *help)
{
    return ConfigKey(QString::fromLatin1(path), std::move(field), QString::fromUtf8(help));
}

std::optional<bool> parseBool(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("true") || t == QLatin1String("yes") || t == QLatin1String("on") ||
        t == QLatin1String("1"))
        return true;
    if (t == QLatin1String("false") || t == QLatin1String("no") || t == QLatin1String("off") ||
        t == QLatin1String("0"))
        return false;
    return std::nullopt;
}

QString quoted(const QString &value)
{
    QString shown = value.left(80);
    if (shown.size() < value.size())
        shown += QStringLiteral("…");
    return QLatin1Char('"') + shown + QLatin1Char('"');
}

} // namespace

// A pipeline field: PIPE(QString, asr.primary) refers to ServerConfig::pipeline.asr.primary.
#define PIPE(T, path) Field<T>([](ServerConfig &c) -> T & { return c.pipeline.path; })
#define HTTP(T, member) Field<T>(&ServerConfig::httpLimits, &HttpLimits::member)
#define BRIDGE(T, member) Field<T>(&ServerConfig::bridge, &BridgeConfig::member)

const std::vector<ConfigKey> &configKeys()
{
    // Add a key here (and its field in ServerConfig); the loader, `spkd config` and the docs follow.
    static const std::vector<ConfigKey> keys = {
        choice("role", &ServerConfig::role, configEnumNames<ServerRole>(),
               "Which services this process runs: REST/MQTT gateway, voice bridge, or both."),
        text("data_dir", &ServerConfig::dataDir,
             "Directory for the SQLite database, jwt.key and broker files.", ".+", "a non-empty path"),
        choice("log_level", &ServerConfig::logLevel, {"debug", "info", "warning", "error"},
               "Least severe messages printed (QT_LOGGING_RULES still overrides per category)."),
        choice("log.format", &ServerConfig::logFormat, {"text", "json"},
               "Log lines on stderr: text, or json (one object per line with time, level, category, "
               "message and device_id, session_id, request_id where they apply)."),

        text("http.host", &ServerConfig::httpHost, "Address the REST/WebSocket API listens on.", ".+",
             "a non-empty address"),
        integer<int>("http.port", &ServerConfig::httpPort, 1, 65535, "TCP port of the REST/WebSocket API."),
        integer<qint64>("http.max_body_bytes", &ServerConfig::maxBodyBytes, 1024, 1LL << 30,
                        "Largest accepted request body in bytes; larger requests get 413."),
        text("http.trusted_proxies", &ServerConfig::trustedProxies,
             "Reverse proxies (IPs or CIDR subnets, comma-separated) whose X-Forwarded-For names the "
             "client for limits and the audit log; empty = the TCP peer is the client.",
             "[0-9A-Fa-f.:/,\\s]*", "IP addresses or subnets such as 127.0.0.1/32, 10.0.0.0/8"),

        integer<int>("http.max_url_bytes", HTTP(int, maxUrlBytes), 256, 65536,
                     "Longest accepted request target (path and query) in bytes; longer ones get 414."),
        integer<int>("http.max_headers", HTTP(int, maxHeaders), 8, 1000,
                     "Most header lines one request may carry; more get 431."),
        integer<int>("http.max_header_bytes", HTTP(int, maxHeaderBytes), 1024, 65536,
                     "Largest request line and headers together in bytes; larger get 431."),
        integer<int>("http.header_timeout_ms", HTTP(int, headerTimeoutMs), 100, 600000,
                     "Milliseconds from the first byte of a request to the end of its headers; slower "
                     "clients get 408 and are disconnected."),
        integer<int>("http.body_timeout_ms", HTTP(int, bodyTimeoutMs), 100, 3600000,
                     "Milliseconds from the end of the headers to the end of the body; slower clients get "
                     "408 and are disconnected."),
        integer<int>("http.idle_timeout_ms", HTTP(int, idleTimeoutMs), 100, 3600000,
                     "Milliseconds a connection may wait for its (next) request before it is closed."),
        integer<int>("http.max_connections", HTTP(int, maxConnections), 0, 1000000,
                     "Most open HTTP connections (WebSockets included); more are answered 503 and closed "
                     "(0 = no cap)."),
        integer<int>("http.max_connections_per_source", HTTP(int, maxConnectionsPerSource), 0, 1000000,
                     "Most open connections of one client address (behind a trusted proxy: WebSockets of "
                     "the client it names); more are answered 429 and closed (0 = no cap)."),
        integer<qint64>("http.ws_max_frame_bytes", HTTP(qint64, wsMaxFrameBytes), 1024, 1LL << 30,
                        "Largest incoming WebSocket frame on /ws and /ws/audio; larger close the socket "
                        "(1009)."),
        integer<qint64>("http.ws_max_message_bytes", HTTP(qint64, wsMaxMessageBytes), 1024, 1LL << 30,
                        "Largest incoming WebSocket message on /ws and /ws/audio; larger close the socket "
                        "(1009)."),

        text("database.url", &ServerConfig::databaseUrl,
             "Database: empty = sqlite:<data_dir>/spk.db; or sqlite:/path/spk.db; or "
             "postgresql://user:password@host:port/dbname.",
             "|sqlite:.+|postgresql://.+", "empty, sqlite:<path> or postgresql://…", true),

        text("cache.url", &ServerConfig::cacheUrl,
             "Response cache: memory: (in-process) or redis://host:port[/db].",
             "memory:|redis://[^/\\s]+(/\\d+)?", "memory: or redis://host:port[/db]"),
        text("cache.prefix", &ServerConfig::cachePrefix,
             "Prepended to every cache key, so several deployments can share one Redis.",
             "[A-Za-z0-9_:.-]{0,64}", "up to 64 of A-Z a-z 0-9 _ : . -"),
        integer<int>("cache.device_list_ttl", &ServerConfig::deviceListTtl, 0, kDay,
                     "Seconds a cached device list lives (0 = do not cache)."),

        flag("mqtt.embedded", &ServerConfig::mqttEmbedded,
             "Start a private Mosquitto on 127.0.0.1:mqtt.embedded_port (false = use mqtt.url)."),
        text("mqtt.url", &ServerConfig::mqttUrl,
             "External broker, used when mqtt.embedded is false (tcp://, or ssl:// / mqtts:// for TLS).",
             "(tcp|ssl|mqtt|mqtts|ws|wss)://[^/\\s]+", "tcp://host:port (or ssl://, ws://, wss://)"),
        integer<int>("mqtt.embedded_port", &ServerConfig::mqttEmbeddedPort, 1, 65535,
                     "Port of the embedded broker (127.0.0.1 only)."),
        text("mqtt.mosquitto_bin", &ServerConfig::mosquittoBin,
             "Mosquitto executable for the embedded broker.", ".+", "a non-empty path"),
        text("mqtt.username", &ServerConfig::mqttUsername, "spkd's own broker login (its service account).",
             "[A-Za-z0-9_-]{1,64}", "1-64 of A-Z a-z 0-9 _ -"),
        text("mqtt.password", &ServerConfig::mqttPassword,
             "Password of mqtt.username; empty = the embedded broker gets a random one at each start.", ".*",
             "any text", true),
        text("mqtt.ca_file", &ServerConfig::mqttCaFile,
             "CA file (PEM) for a TLS broker (mqtt.url ssl:// or mqtts://); empty = the system's CAs."),
        flag("mqtt.allow_anonymous", &ServerConfig::mqttAllowAnonymous,
             "Development only: the embedded broker accepts clients without credentials and any topic."),
        text("mqtt.credentials_file", &ServerConfig::mqttCredentialsFile,
             "Broker credentials file the gateway keeps in step with the device registry; empty = "
             "<data_dir>/mosquitto/credentials for the embedded broker, none for an external one.",
             ".*", "a path or empty"),
        text("mqtt.auth_plugin", &ServerConfig::mqttAuthPlugin,
             "spk_mosquitto_auth.so for the embedded broker; empty = next to spkd or in ../lib/spk.", ".*",
             "a path or empty"),
        integer<int>("mqtt.broker_max_message_bytes", &ServerConfig::mqttBrokerMaxMessageBytes, 65536,
                     256 * 1024 * 1024, "Largest PUBLISH payload the embedded broker accepts."),
        text("mqtt.broker_hook_token", &ServerConfig::mqttBrokerHookToken,
             "Bearer token EMQX sends to /api/broker/auth and /api/broker/acl; empty = those routes are off.",
             "|.{32,}", "empty or at least 32 characters", true),

        text("auth.jwt_secret", &ServerConfig::jwtSecret,
             "HS256 signing key, at least 32 bytes; empty = generated once into <data_dir>/jwt.key.",
             "|.{32,}", "empty or at least 32 characters", true),
        integer<int>("auth.token_ttl", &ServerConfig::tokenTtl, 1, 30 * kDay,
                     "Lifetime of login tokens, seconds."),
        integer<int>("auth.login_max_failures", &ServerConfig::loginMaxFailures, 1, 1000,
                     "Failed logins (per username, and per source address) that trigger a lockout."),
        integer<int>("auth.login_window", &ServerConfig::loginWindow, 1, kDay,
                     "Seconds within which login_max_failures must happen to lock."),
        integer<int>("auth.login_lockout", &ServerConfig::loginLockout, 1, kDay,
                     "Seconds a locked username or source gets 429."),
        integer<int>("auth.max_concurrent_verifications", &ServerConfig::maxConcurrentVerifications, 1, 256,
                     "Password checks (argon2id, ~64 MiB each) running at once; also the size of their "
                     "thread pool."),
        integer<int>("auth.max_concurrent_verifications_per_source",
                     &ServerConfig::maxConcurrentVerificationsPerSource, 1, 256,
                     "Password checks of one source address running at once."),
        integer<int>("auth.verification_queue_length", &ServerConfig::verificationQueueLength, 0, 100000,
                     "Password checks that may wait for a turn (served round-robin by source); beyond, "
                     "429 login_busy."),
        integer<int>("auth.verification_queue_per_source", &ServerConfig::verificationQueuePerSource, 0,
                     100000, "Waiting password checks of one source address; beyond, 429 login_busy."),

        integer<int>("devices.ack_timeout_ms", &ServerConfig::ackTimeoutMs, 100, 600000,
                     "How long PUT /api/devices/{id}/config waits for the device's ack before 504."),
        integer<int>("devices.status_flush_ms", &ServerConfig::statusFlushMs, 10, 60000,
                     "Device status changes are batched and written at most this often."),

        flag("metrics.public", &ServerConfig::metricsPublic,
             "true = GET /metrics needs no token; false = admin only."),

        integer<int>("ws.ping_seconds", &ServerConfig::wsPingSeconds, 1, 3600,
                     "Live WebSocket: seconds between server pings."),
        integer<int>("ws.idle_timeout_seconds", &ServerConfig::wsIdleTimeoutSeconds, 2, kDay,
                     "Live WebSocket: close after this long without any frame (pongs count)."),
        integer<int>("ws.max_connections_per_user", &ServerConfig::wsMaxConnectionsPerUser, 0, 1000000,
                     "Live WebSocket: open connections one user may have on this gateway (0 = no cap); "
                     "beyond, 429 before the upgrade."),
        integer<int>("ws.max_connections_per_token", &ServerConfig::wsMaxConnectionsPerToken, 0, 1000000,
                     "Live WebSocket: open connections one token may have on this gateway (0 = no cap)."),

        // The voice bridge (docs/bridge.md).
        text("bridge.id", BRIDGE(QString, id),
             "This bridge's unique, stable name among replicas (empty = the host name).",
             "[A-Za-z0-9_.-]{0,64}", "up to 64 of A-Z a-z 0-9 _ . -"),
        integer<int>("bridge.heartbeat_seconds", BRIDGE(int, heartbeatSeconds), 1, 60,
                     "How often a bridge reports itself alive to the other replicas."),
        integer<int>("bridge.dead_after_seconds", BRIDGE(int, deadAfterSeconds), 3, 300,
                     "A bridge silent this long is lost: a survivor fails its sessions (bridge_lost)."),
        text("bridge.udp_host", BRIDGE(QString, udpHost), "Address the UDP audio socket binds."),
        integer<int>("bridge.udp_port", BRIDGE(int, udpPort), 0, 65535,
                     "UDP audio port; 0 = any free port (it is sent in every wake/ack)."),
        text("bridge.udp_public_host", BRIDGE(QString, udpPublicHost),
             "Host devices send audio to (empty = udp_host, or http.host when binding 0.0.0.0)."),
        text("bridge.public_url", BRIDGE(QString, publicUrl),
             "Base URL devices reach spkd at, for ws_url and fallback URLs (empty = "
             "http://<http.host>:<port>)."),
        integer<int>("bridge.media_threads", BRIDGE(int, mediaThreads), 0, 16,
                     "Threads that receive and decode the UDP audio; 0 = one per CPU core."),
        integer<int>("bridge.jitter_target_ms", BRIDGE(int, jitterTargetMs), 20, 400, "Jitter buffer delay."),
        integer<int>("bridge.silence_end_ms", BRIDGE(int, silenceEndMs), 200, 5000,
                     "Server-side end of speech: this much silence after speech."),
        integer<int>("bridge.max_utterance_ms", BRIDGE(int, maxUtteranceMs), 1000, 600000,
                     "A longer utterance is ended by the server."),
        integer<int>("bridge.no_audio_timeout_ms", BRIDGE(int, noAudioTimeoutMs), 100, 600000,
                     "No uplink audio for this long while listening: the session is closed."),
        integer<int>("bridge.reply_timeout_ms", BRIDGE(int, replyTimeoutMs), 100, 600000,
                     "End of speech to play_end must happen within this."),
        integer<int>("bridge.session_end_timeout_ms", BRIDGE(int, sessionEndTimeoutMs), 100, 600000,
                     "play_end to session_end must arrive within this, else the server closes the session."),
        integer<int>("bridge.fallback_ttl_seconds", BRIDGE(int, fallbackTtlSeconds), 1, 3600,
                     "Lifetime of the one-time reply URL used when a device has no WebSocket."),
        integer<qint64>("bridge.fallback_max_bytes", BRIDGE(qint64, fallbackMaxBytes), 1LL << 20, 1LL << 32,
                        "Fallback audio a bridge keeps in memory (without Redis, or while it is away); "
                        "the oldest links are dropped first."),
        flag("bridge.record_audio", BRIDGE(bool, recordAudio),
             "Record both tracks of every session as Ogg Opus under <data_dir>/audio."),
        integer<int>("recording.retention_days", BRIDGE(int, recordingRetentionDays), 0, 36500,
                     "Recordings of sessions older than this many days are removed by a daily sweep of each "
                     "bridge (the session rows stay; their audio answers 404). 0 keeps them."),

        // The voice pipeline (docs/pipeline.md); defaults run offline.
        choice("asr.primary", PIPE(QString, asr.primary), configEnumNames<pipeline::AsrBackendKind>(),
               "ASR backend tried first (null = fixed transcript, benchmarks only)."),
        choice("asr.fallback", PIPE(QString, asr.fallback),
               QStringList{QString()} + configEnumNames<pipeline::AsrBackendKind>(),
               "ASR backend that takes over when the primary fails (empty = none)."),
        text("asr.language", PIPE(QString, asr.language), "Language passed to the ASR backends."),
        integer<int>("asr.final_timeout_ms", PIPE(int, asr.finalTimeoutMs), 100, 600000,
                     "After end of speech, how long the active backend has for its final transcript."),
        integer<int>("asr.max_utterance_ms", PIPE(int, asr.maxUtteranceMs), 1000, 600000,
                     "Longer utterances fail."),
        integer<int>("asr.unhealthy_backoff_ms", PIPE(int, asr.unhealthyBackoffMs), 0, 3600000,
                     "A failed remote backend is skipped this long."),
        text("asr.pocketsphinx.hmm", PIPE(QString, asr.pocketsphinx.hmmDir),
             "pocketsphinx acoustic model directory."),
        text("asr.pocketsphinx.lm", PIPE(QString, asr.pocketsphinx.lmFile), "pocketsphinx language model."),
        text("asr.pocketsphinx.dict", PIPE(QString, asr.pocketsphinx.dictFile), "pocketsphinx dictionary."),
        integer<int>("asr.pocketsphinx.decoders", PIPE(int, asr.pocketsphinx.decoders), 1, 64,
                     "Decoders loaded at start."),
        integer<int>("asr.pocketsphinx.max_decoders", PIPE(int, asr.pocketsphinx.maxDecoders), 1, 64,
                     "More decoders are loaded while all are busy, up to this (= utterances recognised in "
                     "parallel; ~90 MB each)."),
        text("asr.pocketsphinx.options", PIPE(QString, asr.pocketsphinx.options),
             "Extra decoder options as on pocketsphinx's command line, e.g. \"-fwdflat no -beam 1e-48\"."),
        choice("asr.pocketsphinx.mode", PIPE(QString, asr.pocketsphinx.mode),
               configEnumNames<pipeline::PocketsphinxMode>(),
               "lm = free speech; grammar = only the intent sentences."),
        integer<int>("asr.pocketsphinx.partial_interval_ms", PIPE(int, asr.pocketsphinx.partialIntervalMs),
                     20, 10000, "Audio between two partial transcripts."),
        text(
            "asr.openai.url", PIPE(QString, asr.openai.baseUrl),
            "OpenAI-compatible transcription server, with /v1 (whisper.cpp server, faster-whisper, OpenAI)."),
        text("asr.openai.api_key", PIPE(QString, asr.openai.apiKey), "API key (sent as a bearer token).", "",
             "", true),
        text("asr.openai.model", PIPE(QString, asr.openai.model), "Transcription model name."),
        integer<int>("asr.openai.timeout_ms", PIPE(int, asr.openai.timeoutMs), 100, 600000,
                     "Request timeout."),
        text("asr.grpc.target", PIPE(QString, asr.grpc.target), "spk-asrd address (host:port)."),
        integer<int>("asr.grpc.timeout_ms", PIPE(int, asr.grpc.timeoutMs), 100, 600000, "Stream timeout."),
        text("asr.echokit.url", PIPE(QString, asr.echokit.url),
             "EchoKit server WebSocket, e.g. ws://host:8080/ws/ (the turn id is appended). docs/echokit.md"),
        integer<int>("asr.echokit.connect_timeout_ms", PIPE(int, asr.echokit.connectTimeoutMs), 100, 600000,
                     "WebSocket connect timeout."),
        integer<int>("asr.echokit.response_timeout_ms", PIPE(int, asr.echokit.responseTimeoutMs), 100, 600000,
                     "Longest silence from EchoKit while a turn runs."),
        text("dialogue.intents_dir", PIPE(QString, dialogue.intentsDir),
             "Directory with <lang>.yaml intent files (empty = the built-in ones)."),
        integer<int>("dialogue.volume_step", PIPE(int, dialogue.volumeStep), 1, 100,
                     "How much 'louder' / 'quieter' changes the volume."),
        flag("llm.enabled", PIPE(bool, llm.enabled), "Send requests no intent matches to the LLM."),
        text("llm.url", PIPE(QString, llm.endpoint.baseUrl),
             "OpenAI-compatible chat server, with /v1 (vLLM, llama.cpp server, Ollama, OpenAI)."),
        text("llm.api_key", PIPE(QString, llm.endpoint.apiKey), "API key (sent as a bearer token).", "", "",
             true),
        text("llm.model", PIPE(QString, llm.endpoint.model), "Chat model name."),
        text("llm.system_prompt", PIPE(QString, llm.systemPrompt), "System prompt for spoken answers."),
        integer<int>("llm.history_turns", PIPE(int, llm.historyTurns), 0, 50, "Past turns sent as context."),
        integer<int>("llm.first_token_timeout_ms", PIPE(int, llm.firstTokenTimeoutMs), 100, 600000,
                     "No first token within this → spoken apology."),
        integer<int>("llm.total_timeout_ms", PIPE(int, llm.totalTimeoutMs), 100, 600000,
                     "Whole answer time limit."),
        integer<int>("llm.max_tokens", PIPE(int, llm.maxTokens), 0, 100000, "0 = the server decides."),
        choice("tts.backend", PIPE(QString, tts.backend), configEnumNames<pipeline::TtsBackendKind>(),
               "Speech synthesis backend (null = a fixed 200 ms tone, benchmarks only)."),
        text("tts.voice_en", PIPE(QString, tts.voiceEn), "Voice for English replies."),
        text("tts.voice_zh", PIPE(QString, tts.voiceZh), "Voice for Chinese replies."),
        integer<int>("tts.espeak_rate", PIPE(int, tts.espeakRate), 80, 450, "espeak-ng words per minute."),
        text("tts.openai.url", PIPE(QString, tts.openai.baseUrl),
             "OpenAI-compatible speech server, with /v1."),
        text("tts.openai.api_key", PIPE(QString, tts.openai.apiKey), "API key (sent as a bearer token).", "",
             "", true),
        text("tts.openai.model", PIPE(QString, tts.openai.model), "Speech model name."),
        integer<int>("tts.openai.timeout_ms", PIPE(int, tts.openai.timeoutMs), 100, 600000,
                     "Request timeout."),
        choice("tts.openai.format", PIPE(QString, tts.openaiFormat), {"pcm", "wav"},
               "Response format: pcm (24 kHz s16le) or wav."),
    };
    return keys;
}
#undef PIPE
#undef BRIDGE
#undef HTTP

const ConfigKey *findConfigKey(const QString &path)
{
    for (const ConfigKey &k : configKeys())
        if (k.path == path)
            return &k;
    return nullptr;
}

bool isConfigSection(const QString &path)
{
    const QString prefix = path + QLatin1Char('.');
    for (const ConfigKey &k : configKeys())
        if (k.path.startsWith(prefix))
            return true;
    return false;
}

ConfigType ConfigKey::type() const
{
    if (std::holds_alternative<Field<bool>>(field))
        return ConfigType::Boolean;
    if (std::holds_alternative<Field<QString>>(field))
        return ConfigType::String;
    return ConfigType::Integer;
}

QString ConfigKey::envName() const
{
    return QStringLiteral("SPK_") + QString(path).replace(QLatin1Char('.'), QLatin1Char('_')).toUpper();
}

QString ConfigKey::typeDescription() const
{
    switch (type()) {
    case ConfigType::Boolean:
        return QStringLiteral("boolean");
    case ConfigType::Integer:
        return QStringLiteral("integer %1–%2").arg(min).arg(max);
    case ConfigType::String:
        break;
    }
    if (!choices.isEmpty())
        return QStringLiteral("one of: ") + choices.join(QStringLiteral(", "));
    return patternHelp.isEmpty() ? QStringLiteral("string") : QStringLiteral("string: ") + patternHelp;
}

QString ConfigKey::valueText(const ServerConfig &config) const
{
    ServerConfig copy = config; // Field refs are non-const; reading a copy keeps the caller's const
    return std::visit(
        [&copy](const auto &f) -> QString {
            using T = std::decay_t<decltype(f.ref(copy))>;
            if constexpr (std::is_same_v<T, QString>)
                return f.ref(copy);
            else if constexpr (std::is_same_v<T, bool>)
                return f.ref(copy) ? QStringLiteral("true") : QStringLiteral("false");
            else
                return QString::number(f.ref(copy));
        },
        field);
}

QString ConfigKey::assign(ServerConfig &config, const QString &text, bool isNull) const
{
    const QString expected = QStringLiteral("expected ") + typeDescription();
    if (isNull && type() != ConfigType::String)
        return expected + QStringLiteral(", got nothing");
    if (auto *f = std::get_if<Field<bool>>(&field)) {
        const auto value = parseBool(text);
        if (!value)
            return expected + QStringLiteral(" (true/false), got ") + quoted(text);
        f->ref(config) = *value;
        return {};
    }
    if (auto *f = std::get_if<Field<QString>>(&field)) {
        if (!choices.isEmpty() && !choices.contains(text))
            return expected + QStringLiteral(", got ") + quoted(text);
        if (!pattern.isEmpty()) {
            const QRegularExpression re(QRegularExpression::anchoredPattern(pattern));
            if (!re.match(text).hasMatch())
                return expected + QStringLiteral(", got ") +
                       (secret ? QStringLiteral("an invalid value") : quoted(text));
        }
        f->ref(config) = text;
        return {};
    }
    bool ok = false;
    const qint64 value = text.trimmed().toLongLong(&ok, 10);
    if (!ok || value < min || value > max)
        return expected + QStringLiteral(", got ") + quoted(text);
    if (auto *f = std::get_if<Field<int>>(&field))
        f->ref(config) = static_cast<int>(value);
    else
        std::get<Field<qint64>>(field).ref(config) = value;
    return {};
}

QString configReferenceMarkdown()
{
    // Table cells: '|' would split the cell and "<path>" would vanish as an HTML tag.
    const auto cell = [](QString text) {
        return text.replace(QLatin1Char('|'), QStringLiteral("\\|"))
            .replace(QLatin1Char('<'), QStringLiteral("&lt;"))
            .replace(QLatin1Char('>'), QStringLiteral("&gt;"));
    };
    const ServerConfig defaults;
    QString out = QStringLiteral("| Key | Environment variable | Type | Default | Meaning |\n"
                                 "|-----|----------------------|------|---------|---------|\n");
    for (const ConfigKey &k : configKeys()) {
        const QString value = k.valueText(defaults);
        const QString def =
            value.isEmpty() ? QStringLiteral("(empty)") : QLatin1Char('`') + value + QLatin1Char('`');
        out += QStringLiteral("| `%1` | `%2` | %3 | %4 | %5 |\n")
                   .arg(k.path, k.envName(), cell(k.typeDescription()), def, cell(k.help));
    }
    return out;
}

} // namespace spk::server

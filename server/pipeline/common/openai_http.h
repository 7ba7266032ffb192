#pragma once
// Shared bits of the OpenAI-compatible HTTP backends (ASR, LLM, TTS).
#include "server/core/pipeline_config.h"

#include <QNetworkRequest>

class QNetworkReply;

namespace spk::server::pipeline {

// baseUrl + path (e.g. "/chat/completions"), bearer key if any, transfer time-out.
QNetworkRequest openAiRequest(const OpenAiEndpoint &endpoint, const QString &path);

// "HTTP 401: Incorrect API key" / "connection refused ..." from a finished reply and its body.
QString openAiErrorText(QNetworkReply *reply, const QByteArray &body);

// Whether the failure says the server is unusable for now (down, overloaded, misconfigured),
// as opposed to a problem with this one request.
bool isServerFailure(QNetworkReply *reply);

} // namespace spk::server::pipeline

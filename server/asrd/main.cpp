// spk-asrd: the built-in pocketsphinx recognizer as a gRPC service (server/pipeline/asr/proto/asr.proto).
#include "server/asrd/asr_service.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace spk::server::pipeline;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    app.setApplicationName(QStringLiteral("spk-asrd"));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Streaming speech recognition (pocketsphinx) over gRPC."));
    parser.addHelpOption();
    const PocketsphinxConfig defaults;
    const QCommandLineOption listen(QStringLiteral("listen"), QStringLiteral("Address to listen on."),
                                    QStringLiteral("host:port"), QStringLiteral("127.0.0.1:50061"));
    const QCommandLineOption decoders(QStringLiteral("decoders"),
                                      QStringLiteral("Decoders to load = parallel utterances (1..64)."),
                                      QStringLiteral("n"), QString::number(defaults.decoders));
    const QCommandLineOption hmm(QStringLiteral("hmm"), QStringLiteral("Acoustic model directory."),
                                 QStringLiteral("dir"), defaults.hmmDir);
    const QCommandLineOption lm(QStringLiteral("lm"), QStringLiteral("Language model."),
                                QStringLiteral("file"), defaults.lmFile);
    const QCommandLineOption dict(QStringLiteral("dict"), QStringLiteral("Pronunciation dictionary."),
                                  QStringLiteral("file"), defaults.dictFile);
    const QCommandLineOption options(
        QStringLiteral("options"),
        QStringLiteral("Extra pocketsphinx decoder options, its command-line syntax (default: \"%1\").")
            .arg(defaults.options),
        QStringLiteral("\"-name value ...\""), defaults.options);
    parser.addOptions({listen, decoders, hmm, lm, dict, options});
    parser.process(app);

    PocketsphinxConfig config;
    bool ok = false;
    config.decoders = parser.value(decoders).toInt(&ok);
    if (!ok || config.decoders < 1 || config.decoders > 64) {
        std::fprintf(stderr, "spk-asrd: --decoders must be 1..64\n");
        return 2;
    }
    config.hmmDir = parser.value(hmm);
    config.lmFile = parser.value(lm);
    config.dictFile = parser.value(dict);
    config.options = parser.value(options);
    QString error;
    std::shared_ptr<PocketsphinxDecoders> set = PocketsphinxDecoders::load(config, &error);
    if (!set) {
        std::fprintf(stderr, "spk-asrd: %s\n", qPrintable(error));
        return 1;
    }
    AsrServer server(set);
    if (!server.start(parser.value(listen), &error)) {
        std::fprintf(stderr, "spk-asrd: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("spk-asrd listening on port %d\n", server.port());
    std::fflush(stdout);
    server.wait();
    return 0;
}

#pragma once
// Real recorded speech from Debian's pocketsphinx-testdata, and small PCM measurements.
#include <QByteArray>
#include <QString>

namespace spk::testsupport {

QString speechTestDataDir(); // /usr/share/pocketsphinx/test/data
// 16 kHz mono int16 samples of a .wav or headerless .raw file under speechTestDataDir(); empty on error.
QByteArray loadTestSpeech(const QString &relativePath);
double rmsOf(const QByteArray &pcm16);
double secondsOf(const QByteArray &pcm16, int sampleRate = 16000);

} // namespace spk::testsupport

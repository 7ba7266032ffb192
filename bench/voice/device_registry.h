#pragma once
// Creates the benchmark's devices over REST (POST /api/devices as admin) and keeps their secrets.
#include <QList>
#include <QString>

namespace spk::bench {

struct BenchDevice
{
    QString id;
    QString secret;
};

// Logs in as the admin, then creates `count` devices "<prefix>0001"… owned by the admin, one request
// at a time. Empty list and *error on the first failure.
QList<BenchDevice> registerDevices(const QString &baseUrl, const QString &user, const QString &password,
                                   const QString &prefix, int count, QString *error);

} // namespace spk::bench

#pragma once
// Devices online over time, sampled from the live-updated device table (bounded ring of samples).
#include <QDateTime>
#include <QVector>

namespace spk::console {

struct OnlineSample
{
    QDateTime at;
    int online = 0;
    int total = 0;
};

class OnlineHistory
{
public:
    explicit OnlineHistory(int capacity = 720) : capacity_(qMax(1, capacity)) {}
    void addSample(const QDateTime &at, int online, int total);
    const QVector<OnlineSample> &samples() const { return samples_; }
    int capacity() const { return capacity_; }
    void clear() { samples_.clear(); }

private:
    int capacity_;
    QVector<OnlineSample> samples_; // oldest first
};

} // namespace spk::console

#pragma once
// Network faults spksim injects on the uplink (--loss, --jitter, --reorder, --seed). Per datagram, in this
// order, from one seeded RNG:
//   loss:    dropped with probability `loss`;
//   jitter:  held back a uniform 0..jitterMs ms (above 20 ms, neighbouring frames overtake each other);
//   reorder: with probability `reorder`, held back 40 ms more, so the next two frames overtake it.
// The same seed and the same send order give the same faults.
#include <QtGlobal>

namespace spk::sim {

struct NetworkImpairment
{
    double loss = 0;    // 0..1
    int jitterMs = 0;   // 0..1000
    double reorder = 0; // 0..1
    quint32 seed = 1;
    bool any() const { return loss > 0 || jitterMs > 0 || reorder > 0; }
};

} // namespace spk::sim

// The search over volume that `capacity` (per route and network) and `plan` share.
#include "corridor/capacity.hpp"

#include <algorithm>
#include <cmath>

namespace corridor {

std::pair<double, double> search_sustained(const std::function<std::pair<bool, double>(double)>& probe,
                                           double start, double limit) {
  double low = 0, high = start;
  auto [held, busiest] = probe(high);
  // Bracket: grow until it fails, guided by the utilization measured so far.
  for (int i = 0; i < 12 && held; ++i) {
    low = high;
    const double factor = busiest > 0.01 ? std::clamp(limit / busiest * 1.2, 1.2, 10.0) : 10.0;
    high *= factor;
    std::tie(held, busiest) = probe(high);
  }
  if (low == 0) { // even the start fails: shrink
    for (int i = 0; i < 12; ++i) {
      const double lower = high / 4;
      if (probe(lower).first) {
        low = lower;
        break;
      }
      high = lower;
    }
  }
  while (low > 0 && high / low > kCapacitySearchTolerance) {
    const double middle = std::sqrt(low * high);
    (probe(middle).first ? low : high) = middle;
  }
  return {low, high};
}

} // namespace corridor

#include "corridor/p_square.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace corridor {

void PSquareQuantile::add(double x) {
  if (count < 5) {
    height[count++] = x;
    if (count == 5) {
      std::sort(height, height + 5);
      const double d[5] = {1, 1 + 2 * p, 1 + 4 * p, 3 + 2 * p, 5};
      std::copy(d, d + 5, desired);
    }
    return;
  }
  ++count;
  int k = 0; // the cell [height[k], height[k + 1]) that x falls in; the extremes move out
  if (x < height[0]) {
    height[0] = x;
  } else if (x >= height[4]) {
    height[4] = std::max(height[4], x);
    k = 3;
  } else {
    while (k < 3 && x >= height[k + 1])
      ++k;
  }
  for (int i = k + 1; i < 5; ++i)
    position[i] += 1;
  const double increment[5] = {0, p / 2, p, (1 + p) / 2, 1};
  for (int i = 0; i < 5; ++i)
    desired[i] += increment[i];
  // Move the middle markers towards their desired positions, by a parabolic step, or a linear
  // one when the parabola would break the order of the heights.
  for (int i = 1; i < 4; ++i) {
    const double d = desired[i] - position[i];
    if ((d >= 1 && position[i + 1] - position[i] > 1) || (d <= -1 && position[i - 1] - position[i] < -1)) {
      const double s = d > 0 ? 1 : -1;
      const double n0 = position[i - 1], n1 = position[i], n2 = position[i + 1];
      const double parabolic = height[i] + s / (n2 - n0) *
                                               ((n1 - n0 + s) * (height[i + 1] - height[i]) / (n2 - n1) +
                                                (n2 - n1 - s) * (height[i] - height[i - 1]) / (n1 - n0));
      if (height[i - 1] < parabolic && parabolic < height[i + 1]) {
        height[i] = parabolic;
      } else {
        const int j = i + static_cast<int>(s);
        height[i] += s * (height[j] - height[i]) / (position[j] - position[i]);
      }
      position[i] += s;
    }
  }
}

double PSquareQuantile::value() const {
  if (count == 0) return 0;
  if (count > 5) return height[2];
  // A vector, not double[5]: g++ 12 at -O2 with sanitizers warns (-Warray-bounds) inside
  // std::sort of a fixed array it cannot see is at most 5 long.
  std::vector<double> sorted(height, height + count);
  std::sort(sorted.begin(), sorted.end());
  const double rank = p * static_cast<double>(count - 1);
  const auto below = static_cast<std::uint64_t>(std::floor(rank));
  if (below + 1 >= count) return sorted[count - 1];
  return sorted[below] + (rank - static_cast<double>(below)) * (sorted[below + 1] - sorted[below]);
}

} // namespace corridor

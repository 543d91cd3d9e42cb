#include "corridor/p_square.hpp"
#include "corridor/random.hpp"

#include <algorithm>
#include <boost/random/exponential_distribution.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

using corridor::PSquareQuantile;

namespace {
// The sample quantile by linear interpolation between order statistics (type 7).
double type7(std::vector<double> x, double p) {
  std::sort(x.begin(), x.end());
  const double rank = p * static_cast<double>(x.size() - 1);
  const auto below = static_cast<std::size_t>(rank);
  if (below + 1 >= x.size()) return x.back();
  return x[below] + (rank - static_cast<double>(below)) * (x[below + 1] - x[below]);
}
} // namespace

TEST_CASE("P2: exact with five observations or fewer, and on a constant stream", "[model][p_square]") {
  PSquareQuantile q(0.95);
  CHECK(q.value() == 0);
  for (double x : {4.0, 1.0, 3.0}) // sorted 1 3 4: rank 0.95 x 2 = 1.9 -> 3 + 0.9 x 1
    q.add(x);
  CHECK(q.value() == Approx(3.9));
  PSquareQuantile constant(0.95);
  for (int i = 0; i < 1000; ++i)
    constant.add(5.0);
  CHECK(constant.value() == 5.0);
}

TEST_CASE("P2: the 95th percentile of 100000 exponential and uniform draws within 1% of the sample's",
          "[model][p_square]") {
  corridor::RandomStream rng(7, "p-square-test");
  boost::random::exponential_distribution<double> exponential(1 / 4.0);
  std::vector<double> e, u;
  PSquareQuantile qe(0.95), qu(0.95);
  for (int i = 0; i < 100000; ++i) {
    e.push_back(exponential(rng.engine()));
    qe.add(e.back());
    u.push_back(2 + 8 * rng.uniform01());
    qu.add(u.back());
  }
  // Exponential, mean 4: p95 = 4 ln 20 = 11.98; uniform on [2, 10]: 9.6.
  CHECK(type7(e, 0.95) == Approx(4 * std::log(20.0)).epsilon(0.02));
  CHECK(qe.value() == Approx(type7(e, 0.95)).epsilon(0.01));
  CHECK(qu.value() == Approx(type7(u, 0.95)).epsilon(0.01));
}

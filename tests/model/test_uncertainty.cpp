// Latin hypercube sampling of uncertain inputs (issue 14).
#include "corridor/uncertainty.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

using namespace corridor;

namespace {
UncertainInput input(const std::string& path, double low, double high, std::optional<double> mode = {},
                     bool integer = false) {
  UncertainInput in;
  in.path = path;
  in.low = low;
  in.high = high;
  in.mode = mode;
  in.integer = integer;
  return in;
}
} // namespace

TEST_CASE("an input uniform on [a, b] puts exactly one sample in each of the N strata", "[uncertainty]") {
  // a = 24, b = 120, N = 12: strata of width (120 - 24) / 12 = 8 h, [24, 32), [32, 40), ... [112, 120].
  const auto u = input("facilities[TORKHAM_BCP].service_time_h", 24, 120);
  const auto other = input("links[3].distance_km", 0, 1);
  for (const int n : {1, 12, 97}) {
    const auto values = latin_hypercube({u, other}, 7, n);
    REQUIRE(values.size() == static_cast<std::size_t>(n));
    std::vector<int> per_stratum(static_cast<std::size_t>(n), 0);
    std::vector<int> per_stratum_other(static_cast<std::size_t>(n), 0);
    for (const auto& row : values) {
      REQUIRE(row.size() == 2);
      REQUIRE(row[0] >= 24);
      REQUIRE(row[0] <= 120);
      const double width = 96.0 / n;
      ++per_stratum[std::min<std::size_t>(static_cast<std::size_t>((row[0] - 24) / width), n - 1)];
      ++per_stratum_other[std::min<std::size_t>(static_cast<std::size_t>(row[1] * n), n - 1)];
    }
    CHECK(std::all_of(per_stratum.begin(), per_stratum.end(), [](int c) { return c == 1; }));
    CHECK(std::all_of(per_stratum_other.begin(), per_stratum_other.end(), [](int c) { return c == 1; }));
  }
}

TEST_CASE("the samples depend only on the seed, N and the input's path", "[uncertainty]") {
  const auto a = input("facilities[A].servers", 2, 9, {}, true);
  const auto b = input("links[x].distance_km", 10, 20);
  const auto c = input("demand[f].teu_per_year", 100, 300, 150.0);
  const auto both = latin_hypercube({a, b}, 5, 20);
  const auto alone = latin_hypercube({b}, 5, 20);
  const auto more = latin_hypercube({c, b, a}, 5, 20);
  for (std::size_t r = 0; r < 20; ++r) {
    CHECK(both[r][1] == alone[r][0]); // bit-identical: another input does not move it
    CHECK(more[r][1] == both[r][1]);
    CHECK(more[r][2] == both[r][0]);
  }
  CHECK(latin_hypercube({b}, 5, 20) == alone);
  CHECK(latin_hypercube({b}, 6, 20) != alone); // another seed, another design
  // The order of the strata is a permutation, not the identity: the first replication is not
  // always the lowest value.
  std::vector<double> column;
  for (const auto& row : alone)
    column.push_back(row[0]);
  CHECK_FALSE(std::is_sorted(column.begin(), column.end()));
}

TEST_CASE("quantiles of uniform, triangular and integer inputs", "[uncertainty]") {
  CHECK(input_quantile(input("x", 10, 20), 0.25) == 12.5);
  // Triangular (0, 1, 2): F(x) = x^2 / 2 below the mode, so F^-1(0.125) = 0.5, F^-1(0.5) = 1,
  // and by symmetry F^-1(0.875) = 1.5.
  const auto t = input("x", 0, 2, 1.0);
  CHECK(input_quantile(t, 0.125) == Approx(0.5));
  CHECK(input_quantile(t, 0.5) == Approx(1));
  CHECK(input_quantile(t, 0.875) == Approx(1.5));
  // Integers 2..4 from a draw on [1.5, 4.5], rounded: a third of the range each.
  const auto lanes = input("x", 2, 4, {}, true);
  CHECK(input_quantile(lanes, 0.0) == 2);
  CHECK(input_quantile(lanes, 0.3) == 2); // 1.5 + 0.9 = 2.4
  CHECK(input_quantile(lanes, 0.5) == 3);
  CHECK(input_quantile(lanes, 0.7) == 4); // 1.5 + 2.1 = 3.6
  CHECK(input_quantile(lanes, 1.0) == 4);
  CHECK(input_value_text(lanes, 3) == "3");
  CHECK(input_value_text(t, 0.1) == "0.1");
  CHECK(input_overrides({lanes, t}, {4, 1.25}) == std::vector<std::string>{"x=4", "x=1.25"});
}

#include "corridor/distribution.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using corridor::Distribution;
using corridor::DistributionKind;
using corridor::RandomStream;

namespace {
double sample_mean(const Distribution& d, int n, std::uint64_t seed = 7) {
  RandomStream rng(seed, "test");
  double sum = 0;
  for (int i = 0; i < n; ++i)
    sum += d.sample(rng);
  return sum / n;
}

Distribution make(DistributionKind kind) {
  Distribution d;
  d.kind = kind;
  return d;
}
} // namespace

TEST_CASE("streams are reproducible and independent by name", "[random]") {
  RandomStream a(42, "facility:A:service"), a_again(42, "facility:A:service"), b(42, "facility:B:service");
  bool any_difference = false;
  for (int i = 0; i < 100; ++i) {
    const double x = a.uniform01();
    REQUIRE(x == a_again.uniform01());
    any_difference |= x != b.uniform01();
  }
  REQUIRE(any_difference);
}

TEST_CASE("draws are pinned: the same on every compiler and standard library", "[random]") {
  // std::mt19937_64 is specified bit for bit; these values must never change, or every
  // golden result moves. The 10000th output of a default-seeded mt19937_64 is fixed by the standard.
  std::mt19937_64 reference;
  reference.discard(9999);
  REQUIRE(reference() == 9981545732273789042ULL);
  REQUIRE(corridor::stable_hash("") == 14695981039346656037ULL);
  REQUIRE(corridor::stable_hash("a") == 0xaf63dc4c8601ec8cULL);
}

TEST_CASE("sample means match the analytic means", "[distribution]") {
  const int n = 200000;
  CHECK(sample_mean(Distribution::constant(3.5), 10) == 3.5);
  CHECK(sample_mean(Distribution::exponential(2.0), n) == Approx(2.0).epsilon(0.01));

  auto uniform = make(DistributionKind::Uniform);
  uniform.min = 1;
  uniform.max = 3;
  CHECK(uniform.mean() == 2.0);
  CHECK(sample_mean(uniform, n) == Approx(2.0).epsilon(0.01));

  auto triangular = make(DistributionKind::Triangular);
  triangular.min = 1;
  triangular.mode = 2;
  triangular.max = 6;
  CHECK(triangular.mean() == 3.0);
  CHECK(sample_mean(triangular, n) == Approx(3.0).epsilon(0.01));

  auto lognormal = make(DistributionKind::Lognormal);
  lognormal.mean_param = 10;
  lognormal.sd = 5;
  CHECK(sample_mean(lognormal, n) == Approx(10.0).epsilon(0.01));

  auto empirical = make(DistributionKind::Empirical);
  empirical.table_values = {1, 2, 4};
  empirical.table_weights = {0.2, 0.5, 0.3};
  CHECK(empirical.mean() == Approx(0.2 + 1.0 + 1.2));
  CHECK(sample_mean(empirical, n) == Approx(2.4).epsilon(0.01));
}

TEST_CASE("the normal is truncated at zero and its mean accounts for it", "[distribution]") {
  auto normal = make(DistributionKind::Normal);
  normal.mean_param = 1;
  normal.sd = 1;
  // E[X | X >= 0] for N(1, 1) = 1 + phi(-1) / (1 - Phi(-1)) = 1.287600...
  CHECK(normal.mean() == Approx(1.2876).epsilon(1e-4));
  RandomStream rng(3, "normal");
  double sum = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double x = normal.sample(rng);
    REQUIRE(x >= 0);
    sum += x;
  }
  CHECK(sum / n == Approx(1.2876).epsilon(0.01));
}

TEST_CASE("zero-width distributions draw their one value and never hang", "[distribution]") {
  RandomStream rng(3, "degenerate");
  Distribution uniform = make(DistributionKind::Uniform);
  uniform.min = uniform.max = 2.5;
  Distribution triangular = make(DistributionKind::Triangular);
  triangular.min = triangular.mode = triangular.max = 4;
  Distribution zero_uniform = make(DistributionKind::Uniform); // min = max = 0: the reproducer's hang
  Distribution normal = make(DistributionKind::Normal);
  normal.mean_param = 3;
  Distribution lognormal = make(DistributionKind::Lognormal);
  lognormal.mean_param = 5;
  for (int i = 0; i < 100; ++i) {
    CHECK(uniform.sample(rng) == 2.5);
    CHECK(triangular.sample(rng) == 4);
    CHECK(zero_uniform.sample(rng) == 0);
    CHECK(normal.sample(rng) == 3);
    CHECK(lognormal.sample(rng) == 5);
  }
  CHECK(uniform.mean() == 2.5);
  CHECK(triangular.mean() == 4);
}

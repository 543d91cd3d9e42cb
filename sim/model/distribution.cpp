#include "corridor/distribution.hpp"

#include <boost/random/discrete_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/triangle_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>
#include <fmt/format.h>
#include <numeric>

namespace corridor {

namespace {
constexpr double kPi = 3.14159265358979323846;

// Parameters of the underlying normal of a lognormal with the given mean and sd.
std::pair<double, double> lognormal_mu_sigma(double mean, double sd) {
  const double sigma2 = std::log1p((sd * sd) / (mean * mean));
  return {std::log(mean) - sigma2 / 2, std::sqrt(sigma2)};
}

double standard_normal_pdf(double x) {
  return std::exp(-x * x / 2) / std::sqrt(2 * kPi);
}
double standard_normal_cdf(double x) {
  return 0.5 * std::erfc(-x / std::sqrt(2.0));
}
} // namespace

Distribution Distribution::constant(double v) {
  Distribution d;
  d.kind = DistributionKind::Constant;
  d.value = v;
  return d;
}

Distribution Distribution::exponential(double mean) {
  Distribution d;
  d.kind = DistributionKind::Exponential;
  d.mean_param = mean;
  return d;
}

double Distribution::sample(RandomStream& rng) const {
  auto& engine = rng.engine();
  switch (kind) {
  case DistributionKind::Constant:
    return value;
  // A zero-width uniform or triangular is a legitimate constant: Boost's uniform redraws while
  // the draw equals max (forever when min == max) and its triangular divides by max - min.
  case DistributionKind::Uniform:
    if (!(min < max)) return min;
    return boost::random::uniform_real_distribution<double>(min, max)(engine);
  case DistributionKind::Triangular:
    if (!(min < max)) return min;
    return boost::random::triangle_distribution<double>(min, mode, max)(engine);
  case DistributionKind::Exponential:
    return boost::random::exponential_distribution<double>(1.0 / mean_param)(engine);
  case DistributionKind::Normal: {
    if (sd <= 0) return std::max(0.0, mean_param);
    boost::random::normal_distribution<double> normal(mean_param, sd);
    // Truncated at 0 by rejection; the loader requires mean > 0, so acceptance is >= 50%.
    for (;;) {
      const double x = normal(engine);
      if (x >= 0) return x;
    }
  }
  case DistributionKind::Lognormal: {
    if (sd <= 0) return mean_param;
    const auto [mu, sigma] = lognormal_mu_sigma(mean_param, sd);
    return boost::random::lognormal_distribution<double>(mu, sigma)(engine);
  }
  case DistributionKind::Empirical: {
    boost::random::discrete_distribution<std::size_t> pick(table_weights.begin(), table_weights.end());
    return table_values[pick(engine)];
  }
  }
  return value;
}

double Distribution::mean() const {
  switch (kind) {
  case DistributionKind::Constant:
    return value;
  case DistributionKind::Uniform:
    return (min + max) / 2;
  case DistributionKind::Triangular:
    return (min + mode + max) / 3;
  case DistributionKind::Exponential:
  case DistributionKind::Lognormal:
    return mean_param;
  case DistributionKind::Normal: {
    if (sd <= 0) return std::max(0.0, mean_param);
    // Mean of a normal truncated below at 0.
    const double alpha = -mean_param / sd;
    return mean_param + sd * standard_normal_pdf(alpha) / (1 - standard_normal_cdf(alpha));
  }
  case DistributionKind::Empirical: {
    const double total = std::accumulate(table_weights.begin(), table_weights.end(), 0.0);
    double sum = 0;
    for (std::size_t i = 0; i < table_values.size(); ++i)
      sum += table_values[i] * table_weights[i];
    return total > 0 ? sum / total : 0;
  }
  }
  return value;
}

std::string Distribution::describe() const {
  switch (kind) {
  case DistributionKind::Constant:
    return fmt::format("constant({})", value);
  case DistributionKind::Uniform:
    return fmt::format("uniform(min={}, max={})", min, max);
  case DistributionKind::Triangular:
    return fmt::format("triangular(min={}, mode={}, max={})", min, mode, max);
  case DistributionKind::Exponential:
    return fmt::format("exponential(mean={})", mean_param);
  case DistributionKind::Normal:
    return fmt::format("normal(mean={}, sd={})", mean_param, sd);
  case DistributionKind::Lognormal:
    return fmt::format("lognormal(mean={}, sd={})", mean_param, sd);
  case DistributionKind::Empirical:
    return fmt::format("empirical({} rows)", table_values.size());
  }
  return "?";
}

} // namespace corridor

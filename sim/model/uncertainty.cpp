#include "corridor/uncertainty.hpp"

#include "corridor/random.hpp"

#include <algorithm>
#include <boost/math/distributions/triangular.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <fmt/format.h>
#include <numeric>

namespace corridor {

double input_quantile(const UncertainInput& input, double u) {
  u = std::clamp(u, 0.0, 1.0);
  // An integer's draw is on [low - 0.5, high + 0.5] and rounded, so every integer of a uniform
  // range gets the same share of the strata.
  const double widen = input.integer ? 0.5 : 0;
  const double low = input.low - widen, high = input.high + widen;
  double x = low + u * (high - low);
  if (input.mode && high > low) {
    const boost::math::triangular_distribution<double> triangle(low, *input.mode, high);
    x = boost::math::quantile(triangle, u);
  }
  if (input.integer) x = std::clamp(std::round(x), input.low, input.high);
  return x;
}

std::vector<std::vector<double>> latin_hypercube(const std::vector<UncertainInput>& inputs,
                                                 std::uint64_t seed, int replications) {
  const auto n = static_cast<std::size_t>(std::max(0, replications));
  std::vector<std::vector<double>> values(n, std::vector<double>(inputs.size()));
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    // Named after the input's path: its values do not depend on which other inputs exist.
    RandomStream stream(seed, "uncertain " + inputs[k].path);
    std::vector<std::size_t> stratum(n);
    std::iota(stratum.begin(), stratum.end(), std::size_t{0});
    for (std::size_t i = n; i > 1; --i) { // Fisher-Yates, with Boost's portable integers
      boost::random::uniform_int_distribution<std::size_t> pick(0, i - 1);
      std::swap(stratum[i - 1], stratum[pick(stream.engine())]);
    }
    for (std::size_t r = 0; r < n; ++r) {
      const double u = (static_cast<double>(stratum[r]) + stream.uniform01()) / static_cast<double>(n);
      values[r][k] = input_quantile(inputs[k], u);
    }
  }
  return values;
}

std::string input_value_text(const UncertainInput& input, double value) {
  if (input.integer) return fmt::format("{}", static_cast<long long>(value));
  return fmt::format("{}", value); // the shortest text that reads back as the same double
}

std::vector<std::string> input_overrides(const std::vector<UncertainInput>& inputs,
                                         const std::vector<double>& values) {
  std::vector<std::string> out;
  for (std::size_t k = 0; k < inputs.size() && k < values.size(); ++k)
    out.push_back(inputs[k].path + "=" + input_value_text(inputs[k], values[k]));
  return out;
}

} // namespace corridor

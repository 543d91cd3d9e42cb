#pragma once
/** @file Probability distributions of durations (hours) and sizes, as written in scenarios. */
#include "corridor/random.hpp"

#include <string>
#include <vector>

namespace corridor {

enum class DistributionKind { Constant, Uniform, Triangular, Exponential, Normal, Lognormal, Empirical };

/**
 * @brief A distribution of non-negative values.
 *
 * Parameters by kind (all in the unit of the key that holds the distribution):
 * - Constant: value
 * - Uniform: min, max
 * - Triangular: min, mode, max
 * - Exponential: mean
 * - Normal: mean, sd — truncated at 0 (redrawn while negative)
 * - Lognormal: mean, sd of the value itself (not of its logarithm)
 * - Empirical: table of (value, weight) rows, drawn with probability proportional to weight
 */
struct Distribution {
  DistributionKind kind = DistributionKind::Constant;
  double value = 0, min = 0, max = 0, mode = 0, mean_param = 0, sd = 0;
  std::vector<double> table_values;
  std::vector<double> table_weights;

  static Distribution constant(double v);
  static Distribution exponential(double mean);

  /** @brief One draw; never negative. */
  double sample(RandomStream& rng) const;
  /** @brief Expected value (of the truncated normal too), used for free-flow estimates. */
  double mean() const;
  /** @brief True when every draw is the same number. */
  bool is_constant() const { return kind == DistributionKind::Constant; }
  /** @brief "exponential(mean=2)" and the like, for messages and docs. */
  std::string describe() const;
};

} // namespace corridor

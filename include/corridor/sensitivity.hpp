#pragma once
/**
 * @file Which uncertain inputs move a scenario's figures: one at a time to each input's low and
 * high (a tornado), then Morris elementary effects over random trajectories (a global screening
 * that sees interactions the tornado cannot). The figures are each claim's simulated value and
 * each route's mean transit days and cost per TEU, over the same replications (same seeds) at
 * every design point.
 */
#include "corridor/scenario.hpp"

#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace corridor {

/** @brief Morris: p = 4 levels of each input's probability, steps of p / (2 (p - 1)) = 2/3. */
inline constexpr int kMorrisLevels = 4;
inline constexpr double kMorrisDelta = kMorrisLevels / (2.0 * (kMorrisLevels - 1));

/** @brief One input at its low and at its high, the others at nominal (NaN: not measured). */
struct InputSwing {
  std::size_t input = 0;
  double at_low = std::numeric_limits<double>::quiet_NaN();
  double at_high = std::numeric_limits<double>::quiet_NaN();
  double swing() const {
    return std::isfinite(at_low) && std::isfinite(at_high) ? std::abs(at_high - at_low)
                                                           : std::numeric_limits<double>::quiet_NaN();
  }
};

/** @brief One input's Morris elementary effects on a figure, per whole range of its probability. */
struct InputEffect {
  std::size_t input = 0;
  double mu_star = std::numeric_limits<double>::quiet_NaN(); ///< mean |effect|
  double mu = std::numeric_limits<double>::quiet_NaN();
  double sigma = std::numeric_limits<double>::quiet_NaN();
  int n = 0; ///< effects measured
};

/** @brief A figure's spread over `run`'s Latin hypercube, and at the nominal inputs (noise alone). */
struct FigureSpread {
  double mean = std::numeric_limits<double>::quiet_NaN();
  double sd_total = std::numeric_limits<double>::quiet_NaN();
  double sd_noise = std::numeric_limits<double>::quiet_NaN();
  /** @brief The share of the variance over plausible inputs that the noise alone does not make. */
  double input_share() const;
};

struct FigureSensitivity {
  std::string name; ///< "claim ID (metric)", "route ID: mean transit days", "route ID: USD per TEU"
  double at_nominal = std::numeric_limits<double>::quiet_NaN();
  FigureSpread spread;
  std::vector<InputSwing> tornado; ///< largest swing first; unmeasured last; ties in input order
  std::vector<InputEffect> morris; ///< per input, in the scenario's order
  std::vector<InputEffect> ranked_morris() const; ///< largest mu* first
};

struct SensitivityPlan {
  int replications = 1; ///< at each design point
  int trajectories = 4; ///< Morris trajectories r (0: the tornado alone)
  int jobs = 1;
  std::string scratch_dir; ///< where the replications' children write
  /** Told before each design point: its number, the number of points, what it is. */
  std::function<void(int, int, const std::string&)> progress;
};

struct SensitivityResult {
  int one_at_a_time_points = 0; ///< 2 + 2k: the spread's two and each input's low and high
  int morris_points = 0;        ///< r (k + 1)
  int runs = 0;                 ///< replications run, capacity claims' included
  std::vector<FigureSensitivity> figures;
};

/** @brief The design points of a plan for `k` inputs: 2 + 2k + r (k + 1). */
int sensitivity_points(std::size_t k, int trajectories);

/**
 * @brief Runs the tornado and the Morris screening of `scenario`'s uncertain inputs, with its
 * seed at every point (common random numbers).
 * @throws what run_replications throws (ReplicationFailed, ReplicationsInterrupted) and
 *         ScenarioError when a design point's values clash.
 */
SensitivityResult run_sensitivity(const Scenario& scenario, const SensitivityPlan& plan);

} // namespace corridor

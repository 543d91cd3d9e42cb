#pragma once
/**
 * @file What it takes: the cheapest set of the scenario's candidate changes (its `plan`
 * section) found with which the whole network sustains a target volume.
 */
#include "corridor/capacity.hpp"

#include <string>
#include <vector>

namespace corridor {

/** @brief One purchase: a candidate bought `times` times more, and the network after it. */
struct PlanStep {
  std::string candidate;
  int times = 1;
  double cost_usd = 0;
  NetworkProbe after; ///< at the target volume, with this and every earlier step
};

struct PlanResult {
  double target_factor = 0; ///< times the scenario's volume
  NetworkProbe before;      ///< at the target, nothing bought
  std::vector<PlanStep> steps;
  /// Steps bought on the way, then found not needed once the target was reached (removed from steps).
  std::vector<std::string> dropped;
  bool reached = false;
  double cost_usd = 0;
  NetworkProbe final_state;           ///< at the target with every step
  std::vector<std::string> overrides; ///< what the plan changes, as --set values
};

/**
 * @brief A greedy search on the bottleneck. At the target volume, find what saturates first;
 * try the candidates (each bought 1 .. its repeats more times), cheapest first, and buy the first
 * that relieves it (brings it under the limit, or for a flow, to 95% of its cargo carried); when
 * none does, the one that most reduces the shortfall per dollar. Repeat until the target is
 * sustained or nothing helps; then drop any step the others make unneeded, dearest first.
 * @throws what run_replications and load_scenario throw.
 */
PlanResult find_plan(const Scenario& scenario, double target_factor, const CapacityOptions& options);

/** @brief The scenario with `overrides` appended to its own and reloaded (seed and replications kept). */
Scenario with_changes(const Scenario& scenario, const std::vector<std::string>& overrides);

} // namespace corridor

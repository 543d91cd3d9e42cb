#pragma once
/** @file Checking a scenario's stated claims against simulated results. */
#include "corridor/network.hpp"
#include "corridor/results.hpp"
#include "corridor/scenario.hpp"
#include "corridor/summary.hpp"

#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace corridor {

/**
 * @brief The scenario that tests a trade_capacity claim: the same network, with demand replaced
 * by one flow carrying the claim's trade value (converted to TEU with the commodity mix) over
 * the claim's route alone.
 */
Scenario capacity_scenario(const Scenario& scenario, const Claim& claim);

/**
 * @brief Verdicts for every claim. Distances come from the routes; ratios of transit time and
 * cost from `results` (one value per replication, then a 95% interval); trade capacity from
 * `capacity_runs[claim id]`, the replications of capacity_scenario().
 *
 * A claim holds when the whole 95% interval lies in stated × (1 ± tolerance) (for capacity:
 * the busiest facility of the route at most max_utilization, and transit times not growing),
 * fails when the interval lies wholly outside, and is inconclusive when it straddles a bound.
 */
std::vector<ClaimVerdict>
evaluate_claims(const Scenario& scenario, const RoutedScenario& routed,
                const std::vector<ReplicationResult>& results,
                const std::map<std::string, std::vector<ReplicationResult>>& capacity_runs);

/** @brief How a route coped with one volume: its busiest facility and the cargo it kept up with. */
struct CapacityCheck {
  Estimate max_utilization; ///< busiest facility, capacitated link or train/ship service of the route
  Estimate carried_share;   ///< cargo of the first half-period delivered by the end
  std::string bottleneck;   ///< what is most often busiest (a facility id, "link ID", "service ID")
  bool sustained(double limit) const { return max_utilization.mean <= limit && carried_share.mean >= 0.95; }
};

/** @brief The check on `runs` of a scenario whose flows all take route `route`. */
CapacityCheck check_capacity(const Scenario& scenario, const RoutedScenario& routed, std::size_t route,
                             const std::vector<ReplicationResult>& runs);

std::string claims_csv_text(const std::vector<ClaimVerdict>& verdicts);
void print_claims_table(std::ostream& out, const std::vector<ClaimVerdict>& verdicts);

} // namespace corridor

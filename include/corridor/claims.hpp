#pragma once
/** @file Checking a scenario's stated claims against simulated results. */
#include "corridor/network.hpp"
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
 * the claim's route alone. No drain: what it measures ends at the horizon.
 */
Scenario capacity_scenario(const Scenario& scenario, const Claim& claim);

/**
 * @brief Verdicts for every claim. Distances come from the routes; ratios of transit time and
 * cost from `digests` (one value per replication, then a 95% interval); trade capacity from
 * `capacity_runs[claim id]`, the replications of capacity_scenario().
 *
 * A claim holds when the whole 95% interval lies in stated × (1 ± tolerance) (for capacity:
 * the busiest resource of the route busy at most max_utilization of its available hours, and
 * the route keeping up with its cargo); it fails, better or worse than stated, when the
 * interval lies wholly outside; it is inconclusive when the interval straddles a bound, and
 * not evaluated when no shipment took a route or too many were still in transit to judge.
 */
std::vector<ClaimVerdict>
evaluate_claims(const Scenario& scenario, const RoutedScenario& routed,
                const std::vector<ReplicationDigest>& digests,
                const std::map<std::string, std::vector<ReplicationDigest>>& capacity_runs,
                const SaturationLimits& limits = {});

/**
 * @brief With uncertain inputs: each verdict's probability_holds, the share of replications (each
 * its own set of input values) in which the claim holds on that replication's figures alone: its
 * value inside the band; for capacity, the busiest resource at most max_utilization and the route
 * keeping up. Replications where a ratio has no delivered shipment on a side are not counted.
 * `route_distance_km[r][route]`: the route distances of replication r's scenario (its inputs may
 * move them); empty: the scenario's.
 */
void set_claim_probabilities(std::vector<ClaimVerdict>& verdicts, const Scenario& scenario,
                             const RoutedScenario& routed, const std::vector<ReplicationDigest>& digests,
                             const std::map<std::string, std::vector<ReplicationDigest>>& capacity_runs,
                             const std::vector<std::vector<double>>& route_distance_km);

/** @brief How a route coped with one volume: its busiest resource and the cargo it kept up with. */
struct CapacityCheck {
  /// Busiest facility (of its available hours), capacitated link (busier direction) or
  /// train/ship service of the route; infinite when a facility it needs was never open.
  Estimate max_utilization;
  Estimate carried_share;  ///< cargo of the first half-period delivered by the horizon
  std::string bottleneck;  ///< what is most often busiest (a facility id, "link ID", "service ID")
  bool never_open = false; ///< a facility or link of the route was closed the whole period
  bool keeps_up() const { return carried_share.mean >= SaturationLimits{}.min_carried_share; }
  bool sustained(double limit) const { return !never_open && max_utilization.mean <= limit && keeps_up(); }
};

/** @brief The check on `runs` of a scenario whose flows all take route `route`. */
CapacityCheck check_capacity(const Scenario& scenario, const RoutedScenario& routed, std::size_t route,
                             const std::vector<ReplicationDigest>& runs);

/** @param with_probability add the probability_holds column (a scenario with uncertain inputs) */
std::string claims_csv_text(const std::vector<ClaimVerdict>& verdicts, bool with_probability = false);
void print_claims_table(std::ostream& out, const std::vector<ClaimVerdict>& verdicts,
                        bool with_probability = false);

} // namespace corridor

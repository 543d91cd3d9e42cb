#pragma once
/** @file Checking a scenario's stated claims against simulated results. */
#include "corridor/network.hpp"
#include "corridor/scenario.hpp"
#include "corridor/summary.hpp"

#include <map>
#include <ostream>
#include <string>
#include <utility>
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

/** @brief How one flow of a network coped: its cargo carried and how it split over routes. */
struct FlowCheck {
  std::string flow;
  Estimate carried_share; ///< of the first half-period's cargo, delivered by the horizon
  /// (route, share of the flow's TEU created in the measured period), over all replications
  std::vector<std::pair<std::string, double>> route_split;
  std::string worst_route;        ///< the route that carried the least of its share, over all replications
  double worst_route_carried = 1; ///< its carried share (TEU-weighted over replications)
  bool keeps_up() const { return carried_share.mean >= SaturationLimits{}.min_carried_share; }
};

/**
 * @brief How the whole network coped with one volume: every facility (of its available hours)
 * and every link with a capacity (its busier direction), counted once whatever uses them, and
 * every flow's cargo carried.
 */
struct NetworkCheck {
  /// Each facility ("ID") and capacitated link ("link ID"): utilization over replications;
  /// infinite in a replication where it was never open.
  std::vector<std::pair<std::string, Estimate>> resources;
  std::vector<FlowCheck> flows;
  Estimate max_utilization; ///< of the busiest resource in each replication
  std::string busiest;      ///< the resource most often busiest ("none" without any)
  bool never_open = false;  ///< a resource was closed the whole period in some replication

  bool keeps_up() const;
  bool sustained(double limit) const { return !never_open && max_utilization.mean <= limit && keeps_up(); }
  /** @brief The resource's utilization (mean 0 when unknown). */
  Estimate utilization(const std::string& resource) const;
  /** @brief What saturates first at `limit`: the busiest resource above it, else the flow that
   *  carries least below 95% ("flow ID"), else "none". */
  std::string binding(double limit) const;
  /** @brief The binding figure: a utilization, or a flow's carried share. */
  Estimate binding_value(double limit) const;
  /** @brief How far from sustained: sum of utilizations above `limit` and carried shares below 95%. */
  double shortfall(double limit) const;
};

/** @brief The check on `runs` of a whole network (every flow, on whatever routes it took). */
NetworkCheck check_network(const Scenario& scenario, const std::vector<ReplicationDigest>& runs);

/** @param with_probability add the probability_holds column (a scenario with uncertain inputs) */
std::string claims_csv_text(const std::vector<ClaimVerdict>& verdicts, bool with_probability = false);
void print_claims_table(std::ostream& out, const std::vector<ClaimVerdict>& verdicts,
                        bool with_probability = false);

} // namespace corridor

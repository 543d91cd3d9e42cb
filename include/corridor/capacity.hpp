#pragma once
/**
 * @file How much a corridor carries before it saturates, found by simulation: a search over
 * demand, each probed volume run as replications. Per route (each alone, `corridor capacity`)
 * or for the whole network at once (`--network`), where shared facilities are counted once.
 */
#include "corridor/claims.hpp"
#include "corridor/replications.hpp"
#include "corridor/scenario.hpp"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace corridor {

/** @brief Search step: the search stops when the failing volume is within this factor of the sustained one.
 */
inline constexpr double kCapacitySearchTolerance = 1.05;

struct CapacityOptions {
  double max_utilization = 0.85; ///< of the busiest facility or capacitated link
  ReplicationPlan plan;          ///< replications at each probed volume (same seeds at each)
  /** Told after each probe: one line (volume, busiest facility, verdict). */
  std::function<void(const std::string&)> progress;
};

/**
 * @brief The largest value `probe` sustains, within kCapacitySearchTolerance: grows from `start`
 * (guided by the utilization the probe reports) until it fails, or shrinks until it holds, then
 * bisects geometrically. `probe(value)` gives (sustained, busiest utilization).
 * @return (largest sustained value, smallest failing value); first is 0 when nothing held.
 */
std::pair<double, double> search_sustained(const std::function<std::pair<bool, double>(double)>& probe,
                                           double start, double limit);

/** @brief A route alone: the largest value it carries, and what saturates beyond it. */
struct RouteCapacity {
  std::string route;
  double value = 0;        ///< USD a year (TEU a year without a trade section), sustained
  double beyond_value = 0; ///< the smallest value probed that failed
  CapacityCheck beyond;    ///< how it failed there
};

/** @brief The per-route search, on capacity_scenario() with the nominal values of uncertain inputs. */
RouteCapacity find_route_capacity(const Scenario& scenario, const std::string& route,
                                  const CapacityOptions& options);

/** @brief Trade value a year of the scenario's flows: tons times the price of their commodity (0 without
 * one). */
double trade_usd_per_year(const Scenario& scenario);
/** @brief TEU a year of the scenario's flows (bulk flows: their tons over tons_per_teu). */
double flow_teu_per_year(const Scenario& scenario);

/**
 * @brief The scenario as the network search runs it: every flow's volume times `factor` (only
 * flow `flow` when not empty), nominal values for uncertain inputs, no claims, no drain (what
 * is measured ends at the horizon).
 */
Scenario network_load_scenario(const Scenario& scenario, double factor, const std::string& flow = "");

/** @brief One probed volume of the network. */
struct NetworkProbe {
  double factor = 0; ///< times the scenario's volume (of the one flow, with --flow)
  double usd_per_year = 0, teu_per_year = 0;
  NetworkCheck check;
};

/** @brief Runs the network at `factor` times its volume and checks it. */
NetworkProbe probe_network(const Scenario& scenario, double factor, const std::string& flow,
                           const CapacityOptions& options);

struct NetworkCapacity {
  bool found = false;  ///< some volume was sustained
  NetworkProbe at;     ///< the largest sustained volume
  NetworkProbe beyond; ///< the smallest failing volume: what saturates first
  int probes = 0;
};

/**
 * @brief The largest volume the whole network sustains: every flow grown in proportion (or only
 * `flow`), the scenario's route choice at work, every facility and capacitated link at most
 * max_utilization and every flow carrying at least 95% of its cargo.
 */
NetworkCapacity find_network_capacity(const Scenario& scenario, const std::string& flow,
                                      const CapacityOptions& options);

} // namespace corridor

#pragma once
/** @file Statistics over replications: per route, facility and link, with 95% confidence intervals. */
#include "corridor/network.hpp"
#include "corridor/results.hpp"
#include "corridor/scenario.hpp"

#include <optional>
#include <string>
#include <vector>

namespace corridor {

/** @brief A mean over replications and its 95% confidence half-width (Student t; 0 when n < 2). */
struct Estimate {
  double mean = 0;
  double ci95_half_width = 0;
  int n = 0;
};

/** @brief Mean and Student-t 95% half-width of one value per replication. */
Estimate estimate(const std::vector<double>& values);

/** @brief Quantile q in [0, 1] of sorted values, linear between order statistics (type 7). */
double quantile_sorted(const std::vector<double>& sorted, double q);

struct RouteSummary {
  std::string flow, route;
  double distance_km = 0;
  Estimate delivered, delivered_teu_per_year;
  Estimate transit_days_mean, transit_days_p50, transit_days_p90, transit_days_p95;
  Estimate moving_days, waiting_days, handling_days;
  Estimate cost_usd_per_teu, cost_usd_per_teu_km;
};

struct FacilitySummary {
  std::string id;
  Estimate utilization, mean_queue, max_queue, mean_wait_h, vehicles_per_day;
};

struct LinkSummary {
  std::string id;
  Estimate vehicles_per_day, teu_per_year;
  std::optional<Estimate> utilization; ///< capacitated links only
};

/** @brief A claim's check: stated band, simulated estimate, verdict. */
struct ClaimVerdict {
  std::string id, text, metric, route, baseline;
  double stated = 0;
  double band_low = 0, band_high = 0; ///< the claim holds when the whole 95% interval is inside
  Estimate simulated;
  std::string verdict; ///< holds | fails | inconclusive
  std::string note;    ///< what was run or found (bottleneck, TEU a year, …)
};

struct Summary {
  std::string scenario_name;
  int replications = 0;
  double measured_days = 0;
  std::vector<RouteSummary> routes; ///< each (flow, route) pair that shipments took
  std::vector<FacilitySummary> facilities;
  std::vector<LinkSummary> links;
  Estimate created, delivered, in_transit, delivered_teu_per_year;
  std::vector<ClaimVerdict> claims; ///< filled by evaluate_claims (claims.hpp)
};

/** @brief Where results came from, written with them. */
struct RunMetadata {
  std::string scenario_name, scenario_file, scenario_sha256, corridor_version;
  std::uint64_t seed = 0;
  int replications = 0;
  std::vector<std::string> overrides;
};

Summary summarize(const Scenario& scenario, const RoutedScenario& routed,
                  const std::vector<ReplicationResult>& results);
RunMetadata make_run_metadata(const Scenario& scenario, const std::string& scenario_path,
                              const std::vector<std::string>& overrides);
/** @brief SHA-256 of a file's bytes, in hex. */
std::string sha256_of_file(const std::string& path);

} // namespace corridor

#pragma once
/** @file Statistics over replications: per route, facility and link, with 95% confidence intervals,
 *  and warnings where the corridor does not keep up. */
#include "corridor/cohort.hpp"
#include "corridor/network.hpp"
#include "corridor/scenario.hpp"

#include <optional>
#include <string>
#include <vector>

namespace corridor {

/**
 * @brief A mean over replications and its 95% confidence half-width (Student t; 0 when n < 2).
 * `lower_bound`: at least one replication's figure was only a lower bound (shipments still in
 * transit past every delivery), so the true mean is at least `mean`: shown as "> mean".
 */
struct Estimate {
  double mean = 0;
  double ci95_half_width = 0;
  int n = 0;
  bool lower_bound = false;
};

/** @brief Mean and Student-t 95% half-width of one value per replication. */
Estimate estimate(const std::vector<double>& values);
/** @brief The same, a lower bound when any value is. */
Estimate estimate_bounded(const std::vector<Bounded>& values);

/** @brief Thresholds of the saturation warnings (docs/outputs.md). */
struct SaturationLimits {
  double max_censored_share = 0.05; ///< a route leaving more of its cohort undelivered falls behind
  double min_carried_share = 0.95;  ///< of the first half-period's cargo, delivered by the horizon
  double max_utilization = 0.95;    ///< of a facility's or link's available hours
};

/** @brief What a (flow, route) pair's shipments spent at one facility of the route (one visit each). */
struct RouteFacilitySummary {
  std::string facility, node, country, kind;
  Estimate visits;                          ///< per replication
  Estimate time_h, time_h_p95;              ///< wait + service (dwell included), per shipment visit
  Estimate wait_h, service_h;               ///< means per shipment visit
  std::optional<Estimate> cost_usd_per_teu; ///< fees there over the visits' TEU (none for bulk)
};

/**
 * @brief A (flow, route) pair's time in one country. A shipment is in the country of the last
 * node it reached: a link between two countries belongs to the one it leaves, a facility to its
 * node's, the wait for a leg's vehicle to the leg's first node's.
 */
struct RouteSectionSummary {
  std::string country;
  double distance_km = 0;
  Estimate moving_h, total_h; ///< on links; everything (moving, waiting, service, dwell)
  Estimate swod_kmh, swd_kmh; ///< speed without delay: km / moving_h; with delay: km / total_h
};

/** @brief One point of a route's time/cost-distance profile (UNESCAP): cumulative means. */
struct ProfilePoint {
  std::string kind; ///< "link" or "facility"
  std::string id, country;
  double distance_km = 0, time_h = 0;
  std::optional<double> cost_usd_per_teu; ///< none when the pair carries no TEU (bulk)
};

struct RouteSummary {
  std::string flow, route;
  double distance_km = 0;
  Estimate shipments, delivered, censored, censored_share; ///< of the measured cohort
  Estimate delivered_teu_per_year;
  Estimate transit_days_mean, transit_days_p50, transit_days_p90, transit_days_p95;
  Estimate moving_days, waiting_days, handling_days; ///< over delivered shipments
  Estimate cost_usd_per_teu, cost_usd_per_teu_km;    ///< over delivered shipments
  /// Only when its shipments have a weight (tons_per_teu, a commodity, or bulk).
  std::optional<Estimate> delivered_tons_per_year, cost_usd_per_ton;
  /// Money and time together (include/corridor/generalized_cost.hpp), per TEU (bulk: per
  /// TEU-equivalent): only for a flow with a value of time, a reliability price or logit choice.
  std::optional<Estimate> generalized_cost_usd_per_teu;
  std::optional<double> promise_days;
  std::optional<Estimate> on_time_share; ///< delivered within promise_days
  Estimate carried_share;                ///< of the first half-period's cargo, delivered by the horizon
  bool keeps_up = true;
  std::vector<RouteFacilitySummary> facilities; ///< in route order
  std::vector<RouteSectionSummary> sections;    ///< per country, in order of first entry
  std::vector<ProfilePoint> profile;            ///< every link step and facility visit, in order
};

struct FacilitySummary {
  std::string id;
  /// Busy server-hours over available server-hours (open, not closed or broken down); empty
  /// when the facility was never open in the measured period.
  std::optional<Estimate> utilization;
  Estimate utilization_all_hours; ///< busy server-hours over servers x 24 h x measured days
  Estimate open_share;            ///< available server-hours over servers x 24 h x measured days
  Estimate mean_queue, max_queue, mean_wait_h, vehicles_per_day; ///< of the corridor's vehicles
  std::optional<Estimate> background_vehicles_per_day;           ///< facilities with background traffic
  bool saturated = false;
  bool never_open = false;
};

struct LinkSummary {
  std::string id;
  Estimate vehicles_per_day, teu_per_year;
  /// Capacitated links only: headway-hours used over open hours, in the busier direction (the
  /// one that limits), and per direction.
  std::optional<Estimate> utilization, utilization_forward, utilization_backward;
  bool saturated = false;
};

/**
 * @brief A truck leg whose trucks' way back matters (its service has an empty cost, or a leg
 * runs its path backwards): how often they went back empty and how often it was backhaul.
 */
struct LegSummary {
  std::string route;
  std::size_t leg = 0; ///< 0-based, in the route's order
  std::string service, from, to;
  Estimate departures;    ///< in the measured period, backhauls included
  Estimate empty_returns; ///< its trucks' trips back empty from its end
  Estimate backhauls;     ///< departures that were trucks of a reverse leg on their way home
  /// backhauls / departures (over replications with a departure)
  std::optional<Estimate> backhaul_share;
};

/** @brief How a claim came out. */
enum class VerdictState { Holds, FailsBetter, FailsWorse, Inconclusive, NotEvaluated };
std::string to_string(VerdictState);

/** @brief A claim's check: stated band, simulated estimate, verdict, and what they mean. */
struct ClaimVerdict {
  std::string id, text, metric, route, baseline;
  double stated = 0;
  std::string stated_unit;            ///< km, ratio, USD/yr
  std::string tested;                 ///< what the band and the simulated figure measure
  std::string unit;                   ///< of the band and the simulated figure
  double band_low = 0, band_high = 0; ///< the claim holds when the whole 95% interval is inside
  Estimate simulated;
  VerdictState state = VerdictState::NotEvaluated;
  std::string explanation; ///< one plain sentence, with units
  std::string note;        ///< how it was computed (bottleneck, TEU a year, ...)
  /// With uncertain inputs: the share of replications (each its own set of input values) in
  /// which the claim holds, judged on that replication alone; nothing without uncertain inputs.
  std::optional<double> probability_holds;
  int probability_n = 0; ///< replications it was judged in
};

struct Summary {
  std::string scenario_name;
  int replications = 0;
  double measured_days = 0;
  double drain_days_limit = 0;
  Estimate drain_days_used;         ///< days the runs went on past the horizon to deliver the cohort
  std::vector<RouteSummary> routes; ///< each (flow, route) pair that shipments took
  std::vector<FacilitySummary> facilities;
  std::vector<LinkSummary> links;
  std::vector<LegSummary> legs; ///< round-trip truck legs only (empty without empty running or reverse legs)
  Estimate created, delivered, in_transit, delivered_teu_per_year;
  Estimate cohort, cohort_censored;
  std::vector<ClaimVerdict> claims;              ///< filled by evaluate_claims (claims.hpp)
  std::vector<std::string> warnings;             ///< what does not keep up: routes, facilities, links
  std::vector<UncertainInput> uncertain_inputs;  ///< the scenario's (empty: none)
  std::vector<std::vector<double>> input_values; ///< their values, [replication][input]
};

/** @brief Where results came from, written with them. */
struct RunMetadata {
  std::string scenario_name, scenario_file, scenario_sha256, corridor_version;
  std::uint64_t seed = 0;
  int replications = 0;
  std::vector<std::string> overrides;
};

Summary summarize(const Scenario& scenario, const RoutedScenario& routed,
                  const std::vector<ReplicationDigest>& digests, const SaturationLimits& limits = {});
RunMetadata make_run_metadata(const Scenario& scenario, const std::string& scenario_path,
                              const std::vector<std::string>& overrides);
/** @brief SHA-256 of a file's bytes, in hex. */
std::string sha256_of_file(const std::string& path);
/** @brief One file's SHA-256, or for several (a scenario and those it extends) the SHA-256 of
 * their SHA-256s, one a line. */
std::string sha256_of_files(const std::vector<std::string>& paths);

} // namespace corridor

#pragma once
/**
 * @file The scenario model: network, facilities, services, routes, demand and disruptions.
 *
 * Units are in the names: hours (_h), kilometres (_km), km/h (_kmh), US dollars (_usd),
 * twenty-foot equivalent units (_teu), metric tons (_tons). Ids are strings in the file and indices at run
 * time. Nothing here depends on YAML or SimGrid.
 */
#include "corridor/calendar.hpp"
#include "corridor/distribution.hpp"
#include "corridor/source_location.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace corridor {

enum class Mode { Road, Rail, Sea };
enum class NodeKind { City, Terminal, DryPort, Border, Port, Yard };
/** Border crossings process vehicles passing a node; the other kinds handle a vehicle that
 *  ends a leg there (unloading, transshipment) and may hold its cargo for a dwell time. */
enum class FacilityKind { BorderCrossing, GaugeChange, Port, Terminal, DryPort };
enum class ServicePer { Vehicle, Teu };
enum class ServiceKind { Truck, Train, Ship };
enum class ArrivalProcess { Poisson, Regular };
enum class RouteChoice { Shares, Fastest, Cheapest, Logit };

std::string to_string(Mode);
std::string to_string(NodeKind);
std::string to_string(FacilityKind);
std::string to_string(ServiceKind);
/** @brief The mode a service runs on: truck → road, train → rail, ship → sea. */
Mode mode_of(ServiceKind);
/** @brief True for gauge_change, port, terminal and dry_port. */
bool is_handling(FacilityKind);

struct ScenarioInfo {
  std::string name;
  std::string description;
  Date start_date;
  double horizon_days = 365;
  double warmup_days = 0;
  /// After the horizon no cargo is created; the run goes on until every shipment of the
  /// measured cohort is delivered, or for at most this many days (then the rest is censored).
  double drain_days = 365;
  std::uint64_t seed = 1;
  int replications = 1;
  /// The step of the run's time series (ReplicationResult::series), 0: none. A run option
  /// (`corridor run --step-days`), not a scenario key: only `run` writes the series.
  double series_step_days = 0;
  Locations loc;
};

struct Node {
  std::string id, name, country;
  NodeKind kind = NodeKind::City;
  std::optional<double> lat, lon;
  Locations loc;
};

struct Link {
  std::string id; ///< defaults to "FROM-TO-mode"
  std::string from, to;
  Mode mode = Mode::Road;
  double distance_km = 0;
  std::optional<double> speed_kmh;                 ///< exactly one of speed_kmh and travel_time_h
  std::optional<Distribution> travel_time_h;       ///< per traversal, replaces distance/speed
  std::optional<double> capacity_vehicles_per_day; ///< per direction; entries spaced 24/capacity h
  double cost_usd_per_teu_km = 0;
  double cost_usd_per_vehicle_km = 0;
  std::optional<int> gauge_mm; ///< rail only
  bool two_way = true;
  std::vector<Closure> closures;
  Locations loc;
};

/**
 * @brief Traffic that is not the scenario's cargo but uses a facility's servers (trucks of
 * other trade at a border post): Poisson arrivals, served first come first served with the
 * corridor's vehicles, counted in the facility's utilization but in no shipment.
 */
struct BackgroundTraffic {
  double vehicles_per_day = 0;                ///< mean over the year
  std::optional<Distribution> service_time_h; ///< per vehicle; absent: the facility's
  std::vector<double> monthly_factors;        ///< empty, or 12 (January first) with mean 1
  Locations loc;
};

/** @brief A facility's service time for the vehicles that arrive from one neighbouring node. */
struct DirectedServiceTime {
  std::string from_node;
  Distribution service_time_h;
};

struct Facility {
  std::string id;
  std::string node;
  FacilityKind kind = FacilityKind::BorderCrossing;
  std::vector<Mode> modes; ///< empty: every mode
  int servers = 1;         ///< lanes, tracks, berths
  Distribution service_time_h;
  /// Vehicles arriving from these nodes (neighbours of `node`) take these times instead: an
  /// inbound and an outbound direction of a border post may differ.
  std::vector<DirectedServiceTime> service_time_h_from;
  ServicePer service_per = ServicePer::Vehicle; ///< per TEU: one draw times the vehicle's TEU
  std::optional<Distribution> dwell_h;          ///< handling kinds: per shipment, after service
  OpeningHours opening_hours;
  double fee_usd_per_vehicle = 0;
  double fee_usd_per_teu = 0;
  std::vector<Closure> closures;
  std::optional<BackgroundTraffic> background;
  Locations loc;

  bool serves(Mode m) const;
  /** @brief The service time of a vehicle arriving from `from_node`. */
  const Distribution& service_time_from(const std::string& from_node) const;
};

/**
 * @brief When a train or ship leaves the first node of a leg. Trucks leave when loaded.
 * Slots (every_h or timetable_h), when_full, or both: then a train leaves as soon as it is full
 * and otherwise at its next slot with what is waiting; a slot with nothing waiting does not run,
 * and a full departure does not move the slots.
 */
struct Departures {
  std::vector<double> timetable_h; ///< hours of the day, e.g. {8, 20}
  std::optional<double> every_h;   ///< a departure every N hours from offset_h
  double offset_h = 0;
  bool when_full = false;           ///< leave as soon as capacity (TEU or payload) is reached
  std::optional<double> max_wait_h; ///< when_full alone: leave after this wait since the first TEU boarded

  bool has_slots() const { return every_h || !timetable_h.empty(); }
};

struct Service {
  std::string id;
  ServiceKind kind = ServiceKind::Truck;
  double capacity_teu = 2;
  std::optional<double> payload_tons; ///< a load also stays within this weight; bulk cargo needs it
  std::optional<int> fleet;           ///< vehicles of this service on one leg at once; unlimited when absent
  /// Vehicles based at a node: the fleet of each leg that starts there (instead of `fleet`).
  /// Few trucks based at the far end of a trade make its reverse cargo wait for backhauls.
  std::map<std::string, int> fleet_at;
  /// Trucks only: what a truck costs per km when it drives back empty along its leg, charged to
  /// the cargo it just carried (the carrier prices the round trip). 0: empty running is free.
  double empty_cost_usd_per_vehicle_km = 0;
  Departures departures; ///< trains and ships only
  Locations loc;

  /** @brief The fleet of a leg that starts at `node`: fleet_at there, else fleet (none: unlimited). */
  std::optional<int> fleet_for(const std::string& node) const;
};

struct Leg {
  std::string service;
  std::vector<std::string>
      path; ///< node ids, at least two; consecutive nodes joined by a link of the service's mode
  Locations loc;
};

struct Route {
  std::string id;
  std::string name;
  std::vector<Leg> legs;
  /// Declared as the reverse of this route: its legs are that route's, in reverse order, each
  /// path reversed, same services (filled in by the loader).
  std::string reverse_of;
  Locations loc;
};

struct RouteShare {
  std::string route;
  double share = 1;
};

/**
 * @brief `route_choice: logit`: each shipment takes candidate route i with probability
 * proportional to exp(-GC_i / scale), GC_i the route's expected generalized cost per TEU, learned
 * during the run from the flow's own deliveries (docs/model.md, "Route choice").
 */
struct LogitChoice {
  /// The spread of the choice, USD per TEU: a route this much dearer gets 1/e of the share.
  /// Absent: 10% of the mean free-flow generalized cost per TEU of the candidates.
  std::optional<double> scale_usd_per_teu;
  double update_h = 24;   ///< the expected costs are updated at each multiple of this
  double smoothing = 0.2; ///< weight of the last interval's deliveries in the exponential smoothing
  /// A route that delivered nothing of the flow in an interval while its cargo is on the way is
  /// expected to take at least the age of its oldest undelivered shipment.
  bool lag_guard = true;
};

struct Flow {
  std::string id;
  std::string origin, destination;
  double teu_per_year = 0; ///< given, or tons_per_year / tons_per_teu; 0 for bulk
  std::optional<double> tons_per_year;
  std::optional<double> tons_per_teu; ///< given or the commodity's: gives shipments a weight
  std::string commodity;              ///< a name of the trade section, or empty
  bool bulk = false;                  ///< moves by tons, in no container (flow's or commodity's)
  ArrivalProcess arrivals = ArrivalProcess::Poisson;
  Distribution shipment_teu = Distribution::constant(1);
  Distribution shipment_tons = Distribution::constant(1); ///< bulk only
  RouteChoice choice = RouteChoice::Shares;
  /// Shares, or the candidates for fastest, cheapest and logit (empty: all that match).
  std::vector<RouteShare> routes;
  LogitChoice logit;                  ///< route_choice: logit only
  std::optional<double> promise_days; ///< delivery promised within: the on-time share is reported
  /// What an hour in transit costs the cargo's owner, per TEU (bulk: per TEU-equivalent of its
  /// tons_per_teu): the flow's own or its commodity's, else 0. Money plus this, times transit
  /// hours, is the generalized cost (docs/model.md).
  double value_of_time_usd_per_teu_h = 0;
  /// What each hour of spread of the transit time (p90 - mean) costs, per TEU: the reliability
  /// term of the generalized cost (include/corridor/generalized_cost.hpp). 0: none.
  double reliability_usd_per_teu_h = 0;
  Locations loc;

  /** @brief Shipments a year: by TEU, or by tons for bulk. */
  double shipments_per_year() const {
    return bulk ? tons_per_year.value_or(0) / shipment_tons.mean() : teu_per_year / shipment_teu.mean();
  }
};

enum class DisruptionKind { Window, Breakdown, RandomClosures };

/** @brief Closes a node (its facilities and links), a link or a facility. */
struct Disruption {
  std::string target; ///< a node, link or facility id
  DisruptionKind kind = DisruptionKind::Window;
  Closure window;                                      ///< dated, for Window
  double mtbf_h = 0;                                   ///< Breakdown: exponential up times
  double mttr_h = 0;                                   ///< Breakdown: exponential repair times
  double rate_per_year = 0;                            ///< RandomClosures: Poisson starts in calendar time
  Distribution duration_h = Distribution::constant(0); ///< RandomClosures: one draw per closure
  Locations loc;
};

/** @brief A share of a trade's value in one commodity, to turn US dollars into tons and TEU. */
struct Commodity {
  std::string name;
  double share_of_value = 1; ///< shares of all commodities sum to 1
  double usd_per_ton = 1;
  double tons_per_teu = 1;                ///< bulk: a TEU-equivalent, for the value conversion only
  bool bulk = false;                      ///< flows naming it move by tons, not in containers
  double value_of_time_usd_per_teu_h = 0; ///< see Flow::value_of_time_usd_per_teu_h
  Locations loc;
};

/** @brief What a public claim is about. */
enum class ClaimMetric {
  RouteDistanceKm,  ///< the route's distance, against a stated number of km
  DistanceRatio,    ///< route distance / baseline distance
  TransitTimeRatio, ///< mean simulated door-to-door days, route / baseline
  CostRatio,        ///< mean simulated USD per TEU, route / baseline
  TradeCapacity,    ///< can the route carry a trade value (USD a year) below a utilization limit?
};

/** @brief A claim stated as data, checked by every run. */
struct Claim {
  std::string id;
  std::string text;
  ClaimMetric metric = ClaimMetric::RouteDistanceKm;
  std::string route;
  std::string baseline;          ///< ratios: the route compared with
  double stated = 0;             ///< km, a ratio, or USD a year
  double tolerance = 0.1;        ///< relative: the claim holds within stated × (1 ± tolerance)
  double max_utilization = 0.85; ///< trade capacity: the busiest facility on the route at most this
  Locations loc;
};

std::string to_string(ClaimMetric);

/**
 * @brief A number the sources disagree on: one value per replication, the same for every
 * vehicle in it (uncertainty), unlike a distribution, drawn per vehicle (variability).
 * Uniform on [low, high], or triangular with its mode; an integer input takes the nearest
 * integer of a draw on [low - 0.5, high + 0.5], so each integer of a uniform range is as likely.
 */
struct UncertainInput {
  std::string path; ///< where it is written, as a `--set` path: facilities[ID].servers
  double low = 0, high = 0;
  std::optional<double> mode; ///< triangular; uniform without
  std::vector<std::string> sources;
  bool integer = false;
  SourceLoc loc;

  /** @brief The value validation and routes use: the mode, or the midpoint (rounded for integers). */
  double nominal() const;
};

/**
 * @brief A change the `plan` command may buy (the scenario's `plan` section): `--set` overrides
 * that set a value (`PATH=VALUE`) or add to a number (`PATH+=DELTA`), at a cost each time.
 */
struct PlanCandidate {
  std::string id;
  std::string text;   ///< what it is, in words
  std::string source; ///< where the cost comes from
  double cost_usd = 0;
  std::vector<std::string> changes; ///< overrides, sets then adds, in file order
  int repeat = 1;                   ///< how many times it may be bought (adds accumulate)
  Locations loc;
};

struct Scenario;
/**
 * @brief The same corridor at k times its volume: every flow's TEU a year, and every capacity
 * alike (servers of per-vehicle facilities and their background traffic, link capacities, fleets, trains' and
 * ships' TEU; per-TEU service times divided by k), so it stays in the same regime of congestion.
 */
void scale_volume(Scenario& scenario, double k);

struct Scenario {
  std::string file;               ///< path it was loaded from
  std::vector<std::string> bases; ///< the scenarios it `extends`, nearest first
  ScenarioInfo info;
  std::vector<Node> nodes;
  std::vector<Link> links;
  std::vector<Facility> facilities;
  std::vector<Service> services;
  std::vector<Route> routes;
  std::vector<Flow> flows;
  std::vector<Disruption> disruptions;
  std::vector<Commodity> commodities; ///< the `trade` section: value -> cargo
  std::vector<Claim> claims;
  std::vector<std::string> overrides;    ///< the `--set` values it was loaded with, to reload it
  std::vector<UncertainInput> uncertain; ///< at their nominal values in the fields above
  std::vector<PlanCandidate> candidates; ///< the `plan` section: changes `corridor plan` may buy

  /** @brief TEU a year that carry `usd_per_year` of trade with the commodity mix (0 without one). */
  double teu_per_year_for_value(double usd_per_year) const;

  double horizon_h() const { return info.horizon_days * 24; }
  double warmup_h() const { return info.warmup_days * 24; }
  double drain_h() const { return info.drain_days * 24; }
  /** @brief The latest a run goes on: services keep their timetables and closures apply until then. */
  double end_h() const { return horizon_h() + drain_h(); }
};

} // namespace corridor

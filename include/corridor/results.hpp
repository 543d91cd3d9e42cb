#pragma once
/** @file What one replication produces: shipment records and facility and link statistics. */
#include "corridor/p_square.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace corridor {

/**
 * @brief One shipment of the measured cohort (created in [warm-up, horizon)). Hours add up:
 * transit_h = moving_h + waiting_h + handling_h. A shipment still in transit when the run ends
 * (after the drain period) is right-censored: delivered_h is -1 and only `created_h`, `teu`
 * and the run's end tell how long it has been on its way so far.
 */
struct ShipmentRecord {
  std::uint64_t id = 0;
  std::uint32_t flow = 0;  ///< index into Scenario::flows
  std::uint32_t route = 0; ///< index into Scenario::routes
  double teu = 0;
  double created_h = 0;
  double delivered_h = -1; ///< -1: still in transit when the run ended (censored)
  double moving_h = 0;     ///< on links
  double waiting_h = 0;    ///< queues, closures, opening hours, departures, link headways
  double handling_h = 0;   ///< service at facilities and dwell
  double distance_km = 0;
  /// Link costs per TEU-km and shared vehicle-km costs, by the mode of the leg that ran them.
  double road_cost_usd = 0, rail_cost_usd = 0, sea_cost_usd = 0;
  double fee_cost_usd = 0;      ///< border crossing fees
  double handling_cost_usd = 0; ///< fees of handling facilities (ports, yards, terminals)
  double tons = 0;              ///< weight: teu x the flow's tons_per_teu (0 without one), or bulk tons
  double empty_cost_usd = 0;    ///< empty running: trucks' trips back without a backhaul

  bool delivered() const { return delivered_h >= 0; }
  double transit_h() const { return delivered_h - created_h; }
  double link_cost_usd() const { return road_cost_usd + rail_cost_usd + sea_cost_usd; }
  double cost_usd() const { return link_cost_usd() + fee_cost_usd + handling_cost_usd + empty_cost_usd; }
};

/** @brief A facility over the measured period [warm-up, horizon). */
struct FacilityStats {
  double busy_server_h = 0;      ///< server-hours spent serving
  double available_server_h = 0; ///< server-hours open: opening hours less closures and breakdowns
  /// Integral of the number of vehicles waiting, in vehicle-hours: in the queue, and holding a
  /// lane while the facility is closed (both count in a vehicle's wait, so L = lambda W holds).
  double queue_area_h = 0;
  std::size_t max_queue = 0;  ///< most vehicles waiting at once
  double total_wait_h = 0;    ///< summed waits of vehicles that started service
  std::uint64_t vehicles = 0; ///< vehicles that started service
  double teu = 0;             ///< TEU on those vehicles
  /// Background vehicles (not the corridor's cargo) that started service; their server-hours
  /// are in busy_server_h, their waits in none of the queue figures above.
  std::uint64_t background_vehicles = 0;
};

/** @brief A link over the measured period [warm-up, horizon). */
struct LinkStats {
  std::uint64_t vehicles = 0; ///< entries, both directions
  double teu = 0;
  double occupied_h[2] = {0, 0}; ///< headway-hours used per direction (forward, backward)
  double open_h = 0;             ///< hours the link was open (closures and breakdowns left out)
};

/** @brief One leg of one route over the measured period: vehicles that left and what they carried. */
struct LegStats {
  std::uint32_t route = 0, leg = 0; ///< indices into Scenario::routes and the route's legs
  std::uint64_t departures = 0;     ///< vehicles that left (trains and ships leave even empty)
  double teu = 0;                   ///< TEU on them
  double capacity_teu = 0;          ///< of one vehicle
  double tons = 0;                  ///< tons on them
  /// Trucks: trips of this leg's trucks that went back empty from its end (counted where the
  /// leg's trucks return, only when their service has an empty cost or a reverse leg exists).
  std::uint64_t empty_returns = 0;
  /// Of the departures, the trucks of a reverse leg that carried this leg's cargo on their way
  /// home (backhauls).
  std::uint64_t backhauls = 0;
};

/** @brief One facility's step series over a whole run: one value a step (StepSeries::step_h). */
struct FacilitySeries {
  std::vector<double> queue_area_h;  ///< vehicle-hours waiting in the step (as FacilityStats::queue_area_h)
  std::vector<double> busy_server_h; ///< server-hours serving in the step, background included
  std::vector<double> arrivals;      ///< corridor vehicles that arrived in the step
  std::vector<double> departures;    ///< corridor vehicles that finished service in the step
};

/** @brief One (flow, route) pair's step series: shipments of every cohort, warm-up included. */
struct RouteSeries {
  std::uint32_t flow = 0, route = 0; ///< indices into Scenario::flows and Scenario::routes
  std::vector<double> created;       ///< shipments created in the step
  std::vector<double> delivered;     ///< shipments delivered in the step
};

/**
 * @brief What happened in each step [k step_h, (k+1) step_h) from t = 0 to the run's end:
 * `steps` steps, the last one cut short by the end (nothing after end_h is counted). Integrals
 * are split exactly at step boundaries.
 */
struct StepSeries {
  double step_h = 24;
  std::uint64_t steps = 0;                ///< the length of every series below
  std::vector<FacilitySeries> facilities; ///< scenario order
  std::vector<RouteSeries> routes;        ///< pairs that created cargo, by flow then route
};

/**
 * @brief One (flow, route) pair's visits to one facility of its route, over the shipment visits
 * of the measured cohort that completed the leg the visit belongs to (delivered or not: a
 * shipment still in transit counts for the legs it finished). A visit's time runs from the
 * vehicle's arrival to the end of its service, plus the shipment's dwell there.
 */
struct FacilityVisitSums {
  std::uint32_t flow = 0, route = 0;
  std::uint32_t slot = 0; ///< the facility's place among the route's facility visits (RoutedRoute::slots)
  std::uint64_t visits = 0;
  double teu = 0;                   ///< of the shipments: what cost per TEU divides by
  double wait_h = 0;                ///< arrival to start of service: queue, closures, opening hours
  double service_h = 0;             ///< service, and the dwell of handling facilities
  double cost_usd = 0;              ///< border or handling fees, the shipments' shares of them
  PSquareQuantile time_h_p95{0.95}; ///< of wait + service per shipment visit
};

/**
 * @brief One (flow, route) pair's crossings of one link step of its route (RoutedRoute::step_base
 * numbers them), counted like FacilityVisitSums. The time runs from when the shipment was ready
 * to go on (boarded the leg, or left the facilities before) to its arrival at the link's far
 * end: waiting for the vehicle to leave, for the link to open and for its headway, then travel.
 */
struct LinkStepSums {
  std::uint32_t flow = 0, route = 0, step = 0;
  std::uint64_t crossings = 0;
  double teu = 0;
  double time_h = 0, moving_h = 0;
  double cost_usd = 0; ///< link costs, and the leg's empty running on its last step
};

/** @brief One vehicle's visit to a facility (corridor run --trace). */
struct VisitRecord {
  std::uint32_t facility = 0, route = 0, leg = 0, service = 0; ///< indices into the scenario
  std::uint64_t vehicle = 0; ///< unique within the replication: a truck or a train/ship actor
  std::uint32_t shipments = 0;
  double teu = 0, tons = 0;
  double arrival_h = 0, start_h = 0, end_h = 0;
};

/** @brief Receives every vehicle visit to a facility, in the order they are handled. */
class VisitSink {
public:
  virtual ~VisitSink() = default;
  virtual void add(const VisitRecord& visit) = 0;
};

/**
 * @brief Receives each shipment of the measured cohort exactly once: when it is delivered, and
 * at the end of the run for those still in transit (censored), in order of id.
 */
class ShipmentSink {
public:
  virtual ~ShipmentSink() = default;
  virtual void add(const ShipmentRecord& record) = 0;
  /** @brief The run has stopped at end_h: the censored shipments follow, then nothing. */
  virtual void run_ended(double end_h) { (void)end_h; }
  /** @brief Where the engine reports vehicle visits (a trace), or nullptr: none asked for. */
  virtual VisitSink* visit_sink() { return nullptr; }
};

/** @brief A sink that keeps every record, for tests and runs small enough to hold. */
class RecordList : public ShipmentSink {
public:
  std::vector<ShipmentRecord> records;
  void add(const ShipmentRecord& record) override { records.push_back(record); }
  /** @brief The records in order of id (creation order). */
  std::vector<ShipmentRecord> by_id() && {
    std::sort(records.begin(), records.end(),
              [](const ShipmentRecord& a, const ShipmentRecord& b) { return a.id < b.id; });
    return std::move(records);
  }
};

/** @brief Everything one replication measured. Facility and link vectors follow scenario order. */
struct ReplicationResult {
  std::uint64_t seed = 0;
  double warmup_h = 0;
  double horizon_h = 0;
  double end_h = 0; ///< when the run stopped: horizon, plus the drain it needed (at most drain_days)
  /// The cohort's records, in order of id, when simulate() was asked to keep them (tests);
  /// the command line streams them to a ShipmentSink instead.
  std::vector<ShipmentRecord> shipments;
  std::uint64_t created = 0;         ///< all shipments created, warm-up included
  std::uint64_t delivered = 0;       ///< of those, delivered by the end of the run
  std::uint64_t in_transit = 0;      ///< of those, still in transit when the run ended
  std::uint64_t cohort = 0;          ///< created in [warm-up, horizon): the shipments measured
  double delivered_teu_measured = 0; ///< TEU delivered in [warm-up, horizon), whichever cohort
  std::vector<FacilityStats> facilities;
  std::vector<LinkStats> links;
  std::vector<LegStats> legs; ///< every leg of every route, in route then leg order
  /// Per (flow, route) pair with measured shipments: each facility visit and link step of the
  /// route, in pair then route order.
  std::vector<FacilityVisitSums> facility_visits;
  std::vector<LinkStepSums> link_steps;
  std::uint64_t events = 0; ///< simulation events handled (for benchmarks)
  StepSeries series;        ///< the whole run step by step (ScenarioInfo::series_step_days)
};

} // namespace corridor

#pragma once
// The state of one simulation: what the actors share. Plain data; actors run one at a time
// (SimGrid's contexts are cooperative), so no locking is needed beyond SimGrid's own primitives.
#include "corridor/calendar.hpp"
#include "corridor/network.hpp"
#include "corridor/random.hpp"
#include "corridor/results.hpp"
#include "corridor/scenario.hpp"

#include "engine/object_pool.hpp"
#include "engine/route_choice.hpp"
#include "engine/series.hpp"
#include "engine/server_times.hpp"
#include "engine/time_queue.hpp"
#include "engine/waits.hpp"

#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <deque>
#include <exception>
#include <memory>
#include <queue>
#include <set>
#include <simgrid/s4u.hpp>
#include <vector>

namespace corridor::engine {

namespace sg4 = simgrid::s4u;

struct Shipment {
  std::uint64_t id = 0;
  std::uint32_t flow = 0, route = 0;
  std::size_t leg = 0; ///< the leg it is on or waiting for
  double teu = 0;
  double tons = 0; ///< weight: teu x the flow's tons_per_teu (0 when it has none), or bulk tons
  double created_h = 0;
  double ready_h = 0; ///< when it joined the queue of its current leg
  double moving_h = 0, handling_h = 0;
  double distance_km = 0;
  double link_cost_usd[3] = {0, 0, 0}; ///< by Mode (road, rail, sea)
  double fee_cost_usd = 0, handling_cost_usd = 0;
  double empty_cost_usd = 0; ///< the empty trips back of the trucks it rode
  bool measured = false;     ///< of the cohort: created in [warm-up, horizon)
  bool live = false;         ///< created and not yet delivered

  double cost_usd() const {
    return link_cost_usd[0] + link_cost_usd[1] + link_cost_usd[2] + fee_cost_usd + handling_cost_usd +
           empty_cost_usd;
  }
};

/** One vehicle's cargo on one trip. */
struct LegQueue;

// What varies from trip to trip, per link step and facility visit; costs and fees come from
// the link and facility when they are recorded. Kept small: every truck on the road holds them
// (16 bytes a step and visit, 0.5 KB for a 25-step leg).
/** One link step of a trip: when the vehicle reached its far end, after how long moving. */
struct StepCharge {
  double arrival_h = 0, moving_h = 0;
};

/** One facility visit of a trip. */
struct VisitCharge {
  double wait_h = 0, service_h = 0;
};

struct Load {
  /// A truck carries one shipment: it is kept in the load itself, one memory access from the
  /// truck rather than two (trucks prefetch it, road.cpp).
  boost::container::small_vector<Shipment*, 1> shipments;
  double teu = 0;
  double tons = 0;
  /// What the trip has charged so far, shared out to its shipments when they leave the vehicle
  /// (share_out in trip.cpp): a visit then touches the vehicle, not every shipment on board.
  struct Charges {
    double moving_h = 0, handling_h = 0, distance_km = 0;
    double link_usd_per_teu = 0, link_usd_per_vehicle = 0;
    double fee_usd_per_teu = 0, fee_usd_per_vehicle = 0;
    double handling_usd_per_teu = 0, handling_usd_per_vehicle = 0;
    double empty_usd_per_vehicle = 0; ///< the truck's empty trip back, when it finds no backhaul
    /// Per link step and facility visit of the leg, in order: the route indicators (trip.cpp).
    /// Cleared, not freed, between trips: a truck's load is reused.
    std::vector<StepCharge> steps;
    std::vector<VisitCharge> visits;
    void reset() {
      steps.clear();
      visits.clear();
      Charges kept;
      std::swap(kept.steps, steps);
      std::swap(kept.visits, visits);
      *this = std::move(kept);
    }
  } charges;
  const LegQueue* leg = nullptr; ///< the leg it runs (set when it leaves)
  std::uint64_t vehicle = 0;     ///< the vehicle carrying it (trace ids)
};

/** A vehicle's visit to a facility or a capacitated link, announced before it gets there (at_h). */
struct Visit {
  double at_h = 0;
  Load* load = nullptr;
  double done_h = -1; ///< when the vehicle may go on, once the visit is handled
  /// At a facility with service times by direction: the one for the node the vehicle comes
  /// from (null: the facility's own).
  const Distribution* service_time_h = nullptr;
};

/**
 * Visits in (time, announcement) order. Vehicles that get somewhere at the same instant wake
 * in an order SimGrid leaves unspecified; the first to wake handles every visit due by then,
 * in FIFO order, so ties go to the vehicle that was on its way first.
 */
struct VisitQueue {
  TimeQueue<Visit*> due;
};

/**
 * A facility's background traffic: a Poisson stream of its own, drawn lazily. Arrivals are
 * taken in time order before each corridor visit (and up to the horizon at the end), so they
 * go through the same servers as if they had been events, at the cost of a few draws each.
 */
struct BackgroundState {
  const Distribution* service_time_h = nullptr;
  std::vector<double> factors; ///< per month, over the peak factor: the thinning probability
  RandomStream arrival_rng, service_rng;
  double peak_per_h = 0; ///< candidate arrivals a hour, at the busiest month's rate
  double next_h = 0;     ///< the next candidate arrival
  int year = 0, month = 0;
  double month_end_h = 0; ///< when the month of next_h ends
};

/**
 * A FIFO facility with identical servers. Vehicles are served in the order they arrive and
 * arrivals are handled in time order, so a vehicle's start is known when it arrives: the time
 * the first server frees, or later when the facility opens. One sleep then covers the wait and
 * the service, instead of a semaphore's acquire, wake-up and release.
 */
struct FacilityState {
  const Facility* spec = nullptr;
  Calendar calendar;
  RandomStream service_rng, dwell_rng;
  ServerTimes server_free_h; ///< when the busy servers free, and how many are idle
  /// When each vehicle still waiting for a server gets one: in arrival order, and nondecreasing
  /// (first come, first served), so a deque does instead of a heap.
  std::deque<double> queue_leaves_h;
  VisitQueue visits;
  FacilityStats stats;
  std::unique_ptr<BackgroundState> background; ///< only with background traffic
  /// Service times by the node a vehicle arrives from (node index), from service_time_h_from.
  std::vector<std::pair<std::size_t, const Distribution*>> service_from;
};

struct LinkState {
  const Link* spec = nullptr;
  Calendar calendar;
  RandomStream travel_rng;
  double next_entry_h[2] = {0, 0}; ///< per direction (forward, backward)
  VisitQueue entries[2];           ///< per direction, for links with a capacity
  LinkStats stats;
};

struct TruckLeg; // engine/road.cpp

/** Cargo waiting at the first node of one leg of one route, and the vehicles serving it. */
struct LegQueue {
  std::size_t route = 0, leg = 0;
  const RoutedLeg* routed = nullptr;
  const Service* service = nullptr;
  std::deque<Shipment*> waiting;
  double waiting_teu = 0;
  double waiting_tons = 0;
  std::shared_ptr<Signal> cargo;       ///< cargo boarded (a when_full dispatcher waits for it)
  std::shared_ptr<Signal> job;         ///< a load is ready to leave (idle vehicles wait for it)
  std::deque<Load> jobs;               ///< scheduled services: loads ready to leave
  std::optional<int> fleet_limit;      ///< the service's fleet for a leg starting here (none: unlimited)
  sg4::SemaphorePtr fleet;             ///< free vehicles when the leg has a fleet
  std::shared_ptr<TruckLeg> trucks;    ///< truck legs: the trucks on the road (road.cpp)
  int vehicles = 0, idle_vehicles = 0; ///< idle_vehicles: scheduled services only
  double return_h = 0;                 ///< free-flow time of the empty trip back (fleet only)
  LegStats stats;                      ///< departures after warm-up
};

struct Road; // engine/road.cpp

/** A (flow, route) pair's indicators, accumulated as its shipments finish legs (trip.cpp). */
struct PairIndicators {
  std::vector<FacilityVisitSums> visits; ///< per facility visit of the route
  std::vector<LinkStepSums> steps;       ///< per link step of the route
};

struct Simulation {
  const Scenario& scenario;
  const RoutedScenario& routed;
  std::uint64_t seed;
  double warmup_h, horizon_h;
  double end_h; ///< horizon + drain: nothing is delivered after this
  ShipmentSink& sink;
  sg4::Host* host = nullptr;

  std::vector<FacilityState> facilities;
  std::vector<LinkState> links;
  std::vector<std::vector<LegQueue>> legs; ///< [route][leg]
  ObjectPool<Shipment> shipments;          ///< stable addresses
  std::vector<Shipment*> free_shipments;   ///< delivered, ready to be reused
  ReplicationResult result;
  StepSampler series; ///< the run step by step (series.cpp)
  /// Per flow: its logit route choice, learning from its deliveries (null for other choices).
  std::vector<std::unique_ptr<LogitChooser>> route_choosers;
  std::uint64_t cohort_in_transit = 0;
  double last_delivery_h = 0;
  std::exception_ptr first_error;
  std::shared_ptr<Road> road;
  /// Per (flow, route) pair, index route x flows + flow; sized on first use.
  std::vector<PairIndicators> indicators;
  VisitSink* trace = nullptr;       ///< corridor run --trace: every vehicle visit
  std::uint64_t vehicles_named = 0; ///< ids given to vehicles, for the trace

  // What the road needs to run ahead of SimGrid's clock (road.cpp, waits.hpp).
  bool road_running = false;       ///< the road is the actor running
  double ahead_h = 0;              ///< the road's own clock while it runs ahead, else 0
  std::multiset<double> due_wakes; ///< when the other actors waiting with a time limit wake
  std::uint64_t others_ran = 0;    ///< how often another actor ran (see waits.hpp)

  Simulation(const Scenario& s, const RoutedScenario& r, std::uint64_t seed_, ShipmentSink& sink_);
  double now() const { return std::max(sg4::Engine::get_clock(), ahead_h); }
  /** In the measured period [warm-up, horizon): what facility, link and leg statistics cover. */
  bool measuring(double t) const { return t >= warmup_h && t < horizon_h; }
};

// Actors and what they run (one job each, in their own files).
void start_actor(Simulation& sim, const std::string& name, std::function<void()> body, bool daemon = true);
void start_leg_services(Simulation& sim);
void board(Simulation& sim, Shipment& shipment);                 // joins the queue of its current leg
void after_dwell(Simulation& sim, Shipment& shipment, double t); // continues at time t (road.cpp)
void run_trip(Simulation& sim, LegQueue& leg, Load& load);       // scheduled vehicles (actors)
void start_road(Simulation& sim); // shipments' creation, every truck and every dwell (road.cpp)
void call_trucks(Simulation& sim, LegQueue& leg); // cargo is waiting for a truck

} // namespace corridor::engine

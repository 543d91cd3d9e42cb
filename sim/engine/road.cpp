// The road actor: it creates every shipment at its time, moves every truck and ends every
// shipment's dwell. Trucks are data, not actors: a truck on the road costs a few dozen bytes
// instead of an actor's stack, and one wake-up of this actor can create a shipment, load a truck
// and send it to its first facility. Trains, ships and their dispatchers remain actors.
#include "engine/demand.hpp"
#include "engine/time_queue.hpp"
#include "engine/trip.hpp"
#include "engine/waits.hpp"

#include <limits>
#include <variant>

namespace corridor::engine {

struct TruckTrip {
  enum class State { Visiting, Unloading, Returning } state = State::Visiting;
  LegQueue* leg = nullptr;  ///< the leg it drives now: its home leg, or a reverse leg's backhaul
  LegQueue* home = nullptr; ///< the leg whose fleet it belongs to, where it parks
  Load load;
  LegProgress progress;
};

/** The trucks of one leg. */
struct TruckLeg {
  std::vector<TruckTrip*> idle; ///< finished trips, reused
  int away = 0;                 ///< trucks on a trip or driving back (a fleet bounds it)
  bool to_dispatch = false;     ///< cargo boarded since the road last loaded trucks here
  /// Legs of the same service over this path reversed: their waiting cargo is a backhaul.
  std::vector<LegQueue*> reverse;
  double empty_return_usd = 0; ///< the trip back empty: the service's empty cost x the leg's km
  /// Where its trucks end a leg matters: they may backhaul, or their empty trip back costs. When
  /// false, the way back is free and nothing is looked at there.
  bool round_trip = false;
};

struct Road {
  ObjectPool<TruckTrip> trips; ///< every leg's, with stable addresses
  /// Something due: a trip to take up, a flow's next arrival, or the end of a shipment's dwell.
  using Due = std::variant<TruckTrip*, FlowSource*, Shipment*>;
  TimeQueue<Due> due;
  std::deque<FlowSource> flows;
  std::vector<LegQueue*> to_dispatch;
  sg4::SemaphorePtr called = sg4::Semaphore::create(0); ///< cargo boarded from another actor
  bool call_pending = false;                            ///< a token is in `called`, not yet taken
  /// No other actor can run until the road makes a SimGrid call: it may run ahead.
  bool alone = false;
  /// Whether another actor can board cargo on a truck leg (after a train or a ship) or start a
  /// dwell. When none can, the road sleeps with sleep_until, which costs SimGrid less than a
  /// timed acquire.
  bool called_from_elsewhere = false;
  /// While the road sleeps in sleep(): when it wakes by itself (infinity: only when called).
  double asleep_until_h = -std::numeric_limits<double>::infinity();

  void schedule(TruckTrip& trip, TruckTrip::State state, double at_h) {
    trip.state = state;
    due.push(at_h, &trip);
  }
};

namespace {

// Asks the memory for what the road will work on next, while it works on this: with a large
// volume, trucks and shipments on their way outgrow the processor's caches, and fetching each
// when its turn comes would stall on every item.
//
// Always inlined: GCC 12 takes a function that only prefetches for one without side effects
// and drops every call to it. Written with std::visit, this one was not in the binary from
// 737d5fb to 0dd3a35 (bench/run.sh now checks that the road's prefetches are there).
template <class T> [[gnu::always_inline]] inline void prefetch_object(const T* what) {
  const char* bytes = reinterpret_cast<const char*>(what);
  for (std::size_t offset = 0; offset < sizeof(T); offset += 64)
    __builtin_prefetch(bytes + offset);
}

[[gnu::always_inline]] inline void prefetch(const Road::Due& item) {
  if (TruckTrip* const* trip = std::get_if<TruckTrip*>(&item))
    prefetch_object(*trip);
  else if (Shipment* const* shipment = std::get_if<Shipment*>(&item))
    prefetch_object(*shipment); // a flow's source is in use all the time: it is in the cache
}

// Cargo is waiting on this leg: the road loads trucks there before it sleeps again.
void mark_for_dispatch(Road& road, LegQueue& q) {
  if (q.trucks->to_dispatch) return;
  q.trucks->to_dispatch = true;
  road.to_dispatch.push_back(&q);
}

// The truck is back at the start of its home leg, free for the next load.
void park(TruckTrip& trip) {
  trip.leg = trip.home;
  --trip.home->trucks->away;
  trip.home->trucks->idle.push_back(&trip);
}

void finish(Road& road, TruckTrip& trip, double end_h) {
  LegQueue& q = *trip.leg;
  trip.load.shipments.clear();
  trip.load.teu = 0;
  trip.load.tons = 0;
  if (q.fleet_limit)
    road.schedule(trip, TruckTrip::State::Returning, end_h + q.return_h); // back empty to the start
  else
    park(trip);
}

// Cargo waiting at the end of the leg for one of its reverse legs, the longest waiting first.
LegQueue* backhaul_at_end(const LegQueue& q) {
  LegQueue* best = nullptr;
  for (LegQueue* r : q.trucks->reverse)
    if (!r->waiting.empty() && (!best || r->waiting.front()->ready_h < best->waiting.front()->ready_h))
      best = r;
  return best;
}

void go_on(Simulation& sim, Road& road, TruckTrip& trip);

// A round-trip truck at the end of its leg at t (now): its cargo leaves it, then it carries a
// reverse leg's waiting cargo home, or goes back empty (its cargo pays for that trip: the
// carrier prices the round trip), or, back from a backhaul, parks at home.
void end_leg(Simulation& sim, Road& road, TruckTrip& trip, double t) {
  LegQueue& q = *trip.leg;
  const bool at_far_end = &q == trip.home;
  LegQueue* back = at_far_end ? backhaul_at_end(q) : nullptr;
  if (at_far_end && !back) {
    trip.load.charges.empty_usd_per_vehicle = q.trucks->empty_return_usd;
    if (sim.measuring(t)) ++q.stats.empty_returns;
  }
  if (ends_in_delivery(sim, q)) {
    share_out(sim, trip.load);
    if (t < sim.end_h)
      for (Shipment* s : trip.load.shipments)
        deliver(sim, *s, t);
  } else {
    unload(sim, q, trip.load, t);
  }
  trip.load.shipments.clear();
  trip.load.teu = 0;
  if (back) { // a departure of the reverse leg; the truck stays in its home leg's fleet
    trip.leg = back;
    take_fitting(*back, trip.load);
    count_departure(sim, *back, trip.load);
    if (sim.measuring(t)) ++back->stats.backhauls;
    trip.progress = LegProgress{};
    trip.progress.t = t;
    go_on(sim, road, trip);
  } else if (!at_far_end) { // home from a backhaul
    park(trip);
    mark_for_dispatch(road, *trip.home);
  } else if (q.fleet_limit) {
    road.schedule(trip, TruckTrip::State::Returning, t + q.return_h);
  } else {
    park(trip);
  }
}

// Moves a trip on until it must wait for a visit or for its arrival.
void go_on(Simulation& sim, Road& road, TruckTrip& trip) {
  LegQueue& q = *trip.leg;
  LegProgress& p = trip.progress;
  if (advance(sim, q, trip.load, p)) {
    road.schedule(trip, TruckTrip::State::Visiting, p.visit.at_h);
    return;
  }
  if (q.trucks->round_trip) { // what waits at the end is known only when it gets there
    if (p.t > sim.now())
      road.schedule(trip, TruckTrip::State::Unloading, p.t);
    else
      end_leg(sim, road, trip, p.t);
    return;
  }
  if (ends_in_delivery(sim, q)) { // nothing else happens at the end: deliver on the spot
    share_out(sim, trip.load);
    if (p.t < sim.end_h)
      for (Shipment* s : trip.load.shipments)
        deliver(sim, *s, p.t);
    finish(road, trip, p.t);
    return;
  }
  if (p.t > sim.now()) {
    road.schedule(trip, TruckTrip::State::Unloading, p.t);
    return;
  }
  unload(sim, q, trip.load, p.t);
  finish(road, trip, p.t);
}

void take_up(Simulation& sim, Road& road, TruckTrip& trip, double at_h) {
  switch (trip.state) {
  case TruckTrip::State::Visiting:
    complete_visit(sim, trip.progress);
    go_on(sim, road, trip);
    break;
  case TruckTrip::State::Unloading:
    if (trip.leg->trucks->round_trip) {
      end_leg(sim, road, trip, at_h);
      break;
    }
    unload(sim, *trip.leg, trip.load, at_h);
    finish(road, trip, at_h);
    break;
  case TruckTrip::State::Returning:
    park(trip);
    mark_for_dispatch(road, *trip.leg); // cargo may be waiting for this truck
    break;
  }
}

// Loads trucks with the waiting cargo (all that boarded at this instant travels together).
void dispatch(Simulation& sim, Road& road, LegQueue& q) {
  TruckLeg& trucks = *q.trucks;
  trucks.to_dispatch = false;
  while (!q.waiting.empty() && (!q.fleet_limit || trucks.away < *q.fleet_limit)) {
    TruckTrip* trip = nullptr;
    if (trucks.idle.empty()) {
      trip = &road.trips.emplace_back();
      trip->leg = trip->home = &q;
      trip->load.vehicle = ++sim.vehicles_named; // the truck keeps its load, and so its id
    } else {
      trip = trucks.idle.back();
      trucks.idle.pop_back();
    }
    ++trucks.away;
    take_fitting(q, trip->load);
    count_departure(sim, q, trip->load);
    trip->progress = LegProgress{};
    trip->progress.t = sim.now();
    go_on(sim, road, *trip);
  }
}

void schedule_arrival(Simulation& sim, Road& road, FlowSource& flow) {
  const double t = flow.next_arrival_h();
  if (t < sim.horizon_h) road.due.push(t, &flow);
}

// Yields until a round of SimGrid's scheduler in which no other actor ran twice in a row: then
// every other actor waits, for a time in Simulation::due_wakes or for the road to wake it.
void wait_until_alone(Simulation& sim, Road& road) {
  sim.ahead_h = 0;
  for (int quiet_rounds = 0; quiet_rounds < 2;) {
    const std::uint64_t before = sim.others_ran;
    sg4::this_actor::yield();
    quiet_rounds = sim.others_ran == before ? quiet_rounds + 1 : 0;
  }
  road.alone = true;
}

// Asleep until the next item is due, or until cargo boards a truck leg from elsewhere; returns
// the time up to which items are due.
double sleep(Simulation& sim, Road& road) {
  sim.ahead_h = 0;
  road.alone = false;
  double due_by_h = sim.now();
  bool called = true;
  if (road.due.empty()) {
    if (!road.called_from_elsewhere) return -1; // nothing will ever be due again
    road.asleep_until_h = std::numeric_limits<double>::infinity();
    road.called->acquire();
  } else if (!road.called_from_elsewhere) {
    due_by_h = road.due.top().at_h;
    sg4::this_actor::sleep_until(due_by_h);
    called = false;
  } else {
    due_by_h = road.asleep_until_h = road.due.top().at_h;
    called = !road.called->acquire_timeout(due_by_h - sim.now());
  }
  road.asleep_until_h = -std::numeric_limits<double>::infinity();
  if (called) {
    road.call_pending = false;
    due_by_h = sim.now();
  }
  return due_by_h;
}

void run_road(Simulation& sim, Road& road) {
  for (FlowSource& flow : road.flows)
    if (flow.active) schedule_arrival(sim, road, flow);
  for (;;) {
    double due_by_h = sim.now();
    if (road.to_dispatch.empty() && (road.due.empty() || road.due.top().at_h > due_by_h)) {
      // The next item is later. When no other actor can act before it, the road goes on to it
      // at once on its own clock (ahead_h) instead of asking SimGrid to wake it then; that
      // saves a SimGrid wake-up (~7k instructions) per item and keeps the order of events.
      const bool ahead = !road.due.empty() && road.due.top().at_h < next_other_wake_h(sim);
      if (ahead && !road.alone) {
        wait_until_alone(sim, road); // others may have run meanwhile: look again
        continue;
      }
      if (ahead) {
        due_by_h = sim.ahead_h = road.due.top().at_h;
      } else {
        due_by_h = sleep(sim, road);
        if (due_by_h < 0) return;
      }
    }
    sim.road_running = true;
    // The clock may wake us a rounding error early: what we slept for is due.
    due_by_h = std::max(due_by_h, sim.now());
    while (!road.due.empty() && road.due.top().at_h <= due_by_h) {
      const auto [at_h, item] = road.due.top();
      road.due.pop();
      if (!road.due.empty()) prefetch(road.due.top().item);
      ++sim.result.events;
      if (TruckTrip* const* trip = std::get_if<TruckTrip*>(&item)) {
        if (!(*trip)->load.shipments.empty()) // charged, and delivered at the end of its leg
          __builtin_prefetch((*trip)->load.shipments[0], 1);
        take_up(sim, road, **trip, at_h);
      } else if (FlowSource* const* flow = std::get_if<FlowSource*>(&item)) {
        create_shipment(sim, **flow, at_h);
        schedule_arrival(sim, road, **flow);
      } else {
        board(sim, *std::get<Shipment*>(item)); // its dwell is over
      }
    }
    while (!road.to_dispatch.empty()) { // dispatching may board cargo on other truck legs
      LegQueue* q = road.to_dispatch.back();
      road.to_dispatch.pop_back();
      dispatch(sim, road, *q);
    }
    sim.road_running = false;
  }
}

} // namespace

void start_road(Simulation& sim) {
  sim.road = std::make_shared<Road>();
  for (std::uint32_t i = 0; i < sim.scenario.flows.size(); ++i)
    sim.road->flows.emplace_back(sim, i);
  for (auto& route_legs : sim.legs)
    for (LegQueue& q : route_legs) {
      if (q.service->kind != ServiceKind::Truck) {
        // Its vehicles unload elsewhere: dwells there start from another actor.
        if (dwells_at_end(sim, q)) sim.road->called_from_elsewhere = true;
        continue;
      }
      q.trucks = std::make_shared<TruckLeg>();
      q.trucks->empty_return_usd = q.service->empty_cost_usd_per_vehicle_km * q.routed->distance_km;
      for (const LegRef& r : q.routed->reverse)
        q.trucks->reverse.push_back(&sim.legs[r.route][r.leg]);
      q.trucks->round_trip = q.trucks->empty_return_usd > 0 || !q.trucks->reverse.empty();
      if (q.leg > 0 && route_legs[q.leg - 1].service->kind != ServiceKind::Truck)
        sim.road->called_from_elsewhere = true; // a train or ship unloads onto these trucks
    }
  start_actor(sim, "road", [&sim] { run_road(sim, *sim.road); });
}

namespace {

// Wakes the road from sleep() (once: a token already waiting wakes it as well).
void call(Simulation& sim, Road& road) {
  if (road.call_pending) return;
  road.call_pending = true;
  release(sim, *road.called);
}

} // namespace

void call_trucks(Simulation& sim, LegQueue& q) {
  Road& road = *sim.road;
  mark_for_dispatch(road, q);
  if (!sim.road_running) call(sim, road); // when it runs, it loads trucks before it sleeps
}

void after_dwell(Simulation& sim, Shipment& shipment, double t) {
  if (t <= sim.now()) {
    board(sim, shipment);
    return;
  }
  Road& road = *sim.road;
  road.due.push(t, &shipment);
  // Asleep until later than t: wake the road, which then sleeps until t. (When it runs, or
  // waits to run, it looks at its heap before it sleeps again.)
  if (t < road.asleep_until_h) call(sim, road);
}

void road_wakes_another(Simulation& sim) {
  // Bring SimGrid's clock to the road's: nothing else is due before (that is what let the road
  // run ahead), and the actor woken must see the time of the road's event.
  if (sim.ahead_h > sg4::Engine::get_clock()) sg4::this_actor::sleep_until(sim.ahead_h);
  sim.road->alone = false;
}

} // namespace corridor::engine

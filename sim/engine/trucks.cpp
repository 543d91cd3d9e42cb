// Truck legs: trucks are data, not actors. One actor per leg forms loads from the cargo waiting
// there and moves every truck of the leg from visit to visit, so a truck on the road costs a
// few dozen bytes instead of an actor's stack, and one wake-up can move several trucks.
#include "engine/trip.hpp"

#include <limits>

namespace corridor::engine {

struct TruckTrip {
  enum class State { Visiting, Unloading, Returning } state = State::Visiting;
  Load load;
  LegProgress progress;
  double due_h = 0; ///< when the leg's actor must take it up again
  std::uint64_t sequence = 0;
};

struct TruckLeg {
  struct Later {
    bool operator()(const TruckTrip* a, const TruckTrip* b) const {
      return a->due_h != b->due_h ? a->due_h > b->due_h : a->sequence > b->sequence;
    }
  };
  std::deque<TruckTrip> trips;  ///< stable addresses
  std::vector<TruckTrip*> idle; ///< finished trips, reused
  std::priority_queue<TruckTrip*, std::vector<TruckTrip*>, Later> due;
  std::uint64_t next_sequence = 0;
  int away = 0; ///< trucks on a trip or driving back (fleet)
  sg4::SemaphorePtr called = sg4::Semaphore::create(0);
  bool call_pending = false; ///< a token is in `called` that the actor has not taken
};

namespace {

void schedule(TruckLeg& trucks, TruckTrip& trip, TruckTrip::State state, double at_h) {
  trip.state = state;
  trip.due_h = at_h;
  trip.sequence = trucks.next_sequence++;
  trucks.due.push(&trip);
}

void finish(LegQueue& q, TruckTrip& trip, double end_h) {
  TruckLeg& trucks = *q.trucks;
  trip.load.shipments.clear();
  trip.load.teu = 0;
  if (q.service->fleet) {
    schedule(trucks, trip, TruckTrip::State::Returning, end_h + q.return_h); // back empty to the start
    return;
  }
  --trucks.away;
  trucks.idle.push_back(&trip);
}

// Moves a trip on until it must wait for a visit or for its arrival.
void go_on(Simulation& sim, LegQueue& q, TruckTrip& trip) {
  TruckLeg& trucks = *q.trucks;
  LegProgress& p = trip.progress;
  if (advance(sim, q, trip.load, p)) {
    schedule(trucks, trip, TruckTrip::State::Visiting, p.visit.at_h);
    return;
  }
  if (ends_in_delivery(sim, q)) { // nothing else happens at the end: deliver on the spot
    if (p.t < sim.horizon_h)
      for (Shipment* s : trip.load.shipments)
        deliver(sim, *s, p.t);
    finish(q, trip, p.t);
    return;
  }
  if (p.t > sim.now()) {
    schedule(trucks, trip, TruckTrip::State::Unloading, p.t);
    return;
  }
  unload(sim, q, trip.load, p.t);
  finish(q, trip, p.t);
}

void take_up(Simulation& sim, LegQueue& q, TruckTrip& trip) {
  TruckLeg& trucks = *q.trucks;
  switch (trip.state) {
  case TruckTrip::State::Visiting:
    complete_visit(sim, trip.progress);
    go_on(sim, q, trip);
    break;
  case TruckTrip::State::Unloading:
    unload(sim, q, trip.load, trip.due_h);
    finish(q, trip, trip.due_h);
    break;
  case TruckTrip::State::Returning:
    --trucks.away;
    trucks.idle.push_back(&trip);
    break;
  }
}

void dispatch_waiting(Simulation& sim, LegQueue& q) {
  TruckLeg& trucks = *q.trucks;
  while (!q.waiting.empty() && (!q.service->fleet || trucks.away < *q.service->fleet)) {
    TruckTrip* trip = nullptr;
    if (trucks.idle.empty()) {
      trip = &trucks.trips.emplace_back();
    } else {
      trip = trucks.idle.back();
      trucks.idle.pop_back();
    }
    ++trucks.away;
    take_fitting(q, trip->load);
    trip->progress = LegProgress{};
    trip->progress.t = sim.now();
    go_on(sim, q, *trip);
  }
}

void run_truck_leg(Simulation& sim, LegQueue& q) {
  TruckLeg& trucks = *q.trucks;
  for (;;) {
    double due_by_h = sim.now();
    if (trucks.due.empty() || trucks.due.top()->due_h > sim.now()) {
      // Asleep until the next trip is due, or until cargo calls.
      bool called = true;
      if (trucks.due.empty()) {
        trucks.called->acquire();
      } else {
        due_by_h = trucks.due.top()->due_h;
        called = !trucks.called->acquire_timeout(due_by_h - sim.now());
      }
      if (called) {
        trucks.call_pending = false;
        due_by_h = sim.now();
      }
      ++sim.result.events;
    }
    // The clock may wake us a rounding error early: what we slept for is due.
    due_by_h = std::max(due_by_h, sim.now());
    while (!trucks.due.empty() && trucks.due.top()->due_h <= due_by_h) {
      TruckTrip* trip = trucks.due.top();
      trucks.due.pop();
      take_up(sim, q, *trip);
    }
    dispatch_waiting(sim, q);
  }
}

} // namespace

void start_truck_legs(Simulation& sim) {
  for (auto& route_legs : sim.legs)
    for (LegQueue& q : route_legs)
      if (q.service->kind == ServiceKind::Truck) {
        q.trucks = std::make_shared<TruckLeg>();
        start_actor(sim,
                    "trucks:" + q.service->id + "@" + sim.scenario.routes[q.route].id + "/" +
                        std::to_string(q.leg + 1),
                    [&sim, &q] { run_truck_leg(sim, q); });
      }
}

void call_trucks(LegQueue& q) {
  TruckLeg& trucks = *q.trucks;
  if (trucks.call_pending) return;
  trucks.call_pending = true;
  trucks.called->release();
}

} // namespace corridor::engine

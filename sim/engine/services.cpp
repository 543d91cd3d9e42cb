// Services: cargo boards a leg's queue; trucks leave when loaded (road.cpp), trains and ships
// by their departure policy, as long-lived vehicle actors reused trip after trip.
#include "engine/trip.hpp"

#include <algorithm>
#include <cmath>

namespace corridor::engine {

namespace {

bool is_scheduled(const Service& service) {
  return service.kind != ServiceKind::Truck;
}

void scheduled_vehicle_loop(Simulation& sim, LegQueue& q) {
  const std::uint64_t vehicle = ++sim.vehicles_named;
  for (;;) {
    ++q.idle_vehicles;
    while (q.jobs.empty())
      q.job->wait(sim);
    --q.idle_vehicles;
    ++sim.result.events;
    Load load = std::move(q.jobs.front());
    q.jobs.pop_front();
    load.vehicle = vehicle;
    run_trip(sim, q, load);
    if (q.fleet) {
      sleep_for(sim, q.return_h);
      release(sim, *q.fleet);
    }
  }
}

void spawn_vehicle(Simulation& sim, LegQueue& q) {
  if (q.fleet_limit && q.vehicles >= *q.fleet_limit) return;
  const int number = ++q.vehicles;
  const std::string name = q.service->id + "#" + std::to_string(number) + "@" +
                           sim.scenario.routes[q.route].id + "/" + std::to_string(q.leg + 1);
  start_actor(sim, name, [&sim, &q] { scheduled_vehicle_loop(sim, q); });
}

// Departure times of a timetable or an every_h service, in order, from `after_h` on.
double next_departure(const Departures& d, double after_h) {
  if (d.every_h) {
    const double k = std::max(0.0, std::ceil((after_h - d.offset_h) / *d.every_h - 1e-9));
    return d.offset_h + k * *d.every_h;
  }
  std::vector<double> times = d.timetable_h;
  std::sort(times.begin(), times.end());
  for (double day = std::floor(after_h / 24);; ++day)
    for (double h : times)
      if (day * 24 + h >= after_h - 1e-9) return day * 24 + h;
}

// Enough cargo waits to fill a vehicle, by TEU or by weight.
bool full(const LegQueue& q) {
  const Service& v = *q.service;
  return q.waiting_teu >= v.capacity_teu || (v.payload_tons && q.waiting_tons >= *v.payload_tons);
}

// Waits until a when_full service should leave: full, or the oldest cargo waited max_wait_h.
void wait_until_full(Simulation& sim, LegQueue& q) {
  const Departures& d = q.service->departures;
  for (;;) {
    if (full(q)) return;
    if (!q.waiting.empty() && d.max_wait_h) {
      const double deadline = q.waiting.front()->ready_h + *d.max_wait_h;
      if (sim.now() >= deadline) return;
      q.cargo->wait_until(sim, deadline);
    } else {
      q.cargo->wait(sim);
    }
    ++sim.result.events;
  }
}

// With slots and when_full: waits until the vehicle is full or its slot `slot_h` comes; returns
// true when it leaves full before the slot.
bool full_before_slot(Simulation& sim, LegQueue& q, double slot_h) {
  for (;;) {
    if (full(q)) return sim.now() < slot_h;
    if (sim.now() >= slot_h) return false;
    q.cargo->wait_until(sim, slot_h);
    ++sim.result.events;
  }
}

void dispatch(Simulation& sim, LegQueue& q) {
  const Departures& d = q.service->departures;
  double t = 0;
  for (;;) {
    if (d.when_full && d.has_slots()) {
      const double slot_h = next_departure(d, t);
      if (slot_h >= sim.end_h) return;
      // A full departure keeps the slot; a slot with nothing waiting does not run.
      if (!full_before_slot(sim, q, slot_h)) {
        t = slot_h + 1e-6;
        if (q.waiting.empty()) continue;
      }
    } else if (d.when_full) {
      wait_until_full(sim, q);
    } else {
      t = next_departure(d, t);
      if (t >= sim.end_h) return;
      sleep_until(sim, t);
      t += 1e-6; // the next departure is strictly later
    }
    ++sim.result.events;
    if (q.fleet) acquire(sim, *q.fleet); // no free vehicle: the departure waits for one
    Load load;
    take_fitting(q, load);
    count_departure(sim, q, load);
    q.jobs.push_back(std::move(load));
    if (q.idle_vehicles == 0) spawn_vehicle(sim, q);
    q.job->notify_all(sim);
  }
}

} // namespace

void board(Simulation& sim, Shipment& s) {
  const auto& legs = sim.routed.routes[s.route].legs;
  if (s.leg == legs.size()) {
    deliver(sim, s, sim.now());
    return;
  }
  LegQueue& q = sim.legs[s.route][s.leg];
  s.ready_h = sim.now();
  q.waiting.push_back(&s);
  q.waiting_teu += s.teu;
  q.waiting_tons += s.tons;
  if (is_scheduled(*q.service)) {
    q.cargo->notify_all(sim); // a when_full dispatcher may be waiting for this cargo
    return;
  }
  call_trucks(sim, q);
}

void start_leg_services(Simulation& sim) {
  for (auto& route_legs : sim.legs)
    for (LegQueue& q : route_legs)
      if (is_scheduled(*q.service))
        start_actor(sim,
                    "dispatch:" + q.service->id + "@" + sim.scenario.routes[q.route].id + "/" +
                        std::to_string(q.leg + 1),
                    [&sim, &q] { dispatch(sim, q); });
}

} // namespace corridor::engine

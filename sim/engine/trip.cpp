// One vehicle trip over a leg: links in turn, the facilities met on arrival, then unloading.
//
// A vehicle computes ahead whatever other vehicles cannot change (travel on a free link,
// calendars) and sleeps only where they could get in its way: at a facility, or at the entry of
// a link with a capacity. There it announces its visit and handles it when it gets there (see
// VisitQueue), so a trip costs one context switch per facility rather than four.
#include "engine/state.hpp"

#include <algorithm>
#include <stdexcept>

namespace corridor::engine {

namespace {

double overlap(double a, double b, double from, double to) {
  return std::max(0.0, std::min(b, to) - std::max(a, from));
}

// Each shipment's share of a cost charged per vehicle: its part of the TEU on board.
double share_of(const Shipment& s, const Load& load) {
  return load.teu > 0 ? s.teu / load.teu : 0;
}

void catch_up(Simulation& sim, double t) {
  if (t > sim.now()) {
    sg4::this_actor::sleep_until(t);
    ++sim.result.events;
  }
}

// Announces a visit at `at_h`, sleeps until then, and handles every visit due by now in FIFO
// order (its own among them). Returns when this vehicle may go on.
template <class Handle>
double visit(Simulation& sim, VisitQueue& queue, Load& load, double at_h, Handle handle) {
  Visit own{at_h, sim.next_visit++, &load, -1};
  queue.due.push(&own);
  catch_up(sim, at_h);
  // SimGrid may wake us a rounding error before at_h: handle up to our own visit regardless,
  // so it never stays queued after we leave.
  const double due_h = std::max(sim.now(), at_h);
  while (!queue.due.empty() && queue.due.top()->at_h <= due_h) {
    Visit* next = queue.due.top();
    queue.due.pop();
    next->done_h = handle(*next);
  }
  if (own.done_h < 0) throw std::logic_error("a visit was left unhandled");
  return own.done_h;
}

// Enters a link at `enter_h` and travels it; returns the arrival time at its far end.
double travel(Simulation& sim, LinkState& link, Load& load, double enter_h, double headway_h) {
  const Link& spec = *link.spec;
  if (sim.measuring(enter_h) && enter_h < sim.horizon_h) {
    ++link.stats.vehicles;
    link.stats.teu += load.teu;
    link.stats.occupied_h += headway_h;
  }
  const double travel_h =
      spec.travel_time_h ? spec.travel_time_h->sample(link.travel_rng) : spec.distance_km / *spec.speed_kmh;
  for (Shipment* s : load.shipments) {
    s->moving_h += travel_h;
    s->distance_km += spec.distance_km;
    s->link_cost_usd += spec.cost_usd_per_teu_km * s->teu * spec.distance_km +
                        spec.cost_usd_per_vehicle_km * spec.distance_km * share_of(*s, load);
  }
  return enter_h + travel_h;
}

// Crosses a link from `ready_h` when it is open and, on a link with a capacity, when the
// previous vehicle in this direction is a headway ahead. Returns the arrival time.
double cross_link(Simulation& sim, const RouteStep& step, Load& load, double ready_h) {
  LinkState& link = sim.links[step.link.link];
  const Link& spec = *link.spec;
  if (!spec.capacity_vehicles_per_day) return travel(sim, link, load, link.calendar.next_open(ready_h), 0);

  const int direction = step.link.forward ? 0 : 1;
  const double headway_h = 24 / *spec.capacity_vehicles_per_day;
  return visit(sim, link.entries[direction], load, ready_h, [&](Visit& v) {
    double enter_h = v.at_h;
    for (;;) {
      enter_h = link.calendar.next_open(enter_h);
      if (enter_h >= link.next_entry_h[direction]) break;
      enter_h = link.next_entry_h[direction];
    }
    link.next_entry_h[direction] = enter_h + headway_h;
    return travel(sim, link, *v.load, enter_h, headway_h);
  });
}

// A vehicle arriving at `arrived_h` takes the first free server, once the facility is open;
// returns the end of its service.
double start_service(Simulation& sim, FacilityState& f, Load& load, double arrived_h) {
  const Facility& spec = *f.spec;
  const double server_h = std::max(arrived_h, f.server_free_h.top());
  f.server_free_h.pop();
  const double start_h = f.calendar.next_open(server_h); // closed: holds the server until it opens
  const double draw = spec.service_time_h.sample(f.service_rng);
  const double service_h = spec.service_per == ServicePer::Teu ? draw * load.teu : draw;
  const double end_h = start_h + service_h;
  f.server_free_h.push(end_h);

  // The vehicle waits for a server over [arrived_h, server_h].
  while (!f.queue_leaves_h.empty() && f.queue_leaves_h.top() <= arrived_h)
    f.queue_leaves_h.pop();
  if (server_h > arrived_h) f.queue_leaves_h.push(server_h);
  if (sim.measuring(arrived_h)) f.stats.max_queue = std::max(f.stats.max_queue, f.queue_leaves_h.size());
  f.stats.queue_area_h += overlap(arrived_h, server_h, sim.warmup_h, sim.horizon_h);
  if (sim.measuring(start_h) && start_h < sim.horizon_h) {
    ++f.stats.vehicles;
    f.stats.teu += load.teu;
    f.stats.total_wait_h += start_h - arrived_h;
  }
  f.stats.busy_server_h += overlap(start_h, end_h, sim.warmup_h, sim.horizon_h);

  const bool handling = is_handling(spec.kind);
  for (Shipment* s : load.shipments) {
    s->handling_h += service_h;
    const double fee = spec.fee_usd_per_vehicle * share_of(*s, load) + spec.fee_usd_per_teu * s->teu;
    (handling ? s->handling_cost_usd : s->fee_cost_usd) += fee;
  }
  return end_h;
}

double serve(Simulation& sim, std::size_t index, Load& load, double arrived_h) {
  FacilityState& f = sim.facilities[index];
  return visit(sim, f.visits, load, arrived_h,
               [&](Visit& v) { return start_service(sim, f, *v.load, v.at_h); });
}

} // namespace

void run_trip(Simulation& sim, LegQueue& leg, Load& load) {
  double t = sim.now();
  for (const RouteStep& step : leg.routed->steps) {
    t = cross_link(sim, step, load, t);
    for (std::size_t facility : step.facilities)
      t = serve(sim, facility, load, t);
  }
  catch_up(sim, t);
  // Unloading: each shipment dwells at the handling facilities where the leg ends, then goes on.
  const RouteStep& last = leg.routed->steps.back();
  for (Shipment* s : load.shipments) {
    double dwell_h = 0;
    for (std::size_t index : last.facilities) {
      FacilityState& f = sim.facilities[index];
      if (f.spec->dwell_h) dwell_h += f.spec->dwell_h->sample(f.dwell_rng);
    }
    s->handling_h += dwell_h;
    ++s->leg;
    after_dwell(sim, *s, sim.now() + dwell_h);
  }
}

} // namespace corridor::engine

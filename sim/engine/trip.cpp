// One vehicle trip over a leg: links in turn, the facilities met on arrival, then unloading.
#include "engine/state.hpp"

#include <algorithm>

namespace corridor::engine {

namespace {

double overlap(double a, double b, double from, double to) {
  return std::max(0.0, std::min(b, to) - std::max(a, from));
}

// Each shipment's share of a cost charged per vehicle: its part of the TEU on board.
double share_of(const Shipment& s, const Load& load) {
  return load.teu > 0 ? s.teu / load.teu : 0;
}

void cross_link(Simulation& sim, const RouteStep& step, Load& load) {
  LinkState& link = sim.links[step.link.link];
  const Link& spec = *link.spec;
  const int direction = step.link.forward ? 0 : 1;
  const double headway_h = spec.capacity_vehicles_per_day ? 24 / *spec.capacity_vehicles_per_day : 0;

  // Enter when the link is open and the previous vehicle in this direction is far enough ahead.
  double enter_h = sim.now();
  for (;;) {
    enter_h = link.calendar.next_open(enter_h);
    if (headway_h > 0 && enter_h < link.next_entry_h[direction]) {
      enter_h = link.next_entry_h[direction];
      continue;
    }
    break;
  }
  if (headway_h > 0) link.next_entry_h[direction] = enter_h + headway_h;
  if (enter_h > sim.now()) {
    sg4::this_actor::sleep_until(enter_h);
    ++sim.result.events;
  }
  if (sim.measuring(enter_h)) {
    ++link.stats.vehicles;
    link.stats.teu += load.teu;
    link.stats.occupied_h += headway_h;
  }

  const double travel_h =
      spec.travel_time_h ? spec.travel_time_h->sample(link.travel_rng) : spec.distance_km / *spec.speed_kmh;
  if (travel_h > 0) {
    sg4::this_actor::sleep_for(travel_h);
    ++sim.result.events;
  }
  for (Shipment* s : load.shipments) {
    s->moving_h += travel_h;
    s->distance_km += spec.distance_km;
    s->link_cost_usd += spec.cost_usd_per_teu_km * s->teu * spec.distance_km +
                        spec.cost_usd_per_vehicle_km * spec.distance_km * share_of(*s, load);
  }
}

void serve(Simulation& sim, std::size_t index, Load& load) {
  FacilityState& f = sim.facilities[index];
  const Facility& spec = *f.spec;
  const double arrived_h = sim.now();

  f.queue.change(+1, arrived_h, sim.warmup_h, sim.horizon_h);
  if (sim.measuring(arrived_h)) f.stats.max_queue = std::max(f.stats.max_queue, f.queue.value);
  f.servers->acquire();
  ++sim.result.events;
  f.queue.change(-1, sim.now(), sim.warmup_h, sim.horizon_h);

  const double open_h = f.calendar.next_open(sim.now()); // closed: hold the server until it opens
  if (open_h > sim.now()) {
    sg4::this_actor::sleep_until(open_h);
    ++sim.result.events;
  }
  const double start_h = sim.now();
  const double draw = spec.service_time_h.sample(f.service_rng);
  const double service_h = spec.service_per == ServicePer::Teu ? draw * load.teu : draw;
  if (sim.measuring(start_h)) {
    ++f.stats.vehicles;
    f.stats.teu += load.teu;
    f.stats.total_wait_h += start_h - arrived_h;
  }
  f.stats.busy_server_h += overlap(start_h, start_h + service_h, sim.warmup_h, sim.horizon_h);
  if (service_h > 0) {
    sg4::this_actor::sleep_for(service_h);
    ++sim.result.events;
  }
  f.servers->release();

  const bool handling = is_handling(spec.kind);
  for (Shipment* s : load.shipments) {
    s->handling_h += service_h;
    const double fee = spec.fee_usd_per_vehicle * share_of(*s, load) + spec.fee_usd_per_teu * s->teu;
    (handling ? s->handling_cost_usd : s->fee_cost_usd) += fee;
  }
}

} // namespace

void run_trip(Simulation& sim, LegQueue& leg, Load& load) {
  for (const RouteStep& step : leg.routed->steps) {
    cross_link(sim, step, load);
    for (std::size_t facility : step.facilities)
      serve(sim, facility, load);
  }
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

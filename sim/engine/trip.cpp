// One vehicle trip over a leg: links in turn, the facilities met on arrival, then unloading.
//
// A vehicle computes ahead whatever other vehicles cannot change (travel on a free link,
// calendars) and waits only where they could get in its way: at a facility, or at the entry of
// a link with a capacity. There it has announced its visit, and the first vehicle to get there
// at that instant handles every visit due in FIFO order (see VisitQueue).
#include "engine/trip.hpp"

#include <algorithm>
#include <boost/random/exponential_distribution.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace corridor::engine {

namespace {

double overlap(double a, double b, double from, double to) {
  return std::max(0.0, std::min(b, to) - std::max(a, from));
}

// Each shipment's share of a cost charged per vehicle: its part of the TEU on board, or of the
// tons when the vehicle carries bulk only (no TEU; validation keeps bulk and containers apart).
double share_of(const Shipment& s, const Load& load) {
  if (load.teu > 0) return s.teu / load.teu;
  return load.tons > 0 ? s.tons / load.tons : 0;
}

std::size_t index_of(const Simulation& sim, const FacilityState& f) {
  return static_cast<std::size_t>(&f - sim.facilities.data());
}

// Enters a link at `enter_h` and travels it; returns the arrival time at its far end.
double travel(Simulation& sim, LinkState& link, int direction, Load& load, double enter_h, double headway_h) {
  const Link& spec = *link.spec;
  if (sim.measuring(enter_h)) {
    ++link.stats.vehicles;
    link.stats.teu += load.teu;
    link.stats.occupied_h[direction] += headway_h;
  }
  const double travel_h =
      spec.travel_time_h ? spec.travel_time_h->sample(link.travel_rng) : spec.distance_km / *spec.speed_kmh;
  Load::Charges& c = load.charges;
  const double per_teu = spec.cost_usd_per_teu_km * spec.distance_km;
  const double per_vehicle = spec.cost_usd_per_vehicle_km * spec.distance_km;
  c.moving_h += travel_h;
  c.distance_km += spec.distance_km;
  c.link_usd_per_teu += per_teu;
  c.link_usd_per_vehicle += per_vehicle;
  c.steps.push_back(StepCharge{enter_h + travel_h, travel_h}); // steps come in order
  return enter_h + travel_h;
}

// A vehicle reaching a capacitated link at `ready_h` enters when the link is open and the
// previous vehicle in its direction is a headway ahead; returns its arrival at the far end.
double enter_link(Simulation& sim, LinkState& link, int direction, Load& load, double ready_h) {
  const double headway_h = 24 / *link.spec->capacity_vehicles_per_day;
  double enter_h = ready_h;
  for (;;) {
    enter_h = link.calendar.next_open(enter_h);
    if (enter_h >= link.next_entry_h[direction]) break;
    enter_h = link.next_entry_h[direction];
  }
  link.next_entry_h[direction] = enter_h + headway_h;
  return travel(sim, link, direction, load, enter_h, headway_h);
}

void trace_visit(Simulation& sim, const FacilityState& f, const Load& load, double arrived_h, double start_h,
                 double end_h) {
  VisitRecord v;
  v.facility = static_cast<std::uint32_t>(f.spec - sim.scenario.facilities.data());
  if (load.leg) {
    v.route = static_cast<std::uint32_t>(load.leg->route);
    v.leg = static_cast<std::uint32_t>(load.leg->leg);
    v.service = static_cast<std::uint32_t>(load.leg->routed->service);
  }
  v.vehicle = load.vehicle;
  v.shipments = static_cast<std::uint32_t>(load.shipments.size());
  v.teu = load.teu;
  v.tons = load.tons;
  v.arrival_h = arrived_h;
  v.start_h = start_h;
  v.end_h = end_h;
  sim.trace->add(v);
}

// A vehicle arriving at `arrived_h` takes the first free server, once the facility is open;
// returns the end of its service.
double start_service(Simulation& sim, FacilityState& f, const Visit& visit) {
  const Facility& spec = *f.spec;
  Load& load = *visit.load;
  const double arrived_h = visit.at_h;
  const double server_h = f.server_free_h.free_for(arrived_h);
  const double start_h = f.calendar.next_open(server_h); // closed: holds the server until it opens
  const double draw =
      (visit.service_time_h ? *visit.service_time_h : spec.service_time_h).sample(f.service_rng);
  const double service_h = spec.service_per == ServicePer::Teu ? draw * load.teu : draw;
  const double end_h = start_h + service_h;
  f.server_free_h.take(end_h);

  // The vehicle waits over [arrived_h, start_h]: for a server, then holding it while the
  // facility is closed. Starts are nondecreasing (FIFO, and next_open is monotone).
  while (!f.queue_leaves_h.empty() && f.queue_leaves_h.front() <= arrived_h)
    f.queue_leaves_h.pop_front();
  if (start_h > arrived_h) f.queue_leaves_h.push_back(start_h);
  if (sim.measuring(arrived_h)) f.stats.max_queue = std::max(f.stats.max_queue, f.queue_leaves_h.size());
  f.stats.queue_area_h += overlap(arrived_h, start_h, sim.warmup_h, sim.horizon_h);
  if (sim.measuring(start_h)) {
    ++f.stats.vehicles;
    f.stats.teu += load.teu;
    f.stats.total_wait_h += start_h - arrived_h;
  }
  f.stats.busy_server_h += overlap(start_h, end_h, sim.warmup_h, sim.horizon_h);
  sim.series.corridor_visit(index_of(sim, f), arrived_h, start_h, end_h);

  Load::Charges& c = load.charges;
  c.handling_h += service_h;
  if (is_handling(spec.kind)) {
    c.handling_usd_per_teu += spec.fee_usd_per_teu;
    c.handling_usd_per_vehicle += spec.fee_usd_per_vehicle;
  } else {
    c.fee_usd_per_teu += spec.fee_usd_per_teu;
    c.fee_usd_per_vehicle += spec.fee_usd_per_vehicle;
  }
  // A vehicle meets its leg's facilities in order: the visit's place is its count so far.
  c.visits.push_back(VisitCharge{start_h - arrived_h, service_h});
  if (sim.trace) trace_visit(sim, f, load, arrived_h, start_h, end_h);
  return end_h;
}

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 1 && is_leap(year) ? 29 : days[month];
}

// A background vehicle takes the first free server like any other, holding it while the
// facility is closed; its wait is not the corridor's, so only its service is counted.
void serve_one_background(Simulation& sim, FacilityState& f, BackgroundState& b, double arrived_h) {
  const double start_h = f.calendar.next_open(f.server_free_h.free_for(arrived_h));
  const double end_h = start_h + b.service_time_h->sample(b.service_rng);
  f.server_free_h.take(end_h);
  if (sim.measuring(start_h)) ++f.stats.background_vehicles;
  f.stats.busy_server_h += overlap(start_h, end_h, sim.warmup_h, sim.horizon_h);
  sim.series.background_visit(index_of(sim, f), arrived_h, start_h, end_h);
}

template <class Handle> void handle_due(VisitQueue& queue, double due_h, Handle handle) {
  while (!queue.due.empty() && queue.due.top().at_h <= due_h) {
    Visit* next = queue.due.top().item;
    queue.due.pop();
    next->done_h = handle(*next);
  }
}

void announce(VisitQueue& queue, LegProgress& p, Load& load, const Distribution* service_time_h = nullptr) {
  p.visit = Visit{p.t, &load, -1, service_time_h};
  queue.due.push(p.t, &p.visit);
}

const Distribution* service_time_from(const FacilityState& f, std::size_t node) {
  for (const auto& [from, service_time_h] : f.service_from)
    if (from == node) return service_time_h;
  return nullptr;
}

} // namespace

void serve_background(Simulation& sim, FacilityState& f, double until_h) {
  BackgroundState& b = *f.background;
  boost::random::exponential_distribution<double> gap(b.peak_per_h);
  while (b.next_h <= until_h) {
    const double t = b.next_h;
    b.next_h += gap(b.arrival_rng.engine());
    while (t >= b.month_end_h) { // months pass in order: arrivals come in time order
      if (++b.month == 12) b.month = 0, ++b.year;
      b.month_end_h += 24.0 * days_in(b.year, b.month);
    }
    // Thinning: a candidate at the peak rate is an arrival with probability factor / peak.
    if (b.factors.empty() || b.arrival_rng.uniform01() < b.factors[b.month])
      serve_one_background(sim, f, b, t);
  }
}

bool advance(Simulation& sim, const LegQueue& leg, Load& load, LegProgress& p) {
  const auto& steps = leg.routed->steps;
  while (p.step < steps.size()) {
    const RouteStep& step = steps[p.step];
    if (!p.link_crossed) {
      p.link_crossed = true;
      LinkState& link = sim.links[step.link.link];
      if (link.spec->capacity_vehicles_per_day) {
        p.at = LegProgress::Place::LinkEntry;
        p.place = step.link.link;
        p.direction = step.link.forward ? 0 : 1;
        announce(link.entries[p.direction], p, load);
        return true;
      }
      p.t = travel(sim, link, step.link.forward ? 0 : 1, load, link.calendar.next_open(p.t), 0);
    }
    if (p.facility < step.facilities.size()) {
      p.at = LegProgress::Place::Facility;
      p.place = step.facilities[p.facility++];
      FacilityState& f = sim.facilities[p.place];
      announce(f.visits, p, load,
               f.service_from.empty() ? nullptr : service_time_from(f, step.departure_node));
      return true;
    }
    ++p.step;
    p.facility = 0;
    p.link_crossed = false;
  }
  return false;
}

void complete_visit(Simulation& sim, LegProgress& p) {
  // The clock may be a rounding error before at_h: handle up to this visit regardless, so it
  // never stays queued once its vehicle has gone on.
  const double due_h = std::max(sim.now(), p.visit.at_h);
  if (p.at == LegProgress::Place::Facility) {
    FacilityState& f = sim.facilities[p.place];
    if (f.background)
      handle_due(f.visits, due_h, [&](Visit& v) {
        serve_background(sim, f, v.at_h);
        return start_service(sim, f, v);
      });
    else
      handle_due(f.visits, due_h, [&](Visit& v) { return start_service(sim, f, v); });
  } else {
    LinkState& link = sim.links[p.place];
    const int direction = p.direction;
    handle_due(link.entries[direction], due_h,
               [&](Visit& v) { return enter_link(sim, link, direction, *v.load, v.at_h); });
  }
  if (p.visit.done_h < 0) throw std::logic_error("a visit was left unhandled");
  p.t = p.visit.done_h;
  p.at = LegProgress::Place::None;
}

bool dwells_at_end(const Simulation& sim, const LegQueue& leg) {
  for (std::size_t index : leg.routed->steps.back().facilities)
    if (sim.facilities[index].spec->dwell_h) return true;
  return false;
}

bool ends_in_delivery(const Simulation& sim, const LegQueue& leg) {
  return leg.leg + 1 == sim.routed.routes[leg.route].legs.size() && !dwells_at_end(sim, leg);
}

namespace {

PairIndicators& indicators_of(Simulation& sim, const Shipment& s) {
  const std::size_t flows = sim.scenario.flows.size();
  PairIndicators& pi = sim.indicators[s.route * flows + s.flow];
  if (pi.steps.empty() && pi.visits.empty()) { // first use
    const RoutedRoute& route = sim.routed.routes[s.route];
    pi.steps.resize(route.steps);
    for (std::uint32_t i = 0; i < route.steps; ++i)
      pi.steps[i].flow = s.flow, pi.steps[i].route = s.route, pi.steps[i].step = i;
    pi.visits.resize(route.slots.size());
    for (std::uint32_t i = 0; i < route.slots.size(); ++i)
      pi.visits[i].flow = s.flow, pi.visits[i].route = s.route, pi.visits[i].slot = i;
  }
  return pi;
}

// A measured shipment has finished a leg: its link steps and facility visits, from the trip's
// charges, go to its pair's indicators. `dwell_h` holds its dwell at each facility of the leg's
// last step (empty: none). Each step's time runs from when the shipment was ready to go on
// (boarded, or left the facilities before) to the vehicle's arrival at the step's far end;
// facilities follow one another without a gap, so the leg's times add up to its time.
void record_indicators(Simulation& sim, const Load& load, const Shipment& s, double share,
                       const boost::container::small_vector<double, 4>& dwell_h) {
  const Load::Charges& c = load.charges;
  const RoutedLeg& leg = *load.leg->routed;
  if (c.steps.size() != leg.steps.size()) throw std::logic_error("a trip's steps were not all charged");
  PairIndicators& pi = indicators_of(sim, s);
  double ready_h = s.ready_h;
  std::size_t v = 0;
  for (std::size_t j = 0; j < leg.steps.size(); ++j) {
    const StepCharge& sc = c.steps[j];
    LinkStepSums& ls = pi.steps[leg.first_step + j];
    ++ls.crossings;
    ls.teu += s.teu;
    ls.time_h += sc.arrival_h - ready_h;
    ls.moving_h += sc.moving_h;
    const Link& link = *sim.links[leg.steps[j].link.link].spec;
    ls.cost_usd += link.cost_usd_per_teu_km * link.distance_km * s.teu +
                   link.cost_usd_per_vehicle_km * link.distance_km * share;
    const bool last = j + 1 == leg.steps.size();
    if (last) ls.cost_usd += c.empty_usd_per_vehicle * share; // the truck's way back: its leg's
    ready_h = sc.arrival_h;
    for (std::size_t k = 0; k < leg.steps[j].facilities.size(); ++k, ++v) {
      const VisitCharge& vc = c.visits.at(v);
      const double dwell = last && k < dwell_h.size() ? dwell_h[k] : 0;
      FacilityVisitSums& fs = pi.visits[leg.first_slot + v];
      ++fs.visits;
      fs.teu += s.teu;
      fs.wait_h += vc.wait_h;
      fs.service_h += vc.service_h + dwell;
      const Facility& spec = *sim.facilities[leg.steps[j].facilities[k]].spec;
      fs.cost_usd += spec.fee_usd_per_teu * s.teu + spec.fee_usd_per_vehicle * share;
      fs.time_h_p95.add(vc.wait_h + vc.service_h + dwell);
      ready_h += vc.wait_h + vc.service_h;
    }
  }
}

// What the trip charged, shared out to one shipment on board.
void charge(Simulation& sim, const Load& load, Shipment& s,
            const boost::container::small_vector<double, 4>& dwell_h = {}) {
  const Load::Charges& c = load.charges;
  const double share = share_of(s, load);
  if (s.measured) record_indicators(sim, load, s, share, dwell_h);
  s.moving_h += c.moving_h;
  s.handling_h += c.handling_h;
  s.distance_km += c.distance_km;
  s.link_cost_usd[static_cast<int>(load.leg->routed->mode)] +=
      c.link_usd_per_teu * s.teu + c.link_usd_per_vehicle * share;
  s.fee_cost_usd += c.fee_usd_per_vehicle * share + c.fee_usd_per_teu * s.teu;
  s.handling_cost_usd += c.handling_usd_per_vehicle * share + c.handling_usd_per_teu * s.teu;
  s.empty_cost_usd += c.empty_usd_per_vehicle * share;
}

// A train's thousands of shipments lie anywhere in memory: ask for the ones a few places
// ahead while working on this one, instead of stalling on each in turn. (Always inlined: see
// prefetch in road.cpp.)
[[gnu::always_inline]] inline void prefetch_ahead(const decltype(Load::shipments)& shipments, std::size_t i) {
  constexpr std::size_t kAhead = 8;
  if (i + kAhead < shipments.size()) __builtin_prefetch(shipments[i + kAhead], 1);
}

} // namespace

void share_out(Simulation& sim, Load& load) {
  for (std::size_t i = 0; i < load.shipments.size(); ++i) {
    prefetch_ahead(load.shipments, i);
    charge(sim, load, *load.shipments[i]);
  }
  load.charges.reset();
}

void unload(Simulation& sim, const LegQueue& leg, Load& load, double t) {
  const RouteStep& last = leg.routed->steps.back();
  boost::container::small_vector<double, 4> dwells(last.facilities.size());
  for (std::size_t i = 0; i < load.shipments.size(); ++i) {
    prefetch_ahead(load.shipments, i);
    Shipment& s = *load.shipments[i];
    double dwell_h = 0;
    for (std::size_t k = 0; k < last.facilities.size(); ++k) {
      FacilityState& f = sim.facilities[last.facilities[k]];
      dwells[k] = f.spec->dwell_h ? f.spec->dwell_h->sample(f.dwell_rng) : 0;
      dwell_h += dwells[k];
    }
    charge(sim, load, s, dwells); // one pass over the shipments: a train's do not all fit in the cache
    s.handling_h += dwell_h;
    ++s.leg;
    after_dwell(sim, s, t + dwell_h);
  }
  load.charges.reset();
}

ShipmentRecord started_record(const Shipment& s) {
  ShipmentRecord r;
  r.id = s.id;
  r.flow = s.flow;
  r.route = s.route;
  r.teu = s.teu;
  r.tons = s.tons;
  r.created_h = s.created_h;
  return r;
}

void deliver(Simulation& sim, Shipment& s, double t) {
  ++sim.result.delivered;
  s.live = false;
  sim.free_shipments.push_back(&s); // nothing refers to it after this
  sim.last_delivery_h = std::max(sim.last_delivery_h, t);
  sim.series.delivered(s.flow, s.route, t);
  if (sim.measuring(t)) sim.result.delivered_teu_measured += s.teu; // throughput, whatever the cohort
  if (LogitChooser* logit = sim.route_choosers[s.flow].get()) logit->delivered(s, t);
  if (!s.measured) return;
  --sim.cohort_in_transit;
  ShipmentRecord r = started_record(s);
  r.delivered_h = t;
  r.moving_h = s.moving_h;
  r.handling_h = s.handling_h;
  r.waiting_h = r.transit_h() - s.moving_h - s.handling_h; // everything else is waiting
  if (std::abs(r.waiting_h) < 1e-9) r.waiting_h = 0;       // rounding, not a wait (nor -0.000000)
  r.distance_km = s.distance_km;
  r.road_cost_usd = s.link_cost_usd[static_cast<int>(Mode::Road)];
  r.rail_cost_usd = s.link_cost_usd[static_cast<int>(Mode::Rail)];
  r.sea_cost_usd = s.link_cost_usd[static_cast<int>(Mode::Sea)];
  r.fee_cost_usd = s.fee_cost_usd;
  r.handling_cost_usd = s.handling_cost_usd;
  r.empty_cost_usd = s.empty_cost_usd;
  sim.sink.add(r);
}

void count_departure(const Simulation& sim, LegQueue& q, Load& load) {
  load.leg = &q;
  // Room for the leg's steps and visits: no growth on the way, none for a truck on its own leg.
  const RoutedRoute& route = sim.routed.routes[q.route];
  const std::size_t next_slot =
      q.leg + 1 < route.legs.size() ? route.legs[q.leg + 1].first_slot : route.slots.size();
  load.charges.steps.reserve(q.routed->steps.size());
  load.charges.visits.reserve(next_slot - q.routed->first_slot);
  if (!sim.measuring(sim.now())) return;
  ++q.stats.departures;
  q.stats.teu += load.teu;
  q.stats.tons += load.tons;
}

void take_fitting(LegQueue& q, Load& load) {
  const double capacity = q.service->capacity_teu;
  // Without a payload limit, weight never stops a load (and bulk needs one: validation).
  const double payload = q.service->payload_tons.value_or(std::numeric_limits<double>::infinity());
  while (!q.waiting.empty()) {
    Shipment* s = q.waiting.front();
    if (!load.shipments.empty() && (load.teu + s->teu > capacity || load.tons + s->tons > payload)) break;
    q.waiting.pop_front();
    q.waiting_teu -= s->teu;
    q.waiting_tons -= s->tons;
    load.shipments.push_back(s);
    load.teu += s->teu;
    load.tons += s->tons;
    if (load.teu >= capacity || load.tons >= payload) break;
  }
}

void catch_up(Simulation& sim, double t) {
  if (t > sim.now()) {
    sleep_until(sim, t);
    ++sim.result.events;
  }
}

void run_trip(Simulation& sim, LegQueue& leg, Load& load) {
  LegProgress p;
  p.t = sim.now();
  while (advance(sim, leg, load, p)) {
    catch_up(sim, p.visit.at_h);
    complete_visit(sim, p);
  }
  catch_up(sim, p.t);
  unload(sim, leg, load, sim.now());
}

} // namespace corridor::engine

// Demand: each flow's arrivals, drawn from its own streams; the road actor (road.cpp) creates
// each shipment at its time and sends it down a route.
#include "engine/demand.hpp"

namespace corridor::engine {

namespace {

constexpr double kHoursPerYear = 365 * 24;

std::uint32_t pick_route(const std::vector<FlowRoute>& routes, RandomStream& rng) {
  if (routes.size() == 1) return static_cast<std::uint32_t>(routes.front().route);
  double u = rng.uniform01();
  for (const FlowRoute& r : routes) {
    if (u < r.share) return static_cast<std::uint32_t>(r.route);
    u -= r.share;
  }
  return static_cast<std::uint32_t>(routes.back().route); // rounding: shares sum to 1
}

} // namespace

FlowSource::FlowSource(const Simulation& sim, std::uint32_t index_)
    : index(index_), arrivals(sim.seed, "flow:" + sim.scenario.flows[index_].id + ":arrivals"),
      route_rng(sim.seed, "flow:" + sim.scenario.flows[index_].id + ":route"),
      size_rng(sim.seed, "flow:" + sim.scenario.flows[index_].id + ":size") {
  const Flow& flow = sim.scenario.flows[index];
  const double shipments_per_year = flow.shipments_per_year();
  active = shipments_per_year > 0;
  if (!active) return;
  mean_gap_h = kHoursPerYear / shipments_per_year;
  regular = flow.arrivals == ArrivalProcess::Regular;
  poisson_gap = boost::random::exponential_distribution<double>(1 / mean_gap_h);
  t = regular ? -mean_gap_h / 2 : 0; // regular arrivals come in the middle of each interval
}

double FlowSource::next_arrival_h() {
  t += regular ? mean_gap_h : poisson_gap(arrivals.engine());
  return t;
}

void create_shipment(Simulation& sim, FlowSource& source, double t) {
  const Flow& flow = sim.scenario.flows[source.index];
  LogitChooser* logit = sim.route_choosers[source.index].get();
  const std::uint32_t route = logit ? logit->choose(t, source.route_rng)
                                    : pick_route(sim.routed.flow_routes[source.index], source.route_rng);
  // Bulk is sized in tons and fills no container; other cargo weighs its TEU x tons_per_teu.
  const double teu = flow.bulk ? 0 : flow.shipment_teu.sample(source.size_rng);
  const double tons =
      flow.bulk ? flow.shipment_tons.sample(source.size_rng) : teu * flow.tons_per_teu.value_or(0);

  // Delivered shipments' slots are reused: memory follows the cargo in transit, not the run.
  Shipment* slot = nullptr;
  if (sim.free_shipments.empty()) {
    slot = &sim.shipments.emplace_back();
  } else {
    slot = sim.free_shipments.back();
    sim.free_shipments.pop_back();
    *slot = Shipment{};
  }
  Shipment& s = *slot;
  s.id = sim.result.created++;
  s.flow = source.index;
  s.route = route;
  s.teu = teu;
  s.tons = tons;
  s.created_h = t;
  s.live = true;
  s.measured = sim.measuring(s.created_h); // no cargo is created after the horizon
  if (s.measured) {
    ++sim.result.cohort;
    ++sim.cohort_in_transit;
  }
  sim.series.created(s.flow, s.route, t);
  if (logit) logit->sent(s);
  board(sim, s);
}

} // namespace corridor::engine

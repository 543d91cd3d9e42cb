// Demand: one generator actor per flow creates shipments and sends them down a route.
#include "engine/state.hpp"

#include <boost/random/exponential_distribution.hpp>

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

void create_shipment(Simulation& sim, std::uint32_t flow, std::uint32_t route, double teu) {
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
  s.flow = flow;
  s.route = route;
  s.teu = teu;
  s.created_h = sim.now();
  s.measured = sim.measuring(s.created_h);
  if (s.measured) {
    s.record = sim.result.shipments.size();
    ShipmentRecord record;
    record.id = s.id;
    record.flow = flow;
    record.route = route;
    record.teu = teu;
    record.created_h = s.created_h;
    sim.result.shipments.push_back(record);
  }
  board(sim, s);
}

void generate(Simulation& sim, std::uint32_t index) {
  const Flow& flow = sim.scenario.flows[index];
  const auto& routes = sim.routed.flow_routes[index];
  RandomStream arrivals(sim.seed, "flow:" + flow.id + ":arrivals");
  RandomStream route_rng(sim.seed, "flow:" + flow.id + ":route");
  RandomStream size_rng(sim.seed, "flow:" + flow.id + ":size");
  const double shipments_per_year = flow.teu_per_year / flow.shipment_teu.mean();
  if (!(shipments_per_year > 0)) return;
  const double mean_gap_h = kHoursPerYear / shipments_per_year;
  boost::random::exponential_distribution<double> poisson_gap(1 / mean_gap_h);

  // Regular arrivals come in the middle of each interval: the first at half a gap.
  double t = flow.arrivals == ArrivalProcess::Regular ? -mean_gap_h / 2 : 0;
  for (;;) {
    t += flow.arrivals == ArrivalProcess::Poisson ? poisson_gap(arrivals.engine()) : mean_gap_h;
    if (t >= sim.horizon_h) return;
    sg4::this_actor::sleep_until(t);
    ++sim.result.events;
    create_shipment(sim, index, pick_route(routes, route_rng), flow.shipment_teu.sample(size_rng));
  }
}

} // namespace

void start_generators(Simulation& sim) {
  for (std::uint32_t i = 0; i < sim.scenario.flows.size(); ++i)
    start_actor(sim, "flow:" + sim.scenario.flows[i].id, [&sim, i] { generate(sim, i); });
}

} // namespace corridor::engine

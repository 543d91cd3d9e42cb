#include "corridor/generalized_cost.hpp"
#include "corridor/network.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace corridor {

namespace {

std::size_t require(const std::optional<std::size_t>& index, const std::string& what, const std::string& id) {
  if (!index) throw std::logic_error("routing an unvalidated scenario: unknown " + what + " '" + id + "'");
  return *index;
}

double mean_travel_h(const Link& link) {
  return link.travel_time_h ? link.travel_time_h->mean() : link.distance_km / *link.speed_kmh;
}

// The facilities a vehicle meets on arriving at `node`: border crossings at every arrival,
// handling facilities only where the leg ends (cargo leaves the vehicle there).
std::vector<std::size_t> facilities_met(const Scenario& scenario, const Network& network, std::size_t node,
                                        Mode mode, bool leg_ends_here) {
  std::vector<std::size_t> met;
  for (std::size_t f : network.facilities_at(node)) {
    const Facility& facility = scenario.facilities[f];
    if (facility.serves(mode) && !is_handling(facility.kind)) met.push_back(f);
  }
  if (leg_ends_here)
    for (std::size_t f : network.facilities_at(node)) {
      const Facility& facility = scenario.facilities[f];
      if (facility.serves(mode) && is_handling(facility.kind)) met.push_back(f);
    }
  return met;
}

RoutedLeg route_leg(const Scenario& scenario, const Network& network, const Leg& leg) {
  RoutedLeg routed;
  routed.service = require(network.service(leg.service), "service", leg.service);
  routed.mode = mode_of(scenario.services[routed.service].kind);
  std::vector<std::size_t> nodes;
  for (const auto& id : leg.path)
    nodes.push_back(require(network.node(id), "node", id));
  if (nodes.size() < 2) throw std::logic_error("routing an unvalidated scenario: a leg needs two nodes");
  routed.from_node = nodes.front();
  routed.to_node = nodes.back();
  for (std::size_t i = 1; i < nodes.size(); ++i) {
    auto link = network.find_link(nodes[i - 1], nodes[i], routed.mode);
    if (!link)
      throw std::logic_error("routing an unvalidated scenario: no " + to_string(routed.mode) + " link " +
                             leg.path[i - 1] + " -> " + leg.path[i]);
    const bool last = i + 1 == nodes.size();
    routed.steps.push_back(
        {*link, nodes[i - 1], nodes[i], facilities_met(scenario, network, nodes[i], routed.mode, last)});
    routed.distance_km += scenario.links[link->link].distance_km;
  }
  return routed;
}

std::optional<int> leg_gauge(const Scenario& scenario, const RoutedLeg& leg) {
  if (leg.mode != Mode::Rail || leg.steps.empty()) return std::nullopt;
  return scenario.links[leg.steps.front().link.link].gauge_mm;
}

// Free-flow figures: mean times with no queue or wait, vehicle costs spread over a full vehicle.
void add_free_flow(const Scenario& scenario, RoutedRoute& route) {
  for (const RoutedLeg& leg : route.legs) {
    const Service& service = scenario.services[leg.service];
    // Priced as a round trip with no backhaul: the truck drives back empty.
    route.free_flow_usd_per_teu +=
        service.empty_cost_usd_per_vehicle_km * leg.distance_km / service.capacity_teu;
    for (const RouteStep& step : leg.steps) {
      const Link& link = scenario.links[step.link.link];
      route.distance_km += link.distance_km;
      route.free_flow_h += mean_travel_h(link);
      route.free_flow_usd_per_teu += link.cost_usd_per_teu_km * link.distance_km +
                                     link.cost_usd_per_vehicle_km * link.distance_km / service.capacity_teu;
      for (std::size_t f : step.facilities) {
        const Facility& facility = scenario.facilities[f];
        const double load_teu = facility.service_per == ServicePer::Teu ? service.capacity_teu : 1.0;
        const std::string& from = scenario.nodes[step.departure_node].id;
        route.free_flow_h += facility.service_time_from(from).mean() * load_teu;
        if (facility.dwell_h) route.free_flow_h += facility.dwell_h->mean();
        route.free_flow_usd_per_teu +=
            facility.fee_usd_per_teu + facility.fee_usd_per_vehicle / service.capacity_teu;
        if (facility.kind == FacilityKind::BorderCrossing) ++route.border_crossings;
      }
    }
  }
}

RoutedRoute route_route(const Scenario& scenario, const Network& network, std::size_t index) {
  RoutedRoute routed;
  routed.route = index;
  std::optional<int> previous_gauge;
  for (const Leg& leg : scenario.routes[index].legs) {
    routed.legs.push_back(route_leg(scenario, network, leg));
    routed.modes.push_back(routed.legs.back().mode);
    auto gauge = leg_gauge(scenario, routed.legs.back());
    if (gauge && previous_gauge && *gauge != *previous_gauge) ++routed.gauge_breaks;
    if (routed.legs.back().mode == Mode::Rail) previous_gauge = gauge;
  }
  add_free_flow(scenario, routed);
  return routed;
}

// Routes whose ends match the flow: its candidates for fastest/cheapest when none are named.
std::vector<std::size_t> candidate_routes(const Network& network, const std::vector<RoutedRoute>& routes,
                                          const Flow& flow) {
  std::vector<std::size_t> candidates;
  if (!flow.routes.empty()) {
    for (const auto& share : flow.routes)
      candidates.push_back(require(network.route(share.route), "route", share.route));
    return candidates;
  }
  const auto origin = network.node(flow.origin), destination = network.node(flow.destination);
  for (std::size_t r = 0; r < routes.size(); ++r)
    if (!routes[r].legs.empty() && routes[r].legs.front().from_node == origin &&
        routes[r].legs.back().to_node == destination)
      candidates.push_back(r);
  return candidates;
}

// With no scale given: a tenth of the candidates' mean free-flow generalized cost per TEU, so a
// route 10% dearer than the mean takes about 1/e of the share of one at the mean, whatever the
// currency of the corridor's costs; 1 USD when every candidate is free (the shares are then equal).
double default_logit_scale(const std::vector<double>& gc_usd_per_teu) {
  double sum = 0;
  for (double gc : gc_usd_per_teu)
    sum += gc;
  const double scale = 0.1 * sum / static_cast<double>(gc_usd_per_teu.size());
  return scale > 0 ? scale : 1.0;
}

std::vector<FlowRoute> choose_routes(const Network& network, const std::vector<RoutedRoute>& routes,
                                     const Flow& flow, double& logit_scale) {
  if (flow.choice == RouteChoice::Shares) {
    double total = 0;
    for (const auto& share : flow.routes)
      total += share.share;
    std::vector<FlowRoute> chosen;
    for (const auto& share : flow.routes)
      chosen.push_back({require(network.route(share.route), "route", share.route), share.share / total});
    return chosen;
  }
  const auto candidates = candidate_routes(network, routes, flow);
  if (candidates.empty())
    throw std::logic_error("routing an unvalidated scenario: flow " + flow.id + " has no route");
  if (flow.choice == RouteChoice::Logit) {
    std::vector<double> gc;
    for (std::size_t r : candidates)
      gc.push_back(free_flow_generalized_cost_usd_per_teu(flow, routes[r]));
    logit_scale = flow.logit.scale_usd_per_teu.value_or(default_logit_scale(gc));
    const auto shares = logit_shares(gc, logit_scale);
    std::vector<FlowRoute> chosen;
    for (std::size_t i = 0; i < candidates.size(); ++i)
      chosen.push_back({candidates[i], shares[i]});
    return chosen;
  }
  auto figure = [&](std::size_t r) {
    return flow.choice == RouteChoice::Fastest ? routes[r].free_flow_h : routes[r].free_flow_usd_per_teu;
  };
  std::size_t best = candidates.front(); // ties go to the route written first
  for (std::size_t r : candidates)
    if (figure(r) < figure(best)) best = r;
  return {{best, 1.0}};
}

// The nodes a leg passes, in order.
std::vector<std::size_t> nodes_of(const RoutedLeg& leg) {
  std::vector<std::size_t> nodes{leg.from_node};
  for (const RouteStep& step : leg.steps)
    nodes.push_back(step.arrival_node);
  return nodes;
}

// Pairs each truck leg with the legs of the same service over its path reversed.
void find_reverse_legs(const Scenario& scenario, std::vector<RoutedRoute>& routes) {
  std::map<std::pair<std::size_t, std::vector<std::size_t>>, std::vector<LegRef>> by_path;
  for (std::size_t r = 0; r < routes.size(); ++r)
    for (std::size_t l = 0; l < routes[r].legs.size(); ++l) {
      const RoutedLeg& leg = routes[r].legs[l];
      if (scenario.services[leg.service].kind == ServiceKind::Truck)
        by_path[{leg.service, nodes_of(leg)}].push_back({r, l});
    }
  for (auto& route : routes)
    for (RoutedLeg& leg : route.legs) {
      if (scenario.services[leg.service].kind != ServiceKind::Truck) continue;
      auto nodes = nodes_of(leg);
      std::reverse(nodes.begin(), nodes.end());
      if (auto it = by_path.find({leg.service, nodes}); it != by_path.end()) leg.reverse = it->second;
    }
}

} // namespace

double free_flow_generalized_cost_usd_per_teu(const Flow& flow, const RoutedRoute& route) {
  return generalized_cost_usd_per_teu(flow, route.free_flow_usd_per_teu, route.free_flow_h,
                                      route.free_flow_h);
}

std::vector<double> logit_shares(const std::vector<double>& gc_usd_per_teu, double scale_usd_per_teu) {
  const double least = *std::min_element(gc_usd_per_teu.begin(), gc_usd_per_teu.end());
  std::vector<double> shares;
  double total = 0;
  for (double gc : gc_usd_per_teu) {
    shares.push_back(std::exp(-(gc - least) / scale_usd_per_teu));
    total += shares.back();
  }
  for (double& share : shares)
    share /= total;
  return shares;
}

RoutedScenario::RoutedScenario(const Scenario& scenario) : network(scenario) {
  for (std::size_t r = 0; r < scenario.routes.size(); ++r)
    routes.push_back(route_route(scenario, network, r));
  for (RoutedRoute& route : routes)
    number_route_steps(route);
  find_reverse_legs(scenario, routes);
  for (const Flow& flow : scenario.flows) {
    double scale = 0;
    flow_routes.push_back(choose_routes(network, routes, flow, scale));
    logit_scale_usd_per_teu.push_back(scale);
  }
}

} // namespace corridor

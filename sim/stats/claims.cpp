#include "corridor/claims.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <set>

namespace corridor {

namespace {

struct RouteFigures {
  double transit_h = 0, cost = 0, teu = 0;
  std::size_t delivered = 0;
};

RouteFigures figures(const ReplicationResult& r, std::size_t route) {
  RouteFigures f;
  for (const ShipmentRecord& s : r.shipments)
    if (s.route == route && s.delivered()) {
      f.transit_h += s.transit_h();
      f.cost += s.cost_usd();
      f.teu += s.teu;
      ++f.delivered;
    }
  return f;
}

std::string band_verdict(const Estimate& e, double low, double high) {
  const double lo = e.mean - e.ci95_half_width, hi = e.mean + e.ci95_half_width;
  if (low <= lo && hi <= high) return "holds";
  if (hi < low || lo > high) return "fails";
  return "inconclusive";
}

// Facilities a vehicle on this route meets, in order, without repeats.
std::vector<std::size_t> route_facilities(const RoutedRoute& route) {
  std::vector<std::size_t> out;
  for (const RoutedLeg& leg : route.legs)
    for (const RouteStep& step : leg.steps)
      for (std::size_t f : step.facilities)
        if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
  return out;
}

// Share of the cargo created in the first half of the measured period that was delivered by
// the horizon: about 1 when the route keeps up, below when queues grow without bound. A backstop
// only: FIFO clears the first half's backlog during the second half up to about twice a
// resource's capacity, which is why services and links have utilizations of their own.
double carried_share(const ReplicationResult& r) {
  const double middle = (r.warmup_h + r.horizon_h) / 2;
  double created = 0, delivered = 0;
  for (const ShipmentRecord& s : r.shipments)
    if (s.created_h < middle) {
      created += s.teu;
      if (s.delivered()) delivered += s.teu;
    }
  return created > 0 ? delivered / created : 1;
}

// What a route's cargo uses, with how busy it was in one replication: facilities (server-hours
// serving), links with a capacity (headway-hours used, both directions), and trains and ships
// (TEU carried over TEU offered by the departures).
std::vector<std::pair<std::string, double>> route_utilizations(const Scenario& s, const RoutedRoute& route,
                                                               std::size_t route_index,
                                                               const ReplicationResult& r) {
  const double measured_h = s.horizon_h() - s.warmup_h();
  std::vector<std::pair<std::string, double>> out;
  for (std::size_t f : route_facilities(route))
    out.emplace_back(s.facilities[f].id,
                     r.facilities[f].busy_server_h / (s.facilities[f].servers * measured_h));
  for (const RoutedLeg& leg : route.legs)
    for (const RouteStep& step : leg.steps)
      if (s.links[step.link.link].capacity_vehicles_per_day)
        out.emplace_back("link " + s.links[step.link.link].id,
                         r.links[step.link.link].occupied_h / measured_h);
  for (const LegStats& leg : r.legs) {
    if (leg.route != route_index || leg.departures == 0) continue;
    const Service& service = s.services[route.legs[leg.leg].service];
    if (service.kind == ServiceKind::Truck) continue; // trucks come as needed
    out.emplace_back("service " + service.id,
                     leg.teu / (static_cast<double>(leg.departures) * leg.capacity_teu));
  }
  return out;
}

ClaimVerdict capacity_verdict(const Scenario& s, const RoutedScenario& routed, const Claim& c,
                              std::size_t route, const std::vector<ReplicationResult>& runs, ClaimVerdict v) {
  const CapacityCheck check = check_capacity(s, routed, route, runs);
  v.simulated = check.max_utilization;
  v.band_low = 0;
  v.band_high = c.max_utilization;
  const bool falling_behind = check.carried_share.mean < 0.95;
  v.verdict = falling_behind ? "fails" : band_verdict(v.simulated, 0, c.max_utilization);
  v.note = fmt::format("{:.0f} TEU/yr; simulated = utilization of the busiest resource of the route, {}; "
                       "{:.0f}% of the cargo of the first half-period delivered by the end{}; "
                       "`corridor capacity` finds the largest value the route sustains",
                       s.teu_per_year_for_value(c.stated), check.bottleneck, 100 * check.carried_share.mean,
                       falling_behind ? " (the route does not keep up)" : "");
  return v;
}

} // namespace

CapacityCheck check_capacity(const Scenario& s, const RoutedScenario& routed, std::size_t route,
                             const std::vector<ReplicationResult>& runs) {
  std::vector<double> max_utilization, carried;
  std::map<std::string, int> votes;
  for (const ReplicationResult& r : runs) {
    double best = 0;
    std::string bottleneck;
    for (const auto& [name, u] : route_utilizations(s, routed.routes[route], route, r))
      if (bottleneck.empty() || u > best) best = u, bottleneck = name;
    max_utilization.push_back(best);
    carried.push_back(carried_share(r));
    if (!bottleneck.empty()) ++votes[bottleneck];
  }
  CapacityCheck check;
  check.max_utilization = estimate(max_utilization);
  check.carried_share = estimate(carried);
  check.bottleneck = "none";
  if (!votes.empty())
    check.bottleneck = std::max_element(votes.begin(), votes.end(), [](const auto& a, const auto& b) {
                         return a.second < b.second;
                       })->first;
  return check;
}

Scenario capacity_scenario(const Scenario& scenario, const Claim& claim) {
  Scenario s = scenario;
  s.claims.clear();
  const Route& route =
      *std::find_if(s.routes.begin(), s.routes.end(), [&](const Route& r) { return r.id == claim.route; });
  Flow flow;
  flow.id = "claim:" + claim.id;
  flow.origin = route.legs.front().path.front();
  flow.destination = route.legs.back().path.back();
  flow.teu_per_year = s.teu_per_year_for_value(claim.stated);
  for (const Flow& f : scenario.flows) // keep the shipment size of a flow that uses this route
    for (const RouteShare& share : f.routes)
      if (share.route == claim.route) flow.shipment_teu = f.shipment_teu;
  flow.routes = {{claim.route, 1}};
  s.flows = {flow};
  return s;
}

std::vector<ClaimVerdict>
evaluate_claims(const Scenario& s, const RoutedScenario& routed,
                const std::vector<ReplicationResult>& results,
                const std::map<std::string, std::vector<ReplicationResult>>& capacity_runs) {
  std::vector<ClaimVerdict> out;
  for (const Claim& c : s.claims) {
    ClaimVerdict v;
    v.id = c.id;
    v.text = c.text;
    v.metric = to_string(c.metric);
    v.route = c.route;
    v.baseline = c.baseline;
    v.stated = c.stated;
    v.band_low = c.stated * (1 - c.tolerance);
    v.band_high = c.stated * (1 + c.tolerance);
    const std::size_t route = *routed.network.route(c.route);
    const std::size_t baseline = c.baseline.empty() ? route : *routed.network.route(c.baseline);
    std::vector<double> values;
    switch (c.metric) {
    case ClaimMetric::RouteDistanceKm:
      values.assign(std::max<std::size_t>(1, results.size()), routed.routes[route].distance_km);
      v.note = "distance of the route as modelled";
      break;
    case ClaimMetric::DistanceRatio:
      values.assign(std::max<std::size_t>(1, results.size()),
                    routed.routes[route].distance_km / routed.routes[baseline].distance_km);
      v.note = fmt::format("{:.0f} km / {:.0f} km", routed.routes[route].distance_km,
                           routed.routes[baseline].distance_km);
      break;
    case ClaimMetric::TransitTimeRatio:
    case ClaimMetric::CostRatio:
      for (const ReplicationResult& r : results) {
        const RouteFigures a = figures(r, route), b = figures(r, baseline);
        if (a.delivered == 0 || b.delivered == 0) continue;
        values.push_back(c.metric == ClaimMetric::TransitTimeRatio
                             ? (a.transit_h / a.delivered) / (b.transit_h / b.delivered)
                             : (a.cost / a.teu) / (b.cost / b.teu));
      }
      v.note = c.metric == ClaimMetric::TransitTimeRatio ? "mean door-to-door transit, route / baseline"
                                                         : "mean cost per TEU, route / baseline";
      break;
    case ClaimMetric::TradeCapacity: {
      auto runs = capacity_runs.find(c.id);
      if (runs == capacity_runs.end() || runs->second.empty()) {
        v.verdict = "inconclusive";
        v.note = "not simulated";
        out.push_back(v);
        continue;
      }
      out.push_back(capacity_verdict(s, routed, c, route, runs->second, v));
      continue;
    }
    }
    v.simulated = estimate(values);
    v.verdict = values.empty() ? "inconclusive" : band_verdict(v.simulated, v.band_low, v.band_high);
    if (values.empty()) v.note += " (no shipment delivered on one of the routes)";
    out.push_back(v);
  }
  return out;
}

std::string claims_csv_text(const std::vector<ClaimVerdict>& verdicts) {
  auto quoted = [](const std::string& text) {
    std::string q = "\"";
    for (char ch : text)
      q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return q + "\"";
  };
  std::string csv =
      "claim,metric,route,baseline,stated,band_low,band_high,simulated_mean,simulated_ci95,n,verdict,"
      "note,text\n";
  for (const ClaimVerdict& v : verdicts)
    csv += fmt::format("{},{},{},{},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{},{},{},{}\n", v.id, v.metric,
                       v.route, v.baseline, v.stated, v.band_low, v.band_high, v.simulated.mean,
                       v.simulated.ci95_half_width, v.simulated.n, v.verdict, quoted(v.note), quoted(v.text));
  return csv;
}

void print_claims_table(std::ostream& out, const std::vector<ClaimVerdict>& verdicts) {
  if (verdicts.empty()) return;
  out << fmt::format("\n{:<26} {:<20} {:>12} {:>23} {:>22}  {}\n", "claim", "metric", "stated",
                     "holds within", "simulated (95% CI)", "verdict");
  for (const ClaimVerdict& v : verdicts)
    out << fmt::format("{:<26} {:<20} {:>12.4g} {:>23} {:>22}  {}\n", v.id, v.metric, v.stated,
                       fmt::format("[{:.4g}, {:.4g}]", v.band_low, v.band_high),
                       fmt::format("{:.4g} ± {:.2g}", v.simulated.mean,
                                   v.simulated.ci95_half_width < 1e-9 ? 0.0 : v.simulated.ci95_half_width),
                       v.verdict);
  for (const ClaimVerdict& v : verdicts)
    if (!v.note.empty()) out << "  " << v.id << ": " << v.note << "\n";
}

} // namespace corridor

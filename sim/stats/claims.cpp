#include "corridor/claims.hpp"

#include "corridor/csv.hpp"

#include "stats/utilization.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <map>
#include <set>

namespace corridor {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The name busiest in most replications ("none" without a vote); ties go to the first by name.
std::string most_voted(const std::map<std::string, int>& votes) {
  if (votes.empty()) return "none";
  return std::max_element(votes.begin(), votes.end(),
                          [](const auto& a, const auto& b) { return a.second < b.second; })
      ->first;
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

// What a route's cargo uses, with how busy it was in one replication: facilities (of their
// available server-hours), links with a capacity (the busier direction, of its open hours),
// and trains and ships (TEU carried over TEU offered by the departures, or tons over payload
// when that is more). Never open: infinite.
std::vector<std::pair<std::string, double>> route_utilizations(const Scenario& s, const RoutedRoute& route,
                                                               std::size_t route_index,
                                                               const ReplicationDigest& r) {
  std::vector<std::pair<std::string, double>> out;
  for (std::size_t f : route_facilities(route))
    out.emplace_back(s.facilities[f].id, stats::facility_utilization(r.facilities[f]).value_or(kInfinity));
  for (const RoutedLeg& leg : route.legs)
    for (const RouteStep& step : leg.steps)
      if (s.links[step.link.link].capacity_vehicles_per_day)
        out.emplace_back("link " + s.links[step.link.link].id,
                         stats::link_utilization(r.links[step.link.link]).value_or(kInfinity));
  for (const LegStats& leg : r.legs) {
    if (leg.route != route_index || leg.departures == 0) continue;
    const Service& service = s.services[route.legs[leg.leg].service];
    if (service.kind == ServiceKind::Truck) continue; // trucks come as needed
    const double departures = static_cast<double>(leg.departures);
    double used = leg.teu / (departures * leg.capacity_teu);
    if (service.payload_tons)
      used = std::max(used, leg.tons / (departures * *service.payload_tons)); // by weight
    out.emplace_back("service " + service.id, used);
  }
  return out;
}

// Whether lower simulated values are better for the claimant (shorter, faster, cheaper, less busy).
VerdictState band_state(const Estimate& e, double low, double high) {
  const double lo = e.mean - e.ci95_half_width, hi = e.mean + e.ci95_half_width;
  if (low <= lo && hi <= high) return VerdictState::Holds;
  if (hi < low) return VerdictState::FailsBetter;
  if (lo > high) return VerdictState::FailsWorse;
  return VerdictState::Inconclusive;
}

std::string money(double usd) {
  if (usd >= 1e9) return fmt::format("${:.2g} B", usd / 1e9);
  if (usd >= 1e6) return fmt::format("${:.0f} M", usd / 1e6);
  return fmt::format("${:.0f}", usd);
}

std::string with_commas(double x) {
  std::string digits = fmt::format("{:.0f}", x), out;
  const std::size_t first = digits[0] == '-' ? 1 : 0;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > first && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// "0.293x (95% CI 0.282x to 0.303x)": the value, then its interval, each with its unit.
std::string interval(const Estimate& e, const char* format) {
  const std::string value = fmt::format(fmt::runtime(format), e.mean);
  if (e.n < 2 || e.ci95_half_width < 1e-12) return value;
  return fmt::format("{} (95% CI {} to {})", value,
                     fmt::format(fmt::runtime(format), e.mean - e.ci95_half_width),
                     fmt::format(fmt::runtime(format), e.mean + e.ci95_half_width));
}

std::string comparison(VerdictState state) {
  switch (state) {
  case VerdictState::Holds:
    return "within the band where the claim holds";
  case VerdictState::FailsBetter:
    return "better than stated";
  case VerdictState::FailsWorse:
    return "worse than stated";
  case VerdictState::Inconclusive:
    return "too close to a bound of the band to decide";
  case VerdictState::NotEvaluated:
    return "not evaluated";
  }
  return "";
}

ClaimVerdict capacity_verdict(const Scenario& s, const RoutedScenario& routed, const Claim& c,
                              std::size_t route, const std::vector<ReplicationDigest>& runs, ClaimVerdict v) {
  const CapacityCheck check = check_capacity(s, routed, route, runs);
  v.tested = "busiest resource of the route, share of its available hours";
  v.unit = "share";
  v.simulated = check.max_utilization;
  v.band_low = 0;
  v.band_high = c.max_utilization;
  const double teu = s.teu_per_year_for_value(c.stated);
  const std::string load = fmt::format("{}/yr = {} TEU/yr on {}", money(c.stated), with_commas(teu), c.route);
  const bool falling_behind = !check.keeps_up();
  if (check.never_open) {
    v.state = VerdictState::FailsWorse;
    v.explanation = fmt::format("{}: {} was closed for the whole measured period, so the route carries "
                                "nothing: worse than stated.",
                                load, check.bottleneck);
  } else {
    v.state = falling_behind ? VerdictState::FailsWorse : band_state(v.simulated, 0, c.max_utilization);
    v.explanation =
        fmt::format("{}: the busiest resource, {}, is used at {:.0f}% of what it can do in its available "
                    "hours (the claim needs at most {:.0f}%); {:.0f}% of the first half-period's cargo is "
                    "delivered by the horizon: {}.",
                    load, check.bottleneck, 100 * check.max_utilization.mean, 100 * c.max_utilization,
                    100 * check.carried_share.mean,
                    falling_behind ? "the route does not keep up, worse than stated" : comparison(v.state));
  }
  v.note = "simulated = utilization of the busiest resource of the route over its available hours; "
           "`corridor capacity` finds the largest value the route sustains";
  return v;
}

struct RatioSide {
  const CohortFigures* figures = nullptr;
  bool usable() const { return figures && figures->delivered > 0; }
};

} // namespace

CapacityCheck check_capacity(const Scenario& s, const RoutedScenario& routed, std::size_t route,
                             const std::vector<ReplicationDigest>& runs) {
  std::vector<double> max_utilization, carried;
  std::map<std::string, int> votes;
  CapacityCheck check;
  for (const ReplicationDigest& r : runs) {
    double best = 0;
    std::string bottleneck;
    for (const auto& [name, u] : route_utilizations(s, routed.routes[route], route, r))
      if (bottleneck.empty() || u > best) best = u, bottleneck = name;
    if (std::isinf(best)) check.never_open = true;
    max_utilization.push_back(best);
    const CohortFigures* f = r.route_figures(route);
    carried.push_back(f ? f->carried_share() : 1);
    if (!bottleneck.empty()) ++votes[bottleneck];
  }
  check.max_utilization = estimate(max_utilization);
  check.carried_share = estimate(carried);
  check.bottleneck = most_voted(votes);
  return check;
}

bool NetworkCheck::keeps_up() const {
  return std::all_of(flows.begin(), flows.end(), [](const FlowCheck& f) { return f.keeps_up(); });
}

Estimate NetworkCheck::utilization(const std::string& resource) const {
  for (const auto& [name, u] : resources)
    if (name == resource) return u;
  return {};
}

std::string NetworkCheck::binding(double limit) const {
  if (never_open || max_utilization.mean > limit) return busiest;
  const FlowCheck* least = nullptr;
  for (const FlowCheck& f : flows)
    if (!f.keeps_up() && (!least || f.carried_share.mean < least->carried_share.mean)) least = &f;
  return least ? "flow " + least->flow : "none";
}

Estimate NetworkCheck::binding_value(double limit) const {
  const std::string what = binding(limit);
  if (what.rfind("flow ", 0) == 0)
    for (const FlowCheck& f : flows)
      if ("flow " + f.flow == what) return f.carried_share;
  return what == busiest ? max_utilization : Estimate{};
}

double NetworkCheck::shortfall(double limit) const {
  double out = 0;
  for (const auto& [name, u] : resources)
    out += std::max(0.0, u.mean - limit);
  for (const FlowCheck& f : flows)
    out += std::max(0.0, SaturationLimits{}.min_carried_share - f.carried_share.mean);
  return out;
}

NetworkCheck check_network(const Scenario& s, const std::vector<ReplicationDigest>& runs) {
  NetworkCheck check;
  std::map<std::string, std::vector<double>> used; // per resource, one value per replication
  std::vector<std::string> order;
  auto add = [&](const std::string& name, double u) {
    if (!used.count(name)) order.push_back(name);
    used[name].push_back(u);
  };
  std::vector<double> max_utilization;
  std::map<std::string, int> votes;
  for (const ReplicationDigest& r : runs) {
    for (std::size_t f = 0; f < s.facilities.size() && f < r.facilities.size(); ++f)
      add(s.facilities[f].id, stats::facility_utilization(r.facilities[f]).value_or(kInfinity));
    for (std::size_t l = 0; l < s.links.size() && l < r.links.size(); ++l)
      if (s.links[l].capacity_vehicles_per_day)
        add("link " + s.links[l].id, stats::link_utilization(r.links[l]).value_or(kInfinity));
    double best = 0;
    std::string busiest;
    for (const std::string& name : order)
      if (busiest.empty() || used[name].back() > best) best = used[name].back(), busiest = name;
    if (std::isinf(best)) check.never_open = true;
    max_utilization.push_back(best);
    if (!busiest.empty()) ++votes[busiest];
  }
  for (const std::string& name : order)
    check.resources.emplace_back(name, estimate(used[name]));
  check.max_utilization = estimate(max_utilization);
  check.busiest = most_voted(votes);
  // Each flow: its cargo carried over its routes together, and the TEU each route took.
  for (std::size_t f = 0; f < s.flows.size(); ++f) {
    FlowCheck fc;
    fc.flow = s.flows[f].id;
    std::vector<double> carried;
    std::map<std::uint32_t, double> teu_by_route;
    std::map<std::uint32_t, std::pair<double, double>> route_carried; // first half, delivered of it
    double teu = 0;
    for (const ReplicationDigest& r : runs) {
      double first_half = 0, delivered = 0;
      for (const CohortFigures& p : r.pairs) {
        if (p.flow != f) continue;
        first_half += p.first_half_teu;
        delivered += p.first_half_delivered_by_horizon_teu;
        teu_by_route[p.route] += p.teu;
        route_carried[p.route].first += p.first_half_teu;
        route_carried[p.route].second += p.first_half_delivered_by_horizon_teu;
        teu += p.teu;
      }
      carried.push_back(first_half > 0 ? delivered / first_half : 1);
    }
    fc.carried_share = estimate(carried);
    for (const auto& [route, c] : route_carried)
      if (c.first > 0 && route < s.routes.size() && c.second / c.first < fc.worst_route_carried) {
        fc.worst_route = s.routes[route].id;
        fc.worst_route_carried = c.second / c.first;
      }
    for (const auto& [route, t] : teu_by_route)
      if (route < s.routes.size()) fc.route_split.emplace_back(s.routes[route].id, teu > 0 ? t / teu : 0);
    check.flows.push_back(std::move(fc));
  }
  return check;
}

Scenario capacity_scenario(const Scenario& scenario, const Claim& claim) {
  Scenario s = scenario;
  s.claims.clear();
  s.info.drain_days = 0;       // the check ends at the horizon: utilization and cargo carried by then
  s.info.series_step_days = 0; // nobody reads these runs' step series
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

namespace {

// Transit time and cost ratios: one value per replication in which both routes delivered.
void ratio_verdict(const Claim& c, std::size_t route, std::size_t baseline,
                   const std::vector<ReplicationDigest>& digests, const SaturationLimits& limits,
                   ClaimVerdict& v) {
  const bool time = c.metric == ClaimMetric::TransitTimeRatio;
  v.tested = time ? "mean door-to-door transit, route / baseline" : "mean cost per TEU, route / baseline";
  v.unit = "ratio";
  v.stated_unit = "ratio";
  std::vector<Bounded> values;
  double worst_censored = 0;
  std::string worst_route;
  bool baseline_bounded = false;
  for (const ReplicationDigest& r : digests) {
    const RatioSide a{r.route_figures(route)}, b{r.route_figures(baseline)};
    if (!a.usable() || !b.usable()) continue;
    for (const CohortFigures* f : {a.figures, b.figures})
      if (f->censored_share() > worst_censored) {
        worst_censored = f->censored_share();
        worst_route = f == a.figures ? c.route : c.baseline;
      }
    if (time) {
      values.push_back({a.figures->mean_h.value / b.figures->mean_h.value, a.figures->mean_h.lower_bound});
      baseline_bounded = baseline_bounded || b.figures->mean_h.lower_bound;
    } else {
      values.push_back({(a.figures->cost_usd / a.figures->delivered_teu) /
                            (b.figures->cost_usd / b.figures->delivered_teu),
                        false});
    }
  }
  v.simulated = estimate_bounded(values);
  if (values.empty()) {
    v.state = VerdictState::NotEvaluated;
    bool route_had = false;
    for (const ReplicationDigest& r : digests)
      route_had = route_had || RatioSide{r.route_figures(route)}.usable();
    v.explanation = fmt::format("No shipment was delivered on {} in any replication: nothing to compare.",
                                route_had ? c.baseline : c.route);
    return;
  }
  v.state = band_state(v.simulated, v.band_low, v.band_high);
  // Undelivered cargo: its time is unknown (the mean is a lower bound) and its cost not counted.
  if (worst_censored > limits.max_censored_share) {
    const bool still_worse = time && v.state == VerdictState::FailsWorse && !baseline_bounded;
    if (!still_worse) {
      v.state = VerdictState::NotEvaluated;
      v.explanation =
          fmt::format("Too censored to judge: {:.0f}% of {}'s cargo was still in transit when the "
                      "run ended (limit {:.0f}%).",
                      100 * worst_censored, worst_route, 100 * limits.max_censored_share);
      return;
    }
  }
  v.explanation = fmt::format("{} on {} is {} that of {}: {} (the claim holds within {:.3g}x to {:.3g}x).",
                              time ? "Mean door-to-door transit" : "Mean cost per TEU", c.route,
                              (v.simulated.lower_bound ? "at least " : "") + interval(v.simulated, "{:.3g}x"),
                              c.baseline, comparison(v.state), v.band_low, v.band_high);
}

} // namespace

std::vector<ClaimVerdict>
evaluate_claims(const Scenario& s, const RoutedScenario& routed,
                const std::vector<ReplicationDigest>& digests,
                const std::map<std::string, std::vector<ReplicationDigest>>& capacity_runs,
                const SaturationLimits& limits) {
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
    const std::size_t n = std::max<std::size_t>(1, digests.size());
    switch (c.metric) {
    case ClaimMetric::RouteDistanceKm: {
      const double km = routed.routes[route].distance_km;
      v.stated_unit = v.unit = "km";
      v.tested = "distance of the route as modelled";
      v.simulated = estimate(std::vector<double>(n, km));
      v.state = band_state(v.simulated, v.band_low, v.band_high);
      v.explanation = fmt::format("{} is {} km as modelled, {:+.0f}% against the stated {} km: {} (the claim "
                                  "holds within {} to {} km).",
                                  c.route, with_commas(km), 100 * (km / c.stated - 1), with_commas(c.stated),
                                  comparison(v.state), with_commas(v.band_low), with_commas(v.band_high));
      break;
    }
    case ClaimMetric::DistanceRatio: {
      const double a = routed.routes[route].distance_km, b = routed.routes[baseline].distance_km;
      v.stated_unit = v.unit = "ratio";
      v.tested = "route distance / baseline distance";
      v.simulated = estimate(std::vector<double>(n, a / b));
      v.state = band_state(v.simulated, v.band_low, v.band_high);
      v.explanation = fmt::format("{} is {} km and {} is {} km, a ratio of {:.3g}: {} (the claim holds "
                                  "within {:.3g} to {:.3g}).",
                                  c.route, with_commas(a), c.baseline, with_commas(b), a / b,
                                  comparison(v.state), v.band_low, v.band_high);
      break;
    }
    case ClaimMetric::TransitTimeRatio:
    case ClaimMetric::CostRatio:
      ratio_verdict(c, route, baseline, digests, limits, v);
      break;
    case ClaimMetric::TradeCapacity: {
      v.stated_unit = "USD/yr";
      auto runs = capacity_runs.find(c.id);
      if (runs == capacity_runs.end() || runs->second.empty()) {
        v.state = VerdictState::NotEvaluated;
        v.tested = "busiest resource of the route, share of its available hours";
        v.unit = "share";
        v.band_low = 0;
        v.band_high = c.max_utilization;
        v.explanation = "The route was not simulated at the claimed trade value.";
        break;
      }
      v = capacity_verdict(s, routed, c, route, runs->second, v);
      break;
    }
    }
    out.push_back(v);
  }
  return out;
}

void set_claim_probabilities(std::vector<ClaimVerdict>& verdicts, const Scenario& s,
                             const RoutedScenario& routed, const std::vector<ReplicationDigest>& digests,
                             const std::map<std::string, std::vector<ReplicationDigest>>& capacity_runs,
                             const std::vector<std::vector<double>>& route_distance_km) {
  for (ClaimVerdict& v : verdicts) {
    const auto claim =
        std::find_if(s.claims.begin(), s.claims.end(), [&](const Claim& c) { return c.id == v.id; });
    if (claim == s.claims.end()) continue;
    const Claim& c = *claim;
    const std::size_t route = *routed.network.route(c.route);
    const std::size_t baseline = c.baseline.empty() ? route : *routed.network.route(c.baseline);
    auto km = [&](std::size_t r, std::size_t which) {
      return r < route_distance_km.size() ? route_distance_km[r][which] : routed.routes[which].distance_km;
    };
    auto in_band = [&](double x) { return v.band_low <= x && x <= v.band_high; };
    int held = 0, judged = 0;
    auto judge = [&](bool holds) {
      ++judged;
      held += holds ? 1 : 0;
    };
    switch (c.metric) {
    case ClaimMetric::RouteDistanceKm:
      for (std::size_t r = 0; r < digests.size(); ++r)
        judge(in_band(km(r, route)));
      break;
    case ClaimMetric::DistanceRatio:
      for (std::size_t r = 0; r < digests.size(); ++r)
        judge(in_band(km(r, route) / km(r, baseline)));
      break;
    case ClaimMetric::TransitTimeRatio:
    case ClaimMetric::CostRatio:
      for (const ReplicationDigest& r : digests) {
        const RatioSide a{r.route_figures(route)}, b{r.route_figures(baseline)};
        if (!a.usable() || !b.usable()) continue;
        judge(in_band(c.metric == ClaimMetric::TransitTimeRatio
                          ? a.figures->mean_h.value / b.figures->mean_h.value
                          : (a.figures->cost_usd / a.figures->delivered_teu) /
                                (b.figures->cost_usd / b.figures->delivered_teu)));
      }
      break;
    case ClaimMetric::TradeCapacity: {
      const auto runs = capacity_runs.find(c.id);
      if (runs == capacity_runs.end()) break;
      for (const ReplicationDigest& r : runs->second) {
        double busiest = 0;
        for (const auto& [name, u] : route_utilizations(s, routed.routes[route], route, r))
          busiest = std::max(busiest, u);
        const CohortFigures* f = r.route_figures(route);
        const bool keeps_up = (f ? f->carried_share() : 1) >= SaturationLimits{}.min_carried_share;
        judge(!std::isinf(busiest) && busiest <= c.max_utilization && keeps_up);
      }
      break;
    }
    }
    v.probability_n = judged;
    if (judged > 0) v.probability_holds = static_cast<double>(held) / judged;
  }
}

namespace {

std::string probability_text(const ClaimVerdict& v) {
  return v.probability_holds ? fmt::format("{:.0f}%", 100 * *v.probability_holds) : "-";
}

std::string simulated_text(const ClaimVerdict& v) {
  if (v.state == VerdictState::NotEvaluated && v.simulated.n == 0) return "-";
  if (std::isinf(v.simulated.mean)) return "never open";
  const std::string value = v.unit == "km"      ? fmt::format("{:.0f} km", v.simulated.mean)
                            : v.unit == "share" ? fmt::format("{:.0f}%", 100 * v.simulated.mean)
                                                : fmt::format("{:.3g}", v.simulated.mean);
  const double half = v.simulated.ci95_half_width;
  const std::string ci = half < 1e-9         ? ""
                         : v.unit == "share" ? fmt::format(" ± {:.1f}%", 100 * half)
                                             : fmt::format(" ± {:.2g}", half);
  return (v.simulated.lower_bound ? "> " : "") + value + ci;
}

std::string band_text(const ClaimVerdict& v) {
  if (v.unit == "share") return fmt::format("<= {:.0f}%", 100 * v.band_high);
  if (v.unit == "km") return fmt::format("{:.0f}-{:.0f} km", v.band_low, v.band_high);
  return fmt::format("{:.3g}-{:.3g}", v.band_low, v.band_high);
}

std::string stated_text(const ClaimVerdict& v) {
  if (v.stated_unit == "USD/yr") return money(v.stated) + "/yr";
  if (v.stated_unit == "km") return with_commas(v.stated) + " km";
  return fmt::format("{:.3g}", v.stated);
}

} // namespace

std::string claims_csv_text(const std::vector<ClaimVerdict>& verdicts, bool with_probability) {
  std::vector<std::string> header = {"claim",
                                     "metric",
                                     "route",
                                     "baseline",
                                     "stated",
                                     "stated_unit",
                                     "tested",
                                     "unit",
                                     "band_low",
                                     "band_high",
                                     "simulated_mean",
                                     "simulated_ci95",
                                     "simulated_is_lower_bound",
                                     "n",
                                     "verdict",
                                     "explanation",
                                     "note",
                                     "text"};
  if (with_probability) header.push_back("probability_holds");
  std::string csv = csv_row(header);
  auto number = [](double x) { return std::isfinite(x) ? fmt::format("{:.6g}", x) : std::string("inf"); };
  for (const ClaimVerdict& v : verdicts) {
    std::vector<std::string> row = {
        v.id,
        v.metric,
        v.route,
        v.baseline,
        number(v.stated),
        v.stated_unit,
        v.tested,
        v.unit,
        number(v.band_low),
        number(v.band_high),
        number(v.simulated.mean),
        number(std::isfinite(v.simulated.ci95_half_width) ? v.simulated.ci95_half_width : 0),
        v.simulated.lower_bound ? "true" : "false",
        std::to_string(v.simulated.n),
        to_string(v.state),
        v.explanation,
        v.note,
        v.text};
    if (with_probability) row.push_back(v.probability_holds ? number(*v.probability_holds) : "");
    csv += csv_row(row);
  }
  return csv;
}

void print_claims_table(std::ostream& out, const std::vector<ClaimVerdict>& verdicts, bool with_probability) {
  if (verdicts.empty()) return;
  out << fmt::format("\n{:<26} {:<20} {:>12} {:>16} {:>20}  {}{}\n", "claim", "metric", "stated",
                     "holds within", "simulated (95% CI)", with_probability ? "P(holds)  " : "", "verdict");
  for (const ClaimVerdict& v : verdicts)
    out << fmt::format("{:<26} {:<20} {:>12} {:>16} {:>20}  {}{}\n", v.id, v.metric, stated_text(v),
                       band_text(v), simulated_text(v),
                       with_probability ? fmt::format("{:>8}  ", probability_text(v)) : "",
                       to_string(v.state));
  for (const ClaimVerdict& v : verdicts) {
    out << "  " << v.id << ": " << v.explanation;
    if (with_probability && v.probability_holds)
      out << fmt::format(" It holds in {} of plausible inputs ({} of {} replications, each its own draw of "
                         "the uncertain inputs).",
                         probability_text(v),
                         static_cast<int>(std::lround(*v.probability_holds * v.probability_n)),
                         v.probability_n);
    else if (with_probability)
      out << " Its probability of holding is not known: no replication could judge it.";
    out << "\n";
  }
}

} // namespace corridor

#include "corridor/summary.hpp"

#include "corridor/generalized_cost.hpp"

#include "stats/route_indicators.hpp"
#include "stats/utilization.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <openssl/evp.h>
#include <stdexcept>

namespace corridor {

Estimate estimate(const std::vector<double>& values) {
  Estimate e;
  e.n = static_cast<int>(values.size());
  if (values.empty()) return e;
  double sum = 0;
  for (double v : values)
    sum += v;
  e.mean = sum / e.n;
  if (e.n < 2) return e;
  double squares = 0;
  for (double v : values)
    squares += (v - e.mean) * (v - e.mean);
  const double sd = std::sqrt(squares / (e.n - 1));
  const boost::math::students_t t(e.n - 1);
  e.ci95_half_width = boost::math::quantile(boost::math::complement(t, 0.025)) * sd / std::sqrt(e.n);
  return e;
}

Estimate estimate_bounded(const std::vector<Bounded>& values) {
  std::vector<double> plain;
  bool lower_bound = false;
  for (const Bounded& b : values) {
    plain.push_back(b.value);
    lower_bound = lower_bound || b.lower_bound;
  }
  Estimate e = estimate(plain);
  e.lower_bound = lower_bound;
  return e;
}

std::string to_string(VerdictState state) {
  switch (state) {
  case VerdictState::Holds:
    return "holds";
  case VerdictState::FailsBetter:
    return "fails: better than stated";
  case VerdictState::FailsWorse:
    return "fails: worse than stated";
  case VerdictState::Inconclusive:
    return "inconclusive";
  case VerdictState::NotEvaluated:
    return "not evaluated";
  }
  return "not evaluated";
}

namespace {

constexpr double kHoursPerYear = 365 * 24;

Bounded days(Bounded hours) {
  return {hours.value / 24, hours.lower_bound};
}

RouteSummary route_summary(const Scenario& s, const RoutedScenario& routed, std::uint32_t flow,
                           std::uint32_t route, const std::vector<const CohortFigures*>& per_rep,
                           double years, const SaturationLimits& limits) {
  RouteSummary rs;
  rs.flow = flow == kAllFlows ? "*" : s.flows[flow].id;
  rs.route = s.routes[route].id;
  rs.distance_km = routed.routes[route].distance_km;
  std::vector<double> shipments, delivered, censored, censored_share, teu_year, moving, waiting, handling,
      per_teu, per_teu_km, carried, tons_year, per_ton, generalized;
  bool weighed = false;
  std::vector<Bounded> mean, p50, p90, p95, on_time;
  for (const CohortFigures* f : per_rep) {
    if (!f) { // no shipment of this pair in this replication
      shipments.push_back(0);
      delivered.push_back(0);
      censored.push_back(0);
      teu_year.push_back(0);
      tons_year.push_back(0);
      continue;
    }
    shipments.push_back(static_cast<double>(f->shipments));
    delivered.push_back(static_cast<double>(f->delivered));
    censored.push_back(static_cast<double>(f->censored));
    censored_share.push_back(f->censored_share());
    teu_year.push_back(f->delivered_teu / years);
    tons_year.push_back(f->delivered_tons / years);
    weighed |= f->tons > 0;
    if (f->first_half_teu > 0) carried.push_back(f->carried_share());
    mean.push_back(days(f->mean_h));
    p50.push_back(days(f->p50_h));
    p90.push_back(days(f->p90_h));
    p95.push_back(days(f->p95_h));
    if (f->promise_h > 0) {
      rs.promise_days = f->promise_h / 24;
      on_time.push_back(f->on_time_share);
    }
    if (f->delivered == 0) continue; // no times or costs from a replication that delivered nothing
    const double n = static_cast<double>(f->delivered);
    moving.push_back(f->moving_h / 24 / n);
    waiting.push_back(f->waiting_h / 24 / n);
    handling.push_back(f->handling_h / 24 / n);
    if (f->delivered_teu > 0) { // bulk has no TEU
      per_teu.push_back(f->cost_usd / f->delivered_teu);
      per_teu_km.push_back(f->delivered_teu_km > 0 ? f->cost_usd / f->delivered_teu_km : 0);
    }
    if (f->delivered_tons > 0) per_ton.push_back(f->cost_usd / f->delivered_tons);
    if (flow != kAllFlows && f->delivered_time_value_teu > 0) {
      // TEU-weighted mean hours, so that this is the sum of the shipments' generalized costs
      // over their TEU, plus the route's reliability term.
      const double mean_h = f->delivered_time_value_teu_h / f->delivered_time_value_teu;
      generalized.push_back(generalized_cost_usd_per_teu(s.flows[flow],
                                                         f->cost_usd / f->delivered_time_value_teu, mean_h,
                                                         mean_h + f->p90_h.value - f->mean_h.value));
    }
  }
  rs.shipments = estimate(shipments);
  rs.delivered = estimate(delivered);
  rs.censored = estimate(censored);
  rs.censored_share = estimate(censored_share);
  rs.delivered_teu_per_year = estimate(teu_year);
  rs.transit_days_mean = estimate_bounded(mean);
  rs.transit_days_p50 = estimate_bounded(p50);
  rs.transit_days_p90 = estimate_bounded(p90);
  rs.transit_days_p95 = estimate_bounded(p95);
  rs.moving_days = estimate(moving);
  rs.waiting_days = estimate(waiting);
  rs.handling_days = estimate(handling);
  rs.cost_usd_per_teu = estimate(per_teu);
  rs.cost_usd_per_teu_km = estimate(per_teu_km);
  if (weighed) {
    rs.delivered_tons_per_year = estimate(tons_year);
    rs.cost_usd_per_ton = estimate(per_ton);
  }
  if (!on_time.empty()) rs.on_time_share = estimate_bounded(on_time);
  if (flow != kAllFlows) {
    const Flow& fl = s.flows[flow];
    if (fl.value_of_time_usd_per_teu_h > 0 || fl.reliability_usd_per_teu_h > 0 ||
        fl.choice == RouteChoice::Logit)
      rs.generalized_cost_usd_per_teu = estimate(generalized);
  }
  rs.carried_share = carried.empty() ? Estimate{1, 0, 0, false} : estimate(carried);
  rs.keeps_up = rs.censored_share.mean <= limits.max_censored_share &&
                rs.carried_share.mean >= limits.min_carried_share;
  return rs;
}

std::string percent(double share) {
  return fmt::format("{:.0f}%", 100 * share);
}

} // namespace

Summary summarize(const Scenario& scenario, const RoutedScenario& routed,
                  const std::vector<ReplicationDigest>& digests, const SaturationLimits& limits) {
  Summary summary;
  summary.scenario_name = scenario.info.name;
  summary.replications = static_cast<int>(digests.size());
  const double measured_h = scenario.horizon_h() - scenario.warmup_h();
  summary.measured_days = measured_h / 24;
  summary.drain_days_limit = scenario.info.drain_days;
  const double years = measured_h / kHoursPerYear;

  // Per (flow, route): one set of figures per replication (null where it had none).
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<const CohortFigures*>> pairs;
  for (std::size_t r = 0; r < digests.size(); ++r)
    for (const CohortFigures& f : digests[r].pairs) {
      auto& per_rep = pairs[{f.flow, f.route}];
      per_rep.resize(digests.size());
      per_rep[r] = &f;
    }
  for (const auto& [key, per_rep] : pairs) {
    summary.routes.push_back(route_summary(scenario, routed, key.first, key.second, per_rep, years, limits));
    stats::add_route_indicators(summary.routes.back(), scenario, routed, key.first, key.second, digests);
    const RouteSummary& rs = summary.routes.back();
    if (!rs.keeps_up)
      summary.warnings.push_back(fmt::format(
          "route {} / {} does not keep up: {} of its cargo still in transit at the end ({:.0f} of {:.0f} "
          "shipments), {} of the first half-period's cargo delivered by the horizon",
          rs.flow, rs.route, percent(rs.censored_share.mean), rs.censored.mean, rs.shipments.mean,
          percent(rs.carried_share.mean)));
  }

  for (std::size_t f = 0; f < scenario.facilities.size(); ++f) {
    const Facility& spec = scenario.facilities[f];
    FacilitySummary fs;
    fs.id = spec.id;
    const double all_hours = spec.servers * measured_h;
    std::vector<double> utilization, all, open, queue, max_queue, wait, per_day, background;
    for (const auto& d : digests) {
      const FacilityStats& st = d.facilities[f];
      if (auto u = stats::facility_utilization(st)) utilization.push_back(*u);
      all.push_back(st.busy_server_h / all_hours);
      open.push_back(st.available_server_h / all_hours);
      queue.push_back(st.queue_area_h / measured_h);
      max_queue.push_back(static_cast<double>(st.max_queue));
      wait.push_back(st.vehicles ? st.total_wait_h / static_cast<double>(st.vehicles) : 0);
      per_day.push_back(static_cast<double>(st.vehicles) / summary.measured_days);
      background.push_back(static_cast<double>(st.background_vehicles) / summary.measured_days);
    }
    if (!utilization.empty()) fs.utilization = estimate(utilization);
    if (spec.background) fs.background_vehicles_per_day = estimate(background);
    fs.utilization_all_hours = estimate(all);
    fs.open_share = estimate(open);
    fs.mean_queue = estimate(queue);
    fs.max_queue = estimate(max_queue);
    fs.mean_wait_h = estimate(wait);
    fs.vehicles_per_day = estimate(per_day);
    fs.never_open = utilization.empty() && !digests.empty();
    fs.saturated = fs.utilization && fs.utilization->mean >= limits.max_utilization;
    if (fs.saturated)
      summary.warnings.push_back(fmt::format(
          "facility {} is saturated: busy {} of its open hours (open {} of "
          "all hours), mean wait {:.1f} h",
          fs.id, percent(fs.utilization->mean), percent(fs.open_share.mean), fs.mean_wait_h.mean));
    if (fs.never_open)
      summary.warnings.push_back(fmt::format("facility {} was closed for the whole measured period", fs.id));
    summary.facilities.push_back(fs);
  }

  for (std::size_t l = 0; l < scenario.links.size(); ++l) {
    const Link& link = scenario.links[l];
    LinkSummary ls;
    ls.id = link.id;
    std::vector<double> per_day, teu, busier, forward, backward;
    for (const auto& d : digests) {
      const LinkStats& st = d.links[l];
      per_day.push_back(static_cast<double>(st.vehicles) / summary.measured_days);
      teu.push_back(st.teu / years);
      if (auto u = stats::link_utilization(st)) {
        busier.push_back(*u);
        forward.push_back(*stats::link_utilization(st, 0));
        backward.push_back(*stats::link_utilization(st, 1));
      }
    }
    ls.vehicles_per_day = estimate(per_day);
    ls.teu_per_year = estimate(teu);
    if (link.capacity_vehicles_per_day && !busier.empty()) {
      ls.utilization = estimate(busier);
      ls.utilization_forward = estimate(forward);
      if (link.two_way) ls.utilization_backward = estimate(backward);
      ls.saturated = ls.utilization->mean >= limits.max_utilization;
      if (ls.saturated)
        summary.warnings.push_back(
            fmt::format("link {} is saturated: {} of its open hours used in its busier "
                        "direction",
                        ls.id, percent(ls.utilization->mean)));
    }
    summary.links.push_back(ls);
  }

  std::size_t leg_index = 0; // digests hold every leg of every route, in route then leg order
  for (std::size_t r = 0; r < routed.routes.size(); ++r)
    for (std::size_t l = 0; l < routed.routes[r].legs.size(); ++l, ++leg_index) {
      const RoutedLeg& leg = routed.routes[r].legs[l];
      const Service& service = scenario.services[leg.service];
      if (service.kind != ServiceKind::Truck ||
          (service.empty_cost_usd_per_vehicle_km == 0 && leg.reverse.empty()))
        continue;
      LegSummary ls;
      ls.route = scenario.routes[r].id;
      ls.leg = l;
      ls.service = service.id;
      ls.from = scenario.nodes[leg.from_node].id;
      ls.to = scenario.nodes[leg.to_node].id;
      std::vector<double> departures, empty, backhauls, share;
      for (const auto& d : digests) {
        if (leg_index >= d.legs.size()) continue;
        const LegStats& st = d.legs[leg_index];
        departures.push_back(static_cast<double>(st.departures));
        empty.push_back(static_cast<double>(st.empty_returns));
        backhauls.push_back(static_cast<double>(st.backhauls));
        if (st.departures)
          share.push_back(static_cast<double>(st.backhauls) / static_cast<double>(st.departures));
      }
      ls.departures = estimate(departures);
      ls.empty_returns = estimate(empty);
      ls.backhauls = estimate(backhauls);
      if (!share.empty()) ls.backhaul_share = estimate(share);
      summary.legs.push_back(ls);
    }

  std::vector<double> created, delivered, in_transit, teu_year, cohort, censored, drain;
  for (const auto& d : digests) {
    created.push_back(static_cast<double>(d.created));
    delivered.push_back(static_cast<double>(d.delivered));
    in_transit.push_back(static_cast<double>(d.in_transit));
    teu_year.push_back(d.delivered_teu_measured / years);
    cohort.push_back(static_cast<double>(d.cohort));
    std::uint64_t c = 0;
    for (const CohortFigures& f : d.pairs)
      c += f.censored;
    censored.push_back(static_cast<double>(c));
    drain.push_back((d.end_h - d.horizon_h) / 24);
  }
  summary.created = estimate(created);
  summary.delivered = estimate(delivered);
  summary.in_transit = estimate(in_transit);
  summary.delivered_teu_per_year = estimate(teu_year);
  summary.cohort = estimate(cohort);
  summary.cohort_censored = estimate(censored);
  summary.drain_days_used = estimate(drain);
  return summary;
}

namespace {

std::string hex_of(const unsigned char* bytes, unsigned int length) {
  static const char* hex = "0123456789abcdef";
  std::string text;
  for (unsigned int i = 0; i < length; ++i) {
    text += hex[bytes[i] >> 4];
    text += hex[bytes[i] & 15];
  }
  return text;
}

// SHA-256 of what `feed` passes to its argument, in hex.
template <class Feed> std::string sha256_of(Feed feed) {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  EVP_DigestInit_ex(context, EVP_sha256(), nullptr);
  feed([context](const char* data, std::size_t size) { EVP_DigestUpdate(context, data, size); });
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context, digest, &length);
  EVP_MD_CTX_free(context);
  return hex_of(digest, length);
}

} // namespace

std::string sha256_of_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read the file to hash it");
  return sha256_of([&in](auto update) {
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0)
      update(buffer, static_cast<std::size_t>(in.gcount()));
  });
}

std::string sha256_of_files(const std::vector<std::string>& paths) {
  if (paths.size() == 1) return sha256_of_file(paths.front());
  std::string digests;
  for (const std::string& path : paths)
    digests += sha256_of_file(path) + "\n";
  return sha256_of([&digests](auto update) { update(digests.data(), digests.size()); });
}

RunMetadata make_run_metadata(const Scenario& scenario, const std::string& scenario_path,
                              const std::vector<std::string>& overrides) {
  RunMetadata m;
  m.scenario_name = scenario.info.name;
  m.scenario_file = scenario_path;
  std::vector<std::string> files{scenario_path};
  files.insert(files.end(), scenario.bases.begin(), scenario.bases.end());
  m.scenario_sha256 = sha256_of_files(files);
  m.corridor_version = CORRIDOR_VERSION;
  m.seed = scenario.info.seed;
  m.replications = scenario.info.replications;
  m.overrides = overrides;
  return m;
}

} // namespace corridor

#include "corridor/cohort.hpp"

#include "corridor/generalized_cost.hpp"

#include <algorithm>

namespace corridor {

const CohortFigures* ReplicationDigest::route_figures(std::size_t route) const {
  for (const CohortFigures& f : routes)
    if (f.route == route) return &f;
  return nullptr;
}

CohortStatistics::CohortStatistics(const Scenario& scenario, double promise_days_override)
    : flows_(scenario.flows) {
  for (const Flow& flow : scenario.flows) {
    const double days = promise_days_override > 0 ? promise_days_override : flow.promise_days.value_or(-1);
    promise_h_.push_back(days > 0 ? days * 24 : -1);
  }
  horizon_h_ = scenario.horizon_h();
  first_half_end_h_ = (scenario.warmup_h() + scenario.horizon_h()) / 2;
}

CohortStatistics::Pair& CohortStatistics::pair(std::uint32_t flow, std::uint32_t route) {
  // Most runs have few pairs and long stretches of one: look the map up only on a change.
  if (last_ && last_->figures.flow == flow && last_->figures.route == route) return *last_;
  auto [it, added] = pairs_.try_emplace({flow, route});
  last_ = &it->second;
  if (added) {
    it->second.figures.flow = flow;
    it->second.figures.route = route;
    it->second.figures.promise_h = flow < promise_h_.size() ? promise_h_[flow] : -1;
  }
  return it->second;
}

void CohortStatistics::add(const ShipmentRecord& s) {
  Pair& p = pair(s.flow, s.route);
  CohortFigures& f = p.figures;
  ++f.shipments;
  f.teu += s.teu;
  f.tons += s.tons;
  const double amount = s.teu > 0 ? s.teu : s.tons; // bulk has tons only
  const bool first_half = s.created_h < first_half_end_h_;
  if (first_half) f.first_half_teu += amount;
  if (!s.delivered()) {
    ++f.censored;
    p.censored_created_h.push_back(s.created_h);
    return;
  }
  if (first_half && s.delivered_h < horizon_h_) f.first_half_delivered_by_horizon_teu += amount;
  ++f.delivered;
  f.delivered_teu += s.teu;
  f.delivered_tons += s.tons;
  f.delivered_teu_km += s.teu * s.distance_km;
  f.cost_usd += s.cost_usd();
  if (s.flow < flows_.size()) {
    const double teu = time_value_teu(flows_[s.flow], s.teu, s.tons);
    f.delivered_time_value_teu += teu;
    f.delivered_time_value_teu_h += teu * s.transit_h();
  }
  f.moving_h += s.moving_h;
  f.waiting_h += s.waiting_h;
  f.handling_h += s.handling_h;
  p.transit_h.push_back(s.transit_h());
}

namespace {

void fill_distribution(CohortFigures& f, std::vector<double> transit_h, std::vector<double> censored_h) {
  const TransitDistribution d(std::move(transit_h), std::move(censored_h));
  f.mean_h = d.mean();
  f.p50_h = d.quantile(0.50);
  f.p90_h = d.quantile(0.90);
  f.p95_h = d.quantile(0.95);
  if (f.promise_h > 0) f.on_time_share = d.share_within(f.promise_h);
}

std::vector<double> follow_up(const std::vector<double>& created_h, double end_h) {
  std::vector<double> out;
  out.reserve(created_h.size());
  for (double c : created_h)
    out.push_back(end_h - c);
  return out;
}

void add_sums(CohortFigures& to, const CohortFigures& from) {
  to.shipments += from.shipments;
  to.delivered += from.delivered;
  to.censored += from.censored;
  to.teu += from.teu;
  to.tons += from.tons;
  to.delivered_tons += from.delivered_tons;
  to.delivered_teu += from.delivered_teu;
  to.delivered_teu_km += from.delivered_teu_km;
  to.cost_usd += from.cost_usd;
  to.delivered_time_value_teu += from.delivered_time_value_teu;
  to.delivered_time_value_teu_h += from.delivered_time_value_teu_h;
  to.moving_h += from.moving_h;
  to.waiting_h += from.waiting_h;
  to.handling_h += from.handling_h;
  to.first_half_teu += from.first_half_teu;
  to.first_half_delivered_by_horizon_teu += from.first_half_delivered_by_horizon_teu;
}

} // namespace

ReplicationDigest CohortStatistics::finish(const ReplicationResult& r) {
  ReplicationDigest d;
  d.seed = r.seed;
  d.warmup_h = r.warmup_h;
  d.horizon_h = r.horizon_h;
  d.end_h = r.end_h;
  d.created = r.created;
  d.delivered = r.delivered;
  d.in_transit = r.in_transit;
  d.cohort = r.cohort;
  d.delivered_teu_measured = r.delivered_teu_measured;
  d.events = r.events;
  d.facilities = r.facilities; // one entry per facility, link and leg: small
  d.links = r.links;
  d.legs = r.legs;
  d.series = r.series;                   // steps x (facilities + routes) doubles
  d.facility_visits = r.facility_visits; // per pair, a few entries per facility and link of its route
  d.link_steps = r.link_steps;

  // Pairs of each route, to sum them into the route's figures.
  std::map<std::uint32_t, std::vector<Pair*>> by_route;
  for (auto& [key, p] : pairs_)
    by_route[key.second].push_back(&p);
  for (auto& [route, members] : by_route) {
    // A route shared by flows has a distribution of its own, made before the pairs' times are
    // handed to theirs; a route of one flow has that flow's figures.
    CohortFigures all;
    if (members.size() > 1) {
      all.route = route;
      all.promise_h = members.front()->figures.promise_h;
      std::vector<double> transit, censored;
      for (Pair* p : members) {
        add_sums(all, p->figures);
        if (p->figures.promise_h != all.promise_h) all.promise_h = -1; // flows promise differently
        transit.insert(transit.end(), p->transit_h.begin(), p->transit_h.end());
        const auto c = follow_up(p->censored_created_h, r.end_h);
        censored.insert(censored.end(), c.begin(), c.end());
      }
      fill_distribution(all, std::move(transit), std::move(censored));
    }
    for (Pair* p : members) {
      fill_distribution(p->figures, std::move(p->transit_h), follow_up(p->censored_created_h, r.end_h));
      p->censored_created_h = {};
      d.pairs.push_back(p->figures);
    }
    if (members.size() == 1) all = members.front()->figures;
    all.flow = kAllFlows;
    d.routes.push_back(all);
  }
  std::sort(d.pairs.begin(), d.pairs.end(), [](const CohortFigures& a, const CohortFigures& b) {
    return a.flow != b.flow ? a.flow < b.flow : a.route < b.route;
  });
  pairs_.clear();
  last_ = nullptr;
  return d;
}

ReplicationDigest digest_of(const Scenario& scenario, const ReplicationResult& result,
                            double promise_days_override) {
  CohortStatistics statistics(scenario, promise_days_override);
  for (const ShipmentRecord& s : result.shipments)
    statistics.add(s);
  return statistics.finish(result);
}

} // namespace corridor

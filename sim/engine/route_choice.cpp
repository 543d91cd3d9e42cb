#include "engine/route_choice.hpp"

#include "corridor/generalized_cost.hpp"
#include "corridor/network.hpp"

#include "engine/state.hpp"

#include <algorithm>
#include <cmath>

namespace corridor::engine {

LogitChooser::LogitChooser(const Simulation& sim, std::uint32_t flow)
    : flow_(sim.scenario.flows[flow]), scale_usd_per_teu_(sim.routed.logit_scale_usd_per_teu[flow]) {
  // Everyone starts from the free-flow figures: no queue, full vehicles, no spread.
  for (const FlowRoute& r : sim.routed.flow_routes[flow]) {
    const RoutedRoute& routed = sim.routed.routes[r.route];
    CandidateRoute c;
    c.route = static_cast<std::uint32_t>(r.route);
    c.expected_h = c.perceived_h = routed.free_flow_h;
    c.expected_usd_per_teu = routed.free_flow_usd_per_teu;
    candidates_.push_back(std::move(c));
  }
  next_update_h_ = flow_.logit.update_h;
  update(0);
}

CandidateRoute* LogitChooser::candidate(std::uint32_t route) {
  for (CandidateRoute& c : candidates_)
    if (c.route == route) return &c;
  return nullptr;
}

void LogitChooser::update(double t) {
  // What has been delivered by now, in the order it was.
  while (!pending_.empty() && pending_.top().at_h <= t) {
    const PendingDelivery d = pending_.top();
    pending_.pop();
    CandidateRoute* c = candidate(d.route);
    ++c->delivered;
    c->transit_h += d.transit_h;
    c->cost_usd += d.cost_usd;
    c->teu += d.teu;
    if (flow_.reliability_usd_per_teu_h > 0) c->transit_times_h.push_back(d.transit_h);
    if (flow_.logit.lag_guard) c->delivered_ids.insert(d.id);
  }
  const double w = flow_.logit.smoothing;
  std::vector<double> gc;
  for (CandidateRoute& c : candidates_) {
    if (c.delivered > 0) {
      const double mean_h = c.transit_h / static_cast<double>(c.delivered);
      c.expected_h += w * (mean_h - c.expected_h);
      if (c.teu > 0) c.expected_usd_per_teu += w * (c.cost_usd / c.teu - c.expected_usd_per_teu);
      if (!c.transit_times_h.empty()) {
        // The nearest-rank 90th percentile of the interval's deliveries.
        auto p90 =
            c.transit_times_h.begin() +
            static_cast<std::ptrdiff_t>(std::ceil(0.9 * static_cast<double>(c.transit_times_h.size())) - 1);
        std::nth_element(c.transit_times_h.begin(), p90, c.transit_times_h.end());
        c.expected_spread_h += w * (std::max(0.0, *p90 - mean_h) - c.expected_spread_h);
      }
    }
    c.perceived_h = c.expected_h;
    // The lag guard: a route whose queue grows delivers nothing for a long time, and what it
    // delivered before says nothing of that. The shipment on it longest has already taken its
    // age: the route is expected to take at least that.
    while (!c.sent.empty() && c.delivered_ids.erase(c.sent.front().first) > 0)
      c.sent.pop_front();
    if (flow_.logit.lag_guard && c.delivered == 0 && !c.sent.empty())
      c.perceived_h = std::max(c.perceived_h, t - c.sent.front().second);
    c.delivered = 0;
    c.transit_h = c.cost_usd = c.teu = 0;
    c.transit_times_h.clear();
    gc.push_back(generalized_cost_usd_per_teu(flow_, c.expected_usd_per_teu, c.perceived_h,
                                              c.perceived_h + c.expected_spread_h));
  }
  const std::vector<double> shares = logit_shares(gc, scale_usd_per_teu_);
  cumulative_.clear();
  double sum = 0;
  for (double share : shares)
    cumulative_.push_back(sum += share);
}

std::uint32_t LogitChooser::choose(double t, RandomStream& rng) {
  if (t >= next_update_h_) {
    update(t);
    // The next multiple of update_h after t: a quiet spell skips the updates it had nothing for.
    next_update_h_ = (std::floor(t / flow_.logit.update_h) + 1) * flow_.logit.update_h;
  }
  if (candidates_.size() == 1) return candidates_.front().route;
  const double u = rng.uniform01() * cumulative_.back();
  for (std::size_t i = 0; i < candidates_.size(); ++i)
    if (u < cumulative_[i]) return candidates_[i].route;
  return candidates_.back().route; // rounding
}

void LogitChooser::sent(const Shipment& shipment) {
  if (!flow_.logit.lag_guard) return;
  if (CandidateRoute* c = candidate(shipment.route)) c->sent.emplace_back(shipment.id, shipment.created_h);
}

void LogitChooser::delivered(const Shipment& s, double t) {
  if (!candidate(s.route)) return;
  pending_.push({t, s.id, s.route, t - s.created_h, s.cost_usd(), time_value_teu(flow_, s.teu, s.tons)});
}

} // namespace corridor::engine

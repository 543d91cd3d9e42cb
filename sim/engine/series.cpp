// Step series: each span (a wait, a service) is split exactly at step boundaries, so that the
// steps of the measured period add up to the whole-period integrals of FacilityStats.
#include "engine/series.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace corridor::engine {

StepSampler::StepSampler(double step_h, double limit_h, std::size_t facilities, std::size_t flows,
                         std::size_t routes)
    : on_(step_h != 0), step_h_(step_h), limit_h_(limit_h), routes_(routes) {
  if (!on_) return;
  if (!(step_h > 0) || !std::isfinite(step_h))
    throw std::invalid_argument("the time series step must be a positive number of hours");
  series_.resize(facilities);
  pending_.resize(facilities);
  pair_of_.assign(flows * routes, -1);
}

// The step holding t: [k step, (k+1) step), with the boundaries computed as everywhere else.
// Most times fall in the step of the time before: that one is tried first.
std::size_t StepSampler::step_of(double t_h) const {
  if (t_h >= last_from_h_ && t_h < last_to_h_) return last_step_;
  return find_step(t_h);
}

std::size_t StepSampler::find_step(double t_h) const {
  if (t_h <= 0) return 0;
  auto k = static_cast<std::size_t>(std::floor(t_h / step_h_));
  if (k > 0 && static_cast<double>(k) * step_h_ > t_h) --k;
  if (static_cast<double>(k + 1) * step_h_ <= t_h) ++k;
  last_step_ = k;
  last_from_h_ = static_cast<double>(k) * step_h_;
  last_to_h_ = static_cast<double>(k + 1) * step_h_;
  return k;
}

std::vector<double>& StepSampler::grown(std::vector<double>& v, std::size_t step) {
  if (v.size() <= step) v.resize(step + 1, 0.0);
  return v;
}

void StepSampler::add_span(std::vector<double>& v, double from_h, double to_h, double weight) {
  from_h = std::max(from_h, 0.0);
  to_h = std::min(to_h, limit_h_); // the calendar may say "never": nothing after the limit counts
  if (!(to_h > from_h)) return;
  std::size_t k = step_of(from_h);
  grown(v, step_of(to_h));
  for (;;) {
    const double boundary_h = static_cast<double>(k + 1) * step_h_;
    if (to_h <= boundary_h || k + 1 >= v.size()) {
      v[k] += (to_h - from_h) * weight;
      return;
    }
    v[k] += (boundary_h - from_h) * weight;
    from_h = boundary_h;
    ++k;
  }
}

void StepSampler::add_count(std::vector<double>& v, double t_h, double n) {
  if (t_h > limit_h_) return;
  const std::size_t k = step_of(t_h);
  grown(v, k)[k] += n;
}

void StepSampler::passed(Facility& f, double t_h) {
  while (!f.waits.empty() && f.waits.front().second <= t_h)
    f.waits.pop_front();
  while (!f.services.empty() && f.services.front().end_h <= t_h)
    f.services.pop_front();
  if (f.services.size() > 2 * f.services_kept + 64) {
    std::erase_if(f.services, [t_h](const Service& s) { return s.end_h <= t_h; });
    f.services_kept = f.services.size();
  }
}

void StepSampler::corridor_visit(std::size_t facility, double arrived_h, double start_h, double end_h) {
  if (!on_) return;
  FacilitySeries& s = series_[facility];
  Facility& f = pending_[facility];
  passed(f, arrived_h);
  add_count(s.arrivals, arrived_h, 1);
  add_span(s.queue_area_h, arrived_h, start_h, 1);
  add_span(s.busy_server_h, start_h, end_h, 1);
  add_count(s.departures, end_h, 1);
  if (start_h > arrived_h) f.waits.emplace_back(arrived_h, start_h);
  f.services.push_back(Service{start_h, end_h, true});
}

void StepSampler::background_visit(std::size_t facility, double arrived_h, double start_h, double end_h) {
  if (!on_) return;
  Facility& f = pending_[facility];
  passed(f, arrived_h);
  add_span(series_[facility].busy_server_h, start_h, end_h, 1);
  f.services.push_back(Service{start_h, end_h, false});
}

RouteSeries& StepSampler::pair(std::uint32_t flow, std::uint32_t route) {
  int& index = pair_of_[flow * routes_ + route];
  if (index < 0) {
    index = static_cast<int>(pairs_.size());
    pairs_.push_back(RouteSeries{flow, route, {}, {}});
  }
  return pairs_[static_cast<std::size_t>(index)];
}

void StepSampler::created(std::uint32_t flow, std::uint32_t route, double t_h) {
  if (!on_) return;
  add_count(pair(flow, route).created, t_h, 1);
}

void StepSampler::delivered(std::uint32_t flow, std::uint32_t route, double t_h) {
  if (!on_) return;
  add_count(pair(flow, route).delivered, t_h, 1);
}

StepSeries StepSampler::finish(double end_h) {
  if (!on_) return StepSeries{0, 0, {}, {}};
  // Take out what lies after the end: the rest of the waits and services under way, and the
  // departures after it. Counts cover [0, end_h], spans [0, end_h).
  for (std::size_t i = 0; i < series_.size(); ++i) {
    FacilitySeries& s = series_[i];
    Facility& f = pending_[i];
    for (const auto& [arrived_h, start_h] : f.waits)
      if (start_h > end_h) add_span(s.queue_area_h, std::max(arrived_h, end_h), start_h, -1);
    for (const Service& v : f.services) {
      if (v.end_h <= end_h) continue;
      add_span(s.busy_server_h, std::max(v.start_h, end_h), v.end_h, -1);
      if (v.corridor) add_count(s.departures, v.end_h, -1);
    }
  }
  StepSeries out;
  out.step_h = step_h_;
  // The steps the run reached: those starting before its end.
  out.steps =
      end_h > 0 ? step_of(end_h) + (static_cast<double>(step_of(end_h)) * step_h_ < end_h ? 1 : 0) : 0;
  const auto steps = static_cast<std::size_t>(out.steps);
  for (FacilitySeries& s : series_)
    for (auto* v : {&s.queue_area_h, &s.busy_server_h, &s.arrivals, &s.departures})
      v->resize(steps, 0.0);
  for (RouteSeries& r : pairs_)
    for (auto* v : {&r.created, &r.delivered})
      v->resize(steps, 0.0);
  std::sort(pairs_.begin(), pairs_.end(), [](const RouteSeries& a, const RouteSeries& b) {
    return a.flow != b.flow ? a.flow < b.flow : a.route < b.route;
  });
  out.facilities = std::move(series_);
  out.routes = std::move(pairs_);
  return out;
}

} // namespace corridor::engine

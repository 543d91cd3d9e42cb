#include "corridor/survival.hpp"

#include <algorithm>
#include <cmath>

namespace corridor {

double quantile_sorted(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (position - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

TransitDistribution::TransitDistribution(std::vector<double> delivered_h, std::vector<double> censored_h)
    : delivered_(std::move(delivered_h)), censored_(std::move(censored_h)) {
  for (double t : delivered_)
    max_observed_ = std::max(max_observed_, t);
  for (double t : censored_)
    max_observed_ = std::max(max_observed_, t);
  // Uncensored, the sample answers every question exactly, without sorting it (a run's
  // million transit times sort in ~80 ms; selecting order statistics takes a few).
  if (censored_.empty()) return;
  std::sort(delivered_.begin(), delivered_.end());
  std::sort(censored_.begin(), censored_.end());

  // Kaplan–Meier: at each delivery time t, S *= 1 - deliveries(t) / at_risk(t). A shipment
  // censored at t is still at risk at t (deliveries at a tie come first, by convention).
  double at_risk = static_cast<double>(delivered_.size() + censored_.size());
  double survival = 1;
  std::size_t d = 0, c = 0;
  while (d < delivered_.size()) {
    const double t = delivered_[d];
    while (c < censored_.size() && censored_[c] < t) {
      ++c;
      --at_risk;
    }
    double events = 0;
    while (d < delivered_.size() && delivered_[d] == t) {
      ++d;
      ++events;
    }
    survival *= 1 - events / at_risk;
    at_risk -= events;
    steps_.push_back({t, survival});
  }
}

double TransitDistribution::survival_at(double t_h) const {
  // The last step at or before t_h.
  auto it =
      std::upper_bound(steps_.begin(), steps_.end(), t_h, [](double t, const Step& s) { return t < s.t_h; });
  return it == steps_.begin() ? 1.0 : std::prev(it)->survival;
}

Bounded TransitDistribution::mean() const {
  if (!censored()) {
    if (delivered_.empty()) return {};
    double total = 0;
    for (double t : delivered_)
      total += t;
    return {total / static_cast<double>(delivered_.size()), false};
  }
  double area = 0, previous_t = 0, survival = 1;
  for (const Step& s : steps_) {
    area += (s.t_h - previous_t) * survival;
    previous_t = s.t_h;
    survival = s.survival;
  }
  area += (max_observed_ - previous_t) * survival; // to the longest follow-up
  return {area, survival > 0};
}

// Type 7 by selection: the order statistics around q * (n - 1), without sorting everything.
double TransitDistribution::select_quantile(double q) const {
  if (delivered_.empty()) return 0;
  const double position = q * static_cast<double>(delivered_.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  auto& values = scratch_;
  if (values.size() != delivered_.size()) values = delivered_;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(below), values.end());
  const double low = values[below];
  if (below + 1 >= values.size()) return low;
  const double high =
      *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(below) + 1, values.end());
  return low + (position - static_cast<double>(below)) * (high - low);
}

Bounded TransitDistribution::quantile(double q) const {
  if (!censored()) return {select_quantile(q), false};
  constexpr double kRounding = 1e-12; // 1 - S is a product of fractions
  for (const Step& s : steps_)
    if (1 - s.survival >= q - kRounding) return {s.t_h, false};
  return {max_observed_, true};
}

Bounded TransitDistribution::share_within(double t_h) const {
  if (!censored()) {
    if (delivered_.empty()) return {};
    const auto within =
        std::count_if(delivered_.begin(), delivered_.end(), [&](double t) { return t <= t_h; });
    return {static_cast<double>(within) / static_cast<double>(delivered_.size()), false};
  }
  // Past the longest follow-up the curve is unknown: at least what was delivered by then.
  const bool beyond = t_h > max_observed_ && tail_survival() > 0;
  return {1 - survival_at(t_h), beyond};
}

} // namespace corridor

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
}

// Type 7 by selection: the order statistics around q * (n - 1), without sorting everything.
double TransitDistribution::select_quantile(double q) const {
  if (delivered_.empty()) return 0;
  const double position = q * static_cast<double>(delivered_.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  auto& values = delivered_; // partly reordered: the mean and shares do not depend on order
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(below), values.end());
  const double low = values[below];
  if (below + 1 >= values.size()) return low;
  const double high =
      *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(below) + 1, values.end());
  return low + (position - static_cast<double>(below)) * (high - low);
}

Bounded TransitDistribution::mean() const {
  double total = 0; // summed in the order given, before any quantile reorders them
  for (double t : delivered_)
    total += t;
  if (!censored()) return {delivered_.empty() ? 0 : total / static_cast<double>(delivered_.size()), false};
  for (double t : censored_)
    total += t; // at least this long: the time it has been on its way
  return {total / static_cast<double>(delivered_.size() + censored_.size()), true};
}

Bounded TransitDistribution::quantile(double q) const {
  if (!censored()) return {select_quantile(q), false};
  const std::size_t n = delivered_.size() + censored_.size();
  // Rank of the q-quantile (inverse of the empirical distribution), 1-based.
  const auto rank =
      std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(q * static_cast<double>(n) - 1e-9)));
  // Every censored shipment takes longer than its follow-up: below the shortest follow-up the
  // distribution is known exactly.
  if (rank <= delivered_.size() && delivered_[rank - 1] <= censored_.front())
    return {delivered_[rank - 1], false};
  // Otherwise the same rank among transit and follow-up times: no true quantile is lower.
  std::vector<double> observed;
  observed.reserve(n);
  std::merge(delivered_.begin(), delivered_.end(), censored_.begin(), censored_.end(),
             std::back_inserter(observed));
  return {observed[std::min(rank, n) - 1], true};
}

Bounded TransitDistribution::share_within(double t_h) const {
  const auto within = std::count_if(delivered_.begin(), delivered_.end(), [&](double t) { return t <= t_h; });
  const std::size_t n = delivered_.size() + censored_.size();
  if (n == 0) return {};
  // A shipment censored before t_h may still arrive in time: then the share is only a floor.
  const bool unknown = censored() && censored_.front() < t_h;
  return {static_cast<double>(within) / static_cast<double>(n), unknown};
}

} // namespace corridor

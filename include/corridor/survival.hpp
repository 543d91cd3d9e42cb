#pragma once
/**
 * @file Transit times with right-censoring.
 *
 * A shipment still in transit when the run ends has been on its way at least as long as its
 * follow-up time; leaving it out makes a congested route look fast. Every figure here uses the
 * whole cohort: delivered shipments with their transit times, the others with their follow-up.
 *
 * Kaplan–Meier would extrapolate the censored shipments from those delivered later, which
 * assumes censoring independent of transit time. In a simulation that ends, the cargo still on
 * its way is there because of when it was sent (behind a closure, in a growing queue), so the
 * assumption fails exactly when it matters. These figures use Kaplan–Meier only where it needs
 * no assumption: a quantile or share is exact when every censored shipment's follow-up already
 * exceeds it (it is then the Kaplan–Meier value); otherwise it is reported as a lower bound
 * that holds whatever the undelivered cargo does.
 */
#include <vector>

namespace corridor {

/** @brief A figure that may be only a lower bound: the true value is at least `value`. */
struct Bounded {
  double value = 0;
  bool lower_bound = false;
};

/** @brief Quantile q in [0, 1] of sorted values, linear between order statistics (type 7). */
double quantile_sorted(const std::vector<double>& sorted, double q);

class TransitDistribution {
public:
  /**
   * @param delivered_h transit times of delivered shipments (any order)
   * @param censored_h follow-up times of shipments not delivered (any order)
   */
  TransitDistribution(std::vector<double> delivered_h, std::vector<double> censored_h);

  bool empty() const { return delivered_.empty() && censored_.empty(); }
  bool censored() const { return !censored_.empty(); }
  /** @brief The longest time observed, delivered or not. */
  double max_observed_h() const { return max_observed_; }

  /**
   * @brief The mean transit time. Uncensored: the sample mean. Censored: the mean of transit
   * and follow-up times, a lower bound.
   */
  Bounded mean() const;
  /**
   * @brief The q-quantile. Uncensored: type 7, as quantile_sorted. Censored: exact (the
   * Kaplan–Meier quantile, censored shipments counted as later) when it lies below every
   * follow-up time; otherwise the q-quantile of transit and follow-up times, a lower bound.
   */
  Bounded quantile(double q) const;
  /** @brief Share delivered within t_h: exact unless a shipment was censored before t_h. */
  Bounded share_within(double t_h) const;

private:
  mutable std::vector<double> delivered_; // sorted when censored, else reordered by select_quantile
  std::vector<double> censored_;
  double max_observed_ = 0;
  double select_quantile(double q) const;
};

} // namespace corridor

#pragma once
/**
 * @file Transit times with right-censoring: the Kaplan–Meier estimator.
 *
 * A shipment still in transit when the run ends has been on its way at least as long as its
 * follow-up time; leaving it out makes a congested route look fast. Kaplan–Meier uses every
 * shipment: delivered ones as events, undelivered ones as censored at their follow-up time.
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
   * @param delivered_h transit times of delivered shipments (any order; sorted here)
   * @param censored_h follow-up times of shipments not delivered (any order)
   */
  TransitDistribution(std::vector<double> delivered_h, std::vector<double> censored_h);

  bool empty() const { return delivered_.empty() && censored_.empty(); }
  bool censored() const { return !censored_.empty(); }
  /** @brief The longest time observed, delivered or not. */
  double max_observed_h() const { return max_observed_; }

  /**
   * @brief The mean transit time. Uncensored: the sample mean. Censored: the area under the
   * Kaplan–Meier curve up to the longest time observed, a lower bound when shipments were
   * still on their way past every delivery.
   */
  Bounded mean() const;
  /**
   * @brief The q-quantile. Uncensored: type 7, as quantile_sorted. Censored: the smallest
   * time at which the Kaplan–Meier distribution reaches q; when it never does (too many
   * shipments still on their way), the longest time observed, as a lower bound.
   */
  Bounded quantile(double q) const;
  /** @brief Share delivered within t_h (Kaplan–Meier); a lower bound past the last observation. */
  Bounded share_within(double t_h) const;

private:
  struct Step {
    double t_h, survival; // S just after t_h
  };
  std::vector<double> delivered_, censored_;
  std::vector<Step> steps_;
  double max_observed_ = 0;
  mutable std::vector<double> scratch_; // delivered_, partly ordered by select_quantile
  double select_quantile(double q) const;
  double survival_at(double t_h) const;
  double tail_survival() const { return steps_.empty() ? 1.0 : steps_.back().survival; }
};

} // namespace corridor

#include "corridor/generalized_cost.hpp"

#include <algorithm>

namespace corridor {

double time_value_teu(const Flow& flow, double teu, double tons) {
  if (!flow.bulk) return teu;
  const double tons_per_teu = flow.tons_per_teu.value_or(0);
  return tons_per_teu > 0 ? tons / tons_per_teu : 0;
}

double time_value_usd(const Flow& flow, double teu, double tons, double transit_h) {
  return flow.value_of_time_usd_per_teu_h * transit_h * time_value_teu(flow, teu, tons);
}

double generalized_cost_usd(const Flow& flow, double cost_usd, double teu, double tons, double transit_h) {
  return cost_usd + time_value_usd(flow, teu, tons, transit_h);
}

double generalized_cost_usd_per_teu(const Flow& flow, double money_usd_per_teu, double mean_h, double p90_h) {
  // A p90 below the mean (a sample's rounding, or no spread at all) is no reliability bonus.
  return money_usd_per_teu + flow.value_of_time_usd_per_teu_h * mean_h +
         flow.reliability_usd_per_teu_h * std::max(0.0, p90_h - mean_h);
}

} // namespace corridor

#pragma once
/**
 * @file The generalized cost: what a shipment costs its owner, money and time together. The one
 * definition that route choice (route_choice: logit) and the statistics (summary.json) share.
 *
 *   per shipment:  GC = cost_usd + value_of_time_usd_per_teu_h x transit_h x TEU
 *   per TEU of a route: GC = money per TEU + value_of_time x mean transit_h
 *                            + reliability_usd_per_teu_h x (p90 transit_h - mean transit_h)
 *
 * TEU is the shipment's TEU, or for bulk its tons / tons_per_teu (a TEU-equivalent; 0 without a
 * tons_per_teu). The reliability term prices the spread of a route's times, not one shipment's:
 * it exists per route only (docs/model.md).
 */
#include "corridor/scenario.hpp"

namespace corridor {

/** @brief The TEU a shipment's value of time applies to: its TEU, or bulk tons / tons_per_teu. */
double time_value_teu(const Flow& flow, double teu, double tons);

/** @brief What the transit time costs the owner: value of time x hours x TEU (time_value_teu). */
double time_value_usd(const Flow& flow, double teu, double tons, double transit_h);

/** @brief One shipment's generalized cost: its money plus time_value_usd. */
double generalized_cost_usd(const Flow& flow, double cost_usd, double teu, double tons, double transit_h);

/**
 * @brief A route's expected generalized cost per TEU for a flow, from its expected money per TEU
 * and the mean and 90th percentile of its transit time.
 */
double generalized_cost_usd_per_teu(const Flow& flow, double money_usd_per_teu, double mean_h, double p90_h);

} // namespace corridor

#pragma once
/**
 * @file One replication's figures, computed where it runs from the stream of its shipments.
 *
 * The engine hands every shipment of the measured cohort to a ShipmentSink once; the
 * CohortStatistics sink keeps only what the figures need (per (flow, route) pair: sums, and
 * the transit times, for quantiles with censoring: survival.hpp) and turns them into a ReplicationDigest,
 * which is all a parent process reads back. Memory follows shipments x 8 bytes, not whole records.
 */
#include "corridor/results.hpp"
#include "corridor/scenario.hpp"
#include "corridor/survival.hpp"

#include <cstdint>
#include <limits>
#include <map>
#include <vector>

namespace corridor {

/** @brief CohortFigures::flow of a route's figures over all its flows. */
inline constexpr std::uint32_t kAllFlows = std::numeric_limits<std::uint32_t>::max();

/** @brief One replication's cohort on one (flow, route) pair (or one route, all flows). */
struct CohortFigures {
  std::uint32_t flow = 0, route = 0;
  std::uint64_t shipments = 0, delivered = 0, censored = 0;
  double teu = 0, delivered_teu = 0, delivered_teu_km = 0;
  double tons = 0, delivered_tons = 0; ///< weight (shipments with a tons_per_teu, and bulk)
  double cost_usd = 0;                 ///< delivered shipments
  /// Delivered shipments' TEU for the value of time (bulk: tons / tons_per_teu), and that TEU
  /// times their transit hours: the generalized cost's time (include/corridor/generalized_cost.hpp).
  double delivered_time_value_teu = 0, delivered_time_value_teu_h = 0;
  double moving_h = 0, waiting_h = 0, handling_h = 0; ///< sums over delivered shipments
  /// Created in the first half of the measured period, and of that, delivered by the horizon:
  /// a route that keeps up delivers nearly all of it. In TEU, or tons for bulk (no TEU).
  double first_half_teu = 0, first_half_delivered_by_horizon_teu = 0;
  Bounded mean_h, p50_h, p90_h, p95_h;
  double promise_h = -1; ///< < 0: no promise
  Bounded on_time_share; ///< delivered within promise_h (survival.hpp)

  double censored_share() const {
    return shipments ? static_cast<double>(censored) / static_cast<double>(shipments) : 0;
  }
  /** @brief Of the first half-period's cargo, the share delivered by the horizon (1 with none). */
  double carried_share() const {
    return first_half_teu > 0 ? first_half_delivered_by_horizon_teu / first_half_teu : 1;
  }
};

/** @brief Everything a parent needs of one replication: no per-shipment data. */
struct ReplicationDigest {
  std::uint64_t seed = 0;
  double warmup_h = 0, horizon_h = 0, end_h = 0;
  std::uint64_t created = 0, delivered = 0, in_transit = 0, cohort = 0;
  double delivered_teu_measured = 0;
  std::uint64_t events = 0;
  std::vector<CohortFigures> pairs;  ///< (flow, route) pairs with cohort shipments, by flow then route
  std::vector<CohortFigures> routes; ///< per route over all flows (flow = kAllFlows), by route
  std::vector<FacilityStats> facilities;
  std::vector<LinkStats> links;
  std::vector<LegStats> legs;
  StepSeries series; ///< the run step by step
  /// Per (flow, route) pair: each facility visit and link step of its route (results.hpp).
  std::vector<FacilityVisitSums> facility_visits;
  std::vector<LinkStepSums> link_steps;

  /** @brief The route's figures over all flows, or nullptr when no shipment took it. */
  const CohortFigures* route_figures(std::size_t route) const;
};

/** @brief The sink that computes a replication's cohort figures as shipments stream by. */
class CohortStatistics : public ShipmentSink {
public:
  /** @param promise_days_override when > 0, the promise of every flow (else each flow's own) */
  CohortStatistics(const Scenario& scenario, double promise_days_override = 0);
  void add(const ShipmentRecord& record) override;
  /** @brief The digest, once the engine's run has ended (its result gives when, and the rest). */
  ReplicationDigest finish(const ReplicationResult& engine_result);

private:
  struct Pair {
    CohortFigures figures;
    std::vector<double> transit_h, censored_created_h;
  };
  Pair& pair(std::uint32_t flow, std::uint32_t route);
  void finish_figures(Pair& p, double end_h, std::vector<double>* route_transit,
                      std::vector<double>* route_censored) const;

  std::vector<double> promise_h_; // per flow, < 0 none
  std::vector<Flow> flows_;       // for the TEU their value of time counts
  double first_half_end_h_ = 0, horizon_h_ = 0;
  std::map<std::pair<std::uint32_t, std::uint32_t>, Pair> pairs_; // node-based: addresses stay
  Pair* last_ = nullptr;
};

/** @brief The digest of a result whose records were kept (ReplicationResult::shipments). */
ReplicationDigest digest_of(const Scenario& scenario, const ReplicationResult& result,
                            double promise_days_override = 0);

} // namespace corridor

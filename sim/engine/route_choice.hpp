#pragma once
// route_choice: logit. Each new shipment of the flow takes a candidate route with probability
// proportional to exp(-GC / scale), GC the route's expected generalized cost per TEU, learned
// during the run from the flow's own deliveries (docs/model.md, "Route choice").
#include "corridor/random.hpp"
#include "corridor/scenario.hpp"

#include <cstdint>
#include <deque>
#include <functional>
#include <queue>
#include <set>
#include <vector>

namespace corridor::engine {

struct Shipment;
struct Simulation;

/** What a logit flow knows of one candidate route, and what it has learned since the last update. */
struct CandidateRoute {
  std::uint32_t route = 0;
  double expected_h = 0;           ///< smoothed mean transit time
  double expected_usd_per_teu = 0; ///< smoothed money per TEU
  double expected_spread_h = 0;    ///< smoothed p90 - mean (only with a reliability price)
  double perceived_h = 0;          ///< expected_h, or the lag guard's figure when larger
  // Deliveries since the last update.
  std::uint64_t delivered = 0;
  double transit_h = 0, cost_usd = 0, teu = 0;
  std::vector<double> transit_times_h; ///< for the p90, only with a reliability price
  /// Lag guard: shipments sent on it (id, created_h), oldest first, and the ids of those
  /// delivered that are not yet at the front.
  std::deque<std::pair<std::uint64_t, double>> sent;
  std::set<std::uint64_t> delivered_ids;
};

/**
 * A delivery as the flow learns it. The engine computes ahead: a truck with nothing left to do
 * is delivered when it leaves its last facility, at its arrival time, which may be hours or
 * (after a closure) weeks later. The flow learns of it only once that time has come.
 */
struct PendingDelivery {
  double at_h = 0;
  std::uint64_t id = 0;
  std::uint32_t route = 0;
  double transit_h = 0, cost_usd = 0, teu = 0;
  bool operator>(const PendingDelivery& o) const { return at_h != o.at_h ? at_h > o.at_h : id > o.id; }
};

class LogitChooser {
public:
  LogitChooser(const Simulation& sim, std::uint32_t flow);
  /** The route of a shipment created at t, drawn with `rng` (the flow's route stream). */
  std::uint32_t choose(double t, RandomStream& rng);
  /** A shipment sent by choose() is on its way (call once it exists). */
  void sent(const Shipment& shipment);
  /** A shipment of this flow is delivered at t, now or later (measured or not: all deliveries teach). */
  void delivered(const Shipment& shipment, double t);

private:
  void update(double t);
  CandidateRoute* candidate(std::uint32_t route);

  const Flow& flow_;
  double scale_usd_per_teu_ = 1;
  double next_update_h_ = 0;
  std::vector<CandidateRoute> candidates_;
  std::vector<double> cumulative_; ///< of the current choice probabilities
  std::priority_queue<PendingDelivery, std::vector<PendingDelivery>, std::greater<>> pending_;
};

} // namespace corridor::engine

#pragma once
// What an analyst reads per border and per country of a route (ADB CAREC CPMM indicators, the
// UNESCAP time/cost-distance profile), from the pairs' facility visits and link steps.
#include "corridor/summary.hpp"

namespace corridor::stats {

/** Fills `rs.facilities`, `rs.sections` and `rs.profile` of the pair (flow, route). */
void add_route_indicators(RouteSummary& rs, const Scenario& scenario, const RoutedScenario& routed,
                          std::uint32_t flow, std::uint32_t route,
                          const std::vector<ReplicationDigest>& digests);

} // namespace corridor::stats

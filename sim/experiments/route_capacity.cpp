// One route alone at a trade value: capacity_scenario() and check_capacity(), searched.
#include "corridor/capacity.hpp"

#include <map>

namespace corridor {

RouteCapacity find_route_capacity(const Scenario& scenario, const std::string& route,
                                  const CapacityOptions& options) {
  std::map<double, CapacityCheck> checks;
  // With a commodity mix the search is over USD a year; without one, over TEU a year.
  auto probe = [&](double value) {
    Claim claim;
    claim.id = "capacity";
    claim.route = route;
    claim.stated = value;
    Scenario variant = scenario;
    variant.uncertain.clear(); // the search runs the nominal values of uncertain inputs
    if (variant.commodities.empty())
      variant.commodities = {Commodity{"TEU", 1, 1, 1, false, 0, {}}}; // 1 "USD" = 1 TEU
    variant = capacity_scenario(variant, claim);
    const RoutedScenario routed(variant);
    const auto runs = run_replications(variant, routed, options.plan);
    const CapacityCheck check = check_capacity(variant, routed, *routed.network.route(route), runs);
    checks[value] = check;
    return std::make_pair(check.sustained(options.max_utilization), check.max_utilization.mean);
  };
  const auto [low, high] =
      search_sustained(probe, scenario.commodities.empty() ? 1000 : 1e8, options.max_utilization);
  return RouteCapacity{route, low, high, checks[high]};
}

} // namespace corridor

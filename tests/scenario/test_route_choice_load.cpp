// route_choice: logit and the generalized cost's inputs: loaded with their defaults, checked at
// their place.
#include "corridor/load.hpp"
#include "corridor/network.hpp"

#include "scenario/load_errors.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace corridor;

namespace {

// Road: 100 km at 50 km/h (2 h), 1 USD a TEU-km. Rail: 100 km at 25 km/h (4 h), 0.5 USD a TEU-km.
std::string two_routes(const std::string& flow_keys) {
  return R"(scenario: {name: logit, start_date: 2025-01-01, horizon_days: 10}
nodes:
  - {id: A, kind: city}
  - {id: B, kind: city}
links:
  - {from: A, to: B, mode: road, distance_km: 100, speed_kmh: 50, cost_usd_per_teu_km: 1}
  - {from: A, to: B, mode: rail, distance_km: 100, speed_kmh: 25, gauge_mm: 1435, cost_usd_per_teu_km: 0.5}
services:
  - {id: truck, kind: truck, capacity_teu: 2}
  - {id: train, kind: train, capacity_teu: 60, departures: {every_h: 24}}
routes:
  - {id: road, legs: [{service: truck, path: [A, B]}]}
  - {id: rail, legs: [{service: train, path: [A, B]}]}
demand:
  - id: f
    origin: A
    destination: B
    teu_per_year: 1000
    value_of_time_usd_per_teu_h: 10
)" + flow_keys;
}

} // namespace

TEST_CASE("route_choice: logit alone loads with its defaults and starts from free-flow shares",
          "[load][logit]") {
  const Scenario s =
      load_scenario_text(two_routes("    route_choice: logit\n    routes: [road, rail]\n"), "x.yaml");
  const Flow& f = s.flows[0];
  CHECK(f.choice == RouteChoice::Logit);
  CHECK_FALSE(f.logit.scale_usd_per_teu);
  CHECK(f.logit.update_h == 24);
  CHECK(f.logit.smoothing == 0.2);
  CHECK(f.logit.lag_guard);
  CHECK(f.reliability_usd_per_teu_h == 0);
  // Free-flow generalized costs: road 100 + 10 x 2 = 120, rail 50 + 10 x 4 = 90 USD a TEU;
  // the default scale is a tenth of their mean, 10.5; road's share exp(-30/10.5)/(1 + exp(-30/10.5)).
  const RoutedScenario routed(s);
  CHECK(free_flow_generalized_cost_usd_per_teu(f, routed.routes[0]) == Approx(120));
  CHECK(free_flow_generalized_cost_usd_per_teu(f, routed.routes[1]) == Approx(90));
  CHECK(routed.logit_scale_usd_per_teu[0] == Approx(10.5));
  REQUIRE(routed.flow_routes[0].size() == 2);
  const double road = std::exp(-30 / 10.5) / (1 + std::exp(-30 / 10.5));
  CHECK(routed.flow_routes[0][0].share == Approx(road));
  CHECK(routed.flow_routes[0][1].share == Approx(1 - road));
}

TEST_CASE("a logit block and a reliability price load", "[load][logit]") {
  const Scenario s = load_scenario_text(
      two_routes("    route_choice: logit\n    reliability_usd_per_teu_h: 4\n"
                 "    logit: {scale_usd_per_teu: 30, update_h: 168, smoothing: 0.05, lag_guard: false}\n"),
      "x.yaml");
  const Flow& f = s.flows[0];
  CHECK(f.logit.scale_usd_per_teu == 30.0);
  CHECK(f.logit.update_h == 168);
  CHECK(f.logit.smoothing == 0.05);
  CHECK_FALSE(f.logit.lag_guard);
  CHECK(f.reliability_usd_per_teu_h == 4);
  const RoutedScenario routed(s);
  REQUIRE(routed.flow_routes[0].size() == 2); // no list: every route from A to B
  CHECK(routed.logit_scale_usd_per_teu[0] == 30);
  CHECK(routed.flow_routes[0][0].share == Approx(std::exp(-1.0) / (1 + std::exp(-1.0))));
}

TEST_CASE("logit parameters are checked at their place", "[load][logit]") {
  CHECK(errors_of(two_routes("    route_choice: logit\n    logit: {scael_usd_per_teu: 30}\n")) ==
        std::vector<std::string>{
            "x.yaml:21:13: error: demand[f].logit.scael_usd_per_teu: unknown key; did you mean "
            "'scale_usd_per_teu'? (valid keys: scale_usd_per_teu, update_h, smoothing, lag_guard)"});
  CHECK(errors_of(two_routes("    route_choice: logit\n    logit: {scale_usd_per_teu: 0}\n")) ==
        std::vector<std::string>{
            "x.yaml:21:32: error: demand[f].logit.scale_usd_per_teu: expected a positive number, got '0'"});
  CHECK(errors_of(two_routes("    route_choice: logit\n    logit: {update_h: -1}\n")) ==
        std::vector<std::string>{
            "x.yaml:21:23: error: demand[f].logit.update_h: expected a positive number, got '-1'"});
  CHECK(errors_of(two_routes("    route_choice: logit\n    logit: {smoothing: 1.5}\n"))[0].find(
            "x.yaml:21:24: error: demand[f].logit.smoothing: expected") == 0);
  CHECK(errors_of(two_routes("    routes: {road: 1}\n    logit: {scale_usd_per_teu: 30}\n")) ==
        std::vector<std::string>{"x.yaml:21:12: error: demand[f].logit: a logit block needs route_choice: "
                                 "logit, got route_choice: shares"});
  CHECK(errors_of(two_routes("    route_choice: logit\n    routes: {road: 1}\n")) ==
        std::vector<std::string>{"x.yaml:21:13: error: demand[f].routes: expected a list of candidate route "
                                 "ids for logit, got a mapping"});
  CHECK(errors_of(two_routes("    route_choice: logit\n    reliability_usd_per_teu_h: -2\n"))[0].find(
            "demand[f].reliability_usd_per_teu_h: expected a number >= 0") != std::string::npos);
}

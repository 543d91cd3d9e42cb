// The per-border and per-country figures of a route are a breakdown of its transit time and
// cost: with no shipment censored, they add up to the route's own figures on every shipped
// example (queues, trains, gauge changes, ports with dwell, two-way trucks).
#include "corridor/load.hpp"
#include "corridor/replications.hpp"
#include "corridor/summary.hpp"

#include <catch2/catch.hpp>

using namespace corridor;

TEST_CASE("route indicators add up to the route's transit time and cost per TEU",
          "[experiments][indicators]") {
  int pairs = 0;
  for (const char* name : {"border-post", "gauge-break", "port", "two-way"}) {
    INFO(name);
    const Scenario scenario =
        load_scenario(std::string(CORRIDOR_SOURCE_DIR) + "/scenarios/examples/" + name + ".yaml",
                      {"scenario.horizon_days=60", "scenario.warmup_days=5", "scenario.replications=2"});
    const RoutedScenario routed(scenario);
    ReplicationPlan plan;
    plan.seed = scenario.info.seed;
    plan.replications = 2;
    plan.jobs = 2;
    const Summary summary = summarize(scenario, routed, run_replications(scenario, routed, plan));
    for (const RouteSummary& r : summary.routes) {
      INFO(r.flow << " / " << r.route);
      REQUIRE(!r.profile.empty());
      if (r.censored.mean > 0 || r.delivered.n != 2 || r.delivered.mean == 0) continue;
      ++pairs;
      const ProfilePoint& end = r.profile.back();
      CHECK(end.distance_km == Approx(r.distance_km).epsilon(1e-12));
      CHECK(end.time_h == Approx(24 * r.transit_days_mean.mean).epsilon(1e-9));
      if (r.cost_usd_per_teu.n == 2)
        CHECK(*end.cost_usd_per_teu == Approx(r.cost_usd_per_teu.mean).epsilon(1e-9));
      double km = 0, total_h = 0, moving_h = 0;
      for (const RouteSectionSummary& s : r.sections) {
        km += s.distance_km;
        total_h += s.total_h.mean;
        moving_h += s.moving_h.mean;
        CHECK(s.total_h.mean >= s.moving_h.mean);
      }
      CHECK(km == Approx(r.distance_km).epsilon(1e-12));
      CHECK(total_h == Approx(end.time_h).epsilon(1e-9));
      CHECK(moving_h == Approx(24 * r.moving_days.mean).epsilon(1e-9));
      // Every delivered shipment visited every facility of its route once.
      for (const RouteFacilitySummary& f : r.facilities)
        CHECK(f.visits.mean == r.delivered.mean);
    }
  }
  CHECK(pairs >= 4);
}

// The run step by step (ReplicationResult::series) against hand computations. Each TEST_CASE
// runs in its own process (catch_discover_tests): one SimGrid engine per process.
#include "builder.hpp"

#include <catch2/catch.hpp>
#include <numeric>

using namespace corridor;
using namespace corridor::test;

namespace {

// A -(1 h)- B (POST: one lane, constant service) -(1 h)- C. A truck of 1 TEU every 4 h from
// 2 h: at the post at 3 + 4j h, delivered an hour after its service.
ScenarioBuilder regular_post(double service_h, double days, double step_days) {
  ScenarioBuilder b(days);
  b.s.info.series_step_days = step_days;
  b.node("A").node("B").node("C");
  b.link("A", "B", Mode::Road, 10, 10);
  b.link("B", "C", Mode::Road, 10, 10);
  b.facility("POST", "B", FacilityKind::BorderCrossing, Distribution::constant(service_h));
  b.truck("truck");
  b.route("r", {leg("truck", {"A", "B", "C"})});
  b.flow("f", "A", "C", 2190, "r", ArrivalProcess::Regular); // 8760 / 2190 = 4 h apart
  return b;
}

} // namespace

TEST_CASE("daily series of a post that falls behind: each day's queue, busy lanes and counts exact",
          "[engine][series]") {
  // Service 5 h for a truck every 4 h: truck j (0..11, created before 48 h) arrives at 3 + 4j,
  // starts at 3 + 5j after waiting j h, leaves at 8 + 5j and is delivered at 9 + 5j. The run
  // ends with the last delivery, at 64 h: three steps, the last one 16 h long.
  const auto r = regular_post(5, 2, 1).run();
  REQUIRE(r.end_h == 64);
  const StepSeries& s = r.series;
  CHECK(s.step_h == 24);
  REQUIRE(s.steps == 3);
  REQUIRE(s.facilities.size() == 1);
  const FacilitySeries& f = s.facilities[0];
  // Waits j h over [3+4j, 3+5j]: day 0 has j = 0..4 and 1 h of j = 5 (23-28): 0+1+2+3+4+1;
  // day 1: 4 h of j = 5, j = 6..9 whole, 5 h of j = 10 (43-53), 1 h of j = 11 (47-58);
  // day 2: the rest of j = 10 and 11.
  CHECK(f.queue_area_h == std::vector<double>{11, 4 + 6 + 7 + 8 + 9 + 5 + 1, 5 + 10});
  // One lane busy without a break from 3 h to 63 h.
  CHECK(f.busy_server_h == std::vector<double>{21, 24, 15});
  CHECK(f.arrivals == std::vector<double>{6, 6, 0});
  CHECK(f.departures == std::vector<double>{4, 4, 4}); // at 8, 13, 18, 23 | 28 .. 43 | 48 .. 63
  REQUIRE(s.routes.size() == 1);
  CHECK(s.routes[0].created == std::vector<double>{6, 6, 0});
  CHECK(s.routes[0].delivered == std::vector<double>{3, 5, 4}); // at 9, 14, 19 | 24 .. 44 | 49 .. 64
  // The whole run's integrals are the steps' sums.
  CHECK(std::accumulate(f.queue_area_h.begin(), f.queue_area_h.end(), 0.0) == 66); // 0 + 1 + ... + 11
  // The measured period is the first two days: theirs are FacilityStats's figures.
  CHECK(r.facilities[0].queue_area_h == 11 + 40);
  CHECK(r.facilities[0].busy_server_h == 21 + 24);
}

TEST_CASE("a non-integer step splits waits and services exactly at its boundaries", "[engine][series]") {
  // The same run with steps of 0.4 days (9.6 h): 64 / 9.6 = 6.67, so 7 steps, the last cut short.
  const auto r = regular_post(5, 2, 0.4).run();
  const StepSeries& s = r.series;
  CHECK(s.step_h == Approx(9.6));
  REQUIRE(s.steps == 7);
  const FacilitySeries& f = s.facilities[0];
  // [0, 9.6): j = 1 waits 7-8. [9.6, 19.2): j = 2 (11-13), j = 3 (15-18), 0.2 h of j = 4 (19-23).
  // [19.2, 28.8): 3.8 h of j = 4, j = 5 (23-28), 1.8 h of j = 6 (27-33).
  CHECK(f.queue_area_h[0] == Approx(1).margin(1e-12));
  CHECK(f.queue_area_h[1] == Approx(5.2).margin(1e-12));
  CHECK(f.queue_area_h[2] == Approx(10.6).margin(1e-12));
  // Busy 3-63 h: 6.6 h of the first step, every hour of the next five, 63 - 57.6 of the 7th.
  CHECK(f.busy_server_h[0] == Approx(6.6).margin(1e-12));
  for (int k = 1; k <= 5; ++k)
    CHECK(f.busy_server_h[static_cast<std::size_t>(k)] == Approx(9.6).margin(1e-12));
  CHECK(f.busy_server_h[6] == Approx(5.4).margin(1e-12));
  CHECK(std::accumulate(f.queue_area_h.begin(), f.queue_area_h.end(), 0.0) == Approx(66).epsilon(1e-12));
  CHECK(std::accumulate(f.busy_server_h.begin(), f.busy_server_h.end(), 0.0) == Approx(60).epsilon(1e-12));
  // Arrivals at 3, 7 | 11, 15, 19 | 23, 27 | 31, 35 | 39, 43, 47 in [28.8, 38.4) and [38.4, 48).
  CHECK(f.arrivals == std::vector<double>{2, 3, 2, 2, 3, 0, 0});
}

TEST_CASE("a closure shows as a queue in the days it holds trucks, and nowhere else", "[engine][series]") {
  // Service 1 h, so no truck waits but for the post's closure over [30, 50) h. The trucks at
  // 31, 35, 39, 43 and 47 h wait for 50 h and go one an hour; those at 51 and 55 h find the
  // lane busy until 55 and 56 h. Waits: 31-50, 35-51, 39-52, 43-53, 47-54, 51-55, 55-56.
  auto b = regular_post(1, 5, 1);
  Disruption d;
  d.target = "POST";
  d.window.from_h = 30;
  d.window.to_h = 50;
  b.s.disruptions.push_back(d);
  const auto r = b.run();
  const FacilitySeries& f = r.series.facilities[0];
  REQUIRE(r.series.steps == 6); // the last truck is delivered at 121 h, when the run ends
  CHECK(f.queue_area_h == std::vector<double>{0, 17 + 13 + 9 + 5 + 1, 2 + 3 + 4 + 5 + 6 + 4 + 1, 0, 0, 0});
  // Day 1 serves only the truck of 27 h before the closure; day 2 the seven held, then the
  // trucks of 59, 63, 67 and 71 h (that one leaves at 72 h: day 3). Day 1's departures are at
  // 24 h (the truck of 23 h) and 28 h.
  CHECK(f.busy_server_h[1] == 1);
  CHECK(f.busy_server_h[2] == 7 + 4);
  CHECK(f.departures[1] == 2);
  CHECK(f.departures[2] == 7 + 3);
  CHECK(f.departures[3] == 1 + 5); // 72 h, then 76 .. 92 h (the run's last truck leaves at 120 h)
}

TEST_CASE("the measured steps' mean queue is the measured period's mean queue", "[engine][series]") {
  // Poisson arrivals and exponential services (the M/M/2 of the engine tests), 10 days of
  // warm-up, then 30 measured days.
  ScenarioBuilder b(40, 10);
  b.s.info.series_step_days = 1;
  b.node("A").node("B").node("C");
  b.link("A", "B", Mode::Road, 1, 1000);
  b.link("B", "C", Mode::Road, 1, 1000);
  b.facility("POST", "B", FacilityKind::BorderCrossing, Distribution::exponential(1), 2);
  b.truck("truck");
  b.route("r", {leg("truck", {"A", "B", "C"})});
  b.flow("f", "A", "C", 1.5 * 8760, "r");
  const auto r = b.run(7);
  const FacilitySeries& f = r.series.facilities[0];
  REQUIRE(r.series.steps >= 40);
  double queue = 0, busy = 0;
  for (std::size_t k = 10; k < 40; ++k) {
    queue += f.queue_area_h[k] / 24;
    busy += f.busy_server_h[k] / 24;
  }
  const double measured_h = 30 * 24;
  REQUIRE(r.facilities[0].queue_area_h > 100);
  CHECK(queue / 30 == Approx(r.facilities[0].queue_area_h / measured_h).epsilon(1e-9));
  CHECK(busy / 30 == Approx(r.facilities[0].busy_server_h / measured_h).epsilon(1e-9));
  // Shipments created less delivered by the end: the ones still in transit.
  const RouteSeries& route = r.series.routes.at(0);
  const double created = std::accumulate(route.created.begin(), route.created.end(), 0.0);
  const double delivered = std::accumulate(route.delivered.begin(), route.delivered.end(), 0.0);
  CHECK(created == static_cast<double>(r.created));
  CHECK(created - delivered == static_cast<double>(r.in_transit));
}

TEST_CASE("without a step the engine keeps no series", "[engine][series]") {
  auto b = regular_post(5, 2, 0);
  const auto r = b.run();
  CHECK(r.series.steps == 0);
  CHECK(r.series.facilities.empty());
  CHECK(r.series.routes.empty());
}

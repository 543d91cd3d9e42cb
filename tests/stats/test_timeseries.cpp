// timeseries.csv from replications' step series: means over the replications that reached a
// step, the last step of a run averaged over the part it ran, and the series' file round trip.
#include "corridor/replication_io.hpp"
#include "corridor/timeseries.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace corridor;
namespace fs = std::filesystem;

namespace {

// One facility P and one route r taken by flow f; a day of warm-up, a measured day.
Scenario one_post() {
  Scenario s;
  s.info.start_date = Date{2025, 12, 31};
  s.info.warmup_days = 1;
  s.info.horizon_days = 2;
  Facility p;
  p.id = "P";
  s.facilities.push_back(p);
  Route r;
  r.id = "r";
  s.routes.push_back(r);
  Flow f;
  f.id = "f";
  s.flows.push_back(f);
  return s;
}

ReplicationDigest run(double step_h, double end_h, FacilitySeries facility, RouteSeries route) {
  ReplicationDigest d;
  d.end_h = end_h;
  d.series.step_h = step_h;
  d.series.steps = facility.queue_area_h.size();
  d.series.facilities = {std::move(facility)};
  d.series.routes = {std::move(route)};
  return d;
}

} // namespace

TEST_CASE("timeseries.csv: means over the replications that reached each step", "[stats][timeseries]") {
  // A ran two days; B two and a half, so its third step covers 12 h.
  const auto a = run(24, 48, {{24, 48}, {12, 24}, {3, 5}, {2, 6}}, {0, 0, {4, 2}, {1, 5}});
  const auto b = run(24, 60, {{0, 24, 6}, {24, 0, 12}, {1, 1, 0}, {1, 1, 0}}, {0, 0, {2, 0, 0}, {0, 1, 1}});
  CHECK(timeseries_csv_text(one_post(), {a, b}) ==
        "kind,id,flow,day,date,period,queue,busy_lanes,arrivals,departures,created,delivered,in_transit,"
        "replications\n"
        // queue (24/24 + 0)/2, busy (12/24 + 24/24)/2, ...
        "facility,P,,0,2025-12-31,warmup,0.500000,0.750000,2.000000,1.500000,,,,2\n"
        "facility,P,,1,2026-01-01,measured,1.500000,0.500000,3.000000,3.500000,,,,2\n"
        // B alone, over the 12 h it ran: 6/12 waiting, 12/12 busy
        "facility,P,,2,2026-01-02,drain,0.500000,1.000000,0.000000,0.000000,,,,1\n"
        // in transit at each step's end: A 3, 0; B 2, 1, 0
        "route,r,f,0,2025-12-31,warmup,,,,,3.000000,0.500000,2.500000,2\n"
        "route,r,f,1,2026-01-01,measured,,,,,1.000000,3.000000,0.500000,2\n"
        "route,r,f,2,2026-01-02,drain,,,,,0.000000,1.000000,0.000000,1\n");
}

TEST_CASE("timeseries.csv: a step of 0.6 days gives fractional days, their dates and periods",
          "[stats][timeseries]") {
  // 14.4 h steps, a run of 36 h: the third step covers 7.2 h.
  const auto d =
      run(14.4, 36, {{14.4, 0, 3.6}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}}, {0, 0, {1, 0, 0}, {0, 0, 1}});
  CHECK(timeseries_csv_text(one_post(), {d}) ==
        "kind,id,flow,day,date,period,queue,busy_lanes,arrivals,departures,created,delivered,in_transit,"
        "replications\n"
        "facility,P,,0,2025-12-31,warmup,1.000000,0.000000,0.000000,0.000000,,,,1\n"
        "facility,P,,0.6,2025-12-31,warmup,0.000000,0.000000,0.000000,0.000000,,,,1\n"
        "facility,P,,1.2,2026-01-01,measured,0.500000,0.000000,0.000000,0.000000,,,,1\n"
        "route,r,f,0,2025-12-31,warmup,,,,,1.000000,0.000000,1.000000,1\n"
        "route,r,f,0.6,2025-12-31,warmup,,,,,0.000000,0.000000,1.000000,1\n"
        "route,r,f,1.2,2026-01-01,measured,,,,,0.000000,1.000000,0.000000,1\n");
}

TEST_CASE("a replication's step series round-trips through its file bit for bit", "[stats][timeseries][io]") {
  const auto dir = fs::temp_directory_path() / "corridor-stats-test-series-io";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto path = (dir / "r.bin").string();
  const auto d =
      run(14.4, 36, {{0.1, 0.2, 1.0 / 3}, {1, 2, 3}, {4, 5, 6}, {7, 8, 9}}, {3, 7, {1, 0, 0}, {0, 0, 1}});
  write_digest(path, d);
  const ReplicationDigest back = read_digest(path);
  CHECK(back.series.step_h == 14.4);
  CHECK(back.series.steps == 3);
  REQUIRE(back.series.facilities.size() == 1);
  CHECK(back.series.facilities[0].queue_area_h == std::vector<double>{0.1, 0.2, 1.0 / 3});
  CHECK(back.series.facilities[0].departures == std::vector<double>{7, 8, 9});
  REQUIRE(back.series.routes.size() == 1);
  CHECK(back.series.routes[0].flow == 3);
  CHECK(back.series.routes[0].route == 7);
  CHECK(back.series.routes[0].delivered == std::vector<double>{0, 0, 1});

  // A series shorter than its step count is a broken file, not a silent zero.
  auto broken = d;
  broken.series.facilities[0].arrivals.pop_back();
  write_digest(path, broken);
  CHECK_THROWS_WITH(read_digest(path), Catch::Contains("time series of the wrong length"));
}

// What the figures mean, checked as a user sees them (summary.json and the table) against hand
// calculations written beside each scenario in tests/scenarios/truth/.
#include "cli_process.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace {

nlohmann::json run_summary(const std::string& scenario, const std::string& name, std::string* out = nullptr) {
  const auto dir = fresh_dir(name);
  const auto result =
      run_corridor("run " + test_file("scenarios/truth/" + scenario) + " --out " + dir.string());
  REQUIRE(result.exit_code == 0);
  if (out) *out = result.out;
  return nlohmann::json::parse(read_file(dir / "summary.json"));
}

} // namespace

TEST_CASE("a 100-day closure: stuck cargo counts in the transit figures, censored", "[cli][truth]") {
  std::string table;
  const auto json = run_summary("closure-100-days.yaml", "closure", &table);
  const auto& route = json["routes"][0];
  // 1438 trucks delivered in 4.1 h; 1442 still on their way at 3360 h, created at 1438.5 ...
  // 2879.5 h: on their way for 3360 - c hours, 1201 h on average.
  CHECK(route["shipments"]["mean"] == 2880);
  CHECK(route["delivered"]["mean"] == 1438);
  CHECK(route["censored"]["mean"] == 1442);
  CHECK(route["censored_share"]["mean"].get<double>() == Approx(1442.0 / 2880));
  const double mean_days = (1438 * 4.1 + 1442 * 1201.0) / 2880 / 24; // 25.14 days, at least
  CHECK(route["transit_days"]["mean"]["mean"].get<double>() == Approx(mean_days).epsilon(1e-6));
  CHECK(route["transit_days"]["mean"]["lower_bound"] == true);
  // The median lies among the stuck trucks: at least the 1440th shortest time observed, 481.5 h.
  CHECK(route["transit_days"]["p50"]["mean"].get<double>() == Approx(481.5 / 24));
  CHECK(route["transit_days"]["p50"]["lower_bound"] == true);
  CHECK(route["keeps_up"] == false);
  REQUIRE(json["warnings"].size() == 1);
  CHECK(json["warnings"][0].get<std::string>().find("f / road does not keep up") != std::string::npos);
  CHECK(table.find("> 25.1") != std::string::npos); // the table says it is a lower bound
  CHECK(table.find("warning: route f / road") != std::string::npos);
  // The post is open half the measured period: its utilization is over those hours.
  const auto& post = json["facilities"][0];
  CHECK(post["open_share"]["mean"].get<double>() == Approx(60.0 / 120));
  CHECK(post["utilization"]["mean"].get<double>() ==
        Approx(1438 * 0.1 / (4 * 60 * 24)).epsilon(1e-3)); // 0.1 h a truck, 4 lanes x 1440 open h
}

TEST_CASE("a post open 12 h a day: utilization over open hours, and Little's law", "[cli][truth]") {
  const auto json = run_summary("post-12h.yaml", "post12");
  const auto& post = json["facilities"][0];
  // 12 trucks a day x 0.5 h over 12 open hours: 0.5 of its open hours, 0.25 of all hours.
  CHECK(post["utilization"]["mean"].get<double>() == Approx(0.5).epsilon(0.05));
  CHECK(post["utilization_all_hours"]["mean"].get<double>() == Approx(0.25).epsilon(0.05));
  CHECK(post["open_share"]["mean"].get<double>() == Approx(0.5).epsilon(1e-3));
  // L = lambda W: trucks waiting (in the queue, and overnight holding the lane) against the
  // arrival rate times the mean wait.
  const double lambda_per_h = post["vehicles_per_day"]["mean"].get<double>() / 24;
  const double wait_h = post["mean_wait_h"]["mean"].get<double>();
  CHECK(wait_h > 3); // most trucks arrive while it is closed
  CHECK(post["mean_queue"]["mean"].get<double>() == Approx(lambda_per_h * wait_h).epsilon(0.01));
}

TEST_CASE("a post open 12 h a day saturates in capacity at its analytic limit", "[cli][truth][capacity]") {
  // 1 lane x 12 h / 0.5 h = 24 trucks a day = 8,760 TEU a year; counted over 24 h it looked
  // half as busy, and capacity reported about twice that.
  const auto result = run_corridor("capacity " + test_file("scenarios/truth/post-12h.yaml") +
                                   " --route road --max-utilization 0.99");
  REQUIRE(result.exit_code == 0);
  const auto line = result.out.substr(result.out.find("\nroad"));
  std::istringstream fields(line);
  std::string route;
  double usd = 0, teu = 0;
  fields >> route >> usd >> teu;
  CHECK(teu >= 0.95 * 8760);
  CHECK(teu <= 8760);
}

TEST_CASE("a one-way link's utilization is its rho", "[cli][truth]") {
  const auto json = run_summary("one-way-link.yaml", "oneway");
  const auto& link = json["links"][0];
  CHECK(link["utilization"]["mean"].get<double>() == Approx(0.8).epsilon(1e-9));
  CHECK(link["utilization_forward"]["mean"].get<double>() == Approx(0.8).epsilon(1e-9));
  CHECK(link["utilization_backward"].is_null());
}

TEST_CASE("a folder of other files is refused as --out before simulating and a failed run leaves the old "
          "results whole",
          "[cli][output]") {
  const auto dir = fresh_dir("outset");
  std::filesystem::create_directories(dir / "mine");
  std::ofstream(dir / "mine" / "notes.txt") << "not corridor's";
  auto r = run_corridor("run " + test_file("scenarios/truth/one-way-link.yaml") + " --out " +
                        (dir / "mine").string());
  CHECK(r.exit_code == 3);
  CHECK(r.out.find("holds files corridor did not write (notes.txt)") != std::string::npos);

  const auto out = dir / "results";
  std::filesystem::create_directories(out);
  std::ofstream(out / "summary.json.tmp-Ab12Cd") << "left by a killed older corridor";
  REQUIRE(run_corridor("run " + test_file("scenarios/truth/one-way-link.yaml") + " -q --out " + out.string())
              .exit_code == 0);
  CHECK_FALSE(std::filesystem::exists(out / "summary.json.tmp-Ab12Cd")); // went with the old set
  const std::string summary = read_file(out / "summary.json");
  // A run that fails to simulate leaves no staging folder and the previous results as they were.
  r = run_corridor("run " + test_file("scenarios/truth/one-way-link.yaml") +
                   " -q --set scenario.name=broken --set links[0].capacity_vehicles_per_day=-1 --out " +
                   out.string());
  CHECK(r.exit_code == 2);
  CHECK(read_file(out / "summary.json") == summary);
  int entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir))
    ++entries;
  CHECK(entries == 2); // mine and results: nothing else
}

TEST_CASE("the on-time share counts stuck cargo as late once it is past the promise", "[cli][truth]") {
  const auto dir = fresh_dir("promise");
  const auto result = run_corridor("run " + test_file("scenarios/truth/closure-100-days.yaml") +
                                   " --promise-days 1 --out " + dir.string());
  REQUIRE(result.exit_code == 0);
  const auto json = nlohmann::json::parse(read_file(dir / "summary.json"));
  const auto& route = json["routes"][0];
  // 1438 of 2880 delivered in 4.1 h; the other 1442 were on their way for at least 480.5 h when
  // the run ended: certainly late, so the share is exact.
  CHECK(route["promise_days"] == 1);
  CHECK(route["on_time_share"]["mean"].get<double>() == Approx(1438.0 / 2880));
  CHECK_FALSE(route["on_time_share"].contains("lower_bound"));
  CHECK(result.out.find("50%") != std::string::npos); // the table's on-time column
}

TEST_CASE("run fails a replication that outlives --run-timeout-s, and writes nothing", "[cli][limits]") {
  const auto dir = fresh_dir("timeout");
  const auto result =
      run_corridor("run " + test_file("scenarios/truth/post-12h.yaml") +
                   " --set scenario.horizon_days=900000 --replications 1 --run-timeout-s 0.3 -q --out " +
                   (dir / "out").string());
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("failed: timed out after 0.3 s (--run-timeout-s)") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "out"));
  CHECK(std::filesystem::is_empty(dir)); // no staging folder left
}

TEST_CASE(
    "a corridor scaled by --scale-volume keeps the scenario's bounds, reported where the volume is written",
    "[cli][limits]") {
  const auto dir = fresh_dir("scaled");
  // 2,920 TEU a year for 100 days is 800 shipments; a million times that is beyond 2e8.
  const auto result = run_corridor("run " + test_file("scenarios/truth/one-way-link.yaml") +
                                   " --scale-volume 1e6 -q --out " + (dir / "out").string());
  CHECK(result.exit_code == 2);
  CHECK(result.out.find("one-way-link.yaml:21:54: error") != std::string::npos);
  CHECK(result.out.find("demand[f].teu_per_year: expected at most 2e+08 shipments in a replication") !=
        std::string::npos);
  CHECK(result.out.find("with --scale-volume 1e+06") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "out"));
}

#include "corridor/compare.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

using namespace corridor;

namespace {
std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("corridor-compare-test-" + name);
  std::ofstream(path) << text;
  return path.string();
}

const Comparison& find(const std::vector<Comparison>& rows, const std::string& path) {
  for (const auto& row : rows)
    if (row.path == path) return row;
  FAIL("no row " << path);
  throw std::logic_error("unreachable");
}
} // namespace

TEST_CASE("summary JSON is flattened into named metrics", "[compare]") {
  const auto path = write_temp("a.json", R"({
    "metadata": {"seed": 42, "scenario_sha256": "ab"},
    "routes": [{"flow": "f", "route": "r1", "transit_days": {"mean": {"mean": 5.5, "ci95": 0.25, "n": 5}}}],
    "facilities": [{"id": "TORKHAM", "utilization": {"mean": 0.8, "ci95": 0.01, "n": 5}, "capacity": null}],
    "totals": {"delivered": {"mean": 100, "ci95": 0, "n": 5}},
    "count": 3,
    "uncertain_inputs": [{"path": "facilities[TORKHAM].servers", "low": 1, "high": 3, "values": [2, 1, 3]}]
  })");
  const auto metrics = read_metrics(path);
  // metadata and the values drawn for uncertain inputs are not metrics (they are what the run
  // was given, not what it found), null is absent
  REQUIRE(metrics.size() == 4);
  CHECK(metrics[0].path == "routes[f/r1].transit_days.mean");
  CHECK(metrics[0].mean == 5.5);
  CHECK(metrics[0].ci95 == 0.25);
  CHECK(metrics[0].n == 5);
  CHECK(metrics[1].path == "facilities[TORKHAM].utilization");
  CHECK(metrics[2].path == "totals.delivered");
  CHECK(metrics[3].path == "count");
  CHECK(metrics[3].n == 1);
}

TEST_CASE("a batch results.csv is read by case and metric", "[compare]") {
  const auto path =
      write_temp("r.csv", "case,replications,transit_days.mean,transit_days.sd,transit_days.ci95\n"
                          "servers=2,5,10.5,1.0,1.24\n"
                          "servers=4,5,8.25,0.5,0.62\n");
  const auto metrics = read_metrics(path);
  REQUIRE(metrics.size() == 2);
  CHECK(metrics[0].path == "case[servers=2].transit_days");
  CHECK(metrics[0].mean == 10.5);
  CHECK(metrics[0].ci95 == 1.24);
  CHECK(metrics[1].n == 5);
}

TEST_CASE("tolerances parse as relative percentages or absolute numbers", "[compare]") {
  auto relative = parse_metric_tolerance("routes[*].transit_days.*=5%");
  REQUIRE(relative);
  CHECK(relative->pattern == "routes[*].transit_days.*");
  CHECK(relative->tolerance.relative == Approx(0.05));
  CHECK(relative->tolerance.absolute == 0);
  auto absolute = parse_metric_tolerance("totals.delivered=0.5");
  REQUIRE(absolute);
  CHECK(absolute->tolerance.absolute == 0.5);
  CHECK_FALSE(parse_metric_tolerance("no-equals"));
  CHECK_FALSE(parse_metric_tolerance("x=abc"));
  CHECK_FALSE(parse_metric_tolerance("x=-1"));
  CHECK_FALSE(parse_metric_tolerance("x="));
}

TEST_CASE("verdicts: same, within noise, changed, missing, new", "[compare]") {
  const std::vector<Metric> baseline = {
      {"a", 100, 0, 1}, {"b", 100, 0, 1}, {"c", 100, 5, 5}, {"d", 100, 1, 5}, {"gone", 1, 0, 1}};
  const std::vector<Metric> current = {
      {"a", 100.05, 0, 1}, {"b", 103, 0, 1}, {"c", 104, 5, 5}, {"d", 104, 1, 5}, {"added", 1, 0, 1}};
  const auto rows = compare_metrics(baseline, current, {0.001, 0}, {});
  CHECK(find(rows, "a").verdict == Verdict::Same);        // 0.05 <= 0.1
  CHECK(find(rows, "b").verdict == Verdict::Changed);     // 3 > 0.1, not replicated
  CHECK(find(rows, "c").verdict == Verdict::WithinNoise); // 4 <= hypot(5, 5) = 7.07
  CHECK(find(rows, "c").noise == Approx(7.0711).epsilon(1e-4));
  CHECK(find(rows, "d").verdict == Verdict::Changed); // 4 > hypot(1, 1)
  CHECK(find(rows, "gone").verdict == Verdict::Missing);
  CHECK(find(rows, "added").verdict == Verdict::New);
  CHECK_FALSE(find(rows, "added").is_regression());
  CHECK(find(rows, "gone").is_regression());
}

TEST_CASE("the last matching --metric pattern sets the tolerance", "[compare]") {
  const std::vector<Metric> baseline = {{"routes[f/r].transit_days.p95", 10, 0, 1},
                                        {"totals.delivered", 10, 0, 1}};
  const std::vector<Metric> current = {{"routes[f/r].transit_days.p95", 10.8, 0, 1},
                                       {"totals.delivered", 10.8, 0, 1}};
  const auto rows = compare_metrics(baseline, current, {0.01, 0},
                                    {{"routes[*]*", {0.5, 0}}, {"routes[*].transit_days.p9?", {0.1, 0}}});
  CHECK(find(rows, "routes[f/r].transit_days.p95").verdict == Verdict::Same);
  CHECK(find(rows, "routes[f/r].transit_days.p95").tolerance == Approx(1.0));
  CHECK(find(rows, "totals.delivered").verdict == Verdict::Changed);
}

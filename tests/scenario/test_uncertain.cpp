// Uncertain inputs in the scenario format (issue 14): read at their nominal value, recorded with
// their --set path, and checked against the bounds of the number they stand for.
#include "corridor/load.hpp"
#include "corridor/network.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace corridor;

namespace {

const std::string kFile = std::string(CORRIDOR_TEST_DIR) + "/scenarios/uncertain/border.yaml";

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// Every message of a load that must fail, one a line.
std::string errors_of(const std::string& text) {
  try {
    load_scenario_text(text, "x.yaml");
  } catch (const ScenarioError& e) {
    std::string lines;
    for (const auto& d : e.diagnostics())
      lines += d.to_string() + "\n";
    return lines;
  }
  FAIL("the scenario loaded, but it should not have");
  return {};
}

} // namespace

TEST_CASE("uncertain inputs load at their nominal value with their path and sources", "[uncertain]") {
  const Scenario s = load_scenario(kFile);
  CHECK(s.links[0].distance_km == 100);                  // uniform 80..120: the midpoint
  CHECK(s.facilities[0].servers == 3);                   // the mode
  CHECK(s.facilities[0].service_time_h.max == 1.5);      // uniform 1..2: the midpoint
  CHECK(s.facilities[0].service_time_h.min == 0.5);      // the per-truck variability stays
  CHECK(RoutedScenario(s).routes[0].distance_km == 160); // routes use the nominal distance
  REQUIRE(s.uncertain.size() == 3);
  const UncertainInput& km = s.uncertain[0];
  CHECK(km.path == "links[west].distance_km");
  CHECK(km.low == 80);
  CHECK(km.high == 120);
  CHECK_FALSE(km.mode);
  CHECK_FALSE(km.integer);
  CHECK(km.sources == std::vector<std::string>{"survey A", "survey B"});
  CHECK(km.loc.file == kFile);
  CHECK(km.loc.line == 18);
  const UncertainInput& lanes = s.uncertain[1];
  CHECK(lanes.path == "facilities[POST].servers");
  CHECK(lanes.integer);
  CHECK(lanes.mode == 3);
  CHECK(lanes.loc.line == 25);
  CHECK(s.uncertain[2].path == "facilities[POST].service_time_h.uniform.max");
  CHECK(s.uncertain[2].sources.size() == 2);
}

TEST_CASE("a scenario keeps the overrides it was loaded with", "[uncertain]") {
  const Scenario s = load_scenario(kFile, {"facilities[POST].fees.usd_per_vehicle=80"});
  CHECK(s.overrides == std::vector<std::string>{"facilities[POST].fees.usd_per_vehicle=80"});
  CHECK(s.facilities[0].fee_usd_per_vehicle == 80);
}

TEST_CASE("with_input_values reloads the scenario with each input at its value", "[uncertain]") {
  const Scenario s = load_scenario(kFile, {"facilities[POST].fees.usd_per_vehicle=80"});
  Scenario given = s;
  given.info.seed = 99; // set by --seed after loading: kept
  const Scenario v = with_input_values(given, {117.25, 4, 1.125});
  CHECK(v.links[0].distance_km == 117.25);
  CHECK(v.facilities[0].servers == 4);
  CHECK(v.facilities[0].service_time_h.max == 1.125);
  CHECK(v.facilities[0].fee_usd_per_vehicle == 80); // the scenario's own overrides still apply
  CHECK(v.info.seed == 99);
  CHECK(RoutedScenario(v).routes[0].distance_km == 177.25);
  CHECK(v.overrides == s.overrides);
  CHECK(v.uncertain.size() == 3);
  // A value that breaks the scenario is reported as a --set value would be.
  CHECK_THROWS_AS(with_input_values(given, {100, 4, 0.25}), ScenarioError); // max 0.25 < min 0.5
}

TEST_CASE("a constant or a whole distribution may be uncertain", "[uncertain]") {
  const std::string text = read(kFile);
  const Scenario a = load_scenario_text(
      replaced(text,
               "{uniform: {min: 0.5, max: {uncertain: {low: 1, high: 2, sources: [CPMM 2022, CPMM 2023]}}}}",
               "{uncertain: {low: 24, high: 120, mode: 60, sources: [CPMM]}}"),
      "x.yaml");
  CHECK(a.facilities[0].service_time_h.is_constant());
  CHECK(a.facilities[0].service_time_h.mean() == 60);
  CHECK(a.uncertain[2].path == "facilities[POST].service_time_h");
  const Scenario b = load_scenario_text(
      replaced(text,
               "{uniform: {min: 0.5, max: {uncertain: {low: 1, high: 2, sources: [CPMM 2022, CPMM 2023]}}}}",
               "{constant: {uncertain: {low: 2, high: 3, sources: [CPMM]}}}"),
      "x.yaml");
  CHECK(b.facilities[0].service_time_h.mean() == 2.5);
  CHECK(b.uncertain[2].path == "facilities[POST].service_time_h.constant");
}

TEST_CASE("uncertain inputs are checked with file:line:col errors", "[uncertain]") {
  const std::string text = read(kFile);
  const std::string km = "{uncertain: {low: 80, high: 120, sources: [survey A, survey B]}}";
  auto with_km = [&](const std::string& value) { return errors_of(replaced(text, km, value)); };
  CHECK(with_km("{uncertain: {low: 130, high: 120, sources: [A]}}") ==
        "x.yaml:18:31: error: links[west].distance_km.uncertain: expected low <= high, got low 130 and "
        "high 120\n");
  CHECK(with_km("{uncertain: {low: 80, high: 120, mode: 125, sources: [A]}}") ==
        "x.yaml:18:58: error: links[west].distance_km.uncertain.mode: expected low <= mode <= high, got "
        "low 80, mode 125, high 120\n");
  // The bounds of the number itself: a distance is positive.
  CHECK(with_km("{uncertain: {low: 0, high: 120, sources: [A]}}") ==
        "x.yaml:18:37: error: links[west].distance_km.uncertain.low: expected a positive number, got '0'\n");
  CHECK(with_km("{uncertain: {low: 80, high: 120}}") ==
        "x.yaml:18:31: error: links[west].distance_km.uncertain.sources: missing required key: expected a "
        "list of the sources of the range, e.g. [CPMM 2022 outbound, CPMM 2023 inbound]\n");
  CHECK(with_km("{uncertain: {low: 80, high: 120, sources: []}}") ==
        "x.yaml:18:61: error: links[west].distance_km.uncertain.sources: expected a non-empty list of "
        "sources (texts), got a list\n");
  CHECK(with_km("{uncertain: {low: 80, hihg: 120, sources: [A]}}") ==
        "x.yaml:18:31: error: links[west].distance_km.uncertain.high: missing required key: expected a "
        "number\nx.yaml:18:41: error: links[west].distance_km.uncertain.hihg: unknown key; did you mean "
        "'high'? (valid keys: low, high, mode, sources)\n");
  // Servers are integers from 1.
  CHECK(errors_of(replaced(text, "{low: 2, high: 4, mode: 3,", "{low: 0, high: 4.5,")) ==
        "x.yaml:25:32: error: facilities[POST].servers.uncertain.low: expected an integer >= 1, got '0'\n"
        "x.yaml:25:41: error: facilities[POST].servers.uncertain.high: expected an integer, got '4.5'\n");
  // The run's settings are the same for every replication.
  CHECK(errors_of(replaced(text, "seed: 3", "seed: {uncertain: {low: 1, high: 9, sources: [A]}}")) ==
        "x.yaml:8:9: error: scenario.seed: the scenario section sets up the run, the same for every "
        "replication: expected a number, not an uncertain value\n");
}

TEST_CASE("a --set of an uncertain input's path fixes it; a what-if's set may make one uncertain",
          "[uncertain]") {
  const Scenario fixed = load_scenario(kFile, {"facilities[POST].servers=2"});
  CHECK(fixed.facilities[0].servers == 2);
  REQUIRE(fixed.uncertain.size() == 2); // no longer uncertain
  CHECK(fixed.uncertain[0].path == "links[west].distance_km");
  CHECK(fixed.uncertain[1].path == "facilities[POST].service_time_h.uniform.max");

  const auto dir = std::filesystem::temp_directory_path() / "corridor-uncertain-whatif";
  std::filesystem::create_directories(dir);
  const auto whatif = dir / "whatif.yaml";
  std::ofstream(whatif) << "extends: " << kFile << "\n"
                        << "set:\n"
                        << "  \"facilities[POST].fees.usd_per_vehicle\": {uncertain: {low: 50, high: 150, "
                           "sources: [tariff 2024]}}\n";
  const Scenario s = load_scenario(whatif.string());
  REQUIRE(s.uncertain.size() == 4);
  CHECK(s.facilities[0].fee_usd_per_vehicle == 100);
  const UncertainInput& fee = s.uncertain[3];
  CHECK(fee.path == "facilities[POST].fees.usd_per_vehicle");
  CHECK(fee.loc.file == whatif.string()); // reported where the what-if wrote it
  CHECK(fee.loc.line == 3);
  CHECK(with_input_values(s, {100, 3, 1.5, 75}).facilities[0].fee_usd_per_vehicle == 75);
}

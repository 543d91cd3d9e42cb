// `extends: base.yaml` with `set:` and added items: the what-if equals the file written in
// full, and every mistake is reported in the file where it was written.
#include "corridor/load.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace corridor;

namespace {

const std::string kDir = std::string(CORRIDOR_TEST_DIR) + "/scenarios/extends/";

std::vector<std::string> errors_of(const std::string& file) {
  try {
    load_scenario(kDir + file);
  } catch (const ScenarioError& e) {
    std::vector<std::string> lines;
    for (const auto& d : e.diagnostics())
      lines.push_back(d.to_string().substr(d.to_string().find("extends/") + 8));
    return lines;
  }
  FAIL("the scenario loaded, but it should not have");
  return {};
}

bool has(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

} // namespace

TEST_CASE("a scenario that extends another gets the base, its set values and its added items",
          "[load][extends]") {
  const Scenario s = load_scenario(kDir + "whatif.yaml");
  CHECK(s.info.name == "extends what-if");
  CHECK(s.info.horizon_days == 60); // the base's scenario keys stay beside the replaced one
  CHECK(s.info.seed == 4);
  REQUIRE(s.facilities.size() == 1);
  CHECK(s.facilities[0].servers == 2);
  REQUIRE(s.flows.size() == 2);
  CHECK(s.flows[0].teu_per_year == 5000);
  CHECK(s.flows[1].id == "g");
  CHECK(s.disruptions.size() == 1);
  CHECK(s.bases == std::vector<std::string>{kDir + "base.yaml"});
  // An added item's position is in the file that added it.
  CHECK(s.flows[1].loc.self.file == kDir + "whatif.yaml");
  CHECK(s.flows[1].loc.self.line == 11);
  CHECK(s.flows[0].loc.self.file == kDir + "base.yaml");
  CHECK(scenario_files(kDir + "whatif.yaml") ==
        std::vector<std::string>{kDir + "whatif.yaml", kDir + "base.yaml"});
}

TEST_CASE("extends chains: the nearest file's values win", "[load][extends]") {
  const Scenario s = load_scenario(kDir + "chain.yaml", {"facilities[POST].servers=3"});
  CHECK(s.info.seed == 5);
  CHECK(s.facilities[0].servers == 3); // --set comes after the files
  CHECK(s.flows.size() == 2);
  CHECK(s.bases == std::vector<std::string>{kDir + "whatif.yaml", kDir + "base.yaml"});
}

TEST_CASE("mistakes in a scenario that extends another are reported where they were written",
          "[load][extends]") {
  const auto bad_set = errors_of("bad-set.yaml");
  CHECK(
      has(bad_set, "bad-set.yaml:3:31: error: facilities[POST].servers: expected an integer >= 1, got '-2'"));
  CHECK(has(bad_set,
            "bad-set.yaml:4:3: error: facilities[GATE].servers: no item 'GATE' in facilities (by id or "
            "index)"));
  CHECK(std::any_of(bad_set.begin(), bad_set.end(), [](const std::string& e) {
    return e.rfind("bad-set.yaml:5:3: error: links[0].speed_kph: unknown key; did you mean 'speed_kmh'?",
                   0) == 0;
  }));
  const auto bad_item = errors_of("bad-item.yaml");
  CHECK(std::any_of(bad_item.begin(), bad_item.end(), [](const std::string& e) {
    return e.rfind("bad-item.yaml:3:40: error: demand[g].teu_per_yaer: unknown key", 0) == 0;
  }));
  CHECK(errors_of("missing-base.yaml") ==
        std::vector<std::string>{"missing-base.yaml:2:10: error: extends: cannot read '" + kDir +
                                 "no-such-base.yaml', the scenario this one extends: no such file"});
  const auto cycle = errors_of("cycle-a.yaml");
  REQUIRE(cycle.size() == 1);
  CHECK(cycle[0].rfind("cycle-b.yaml:1:10: error: extends: the scenario extends itself: ", 0) == 0);
}

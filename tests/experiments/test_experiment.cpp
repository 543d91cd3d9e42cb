// Experiment files: expansion into cases, errors at file:line:col, seeds and shards.
#include "corridor/diagnostics.hpp"
#include "corridor/engine.hpp"
#include "corridor/experiment.hpp"
#include "corridor/random.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <unistd.h>

using namespace corridor;
namespace fs = std::filesystem;

namespace {

const std::string kDir = std::string(CORRIDOR_TEST_DIR) + "/scenarios/experiments";

// An experiment file next to the test base scenario, so `scenario: border-base.yaml` resolves.
std::string write_experiment(const std::string& name, const std::string& text) {
  // One directory per test process: ctest runs test cases in parallel processes.
  struct Scratch {
    fs::path path = fs::temp_directory_path() / ("corridor-experiment-test-" + std::to_string(getpid()));
    ~Scratch() {
      std::error_code ignored;
      fs::remove_all(path, ignored);
    }
  };
  static const Scratch scratch;
  const fs::path& dir = scratch.path;
  fs::create_directories(dir);
  fs::copy_file(kDir + "/border-base.yaml", dir / "border-base.yaml", fs::copy_options::overwrite_existing);
  const fs::path path = dir / name;
  std::ofstream(path) << text;
  return path.string();
}

// Every diagnostic of a failed load, one a line, with the directory stripped.
std::string errors_of(const std::string& path) {
  try {
    load_experiment(path);
  } catch (const ScenarioError& e) {
    std::string text;
    for (const auto& d : e.diagnostics()) {
      std::string line = d.to_string();
      const std::string dir = fs::path(path).parent_path().string() + "/";
      if (line.rfind(dir, 0) == 0) line = line.substr(dir.size());
      text += line + "\n";
    }
    return text;
  }
  return "no error";
}

} // namespace

TEST_CASE("a full factorial expands every combination, the last factor fastest", "[experiment]") {
  const Experiment e = load_experiment(kDir + "/border.yaml");
  CHECK(e.name == "border lanes, demand and closure");
  CHECK(e.factors == std::vector<std::string>{"servers", "demand", "exit_road"});
  REQUIRE(e.cases.size() == 3 * 2 * 2);
  CHECK(e.cases[0].id == "servers=3+demand=x0.5+exit_road=open");
  CHECK(e.cases[1].id == "servers=3+demand=x0.5+exit_road=closed");
  CHECK(e.cases[2].id == "servers=3+demand=x1+exit_road=open");
  CHECK(e.cases[11].id == "servers=6+demand=x1+exit_road=closed");
  // Levels as written; a scale multiplies the base scenario's 17520 TEU a year.
  CHECK(e.cases[1].levels == std::vector<std::string>{"3", "x0.5", "closed"});
  CHECK(e.cases[1].overrides ==
        std::vector<std::string>{
            "facilities[BORDER].servers=3", "demand[trucks].teu_per_year=8760",
            "links[OUT].closures=[{from: 2025-01-20, to: 2025-01-24, reason: landslide}]"});
  CHECK(e.cases[2].overrides[1] == "demand[trucks].teu_per_year=17520");
  for (const auto& c : e.cases) {
    CHECK(c.seed == 7);         // the experiment's
    CHECK(c.replications == 3); // the base scenario's
    CHECK(fs::path(c.scenario).filename() == "border-base.yaml");
    CHECK(c.scenario_sha256.size() == 64);
  }
  CHECK(enumerate_runs(e).size() == 36);
}

TEST_CASE("a list of cases gives exactly those cases, absent factors at the base value", "[experiment]") {
  const auto path = write_experiment("cases.yaml", R"(experiment:
  scenario: border-base.yaml
  replications: 2
factors:
  - name: servers
    path: facilities[BORDER].servers
    levels: [3, 6]
  - name: demand
    path: demand[trucks].teu_per_year
    scale: [0.5, 2]
  - name: exit
    levels:
      closed: {"links[OUT].closures": [{from: 2025-01-20, to: 2025-01-24}], "scenario.warmup_days": 1}
cases:
  - {}
  - {servers: 6, demand: 0.5}
  - {id: stress, servers: 3, demand: x2, exit: closed}
)");
  const Experiment e = load_experiment(path);
  REQUIRE(e.cases.size() == 3);
  CHECK(e.cases[0].id == "base");
  CHECK(e.cases[0].overrides.empty());
  CHECK(e.cases[0].levels == std::vector<std::string>{"", "", ""});
  CHECK(e.cases[1].id == "servers=6+demand=x0.5");
  CHECK(e.cases[1].overrides ==
        std::vector<std::string>{"facilities[BORDER].servers=6", "demand[trucks].teu_per_year=8760"});
  CHECK(e.cases[2].id == "stress");
  CHECK(e.cases[2].levels == std::vector<std::string>{"3", "x2", "closed"});
  CHECK(e.cases[2].overrides ==
        std::vector<std::string>{"facilities[BORDER].servers=3", "demand[trucks].teu_per_year=35040",
                                 "links[OUT].closures=[{from: 2025-01-20, to: 2025-01-24}]",
                                 "scenario.warmup_days=1"});
  for (const auto& c : e.cases) {
    CHECK(c.replications == 2);
    CHECK(c.seed == 11); // the base scenario's
  }
}

TEST_CASE("experiment mistakes are reported at file:line:col, all at once", "[experiment]") {
  const auto path = write_experiment("bad.yaml", R"(experiment:
  scenario: border-base.yaml
  replication: 3
factors:
  - name: servers
    path: facilities[BORDER].servers
    levels: [3, 0]
  - name: lanes
    path: facilities[NOPE].servers
    levels: [2]
  - name: demand
    path: demand[trucks].arrivals
    scale: [2]
)");
  CHECK(errors_of(path) ==
        "bad.yaml:3:3: error: experiment.replication: unknown key; did you mean 'replications'? (valid keys: "
        "name, description, scenario, replications, seed, common_random_numbers)\n"
        "bad.yaml:7:17: error: factors[servers].levels[1]: the scenario rejects this level: "
        "facilities[BORDER].servers: expected an integer >= 1, got '0'\n"
        "bad.yaml:10:14: error: factors[lanes].levels[0]: the scenario rejects this level: "
        "facilities[NOPE].servers: no item 'NOPE' in facilities (by id or index)\n"
        "bad.yaml:12:11: error: factors[demand].path: the base scenario has no number at "
        "'demand[trucks].arrivals' to scale, got 'poisson'\n");
}

TEST_CASE("cases naming unknown factors or levels are errors, with suggestions", "[experiment]") {
  const auto path = write_experiment("bad-cases.yaml", R"(experiment:
  scenario: border-base.yaml
factors:
  - name: servers
    path: facilities[BORDER].servers
    levels: [3, 4]
  - name: servers
    levels: {a: {}}
cases:
  - {servers: 5}
  - {sevrers: 3}
  - {servers: 3}
  - {servers: 3}
)");
  CHECK(errors_of(path) ==
        "bad-cases.yaml:7:11: error: factors[1].name: duplicate factor name 'servers'\n"
        "bad-cases.yaml:10:15: error: cases[0].servers: unknown level '5' of factor 'servers' "
        "(levels: 3, 4)\n"
        "bad-cases.yaml:11:6: error: cases[1].sevrers: unknown key; did you mean 'servers'? "
        "(valid keys: id, servers)\n"
        "bad-cases.yaml:13:5: error: cases: duplicate case 'servers=3'\n");
}

TEST_CASE("an experiment without its base scenario, or with bad YAML, is reported", "[experiment]") {
  CHECK(errors_of(write_experiment("no-base.yaml", "experiment:\n  name: x\n")) ==
        "no-base.yaml:2:3: error: experiment.scenario: missing required key: expected a text\n");
  CHECK(errors_of(write_experiment("syntax.yaml", "experiment: {scenario: border-base.yaml\n")) ==
        "syntax.yaml:2:1: error: invalid YAML: end of map flow not found\n");
  CHECK(is_experiment_file(write_experiment("syntax2.yaml", "experiment: {scenario: border-base.yaml\n")));
  CHECK_FALSE(is_experiment_file(kDir + "/border-base.yaml"));
}

TEST_CASE("run seeds depend only on the base seed, the case and the replication", "[experiment][seeds]") {
  Experiment e = load_experiment(kDir + "/border.yaml");
  const auto runs = enumerate_runs(e);
  std::set<std::uint64_t> seeds;
  for (const RunRef& run : runs) {
    const auto& c = e.cases[run.case_index];
    CHECK(run_seed(e, run) == replication_seed(mix_seed(7, stable_hash(c.id)), run.replication));
    seeds.insert(run_seed(e, run));
  }
  CHECK(seeds.size() == runs.size()); // independent streams for every run

  // Reordering the cases moves runs but not their seeds.
  Experiment reversed = e;
  std::reverse(reversed.cases.begin(), reversed.cases.end());
  for (const RunRef& run : enumerate_runs(reversed)) {
    const std::size_t original = e.cases.size() - 1 - run.case_index;
    CHECK(run_seed(reversed, run) == run_seed(e, RunRef{0, original, run.replication}));
  }

  // Common random numbers: replication i of every case shares one seed.
  e.common_random_numbers = true;
  CHECK(run_seed(e, RunRef{0, 0, 1}) == run_seed(e, RunRef{0, 5, 1}));
  CHECK(run_seed(e, RunRef{0, 0, 1}) == replication_seed(7, 1));
  CHECK(run_seed(e, RunRef{0, 0, 0}) != run_seed(e, RunRef{0, 0, 1}));
}

TEST_CASE("shards partition the runs: each run in exactly one shard", "[experiment][shard]") {
  const Experiment e = load_experiment(kDir + "/border.yaml");
  const auto runs = enumerate_runs(e);
  for (int n = 1; n <= 7; ++n) {
    std::vector<int> taken(runs.size(), 0);
    for (int k = 1; k <= n; ++k)
      for (const RunRef& run : runs)
        if (Shard{k, n}.contains(run)) ++taken[run.index];
    CHECK(std::all_of(taken.begin(), taken.end(), [](int t) { return t == 1; }));
  }
  CHECK(Shard{2, 3}.contains(runs[1]));
  CHECK(Shard{2, 3}.contains(runs[4]));
  CHECK_FALSE(Shard{2, 3}.contains(runs[2]));
}

TEST_CASE("a shard K/N is parsed strictly", "[experiment][shard]") {
  REQUIRE(parse_shard("3/8"));
  CHECK(parse_shard("3/8")->index == 3);
  CHECK(parse_shard("3/8")->count == 8);
  CHECK(parse_shard("1/1"));
  for (const char* bad : {"0/4", "5/4", "3", "/4", "3/", "a/4", "3/4x", "-1/4", "1/0", ""})
    CHECK_FALSE(parse_shard(bad));
}

TEST_CASE("experiment.json reads back to the same experiment", "[experiment]") {
  const Experiment e = load_experiment(kDir + "/border.yaml");
  const std::string text = experiment_json_text(e);
  const auto path = fs::path(write_experiment("experiment.json", ""));
  std::ofstream(path) << text;
  const Experiment back = read_experiment_json(path.string());
  CHECK(experiment_json_text(back) == text);
  CHECK(back.cases.size() == e.cases.size());
  CHECK(back.cases[3].overrides == e.cases[3].overrides);
  // The scenario is named by file name and hash, not by the path it was reached through.
  CHECK(back.cases[0].scenario == "border-base.yaml");
}

TEST_CASE("scenario files make a batch of one case each", "[experiment]") {
  const std::string a = kDir + "/border-base.yaml";
  const Experiment e = experiment_from_scenarios({a, a}, std::nullopt, std::nullopt);
  REQUIRE(e.cases.size() == 2);
  CHECK(e.cases[0].id == "border-base");
  CHECK(e.cases[1].id == "border-base-2");
  CHECK(e.cases[0].replications == 3);
  CHECK(e.cases[0].seed == 11);
  CHECK(e.factors == std::vector<std::string>{"scenario"});
  CHECK(e.cases[0].levels == std::vector<std::string>{"border-base.yaml"}); // the name, not the path
  const Experiment f = experiment_from_scenarios({a}, 5, 99);
  CHECK(f.cases[0].replications == 5);
  CHECK(f.cases[0].seed == 99);
  CHECK_THROWS_AS(experiment_from_scenarios({kDir + "/missing.yaml"}, std::nullopt, std::nullopt),
                  ScenarioError);
}

TEST_CASE("experiment inputs out of range are errors at their place, before anything is expanded",
          "[experiment][limits]") {
  // 10^10 cases would be made in memory before the first run.
  std::string factorial = "experiment:\n  scenario: border-base.yaml\nfactors:\n";
  for (int i = 0; i < 10; ++i)
    factorial += "  - {name: f" + std::to_string(i) +
                 ", path: scenario.seed, levels: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]}\n";
  CHECK(errors_of(write_experiment("factorial.yaml", factorial)) ==
        "factorial.yaml:4:3: error: factors: expected at most 1e+06 cases (the product of the factors' level "
        "counts), got 1e+10; list the cases wanted under 'cases'\n");
  CHECK(errors_of(write_experiment("repl.yaml", "experiment:\n  scenario: border-base.yaml\n  replications: "
                                                "2147483648\n")) ==
        "repl.yaml:3:17: error: experiment.replications: expected an integer <= 100000, got '2147483648'\n");
  CHECK(errors_of(write_experiment("index.yaml", R"(experiment:
  scenario: border-base.yaml
factors:
  - {name: d, path: "demand[99999999999999999999999].teu_per_year", scale: [1, 2]}
)")) == "index.yaml:4:21: error: factors[d].path: the base scenario has no number at "
        "'demand[99999999999999999999999].teu_per_year' to scale\n");
}

TEST_CASE("a misspelt first key is an experiment's error with a suggestion, not a failed scenario",
          "[experiment]") {
  const auto path = write_experiment("typo.yaml", "experimnt:\n  scenario: border-base.yaml\n");
  CHECK(is_experiment_file(path));
  CHECK(errors_of(path) ==
        "typo.yaml:1:1: error: experiment: missing required key: expected a mapping with the base scenario\n"
        "typo.yaml:1:1: error: experimnt: unknown key; did you mean 'experiment'? (valid keys: experiment, "
        "factors, cases)\n");
  CHECK(errors_of(write_experiment("dup.yaml", "experiment:\n  scenario: border-base.yaml\nexperiment:\n  "
                                               "scenario: other.yaml\n")) ==
        "dup.yaml:3:1: error: experiment: duplicate key (first at line 1): each key may appear once\n");
  CHECK(errors_of(write_experiment("list-key.yaml", R"(experiment:
  scenario: border-base.yaml
factors:
  - name: st
    path: "facilities[BORDER].servers"
    levels: {[a]: 3, b: 4}
)")) == "list-key.yaml:6:14: error: factors[0].levels: expected a key that is a text, got a list\n");
}

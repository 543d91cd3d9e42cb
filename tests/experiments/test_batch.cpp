// Batches: aggregation by hand, the same bytes whatever the jobs, shards or interruptions,
// resume, failures that do not stop the others, and the directory guards.
#include "corridor/batch.hpp"
#include "corridor/compare.hpp"
#include "corridor/engine.hpp"
#include "corridor/load.hpp"
#include "corridor/random.hpp"
#include "corridor/replications.hpp"
#include "corridor/summary.hpp"
#include "corridor/uncertainty.hpp"

#include "experiments/batch_files.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace corridor;
namespace fs = std::filesystem;

namespace {

const std::string kExperiment = std::string(CORRIDOR_TEST_DIR) + "/scenarios/experiments/border.yaml";

// This test process's scratch directory, removed when the process ends (the batch's children
// leave with _exit and never run this).
const fs::path& scratch() {
  struct Scratch {
    fs::path path = fs::temp_directory_path() / ("corridor-batch-test-" + std::to_string(getpid()));
    ~Scratch() {
      std::error_code ignored;
      fs::remove_all(path, ignored);
    }
  };
  static const Scratch dir;
  return dir.path;
}

std::string fresh_dir(const std::string& name) {
  const fs::path dir = scratch() / name;
  fs::remove_all(dir);
  return dir.string();
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path) << text;
}

BatchReport run(const Experiment& e, const std::string& dir, int jobs, Shard shard = {}, bool resume = false,
                SimulateFunction simulate = {}) {
  BatchOptions options;
  options.out_dir = dir;
  options.jobs = jobs;
  options.shard = shard;
  options.resume = resume;
  options.simulate = std::move(simulate);
  return run_batch(e, options);
}

// Every file under a directory (but the lock), by relative path, with its bytes.
std::map<std::string, std::string> tree(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().filename() != ".lock")
      files[fs::relative(entry.path(), dir).string()] = read(entry.path().string());
  return files;
}

std::string row_of(const std::string& csv, const std::string& case_id) {
  std::istringstream in(csv);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(case_id + ",", 0) == 0) return line;
  return "";
}

} // namespace

TEST_CASE("results.csv holds each metric's mean, sd and 95% CI over the replications, by hand", "[batch]") {
  Experiment e;
  e.name = "hand";
  e.factors = {"f"};
  e.cases = {{"A", "s.yaml", "", {}, {"a"}, 1, 4},
             {"B", "s.yaml", "", {}, {"b"}, 1, 2},
             {"C", "s.yaml", "", {}, {"c"}, 1, 2}};
  const std::string dir = fresh_dir("hand");
  auto stem = [&](const std::string& c, int r) { return dir + "/runs/" + c + "/rep-" + std::to_string(r); };
  write(stem("A", 1) + ".json", R"({"metrics": {"x": 1, "y": 7}})");
  write(stem("A", 2) + ".json", R"({"metrics": {"x": 2, "y": null}})");
  write(stem("A", 3) + ".json", R"({"metrics": {"x": 3, "y": null}})");
  write(stem("A", 4) + ".json", R"({"metrics": {"x": 4}})");
  write(stem("B", 1) + ".json", R"({"metrics": {"x": 10}})");
  write(stem("B", 2) + ".json", R"({"metrics": {"x": 14}})");
  write(stem("C", 1) + ".error", "boom, \"badly\"\nsecond line\n");
  write(stem("C", 2) + ".json", R"({"metrics": {"x": 5}})");

  const ResultsReport report = write_results(dir, e);
  CHECK(report.runs == 8);
  CHECK(report.failed == 1);
  CHECK(report.missing == 0);
  // x of A: 1..4: mean 2.5, sd sqrt(5/3) = 1.290994449, t(0.975, 3) = 3.182446305, half-width t sd / 2.
  // x of B: 10, 14: mean 12, sd sqrt(8) = 2.828427125, t(0.975, 1) = 12.70620474 -> 25.41240947.
  // One value (y of A, x of C) has no sd and no interval.
  CHECK(read(dir + "/results.csv") == "case,f,replications,failures,x.mean,x.sd,x.ci95,y.mean,y.sd,y.ci95\n"
                                      "A,a,4,0,2.5,1.290994449,2.054260257,7,,\n"
                                      "B,b,2,0,12,2.828427125,25.41240947,,,\n"
                                      "C,c,1,1,5,,,,,\n");
  const auto seed = [&](std::size_t c, int r) { return std::to_string(run_seed(e, RunRef{0, c, r})); };
  CHECK(read(dir + "/replications.csv") == "case,f,replication,seed,status,error,x,y\n"
                                           "A,a,1," +
                                               seed(0, 0) +
                                               ",ok,,1,7\n"
                                               "A,a,2," +
                                               seed(0, 1) +
                                               ",ok,,2,\n"
                                               "A,a,3," +
                                               seed(0, 2) +
                                               ",ok,,3,\n"
                                               "A,a,4," +
                                               seed(0, 3) +
                                               ",ok,,4,\n"
                                               "B,b,1," +
                                               seed(1, 0) +
                                               ",ok,,10,\n"
                                               "B,b,2," +
                                               seed(1, 1) +
                                               ",ok,,14,\n"
                                               "C,c,1," +
                                               seed(2, 0) +
                                               ",failed,\"boom, \"\"badly\"\"\nsecond line\",,\n"
                                               "C,c,2," +
                                               seed(2, 1) + ",ok,,5,\n");

  // `corridor compare` reads it.
  const auto metrics = read_metrics(dir + "/results.csv");
  REQUIRE(metrics.size() == 4);
  CHECK(metrics[0].path == "case[A].x");
  CHECK(metrics[0].mean == 2.5);
  CHECK(metrics[0].ci95 == Approx(2.054260257));
  CHECK(metrics[0].n == 4);

  // A run without a result: nothing is written.
  fs::remove(dir + "/results.csv");
  fs::remove(stem("B", 2) + ".json");
  CHECK(write_results(dir, e).missing == 1);
  CHECK_FALSE(fs::exists(dir + "/results.csv"));
}

TEST_CASE("ids with commas and quotes read back the same in Python's csv module and in compare",
          "[batch][csv]") {
  Experiment e;
  e.name = "quoting";
  e.factors = {"level, \"quoted\""};
  e.cases = {{"case, \"one\"", "s.yaml", "", {}, {"a,b"}, 1, 1},
             {"plain", "s.yaml", "", {}, {"\"x\""}, 1, 1}};
  const std::string dir = fresh_dir("quoting");
  write(dir + "/runs/case, \"one\"/rep-1.json", R"({"metrics": {"route, \"r\".days": 1.5}})");
  write(dir + "/runs/plain/rep-1.error", "line one, \"two\"\nline three\n");
  REQUIRE(write_results(dir, e).missing == 0);
  // RFC 4180 as csv.hpp writes it: quoted only when needed, quotes doubled, line breaks kept.
  CHECK(read(dir + "/results.csv") ==
        "case,\"level, \"\"quoted\"\"\",replications,failures,\"route, \"\"r\"\".days.mean\","
        "\"route, \"\"r\"\".days.sd\",\"route, \"\"r\"\".days.ci95\"\n"
        "\"case, \"\"one\"\"\",\"a,b\",1,0,1.5,,\n"
        "plain,\"\"\"x\"\"\",0,1,,,\n");
  // Python's csv module reads every field back as it was.
  const std::string script = dir + "/read.py";
  write(script, "import csv, json, sys\n"
                "for name in ('results.csv', 'replications.csv'):\n"
                "    with open(sys.argv[1] + '/' + name, newline='') as f:\n"
                "        print(json.dumps(list(csv.reader(f))))\n");
  const std::string command = "python3 '" + script + "' '" + dir + "' > '" + dir + "/read.json'";
  REQUIRE(std::system(command.c_str()) == 0);
  std::istringstream parsed(read(dir + "/read.json"));
  std::string results, replications;
  std::getline(parsed, results);
  std::getline(parsed, replications);
  CHECK(results ==
        R"([["case", "level, \"quoted\"", "replications", "failures", "route, \"r\".days.mean", )"
        R"("route, \"r\".days.sd", "route, \"r\".days.ci95"], )"
        R"(["case, \"one\"", "a,b", "1", "0", "1.5", "", ""], ["plain", "\"x\"", "0", "1", "", "", ""]])");
  CHECK(replications.find(R"(["plain", "\"x\"", "1", )") != std::string::npos);
  CHECK(replications.find(R"("failed", "line one, \"two\"\nline three", "")") != std::string::npos);
  // And `corridor compare` reads the same ids.
  const auto metrics = read_metrics(dir + "/results.csv");
  REQUIRE(metrics.size() == 1);
  CHECK(metrics[0].path == "case[case, \"one\"].route, \"r\".days");
  CHECK(metrics[0].mean == 1.5);
}

TEST_CASE("a batch gives the same bytes with 1 or 3 workers, and as 3 merged shards", "[batch][shard]") {
  const Experiment e = load_experiment(kExperiment);
  const std::string one = fresh_dir("one"), three = fresh_dir("three"), merged = fresh_dir("merged");
  const BatchReport report = run(e, one, 1);
  CHECK(report.total == 36);
  CHECK(report.started == 36);
  CHECK(report.failed == 0);
  CHECK(report.wrote_results);
  CHECK(run(e, three, 3).wrote_results);
  CHECK(tree(one) == tree(three));

  std::vector<std::string> shards;
  for (int k = 1; k <= 3; ++k) {
    shards.push_back(fresh_dir("shard" + std::to_string(k)));
    const BatchReport part = run(e, shards.back(), 2, Shard{k, 3});
    CHECK(part.total == 12);
    CHECK_FALSE(part.wrote_results); // a shard alone is not the experiment
  }
  const ResultsReport m = merge_batches(shards, merged);
  CHECK(m.runs == 36);
  CHECK(m.missing == 0);
  CHECK(read(merged + "/results.csv") == read(one + "/results.csv"));
  CHECK(read(merged + "/replications.csv") == read(one + "/replications.csv"));
  CHECK(tree(merged) == tree(one));

  // Merging twice the same shard is harmless; an incomplete merge writes no results.
  const std::string partial = fresh_dir("partial");
  const ResultsReport p = merge_batches({shards[0], shards[0], shards[2]}, partial);
  CHECK(p.missing == 12);
  CHECK_FALSE(fs::exists(partial + "/results.csv"));
  // ... and a resumed batch in it runs exactly the missing shard.
  const BatchReport rest = run(e, partial, 2, {}, true);
  CHECK(rest.started == 12);
  CHECK(rest.resumed == 24);
  CHECK(read(partial + "/results.csv") == read(one + "/results.csv"));
}

TEST_CASE("merge refuses conflicting results and different experiments", "[batch][shard]") {
  Experiment e = load_experiment(kExperiment);
  e.cases.resize(2);
  const std::string a = fresh_dir("a"), b = fresh_dir("b");
  run(e, a, 2, Shard{1, 2});
  run(e, b, 2, Shard{2, 2});
  const std::string stem = batch::run_stem(b, e, RunRef{0, 0, 0});
  write(batch::result_path(stem), R"({"metrics": {"x": 1}})"); // shard 2 claims a run of shard 1, differently
  CHECK_THROWS_WITH(merge_batches({a, b}, fresh_dir("m1")),
                    Catch::Contains("differs from the result of the same run"));

  Experiment other = e;
  other.cases[0].seed = 8;
  const std::string c = fresh_dir("c");
  run(other, c, 2, Shard{2, 2});
  CHECK_THROWS_WITH(merge_batches({a, c}, fresh_dir("m2")),
                    Catch::Contains("a batch of a different experiment"));
}

TEST_CASE("batch results are the replications' statistics of corridor run", "[batch]") {
  const Experiment e = load_experiment(kExperiment);
  const std::string dir = fresh_dir("crosscheck");
  REQUIRE(run(e, dir, 2).wrote_results);

  // The same case, run as `corridor run` runs replications: seeds from the case's own base seed.
  const ExperimentCase& c = e.cases[4];
  const Scenario scenario = load_scenario(c.scenario, c.overrides);
  const RoutedScenario routed(scenario);
  ReplicationPlan plan;
  plan.seed = mix_seed(c.seed, stable_hash(c.id));
  plan.replications = c.replications;
  plan.jobs = 2;
  const Summary summary = summarize(scenario, routed, run_replications(scenario, routed, plan));

  std::map<std::string, Metric> metrics;
  for (const Metric& m : read_metrics(dir + "/results.csv"))
    metrics[m.path] = m;
  const std::string prefix = "case[" + c.id + "].";
  auto check = [&](const std::string& name, const Estimate& expected) {
    INFO(name);
    REQUIRE(metrics.count(prefix + name) == 1);
    const Metric& m = metrics[prefix + name];
    CHECK(m.n == 3);
    CHECK(m.mean == Approx(expected.mean).epsilon(1e-7));
    CHECK(m.ci95 == Approx(expected.ci95_half_width).epsilon(1e-6));
  };
  check("facilities[BORDER].mean_wait_h", summary.facilities[0].mean_wait_h);
  check("facilities[BORDER].utilization", *summary.facilities[0].utilization);
  check("routes[trucks/road].transit_days.mean", summary.routes[0].transit_days_mean);
  check("routes[trucks/road].transit_days.p95", summary.routes[0].transit_days_p95);
  check("totals.delivered", summary.delivered);
}

TEST_CASE("resume reruns exactly the runs without a result, to the same bytes", "[batch][resume]") {
  const Experiment e = load_experiment(kExperiment);
  const std::string dir = fresh_dir("resume");
  run(e, dir, 2);
  const auto complete = tree(dir);
  const auto runs = enumerate_runs(e);
  for (std::size_t i : {3u, 17u, 35u})
    fs::remove(batch::result_path(batch::run_stem(dir, e, runs[i])));
  fs::remove(dir + "/results.csv");
  write(batch::result_path(batch::run_stem(dir, e, runs[5])) + ".tmp-Ab12Cd", "{\"half"); // a killed writer's

  const BatchReport report = run(e, dir, 2, {}, true);
  CHECK(report.started == 3);
  CHECK(report.resumed == 33);
  CHECK(report.unfinished == 0);
  CHECK(tree(dir) == complete);

  // Nothing left to do: no child at all.
  CHECK(run(e, dir, 2, {}, true).started == 0);
}

TEST_CASE("an invalid case and a crash fail their runs, and the others complete", "[batch][failure]") {
  Experiment e = load_experiment(kExperiment);
  e.cases.resize(3);
  // Valid each on its own, not together: a warm-up longer than the horizon.
  e.cases[1].overrides.push_back("scenario.warmup_days=30");
  e.cases[1].overrides.push_back("scenario.horizon_days=20");
  const std::string crash_id = e.cases[2].id;
  const std::string dir = fresh_dir("failures");
  const BatchReport report =
      run(e, dir, 2, {}, false, [](const Scenario& s, const RoutedScenario& r, std::uint64_t seed) {
        if (s.facilities[0].servers == 3 && s.flows[0].teu_per_year > 10000) {
          std::signal(SIGABRT, SIG_DFL); // not Catch's handler: a plain crash
          std::abort();
        }
        return simulate(s, r, seed);
      });
  CHECK(report.total == 9);
  CHECK(report.failed == 6);
  CHECK(report.started == 6); // the invalid case's runs never start a process
  CHECK(report.wrote_results);
  const std::string results = read(dir + "/results.csv");
  CHECK(row_of(results, e.cases[0].id).find(e.cases[0].id + ",3,x0.5,open,3,0,") == 0);
  CHECK(row_of(results, e.cases[1].id).find(e.cases[1].id + ",3,x0.5,closed,0,3,") == 0);
  CHECK(row_of(results, e.cases[2].id).find(crash_id + ",3,x1,open,0,3,") == 0);
  const std::string reps = read(dir + "/replications.csv");
  // The error keeps its line breaks, inside quotes (RFC 4180).
  CHECK_THAT(reps, Catch::Contains("failed,\"invalid scenario:\n--set: error: scenario.warmup_days"));
  CHECK_THAT(reps, Catch::Contains("failed,crashed: killed by signal 6 (Aborted)"));
}

TEST_CASE("an interrupted batch keeps only complete files, and resumes to the same bytes",
          "[batch][resume]") {
  const Experiment e = load_experiment(kExperiment);
  const std::string full = fresh_dir("uninterrupted"), dir = fresh_dir("interrupted");
  run(e, full, 2);
  const std::uint64_t trigger = run_seed(e, enumerate_runs(e)[10]);
  // The 11th run sends SIGTERM to the batch, as Slurm or `kill` would, then takes its time.
  const BatchReport stopped =
      run(e, dir, 2, {}, false, [trigger](const Scenario& s, const RoutedScenario& r, std::uint64_t seed) {
        if (seed == trigger) {
          kill(getppid(), SIGTERM);
          sleep(5);
        }
        return simulate(s, r, seed);
      });
  CHECK(stopped.interrupted);
  CHECK(stopped.unfinished >= 25);
  CHECK_FALSE(stopped.wrote_results);
  for (const auto& [path, text] : tree(dir)) {
    CHECK(path.find(".tmp-") == std::string::npos);
    if (path.rfind("runs/", 0) == 0) CHECK_NOTHROW(batch::read_run_metrics(dir + "/" + path));
  }
  const BatchReport resumed = run(e, dir, 2, {}, true);
  CHECK(resumed.started == stopped.unfinished);
  CHECK(tree(dir) == tree(full));
}

TEST_CASE("a batch directory holds one experiment and one batch at a time", "[batch]") {
  Experiment e = load_experiment(kExperiment);
  e.cases.resize(1);
  const std::string dir = fresh_dir("guards");
  run(e, dir, 1);
  CHECK_THROWS_WITH(run(e, dir, 1), Catch::Contains("not empty; add --resume"));
  Experiment changed = e;
  changed.cases[0].replications = 4;
  CHECK_THROWS_WITH(run(changed, dir, 1, {}, true), Catch::Contains("a different experiment"));
  {
    batch::DirectoryLock busy(dir);
    CHECK_THROWS_WITH(run(e, dir, 1, {}, true), Catch::Contains("another corridor batch is working"));
  }
  CHECK(run(e, dir, 1, {}, true).started == 0);
  const std::string other = fresh_dir("not-a-batch");
  write(other + "/notes.txt", "mine");
  CHECK_THROWS_WITH(run(e, other, 1, {}, true), Catch::Contains("not empty and not a batch directory"));
}

TEST_CASE("a run over --run-timeout-s fails 'timed out' and the batch goes on", "[batch][failure][limits]") {
  Experiment e = load_experiment(kExperiment);
  e.cases = {e.cases.front(), e.cases.back()}; // 3 servers and half the demand, then 6 servers
  for (ExperimentCase& c : e.cases)
    c.replications = 1;
  BatchOptions options;
  options.out_dir = fresh_dir("timeout");
  options.jobs = 2;
  options.run_timeout_s = 1;
  options.simulate = [](const Scenario& s, const RoutedScenario& r, std::uint64_t seed) {
    if (s.facilities[0].servers == 3 && s.flows[0].teu_per_year < 10000)
      for (;;) // the first case hangs, as a spinning engine would
        pause();
    return simulate(s, r, seed);
  };
  const auto start = std::chrono::steady_clock::now();
  const BatchReport report = run_batch(e, options);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(30));
  CHECK(report.failed == 1);
  CHECK(report.wrote_results);
  CHECK(read(batch::error_path(batch::run_stem(options.out_dir, e, RunRef{0, 0, 0}))) ==
        "timed out after 1 s (--run-timeout-s)\n");
}

#if !defined(__SANITIZE_ADDRESS__) // ASan reserves terabytes of address space: no RLIMIT_AS with it
TEST_CASE("a run over --run-memory-mb fails 'out of memory'", "[batch][failure][limits]") {
  Experiment e = load_experiment(kExperiment);
  e.cases.resize(1);
  e.cases[0].replications = 1;
  BatchOptions options;
  options.out_dir = fresh_dir("memory");
  options.run_memory_mb = 512;
  options.simulate = [](const Scenario&, const RoutedScenario&, std::uint64_t) -> ReplicationResult {
    std::vector<char> huge(std::size_t{4} << 30); // 4 GiB
    throw std::runtime_error("allocated " + std::to_string(huge.size()));
  };
  const BatchReport report = run_batch(e, options);
  CHECK(report.failed == 1);
  CHECK(read(batch::error_path(batch::run_stem(options.out_dir, e, RunRef{0, 0, 0}))) ==
        "out of memory: the run needs more than the 512 MiB of --run-memory-mb\n");
}
#endif

TEST_CASE("merge names the shard's file that is corrupt, and resume removes stale temporaries",
          "[batch][shard][resume]") {
  Experiment e = load_experiment(kExperiment);
  e.cases.resize(2);
  const std::string a = fresh_dir("corrupt-a"), b = fresh_dir("corrupt-b");
  run(e, a, 2, Shard{1, 2});
  run(e, b, 2, Shard{2, 2});
  const std::string bad = batch::result_path(batch::run_stem(b, e, RunRef{1, 0, 1}));
  write(bad, R"({"metrics": {"x": )"); // cut short, as by a full disk before the rename
  CHECK_THROWS_WITH(merge_batches({a, b}, fresh_dir("corrupt-m")),
                    Catch::StartsWith(bad + ": not a corridor run"));

  // A kill while results.csv was written leaves its temporary at the top; --resume removes it.
  const std::string dir = fresh_dir("stale");
  run(e, dir, 2);
  write(dir + "/results.csv.tmp-AbC123", "half a file");
  write(dir + "/runs/" + e.cases[0].id + "/rep-1.json.tmp-XyZ789", "half a run");
  run(e, dir, 2, {}, true);
  CHECK_FALSE(fs::exists(dir + "/results.csv.tmp-AbC123"));
  CHECK_FALSE(fs::exists(dir + "/runs/" + e.cases[0].id + "/rep-1.json.tmp-XyZ789"));
}

TEST_CASE("a batch draws each case's uncertain inputs per replication, the same in shards",
          "[batch][shard][uncertain]") {
  const std::string file = std::string(CORRIDOR_TEST_DIR) + "/scenarios/uncertain/claims.yaml";
  const Experiment e = experiment_from_scenarios({file}, 4, std::nullopt);
  const std::string whole = fresh_dir("uncertain-whole"), merged = fresh_dir("uncertain-merged");
  REQUIRE(run(e, whole, 2).wrote_results);
  std::vector<std::string> shards;
  for (int k = 1; k <= 2; ++k) {
    shards.push_back(fresh_dir("uncertain-shard" + std::to_string(k)));
    run(e, shards.back(), 1, Shard{k, 2});
  }
  merge_batches(shards, merged);
  CHECK(tree(merged) == tree(whole));

  // The values are the case's Latin hypercube: 4 strata of 25 km of [50, 150], one each, and
  // replication r's shipments on `short` take d_r / 50 + 2 hours.
  const Scenario scenario = load_scenario(file);
  const auto values = latin_hypercube(scenario.uncertain, case_seed(e, 0), 4);
  double mean_km = 0, mean_days = 0;
  for (const auto& v : values) {
    mean_km += v[0] / 4;
    mean_days += (v[0] / 50 + 2) / 24 / 4;
  }
  std::map<std::string, Metric> metrics;
  for (const Metric& m : read_metrics(whole + "/results.csv"))
    metrics[m.path] = m;
  const std::string prefix = "case[" + e.cases[0].id + "].";
  REQUIRE(metrics.count(prefix + "uncertain_inputs.links[AB].distance_km") == 1);
  CHECK(metrics[prefix + "uncertain_inputs.links[AB].distance_km"].mean == Approx(mean_km));
  REQUIRE(metrics.count(prefix + "routes[f/short].transit_days.mean") == 1);
  CHECK(metrics[prefix + "routes[f/short].transit_days.mean"].mean == Approx(mean_days));
}

// corridor run [SCENARIO]: simulate every replication and write shipments.csv and summary.json.
#include "corridor/claims.hpp"
#include "corridor/network.hpp"
#include "corridor/output.hpp"
#include "corridor/replications.hpp"
#include "corridor/summary.hpp"

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/scenario_input.hpp"

#include <filesystem>
#include <iostream>
#include <map>
#include <thread>
#include <unistd.h>

namespace corridor::cli {

namespace {

void print_progress(int done, int total) {
  if (isatty(STDERR_FILENO))
    std::cerr << "\rreplications " << done << "/" << total << (done == total ? "\n" : "") << std::flush;
}

std::string default_out_dir(const std::string& scenario_path) {
  return "results/" + std::filesystem::path(scenario_path).stem().string();
}

} // namespace

std::string default_scenario_path() {
  const std::string relative = "scenarios/almaty-karachi.yaml";
  if (std::filesystem::exists(relative)) return relative;
  return std::string(CORRIDOR_SOURCE_DIR) + "/" + relative; // run from outside the checkout
}

int run_command(const Args& args) {
  po::options_description options("options");
  options.add_options()("scenario", po::value<std::string>(),
                        "scenario file (default: scenarios/almaty-karachi.yaml)")(
      "seed", po::value<std::uint64_t>(), "base seed (default: the scenario's)")(
      "replications", po::value<int>(), "number of replications (default: the scenario's)")(
      "out", po::value<std::string>(), "output directory (default: results/<scenario name>)")(
      "set", po::value<std::vector<std::string>>()->default_value({}, ""),
      "override a scenario value, PATH=VALUE (repeatable), e.g. facilities[TORKHAM_BCP].servers=8")(
      "jobs",
      po::value<int>()->default_value(static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))),
      "replications run at once")("quiet,q", "do not print the summary table");
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm;
  if (auto stop = parse_options("run", "[SCENARIO] [options]", args, options, positional, vm)) return *stop;

  const std::string path = vm.count("scenario") ? vm["scenario"].as<std::string>() : default_scenario_path();
  const auto overrides = vm["set"].as<std::vector<std::string>>();
  auto scenario = load_or_report(path, overrides);
  if (!scenario) return kInvalidInput;
  if (vm.count("seed")) scenario->info.seed = vm["seed"].as<std::uint64_t>();
  if (vm.count("replications")) {
    scenario->info.replications = vm["replications"].as<int>();
    if (scenario->info.replications < 1) {
      std::cerr << "corridor run: --replications: expected an integer >= 1, got "
                << scenario->info.replications << "\n";
      return kInvalidInput;
    }
  }
  if (vm["jobs"].as<int>() < 1) {
    std::cerr << "corridor run: --jobs: expected an integer >= 1, got " << vm["jobs"].as<int>() << "\n";
    return kInvalidInput;
  }
  const std::string out_dir = vm.count("out") ? vm["out"].as<std::string>() : default_out_dir(path);

  const RoutedScenario routed(*scenario);
  std::vector<ReplicationResult> results;
  std::map<std::string, std::vector<ReplicationResult>> capacity_runs;
  try {
    ReplicationPlan plan;
    plan.seed = scenario->info.seed;
    plan.replications = scenario->info.replications;
    plan.jobs = vm["jobs"].as<int>();
    plan.on_progress = print_progress;
    results = run_replications(*scenario, routed, plan);
    // A trade-capacity claim needs its own runs: the route alone, carrying the claimed value.
    for (const Claim& claim : scenario->claims)
      if (claim.metric == ClaimMetric::TradeCapacity) {
        const Scenario variant = capacity_scenario(*scenario, claim);
        capacity_runs[claim.id] = run_replications(variant, RoutedScenario(variant), plan);
      }
  } catch (const ReplicationFailed& e) {
    std::cerr << path << ": error: " << e.what() << "\n";
    return kSimulationFailed;
  }

  Summary summary = summarize(*scenario, routed, results);
  summary.claims = evaluate_claims(*scenario, routed, results, capacity_runs);
  RunMetadata metadata = make_run_metadata(*scenario, path, overrides);
  try {
    std::filesystem::create_directories(out_dir);
    write_shipments_csv(out_dir, *scenario, results);
    write_summary_json(out_dir, metadata, summary);
    if (!summary.claims.empty())
      write_file_atomically(out_dir + "/claims.csv", claims_csv_text(summary.claims));
  } catch (const std::exception& e) {
    std::cerr << "corridor run: cannot write results to " << out_dir << ": " << e.what() << "\n";
    return kIoError;
  }
  if (!vm.count("quiet")) {
    print_summary_table(std::cout, summary);
    print_claims_table(std::cout, summary.claims);
  }
  std::cout << "wrote " << out_dir << "/shipments.csv, " << out_dir << "/summary.json"
            << (summary.claims.empty() ? "" : ", " + out_dir + "/claims.csv") << "\n";
  return kOk;
}

} // namespace corridor::cli

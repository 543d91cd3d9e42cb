// corridor run [SCENARIO]: simulate every replication and write shipments.csv and summary.json.
#include "corridor/claims.hpp"
#include "corridor/geojson.hpp"
#include "corridor/limits.hpp"
#include "corridor/load.hpp"
#include "corridor/network.hpp"
#include "corridor/output.hpp"
#include "corridor/output_set.hpp"
#include "corridor/replications.hpp"
#include "corridor/report.hpp"
#include "corridor/summary.hpp"
#include "corridor/timeseries.hpp"

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/scenario_input.hpp"

#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
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
      "set", overrides_value(),
      "override a scenario value, PATH=VALUE (repeatable), e.g. facilities[TORKHAM_BCP].servers=8")(
      "promise-days", po::value<double>(),
      "delivery promised within this many days, for every flow: the on-time share is reported")(
      "shipments", po::value<std::string>()->default_value("csv"), "shipments.csv: csv or none")(
      "step-days", po::value<double>()->default_value(1), "the step of timeseries.csv, in days (> 0)")(
      "trace", "trace.csv: one row per vehicle visit to a facility (off by default: it is large)")(
      "scale-volume", po::value<double>(),
      "the corridor at K times its volume: demand and every capacity alike (benchmarks use it)")(
      "run-timeout-s", po::value<double>(), "a replication still running after S seconds fails")(
      "run-memory-mb", po::value<long>(), "the address space of each replication's process, in MB")(
      "jobs", jobs_value(), "replications run at once")("quiet,q", "do not print the summary table")(
      "report", "also write report.html, the HTML report of the results (corridor report)");
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
    if (scenario->info.replications < 1 || scenario->info.replications > limits::kMaxReplications) {
      std::cerr << "corridor run: --replications: expected an integer from 1 to " << limits::kMaxReplications
                << ", got " << scenario->info.replications << "\n";
      return kInvalidInput;
    }
  }
  if (vm["jobs"].as<int>() < 1) {
    std::cerr << "corridor run: --jobs: expected an integer >= 1, got " << vm["jobs"].as<int>() << "\n";
    return kInvalidInput;
  }
  double promise_days = 0;
  if (vm.count("promise-days")) {
    promise_days = vm["promise-days"].as<double>();
    if (!(promise_days > 0) || !std::isfinite(promise_days)) {
      std::cerr << "corridor run: --promise-days: expected a positive number of days, got " << promise_days
                << "\n";
      return kInvalidInput;
    }
  }
  double volume_scale = 1;
  if (vm.count("scale-volume")) {
    const double k = vm["scale-volume"].as<double>();
    volume_scale = k;
    if (!(k > 0) || !std::isfinite(k)) {
      std::cerr << "corridor run: --scale-volume: expected a positive number, got " << k << "\n";
      return kInvalidInput;
    }
    scale_volume(*scenario, k);
    // The bounds on a replication's size hold for the scaled corridor too.
    if (const auto problems = validate(*scenario); !problems.empty()) {
      std::cerr << diagnostics_text(problems) << path << ": with --scale-volume " << k << ": "
                << problems.size() << (problems.size() == 1 ? " error" : " errors") << "\n";
      return kInvalidInput;
    }
  }
  if ((vm.count("run-timeout-s") && !(vm["run-timeout-s"].as<double>() > 0)) ||
      (vm.count("run-memory-mb") && vm["run-memory-mb"].as<long>() < 1)) {
    std::cerr << "corridor run: --run-timeout-s and --run-memory-mb: expected positive numbers\n";
    return kInvalidInput;
  }
  const double step_days = vm["step-days"].as<double>();
  if (!(step_days > 0) || !std::isfinite(step_days)) {
    std::cerr << "corridor run: --step-days: expected a positive number of days, got " << step_days << "\n";
    return kInvalidInput;
  }
  if (const double steps = std::ceil((scenario->info.horizon_days + scenario->info.drain_days) / step_days);
      steps > limits::kMaxSeriesSteps) {
    std::cerr << "corridor run: --step-days " << step_days << ": " << steps << " steps over the run's "
              << scenario->info.horizon_days + scenario->info.drain_days
              << " days (horizon + drain), at most " << limits::kMaxSeriesSteps << ": give a longer step\n";
    return kInvalidInput;
  }
  scenario->info.series_step_days = step_days;
  const std::string shipments = vm["shipments"].as<std::string>();
  if (shipments != "csv" && shipments != "none") {
    std::cerr << "corridor run: --shipments: expected csv or none, got '" << shipments << "'\n";
    return kInvalidInput;
  }
  const std::string out_dir = vm.count("out") ? vm["out"].as<std::string>() : default_out_dir(path);
  if (vm.count("report")) try {
      require_vega(); // before simulating, not after
    } catch (const ReportError& e) {
      std::cerr << "corridor run: --report: " << e.what() << "\n";
      return kIoError;
    }

  // The whole set of results is made beside --out and replaces it in one step at the end.
  std::optional<OutputSet> output;
  try {
    output.emplace(out_dir,
                   std::vector<std::string>{"shipments.csv", "summary.json", "claims.csv", "inputs.csv",
                                            "timeseries.csv", "border_times.csv", "sections.csv", "trace.csv",
                                            "network.geojson", "report.html"});
  } catch (const std::exception& e) {
    std::cerr << "corridor run: --out: " << e.what() << "\n";
    return kIoError;
  }

  const RoutedScenario routed(*scenario);
  std::vector<ReplicationDigest> digests;
  std::map<std::string, std::vector<ReplicationDigest>> capacity_runs;
  std::vector<std::vector<double>> values_drawn;
  try {
    ReplicationPlan plan;
    plan.seed = scenario->info.seed;
    plan.replications = scenario->info.replications;
    plan.jobs = vm["jobs"].as<int>();
    plan.on_progress = print_progress;
    plan.promise_days = promise_days;
    plan.scratch_dir = output->staging_dir();
    if (vm.count("run-timeout-s")) plan.timeout_s = vm["run-timeout-s"].as<double>();
    if (vm.count("run-memory-mb")) plan.memory_mb = vm["run-memory-mb"].as<long>();
    if (shipments == "csv") plan.shipments_dir = output->staging_dir();
    const bool trace = vm.count("trace") > 0;
    if (trace) plan.trace_dir = output->staging_dir();
    // A replication reloads the scenario with its values of the uncertain inputs: the changes
    // made here after loading are made again.
    auto scaled = [volume_scale](Scenario s) {
      if (volume_scale != 1) scale_volume(s, volume_scale);
      return s;
    };
    plan.derive = scaled;
    values_drawn = input_values(*scenario, plan);
    digests = run_replications(*scenario, routed, plan);
    // A trade-capacity claim needs its own runs: the route alone, carrying the claimed value.
    plan.shipments_dir.clear();
    plan.trace_dir.clear();
    for (const Claim& claim : scenario->claims)
      if (claim.metric == ClaimMetric::TradeCapacity) {
        const Scenario variant = capacity_scenario(*scenario, claim);
        plan.derive = [&scaled, claim](Scenario s) { return capacity_scenario(scaled(std::move(s)), claim); };
        capacity_runs[claim.id] = run_replications(variant, RoutedScenario(variant), plan);
      }
  } catch (const ReplicationFailed& e) {
    std::cerr << path << ": error: " << e.what() << "\n";
    return kSimulationFailed;
  } catch (const ReplicationsInterrupted&) {
    std::cerr << "corridor run: interrupted: replications stopped, " << out_dir << " left as it was\n";
    return kInterrupted;
  }

  Summary summary = summarize(*scenario, routed, digests);
  summary.claims = evaluate_claims(*scenario, routed, digests, capacity_runs);
  const bool uncertain = !scenario->uncertain.empty();
  if (uncertain) {
    summary.uncertain_inputs = scenario->uncertain;
    summary.input_values = values_drawn;
    // Each replication's route distances, with its values (a distance may be uncertain).
    std::vector<std::vector<double>> route_km;
    try {
      for (const auto& values : values_drawn) {
        const RoutedScenario sampled(with_input_values(*scenario, values));
        route_km.emplace_back();
        for (const RoutedRoute& r : sampled.routes)
          route_km.back().push_back(r.distance_km);
      }
    } catch (const ScenarioError& e) { // the children loaded the same: not expected
      std::cerr << diagnostics_text(e.diagnostics());
      return kInvalidInput;
    }
    set_claim_probabilities(summary.claims, *scenario, routed, digests, capacity_runs, route_km);
  }
  RunMetadata metadata = make_run_metadata(*scenario, path, overrides);
  try {
    if (shipments == "csv")
      join_shipment_rows(output->staging_dir(), scenario->info.replications, output->staged("shipments.csv"));
    if (vm.count("trace"))
      join_rows(output->staging_dir(), "trace", scenario->info.replications, output->staged("trace.csv"));
    write_file_atomically(output->staged("summary.json"), summary_json_text(metadata, summary));
    write_file_atomically(output->staged("timeseries.csv"), timeseries_csv_text(*scenario, digests));
    write_file_atomically(output->staged("border_times.csv"), border_times_csv_text(summary));
    write_file_atomically(output->staged("sections.csv"), sections_csv_text(summary));
    if (!summary.claims.empty())
      write_file_atomically(output->staged("claims.csv"), claims_csv_text(summary.claims, uncertain));
    if (uncertain) write_file_atomically(output->staged("inputs.csv"), inputs_csv_text(summary));
    write_file_atomically(output->staged("network.geojson"), network_geojson_text(*scenario, routed));
    // The report reads the staged files, and is part of the set they replace DIR with.
    if (vm.count("report")) write_report(output->staging_dir(), output->staged("report.html"));
    output->commit();
  } catch (const std::exception& e) {
    std::cerr << "corridor run: cannot write results to " << out_dir << ": " << e.what() << "\n";
    return kIoError;
  }
  if (!vm.count("quiet")) {
    print_summary_table(std::cout, summary);
    print_claims_table(std::cout, summary.claims, uncertain);
  } else {
    for (const std::string& w : summary.warnings)
      std::cerr << "warning: " << w << "\n";
  }
  std::cout << "wrote " << (shipments == "csv" ? out_dir + "/shipments.csv, " : "")
            << (vm.count("trace") ? out_dir + "/trace.csv, " : "") << out_dir << "/summary.json, " << out_dir
            << "/timeseries.csv, " << out_dir << "/border_times.csv, " << out_dir << "/sections.csv"
            << (summary.claims.empty() ? "" : ", " + out_dir + "/claims.csv")
            << (uncertain ? ", " + out_dir + "/inputs.csv" : "") << ", " << out_dir << "/network.geojson"
            << (vm.count("report") ? ", " + out_dir + "/report.html" : "") << "\n";
  return kOk;
}

} // namespace corridor::cli

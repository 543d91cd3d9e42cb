// corridor sensitivity SCENARIO: which uncertain inputs move the claims and the routes' figures
// (the design and the analysis: sim/experiments/sensitivity.cpp). This prints and writes them.
#include "corridor/csv.hpp"
#include "corridor/limits.hpp"
#include "corridor/load.hpp"
#include "corridor/output.hpp"
#include "corridor/output_set.hpp"
#include "corridor/replications.hpp"
#include "corridor/sensitivity.hpp"
#include "corridor/uncertainty.hpp"

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/scenario_input.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

namespace corridor::cli {

namespace {

using Json = nlohmann::ordered_json;

std::string number(double x) {
  return std::isfinite(x) ? fmt::format("{:.6g}", x) : std::string();
}

Json json_number(double x) {
  return std::isfinite(x) ? Json(x) : Json(nullptr);
}

} // namespace

int sensitivity_command(const Args& args) {
  po::options_description options("options");
  options.add_options()("scenario", po::value<std::string>()->required(),
                        "scenario file with uncertain inputs")(
      "replications", po::value<int>(), "replications at each design point (default: the scenario's)")(
      "trajectories", po::value<int>()->default_value(4), "Morris trajectories r (0: the tornado alone)")(
      "seed", po::value<std::uint64_t>(), "base seed (default: the scenario's)")(
      "out", po::value<std::string>(), "output directory (default: results/<scenario name>-sensitivity)")(
      "set", overrides_value(), "override PATH=VALUE (repeatable)")("jobs", jobs_value(),
                                                                    "replications run at once");
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm;
  if (auto stop = parse_options("sensitivity", "SCENARIO [--replications N] [--trajectories R] [--out DIR]",
                                args, options, positional, vm))
    return *stop;
  const std::string path = vm["scenario"].as<std::string>();
  auto scenario = load_or_report(path, vm["set"].as<std::vector<std::string>>());
  if (!scenario) return kInvalidInput;
  if (scenario->uncertain.empty()) {
    std::cerr << path << ": no uncertain inputs: nothing to rank (write a number as {uncertain: {low, high, "
              << "sources}}, docs/scenario-format.md)\n";
    return kInvalidInput;
  }
  if (vm.count("seed")) scenario->info.seed = vm["seed"].as<std::uint64_t>();
  const int replications =
      vm.count("replications") ? vm["replications"].as<int>() : scenario->info.replications;
  const int trajectories = vm["trajectories"].as<int>();
  if (replications < 1 || replications > limits::kMaxReplications || trajectories < 0 ||
      trajectories > 1000 || vm["jobs"].as<int>() < 1) {
    std::cerr << "corridor sensitivity: expected --replications from 1 to " << limits::kMaxReplications
              << ", --trajectories from 0 to 1000 and --jobs >= 1\n";
    return kInvalidInput;
  }
  scenario->info.replications = replications;
  const std::string out_dir = vm.count("out")
                                  ? vm["out"].as<std::string>()
                                  : "results/" + std::filesystem::path(path).stem().string() + "-sensitivity";
  std::optional<OutputSet> output;
  try {
    output.emplace(out_dir,
                   std::vector<std::string>{"tornado.csv", "morris.csv", "spread.csv", "sensitivity.json"});
  } catch (const std::exception& e) {
    std::cerr << "corridor sensitivity: --out: " << e.what() << "\n";
    return kIoError;
  }

  const std::vector<UncertainInput>& inputs = scenario->uncertain;
  const std::size_t k = inputs.size();
  SensitivityPlan plan;
  plan.replications = replications;
  plan.trajectories = trajectories;
  plan.jobs = vm["jobs"].as<int>();
  plan.scratch_dir = output->staging_dir();
  plan.progress = [](int done, int points, const std::string& what) {
    std::cerr << fmt::format("sensitivity: point {}/{}: {}\n", done, points, what) << std::flush;
  };
  const int oat_points = 2 + 2 * static_cast<int>(k);
  const int morris_points = trajectories * (static_cast<int>(k) + 1);
  const std::string budget =
      fmt::format("{} uncertain inputs; spread and one at a time: {} points, Morris: r = {} trajectories x "
                  "(k + 1) = {} points; "
                  "{} replications a point, the same seeds at every point: {} x {} = {} runs",
                  k, oat_points, trajectories, morris_points, replications, oat_points + morris_points,
                  replications, (oat_points + morris_points) * replications);
  std::cerr << "sensitivity: " << budget << "\n";

  SensitivityResult result;
  try {
    result = run_sensitivity(*scenario, plan);
  } catch (const ReplicationFailed& e) {
    std::cerr << path << ": error: " << e.what() << "\n";
    return kSimulationFailed;
  } catch (const ReplicationsInterrupted&) {
    std::cerr << "corridor sensitivity: interrupted, " << out_dir << " left as it was\n";
    return kInterrupted;
  } catch (const ScenarioError& e) {
    std::cerr << diagnostics_text(e.diagnostics());
    return kInvalidInput;
  }

  std::string tornado_csv = csv_row({"metric", "rank", "input", "input_low", "input_high", "metric_at_low",
                                     "metric_at_nominal", "metric_at_high", "swing"});
  std::string morris_csv = csv_row({"metric", "rank", "input", "mu_star", "mu", "sigma", "effects"});
  std::string spread_csv =
      csv_row({"metric", "mean_over_inputs", "sd_over_inputs", "sd_at_nominal", "input_share"});
  Json metrics = Json::array();
  std::cout
      << "sensitivity of " << scenario->info.name << ": " << budget << "\n"
      << "swing: |figure with the input at its high - at its low|, the others at nominal; mu*: mean "
         "|elementary effect| over the Morris trajectories, per whole range of the input's probability\n";
  std::size_t width = 20;
  for (const UncertainInput& in : inputs)
    width = std::max(width, fmt::format("{} ({:g} .. {:g})", in.path, in.low, in.high).size());
  for (const FigureSensitivity& figure : result.figures) {
    const std::string& name = figure.name;
    const std::vector<InputSwing>& tornado = figure.tornado;
    const std::vector<InputEffect>& morris = figure.morris;
    const auto screening = figure.ranked_morris();
    const bool measured = std::any_of(tornado.begin(), tornado.end(), [](const InputSwing& s) {
      return std::isfinite(s.at_low) || std::isfinite(s.at_high);
    });
    std::cout << fmt::format("\n{} (at nominal: {})\n", name,
                             std::isfinite(figure.at_nominal) ? fmt::format("{:.4g}", figure.at_nominal)
                                                              : "not measured");
    const FigureSpread& spread = figure.spread;
    spread_csv += csv_row({name, number(spread.mean), number(spread.sd_total), number(spread.sd_noise),
                           number(spread.input_share())});
    if (std::isfinite(spread.sd_total) && std::isfinite(spread.sd_noise))
      std::cout << fmt::format(
          "  spread over plausible inputs: sd {:.4g}; at the nominal inputs (noise alone): sd "
          "{:.4g}{}\n",
          spread.sd_total, spread.sd_noise,
          std::isfinite(spread.input_share())
              ? fmt::format(": {:.0f}% of the variance from the inputs", 100 * spread.input_share())
              : "");
    if (measured)
      std::cout << fmt::format("  {:>4}  {:<{}} {:>12} {:>12} {:>12}   {:>10}\n", "rank",
                               "input (low .. high)", width, "at low", "at high", "swing", "Morris mu*");
    else
      std::cout << "  no shipment took this route at any point: nothing to rank\n";
    Json tornado_json = Json::array(), morris_json = Json::array();
    for (std::size_t r = 0; r < tornado.size(); ++r) {
      const InputSwing& s = tornado[r];
      const UncertainInput& in = inputs[s.input];
      const InputEffect& e = morris[s.input];
      if (measured)
        std::cout << fmt::format("  {:>4}  {:<{}} {:>12} {:>12} {:>12}   {:>10}\n", r + 1,
                                 fmt::format("{} ({:g} .. {:g})", in.path, in.low, in.high), width,
                                 number(s.at_low), number(s.at_high), number(s.swing()), number(e.mu_star));
      tornado_csv +=
          csv_row({name, std::to_string(r + 1), in.path, number(in.low), number(in.high), number(s.at_low),
                   number(figure.at_nominal), number(s.at_high), number(s.swing())});
      tornado_json.push_back({{"input", in.path},
                              {"low", in.low},
                              {"high", in.high},
                              {"at_low", json_number(s.at_low)},
                              {"at_high", json_number(s.at_high)},
                              {"swing", json_number(s.swing())}});
    }
    for (std::size_t r = 0; r < screening.size(); ++r) {
      const InputEffect& e = screening[r];
      morris_csv += csv_row({name, std::to_string(r + 1), inputs[e.input].path, number(e.mu_star),
                             number(e.mu), number(e.sigma), std::to_string(e.n)});
      morris_json.push_back({{"input", inputs[e.input].path},
                             {"mu_star", json_number(e.mu_star)},
                             {"mu", json_number(e.mu)},
                             {"sigma", json_number(e.sigma)},
                             {"effects", e.n}});
    }
    metrics.push_back({{"metric", name},
                       {"at_nominal", json_number(figure.at_nominal)},
                       {"spread",
                        {{"mean_over_inputs", json_number(spread.mean)},
                         {"sd_over_inputs", json_number(spread.sd_total)},
                         {"sd_at_nominal", json_number(spread.sd_noise)},
                         {"input_share", json_number(spread.input_share())}}},
                       {"tornado", tornado_json},
                       {"morris", morris_json}});
  }
  Json inputs_json = Json::array();
  for (const UncertainInput& in : inputs)
    inputs_json.push_back({{"path", in.path},
                           {"low", in.low},
                           {"mode", in.mode ? Json(*in.mode) : Json(nullptr)},
                           {"high", in.high},
                           {"nominal", in.nominal()},
                           {"sources", in.sources}});
  const Json json = {{"scenario", scenario->info.name},
                     {"scenario_file", path},
                     {"seed", scenario->info.seed},
                     {"budget",
                      {{"inputs", k},
                       {"replications_per_point", replications},
                       {"one_at_a_time_points", oat_points},
                       {"morris_trajectories", trajectories},
                       {"morris_levels", kMorrisLevels},
                       {"morris_step", kMorrisDelta},
                       {"morris_points", morris_points},
                       {"runs", result.runs}}},
                     {"inputs", inputs_json},
                     {"metrics", metrics}};
  try {
    write_file_atomically(output->staged("tornado.csv"), tornado_csv);
    write_file_atomically(output->staged("morris.csv"), morris_csv);
    write_file_atomically(output->staged("spread.csv"), spread_csv);
    write_file_atomically(output->staged("sensitivity.json"), json.dump(2) + "\n");
    output->commit();
  } catch (const std::exception& e) {
    std::cerr << "corridor sensitivity: cannot write results to " << out_dir << ": " << e.what() << "\n";
    return kIoError;
  }
  std::cout << "\nwrote " << out_dir << "/tornado.csv, " << out_dir << "/morris.csv, " << out_dir
            << "/spread.csv, " << out_dir << "/sensitivity.json\n";
  return kOk;
}

} // namespace corridor::cli

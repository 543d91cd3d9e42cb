// corridor capacity SCENARIO: the largest trade value each route carries before it saturates,
// or with --network the whole network at once (the searches: sim/experiments/*capacity*.cpp).
// This prints and writes them.
#include "corridor/capacity.hpp"
#include "corridor/csv.hpp"
#include "corridor/limits.hpp"
#include "corridor/output.hpp"
#include "corridor/output_set.hpp"

#include "cli/capacity_report.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/scenario_input.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <iostream>
#include <optional>

namespace corridor::cli {

namespace {

std::string what_saturates(const CapacityCheck& check, double limit) {
  if (check.max_utilization.mean > limit)
    return fmt::format("{} ({:.0f}% busy)", check.bottleneck, 100 * check.max_utilization.mean);
  return fmt::format("services or links: {:.0f}% of cargo carried", 100 * check.carried_share.mean);
}

int per_route(const Scenario& scenario, std::vector<std::string> routes, const CapacityOptions& options) {
  const double limit = options.max_utilization;
  if (routes.empty())
    for (const Route& r : scenario.routes)
      routes.push_back(r.id);
  for (const auto& id : routes)
    if (!RoutedScenario(scenario).network.route(id)) {
      std::cerr << "corridor capacity: unknown route '" << id << "'\n";
      return kInvalidInput;
    }
  const bool by_value = !scenario.commodities.empty();
  std::cout << fmt::format(
      "largest volume each route sustains: busiest facility <= {:.0f}% and >= 95% of cargo "
      "carried ({} replications a probe, search to 5%)\n\n",
      100 * limit, options.plan.replications);
  std::cout << fmt::format("{:<28} {:>16} {:>12}  {}\n", "route", by_value ? "USD a year" : "TEU a year",
                           "TEU a year", "what saturates first");
  for (const auto& id : routes) {
    const RouteCapacity c = find_route_capacity(scenario, id, options);
    const double teu = by_value ? scenario.teu_per_year_for_value(c.value) : c.value;
    std::cout << fmt::format("{:<28} {:>16.3g} {:>12.0f}  {}\n", id, c.value, teu,
                             what_saturates(c.beyond, limit))
              << std::flush;
  }
  return kOk;
}

int network(const Scenario& scenario, const std::string& path, const std::string& flow,
            const CapacityOptions& options, const std::optional<std::string>& out_dir) {
  const double limit = options.max_utilization;
  std::optional<OutputSet> output;
  if (out_dir) try {
      output.emplace(*out_dir, std::vector<std::string>{"capacity.json", "capacity.csv"});
    } catch (const std::exception& e) {
      std::cerr << "corridor capacity: --out: " << e.what() << "\n";
      return kIoError;
    }
  CapacityOptions opts = options;
  if (output) opts.plan.scratch_dir = output->staging_dir();
  const NetworkCapacity c = find_network_capacity(scenario, flow, opts);
  std::cout << fmt::format(
      "largest volume the whole network sustains, {}: every facility and capacitated link "
      "<= {:.0f}% busy and every flow carrying >= 95% of its cargo ({} replications a "
      "probe, {} probes, search to 5%)\n",
      flow.empty() ? "every flow grown in proportion" : "flow " + flow + " grown, the others as given",
      100 * limit, options.plan.replications, c.probes);
  if (!c.found) {
    std::cout << fmt::format("\nnot sustained even at {}: {}\n", volume_text(scenario, c.beyond),
                             binding_text(c.beyond, limit));
  } else {
    std::cout << fmt::format("\nsustained: {} = {:.3g} x the scenario's volume\n",
                             volume_text(scenario, c.at), c.at.factor);
    std::cout << fmt::format("  busiest there: {} at {:.0f}% (95% CI ± {:.1f}%)\n", c.at.check.busiest,
                             100 * c.at.check.max_utilization.mean,
                             100 * c.at.check.max_utilization.ci95_half_width);
    std::cout << fmt::format("saturates first (at {}): {}\n", volume_text(scenario, c.beyond),
                             binding_text(c.beyond, limit));
    std::cout << "route split at the sustained volume (share of each flow's TEU):\n";
    print_route_split(std::cout, c.at);
  }
  if (!output) return kOk;
  using Json = nlohmann::ordered_json;
  const Json json = {{"scenario", scenario.info.name},
                     {"scenario_file", path},
                     {"seed", scenario.info.seed},
                     {"replications_per_probe", options.plan.replications},
                     {"max_utilization", limit},
                     {"min_carried_share", SaturationLimits{}.min_carried_share},
                     {"grown", flow.empty() ? Json("all flows") : Json(flow)},
                     {"search_tolerance", kCapacitySearchTolerance},
                     {"probes", c.probes},
                     {"found", c.found},
                     {"sustained", c.found ? probe_json(c.at, limit) : Json(nullptr)},
                     {"beyond", probe_json(c.beyond, limit)}};
  std::string csv = probe_csv_header();
  if (c.found) csv += probe_csv_rows("sustained", c.at);
  csv += probe_csv_rows("beyond", c.beyond);
  try {
    write_file_atomically(output->staged("capacity.json"), json.dump(2) + "\n");
    write_file_atomically(output->staged("capacity.csv"), csv);
    output->commit();
  } catch (const std::exception& e) {
    std::cerr << "corridor capacity: cannot write results to " << *out_dir << ": " << e.what() << "\n";
    return kIoError;
  }
  std::cout << "\nwrote " << *out_dir << "/capacity.json, " << *out_dir << "/capacity.csv\n";
  return kOk;
}

} // namespace

int capacity_command(const Args& args) {
  po::options_description options("options");
  options.add_options()("scenario", po::value<std::string>()->required(), "scenario file")(
      "route", po::value<std::vector<std::string>>()->default_value({}, ""),
      "route id (repeatable; default: all)")("network", po::bool_switch(),
                                             "the whole network at once: shared facilities counted once")(
      "flow", po::value<std::string>(), "with --network: grow this flow only, the others as given")(
      "max-utilization", po::value<double>()->default_value(0.85), "limit for the busiest facility")(
      "replications", po::value<int>()->default_value(2), "replications at each probed volume")(
      "out", po::value<std::string>(), "with --network: write capacity.json and capacity.csv here")(
      "set", overrides_value(), "override PATH=VALUE (repeatable)")("jobs", jobs_value(),
                                                                    "replications run at once");
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm;
  if (auto stop = parse_options(
          "capacity", "SCENARIO [--route ID]... | --network [--flow ID] [--out DIR]; [--max-utilization U]",
          args, options, positional, vm))
    return *stop;
  const double limit = vm["max-utilization"].as<double>();
  if (!(limit > 0 && limit <= 1) || vm["replications"].as<int>() < 1 ||
      vm["replications"].as<int>() > limits::kMaxReplications || vm["jobs"].as<int>() < 1) {
    std::cerr << "corridor capacity: expected 0 < --max-utilization <= 1, --replications from 1 to "
              << limits::kMaxReplications << " and --jobs >= 1\n";
    return kInvalidInput;
  }
  const bool whole = vm["network"].as<bool>();
  if (!whole && (vm.count("flow") || vm.count("out"))) {
    std::cerr << "corridor capacity: --flow and --out go with --network\n";
    return kInvalidInput;
  }
  if (whole && !vm["route"].as<std::vector<std::string>>().empty()) {
    std::cerr << "corridor capacity: --route is for routes alone, not with --network\n";
    return kInvalidInput;
  }
  const std::string path = vm["scenario"].as<std::string>();
  auto scenario = load_or_report(path, vm["set"].as<std::vector<std::string>>());
  if (!scenario) return kInvalidInput;
  const std::string flow = vm.count("flow") ? vm["flow"].as<std::string>() : "";
  if (!flow.empty() && std::none_of(scenario->flows.begin(), scenario->flows.end(),
                                    [&](const Flow& f) { return f.id == flow; })) {
    std::cerr << "corridor capacity: unknown flow '" << flow << "'\n";
    return kInvalidInput;
  }

  CapacityOptions opts;
  opts.max_utilization = limit;
  opts.plan.seed = scenario->info.seed;
  opts.plan.replications = vm["replications"].as<int>();
  opts.plan.jobs = vm["jobs"].as<int>();
  if (whole)
    opts.progress = [](const std::string& line) { std::cerr << "capacity: " << line << "\n" << std::flush; };
  try {
    if (whole)
      return network(*scenario, path, flow, opts,
                     vm.count("out") ? std::optional(vm["out"].as<std::string>()) : std::nullopt);
    return per_route(*scenario, vm["route"].as<std::vector<std::string>>(), opts);
  } catch (const ReplicationFailed& e) {
    std::cerr << "corridor capacity: " << e.what() << "\n";
    return kSimulationFailed;
  } catch (const ReplicationsInterrupted&) {
    std::cerr << "corridor capacity: interrupted\n";
    return kInterrupted;
  }
}

} // namespace corridor::cli

// corridor plan SCENARIO --target-usd X: the cheapest set found of the scenario's candidate
// changes with which the whole network sustains X a year (the search: sim/experiments/plan_search.cpp).
// This prints and writes it.
#include "corridor/csv.hpp"
#include "corridor/diagnostics.hpp"
#include "corridor/limits.hpp"
#include "corridor/output.hpp"
#include "corridor/output_set.hpp"
#include "corridor/plan.hpp"

#include "cli/capacity_report.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/scenario_input.hpp"

#include <cmath>
#include <fmt/format.h>
#include <iostream>
#include <optional>

namespace corridor::cli {

namespace {

using Json = nlohmann::ordered_json;

std::string money(double usd) {
  return usd >= 1e9 ? fmt::format("${:.3g} B", usd / 1e9) : fmt::format("${:.3g} M", usd / 1e6);
}

} // namespace

int plan_command(const Args& args) {
  po::options_description options("options");
  options.add_options()("scenario", po::value<std::string>()->required(),
                        "scenario file with a plan section")(
      "target-usd", po::value<double>(),
      "trade a year to sustain, US dollars (all flows grown in proportion)")(
      "target-teu", po::value<double>(), "or TEU a year to sustain (a scenario without a trade section)")(
      "max-utilization", po::value<double>()->default_value(0.85), "limit for every facility and link")(
      "replications", po::value<int>()->default_value(2),
      "replications at each probe")("out", po::value<std::string>(), "write plan.json and plan.csv here")(
      "set", overrides_value(), "override PATH=VALUE (repeatable)")("jobs", jobs_value(),
                                                                    "replications run at once");
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm;
  if (auto stop = parse_options("plan", "SCENARIO --target-usd X | --target-teu X [--out DIR]", args, options,
                                positional, vm))
    return *stop;
  const double limit = vm["max-utilization"].as<double>();
  const int replications = vm["replications"].as<int>();
  if (!(limit > 0 && limit <= 1) || replications < 1 || replications > limits::kMaxReplications ||
      vm["jobs"].as<int>() < 1 || vm.count("target-usd") + vm.count("target-teu") != 1) {
    std::cerr << "corridor plan: expected one of --target-usd and --target-teu, 0 < --max-utilization <= 1, "
                 "--replications from 1 to "
              << limits::kMaxReplications << " and --jobs >= 1\n";
    return kInvalidInput;
  }
  const std::string path = vm["scenario"].as<std::string>();
  auto scenario = load_or_report(path, vm["set"].as<std::vector<std::string>>());
  if (!scenario) return kInvalidInput;
  if (scenario->candidates.empty()) {
    std::cerr
        << path
        << ": no plan section: nothing to buy (add plan: {candidates: [...]}, docs/scenario-format.md)\n";
    return kInvalidInput;
  }
  const bool by_value = vm.count("target-usd") > 0;
  const double target = by_value ? vm["target-usd"].as<double>() : vm["target-teu"].as<double>();
  const double base = by_value ? trade_usd_per_year(*scenario) : flow_teu_per_year(*scenario);
  if (!(target > 0) || !std::isfinite(target) || !(base > 0)) {
    std::cerr << "corridor plan: expected a positive target"
              << (by_value && !(base > 0) ? ", and flows with a commodity of the trade section to grow to it"
                                          : "")
              << "\n";
    return kInvalidInput;
  }
  std::optional<OutputSet> output;
  if (vm.count("out")) try {
      output.emplace(vm["out"].as<std::string>(), std::vector<std::string>{"plan.json", "plan.csv"});
    } catch (const std::exception& e) {
      std::cerr << "corridor plan: --out: " << e.what() << "\n";
      return kIoError;
    }
  CapacityOptions opts;
  opts.max_utilization = limit;
  opts.plan.seed = scenario->info.seed;
  opts.plan.replications = replications;
  opts.plan.jobs = vm["jobs"].as<int>();
  if (output) opts.plan.scratch_dir = output->staging_dir();
  opts.progress = [](const std::string& line) { std::cerr << "plan: " << line << "\n" << std::flush; };
  const double factor = target / base;
  PlanResult plan;
  try {
    plan = find_plan(*scenario, factor, opts);
  } catch (const ReplicationFailed& e) {
    std::cerr << "corridor plan: " << e.what() << "\n";
    return kSimulationFailed;
  } catch (const ReplicationsInterrupted&) {
    std::cerr << "corridor plan: interrupted\n";
    return kInterrupted;
  } catch (const ScenarioError& e) {
    std::cerr << diagnostics_text(e.diagnostics());
    return kInvalidInput;
  }

  std::cout << fmt::format(
      "plan for {} ({:.3g} x the scenario's volume, every flow in proportion): every facility "
      "and capacitated link <= {:.0f}% busy and every flow carrying >= 95% of its cargo "
      "({} replications a probe)\n\n",
      volume_text(*scenario, plan.before), factor, 100 * limit, replications);
  std::cout << fmt::format("step  {:<24} {:>12} {:>12}  saturates first at the target\n", "bought", "cost",
                           "total");
  std::cout << fmt::format("{:>4}  {:<24} {:>12} {:>12}  {}\n", 0, "(nothing)", "-", "$0 M",
                           binding_text(plan.before, limit));
  std::string csv = csv_row({"step", "candidate", "times", "cost_usd", "total_cost_usd", "sustained",
                             "saturates_first", "value", "ci95_half_width", "max_utilization"});
  auto csv_step = [&](int step, const std::string& candidate, int times, double cost, double total,
                      const NetworkProbe& p) {
    const Estimate v = p.check.binding_value(limit);
    csv += csv_row({std::to_string(step), candidate, std::to_string(times), fmt::format("{:.6g}", cost),
                    fmt::format("{:.6g}", total), p.check.sustained(limit) ? "true" : "false",
                    p.check.binding(limit), fmt::format("{:.6g}", v.mean),
                    fmt::format("{:.6g}", v.ci95_half_width),
                    fmt::format("{:.6g}", p.check.max_utilization.mean)});
  };
  csv_step(0, "", 0, 0, 0, plan.before);
  Json steps = Json::array();
  double total = 0;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const PlanStep& s = plan.steps[i];
    total += s.cost_usd;
    const std::string bought = s.times > 1 ? fmt::format("{} x{}", s.candidate, s.times) : s.candidate;
    std::cout << fmt::format("{:>4}  {:<24} {:>12} {:>12}  {}\n", i + 1, bought, money(s.cost_usd),
                             money(total), binding_text(s.after, limit));
    csv_step(static_cast<int>(i + 1), s.candidate, s.times, s.cost_usd, total, s.after);
    steps.push_back({{"step", i + 1},
                     {"candidate", s.candidate},
                     {"times", s.times},
                     {"cost_usd", s.cost_usd},
                     {"total_cost_usd", total},
                     {"after", probe_json(s.after, limit)}});
  }
  for (const std::string& d : plan.dropped)
    std::cout << "  (" << d << " was bought on the way, then found not needed: dropped)\n";
  if (plan.reached) {
    std::cout << fmt::format("\nreached: {} sustained for {} in {} step{}\n",
                             volume_text(*scenario, plan.final_state), money(plan.cost_usd),
                             plan.steps.size(), plan.steps.size() == 1 ? "" : "s");
    std::cout << "route split with the plan (share of each flow's TEU):\n";
    print_route_split(std::cout, plan.final_state);
  } else {
    std::cout << fmt::format(
        "\nNOT reached: no candidate left relieves it. With every step above ({}), at {} "
        "still saturates first: {}\n",
        money(plan.cost_usd), volume_text(*scenario, plan.final_state),
        binding_text(plan.final_state, limit));
    for (const auto& [id, u] : plan.final_state.check.resources)
      if (u.mean > limit)
        std::cout << fmt::format("  over {:.0f}%: {} at {:.0f}%\n", 100 * limit, id, 100 * u.mean);
    for (const FlowCheck& f : plan.final_state.check.flows)
      if (!f.keeps_up())
        std::cout << fmt::format("  flow {} carries {:.0f}% of its cargo\n", f.flow,
                                 100 * f.carried_share.mean);
  }
  if (!output) return kOk;
  Json candidates = Json::array();
  for (const PlanCandidate& c : scenario->candidates)
    candidates.push_back({{"id", c.id},
                          {"cost_usd", c.cost_usd},
                          {"repeat", c.repeat},
                          {"changes", c.changes},
                          {"text", c.text},
                          {"source", c.source}});
  const Json json = {{"scenario", scenario->info.name},
                     {"scenario_file", path},
                     {"seed", scenario->info.seed},
                     {"replications_per_probe", replications},
                     {"max_utilization", limit},
                     {"min_carried_share", SaturationLimits{}.min_carried_share},
                     {by_value ? "target_usd_per_year" : "target_teu_per_year", target},
                     {"target_factor", factor},
                     {"reached", plan.reached},
                     {"cost_usd", plan.cost_usd},
                     {"overrides", plan.overrides},
                     {"dropped", plan.dropped},
                     {"candidates", candidates},
                     {"before", probe_json(plan.before, limit)},
                     {"steps", steps},
                     {"final", probe_json(plan.final_state, limit)}};
  try {
    write_file_atomically(output->staged("plan.json"), json.dump(2) + "\n");
    write_file_atomically(output->staged("plan.csv"), csv);
    output->commit();
  } catch (const std::exception& e) {
    std::cerr << "corridor plan: cannot write results to " << vm["out"].as<std::string>() << ": " << e.what()
              << "\n";
    return kIoError;
  }
  std::cout << "\nwrote " << vm["out"].as<std::string>() << "/plan.json, " << vm["out"].as<std::string>()
            << "/plan.csv\n";
  return kOk;
}

} // namespace corridor::cli

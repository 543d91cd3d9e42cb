// corridor capacity SCENARIO: the largest trade value each route carries before it saturates,
// found by simulation (a search over demand), and what saturates first.
#include "corridor/claims.hpp"
#include "corridor/limits.hpp"
#include "corridor/replications.hpp"

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/scenario_input.hpp"

#include <cmath>
#include <fmt/format.h>
#include <iostream>

namespace corridor::cli {

namespace {

struct Probe {
  double value = 0; ///< USD a year, or TEU a year without a trade section
  CapacityCheck check;
};

class RouteSearch {
public:
  RouteSearch(const Scenario& s, const std::string& route, double limit, const ReplicationPlan& plan)
      : scenario_(s), route_(route), limit_(limit), plan_(plan) {}

  // With a commodity mix the search is over USD a year; without one, over TEU a year.
  Probe probe(double value) {
    Claim claim;
    claim.id = "capacity";
    claim.route = route_;
    claim.stated = value;
    Scenario variant = scenario_;
    variant.uncertain.clear(); // the search runs the nominal values of uncertain inputs
    if (variant.commodities.empty())
      variant.commodities = {Commodity{"TEU", 1, 1, 1, false, 0, {}}}; // 1 "USD" = 1 TEU
    variant = capacity_scenario(variant, claim);
    const RoutedScenario routed(variant);
    const auto runs = run_replications(variant, routed, plan_);
    return Probe{value, check_capacity(variant, routed, *routed.network.route(route_), runs)};
  }

  /** The largest value that is sustained, within 5%, and the first probe beyond it. */
  std::pair<Probe, Probe> search(double start) {
    Probe low{0, {}}, high = probe(start);
    // Bracket: grow until the route fails, guided by the utilization measured so far.
    for (int i = 0; i < 12 && high.check.sustained(limit_); ++i) {
      low = high;
      const double u = high.check.max_utilization.mean;
      const double factor = u > 0.01 ? std::clamp(limit_ / u * 1.2, 1.2, 10.0) : 10.0;
      high = probe(high.value * factor);
    }
    if (low.value == 0) { // even the start fails: shrink
      for (int i = 0; i < 12 && !high.check.sustained(limit_); ++i) {
        Probe lower = probe(high.value / 4);
        if (lower.check.sustained(limit_)) {
          low = lower;
          break;
        }
        high = lower;
      }
    }
    while (low.value > 0 && high.value / low.value > 1.05) {
      Probe middle = probe(std::sqrt(low.value * high.value));
      (middle.check.sustained(limit_) ? low : high) = middle;
    }
    return {low, high};
  }

private:
  const Scenario& scenario_;
  std::string route_;
  double limit_;
  ReplicationPlan plan_;
};

std::string what_saturates(const Probe& p, double limit) {
  if (p.check.max_utilization.mean > limit)
    return fmt::format("{} ({:.0f}% busy)", p.check.bottleneck, 100 * p.check.max_utilization.mean);
  return fmt::format("services or links: {:.0f}% of cargo carried", 100 * p.check.carried_share.mean);
}

} // namespace

int capacity_command(const Args& args) {
  po::options_description options("options");
  options.add_options()("scenario", po::value<std::string>()->required(), "scenario file")(
      "route", po::value<std::vector<std::string>>()->default_value({}, ""),
      "route id (repeatable; default: all)")("max-utilization", po::value<double>()->default_value(0.85),
                                             "limit for the busiest facility")(
      "replications", po::value<int>()->default_value(2), "replications at each probed volume")(
      "set", overrides_value(), "override PATH=VALUE (repeatable)")("jobs", jobs_value(),
                                                                    "replications run at once");
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm;
  if (auto stop = parse_options("capacity", "SCENARIO [--route ID]... [--max-utilization U]", args, options,
                                positional, vm))
    return *stop;
  const double limit = vm["max-utilization"].as<double>();
  if (!(limit > 0 && limit <= 1) || vm["replications"].as<int>() < 1 ||
      vm["replications"].as<int>() > limits::kMaxReplications || vm["jobs"].as<int>() < 1) {
    std::cerr << "corridor capacity: expected 0 < --max-utilization <= 1, --replications from 1 to "
              << limits::kMaxReplications << " and --jobs >= 1\n";
    return kInvalidInput;
  }
  auto scenario = load_or_report(vm["scenario"].as<std::string>(), vm["set"].as<std::vector<std::string>>());
  if (!scenario) return kInvalidInput;
  std::vector<std::string> routes = vm["route"].as<std::vector<std::string>>();
  if (routes.empty())
    for (const Route& r : scenario->routes)
      routes.push_back(r.id);
  for (const auto& id : routes)
    if (!RoutedScenario(*scenario).network.route(id)) {
      std::cerr << "corridor capacity: unknown route '" << id << "'\n";
      return kInvalidInput;
    }

  ReplicationPlan plan;
  plan.seed = scenario->info.seed;
  plan.replications = vm["replications"].as<int>();
  plan.jobs = vm["jobs"].as<int>();
  const bool by_value = !scenario->commodities.empty();
  std::cout << fmt::format(
      "largest volume each route sustains: busiest facility <= {:.0f}% and >= 95% of cargo "
      "carried ({} replications a probe, search to 5%)\n\n",
      100 * limit, plan.replications);
  std::cout << fmt::format("{:<28} {:>16} {:>12}  {}\n", "route", by_value ? "USD a year" : "TEU a year",
                           "TEU a year", "what saturates first");
  try {
    for (const auto& id : routes) {
      RouteSearch search(*scenario, id, limit, plan);
      const auto [low, high] = search.search(by_value ? 1e8 : 1000);
      const double teu = by_value ? scenario->teu_per_year_for_value(low.value) : low.value;
      std::cout << fmt::format("{:<28} {:>16.3g} {:>12.0f}  {}\n", id, low.value, teu,
                               what_saturates(high, limit))
                << std::flush;
    }
  } catch (const ReplicationFailed& e) {
    std::cerr << "corridor capacity: " << e.what() << "\n";
    return kSimulationFailed;
  }
  return kOk;
}

} // namespace corridor::cli

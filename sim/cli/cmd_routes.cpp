// corridor routes SCENARIO: what each route is made of and what it takes with no queues.
#include "corridor/network.hpp"

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/scenario_input.hpp"

#include <fmt/format.h>
#include <iostream>

namespace corridor::cli {

namespace {
std::string modes_text(const std::vector<Mode>& modes) {
  std::string text;
  for (Mode m : modes) {
    if (!text.empty()) text += '+';
    text += to_string(m);
  }
  return text;
}
} // namespace

int routes_command(const Args& args) {
  po::options_description options("options");
  options.add_options()("scenario", po::value<std::string>()->required(),
                        "scenario file")("set", overrides_value(), "override PATH=VALUE (repeatable)");
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm;
  if (auto stop = parse_options("routes", "SCENARIO [--set PATH=VALUE]...", args, options, positional, vm))
    return *stop;

  auto scenario = load_or_report(vm["scenario"].as<std::string>(), vm["set"].as<std::vector<std::string>>());
  if (!scenario) return kInvalidInput;
  const RoutedScenario routed(*scenario);

  std::cout << fmt::format("{:<24} {:>11} {:<16} {:>6} {:>7} {:>10} {:>13}\n", "route", "distance_km",
                           "modes", "gauge", "borders", "free_days", "free_usd/teu");
  for (const RoutedRoute& r : routed.routes)
    std::cout << fmt::format("{:<24} {:>11.0f} {:<16} {:>6} {:>7} {:>10.2f} {:>13.0f}\n",
                             scenario->routes[r.route].id, r.distance_km, modes_text(r.modes), r.gauge_breaks,
                             r.border_crossings, r.free_flow_h / 24, r.free_flow_usd_per_teu);
  std::cout
      << "\nfree_days and free_usd/teu: mean times and costs with no queue and full vehicles (trucks with an "
         "empty cost priced back empty); gauge: gauge breaks; borders: border crossings met.\n";
  return kOk;
}

} // namespace corridor::cli

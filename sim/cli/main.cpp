// corridor: a discrete-event freight-corridor simulator. Dispatches to one subcommand.
#include "cli/commands.hpp"

#include <exception>
#include <iostream>
#include <map>

namespace {

constexpr const char* kUsage = R"(usage: corridor <command> [options]

commands:
  run [SCENARIO]        simulate a scenario (default: scenarios/almaty-karachi.yaml)
  validate SCENARIO...  check scenarios and report every error, simulating nothing
  routes SCENARIO       each route's distance, modes, gauge breaks, borders, free-flow time and cost
  compare BASE CURRENT  compare two result sets metric by metric; non-zero exit on a regression
  capacity SCENARIO     the largest trade value each route (or --network: the whole network) carries
  plan SCENARIO         the cheapest of the scenario's candidate changes that sustain --target-usd
  sensitivity SCENARIO  rank the uncertain inputs by their effect on claims and routes (tornado, Morris)
  batch EXPERIMENT      run every case of an experiment (or SCENARIO...), resumable, shardable
  merge DIR... --out D  combine the shards of a batch into one
  report RESULTS_DIR    one self-contained HTML page of a result set: claims, routes, charts, map

Run `corridor <command> --help` for the options of a command.
Exit codes: 0 ok, 1 simulation failed (compare: a regression), 2 invalid scenario or arguments, 3 file error, 4 internal error.
)";

} // namespace

int main(int argc, char** argv) {
  using namespace corridor::cli;
  const std::map<std::string, int (*)(const Args&)> commands = {
      {"run", run_command},         {"validate", validate_command},       {"routes", routes_command},
      {"compare", compare_command}, {"capacity", capacity_command},       {"batch", batch_command},
      {"merge", merge_command},     {"sensitivity", sensitivity_command}, {"plan", plan_command},
      {"report", report_command}};

  if (argc < 2) {
    std::cerr << kUsage;
    return kInvalidInput;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    std::cout << kUsage;
    return kOk;
  }
  if (name == "--version") {
    std::cout << "corridor " << CORRIDOR_VERSION << "\n";
    return kOk;
  }
  auto command = commands.find(name);
  if (command == commands.end()) {
    std::cerr << "corridor: unknown command '" << name << "'\n\n" << kUsage;
    return kInvalidInput;
  }
  try {
    return command->second(Args(argv + 2, argv + argc));
  } catch (const std::exception& e) {
    std::cerr << "corridor: internal error: " << e.what() << "\n";
    return kInternalError;
  }
}

// corridor validate SCENARIO...: every error of every file in one pass, nothing simulated.
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/scenario_input.hpp"

#include <iostream>

namespace corridor::cli {

int validate_command(const Args& args) {
  po::options_description options("options");
  options.add_options()("scenario", po::value<std::vector<std::string>>()->required(), "scenario files");
  po::positional_options_description positional;
  positional.add("scenario", -1);
  po::variables_map vm;
  if (auto stop = parse_options("validate", "SCENARIO...", args, options, positional, vm)) return *stop;

  int invalid = 0;
  for (const auto& path : vm["scenario"].as<std::vector<std::string>>()) {
    if (auto scenario = load_or_report(path))
      std::cout << path << ": ok (" << scenario->nodes.size() << " nodes, " << scenario->links.size()
                << " links, " << scenario->facilities.size() << " facilities, " << scenario->routes.size()
                << " routes, " << scenario->flows.size() << " flows"
                << (scenario->uncertain.empty() ? ""
                                                : ", " + std::to_string(scenario->uncertain.size()) +
                                                      " uncertain inputs at their nominal values")
                << ")\n";
    else
      ++invalid;
  }
  return invalid == 0 ? kOk : kInvalidInput;
}

} // namespace corridor::cli

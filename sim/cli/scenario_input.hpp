#pragma once
// Loading the scenario a command was given, reporting every problem on stderr.
#include "corridor/scenario.hpp"

#include <optional>
#include <string>
#include <vector>

namespace corridor::cli {

/** The scenario, or nothing after printing each diagnostic as file:line:col: error: … */
std::optional<Scenario> load_or_report(const std::string& path,
                                       const std::vector<std::string>& overrides = {});

} // namespace corridor::cli

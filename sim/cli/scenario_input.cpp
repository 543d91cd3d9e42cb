#include "cli/scenario_input.hpp"

#include "corridor/load.hpp"

#include <filesystem>
#include <iostream>

namespace corridor::cli {

std::optional<Scenario> load_or_report(const std::string& path, const std::vector<std::string>& overrides) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    std::cerr << path << ": error: cannot read the scenario: "
              << (std::filesystem::exists(path, error) ? "not a regular file" : "no such file") << "\n";
    return std::nullopt;
  }
  try {
    return load_scenario(path, overrides);
  } catch (const ScenarioError& e) {
    std::cerr << diagnostics_text(e.diagnostics());
    const auto n = e.diagnostics().size();
    std::cerr << path << ": " << n << (n == 1 ? " error" : " errors") << "\n";
    return std::nullopt;
  }
}

} // namespace corridor::cli

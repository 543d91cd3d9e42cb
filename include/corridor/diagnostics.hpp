#pragma once
/** @file Errors found in a scenario, reported all at once as file:line:col. */
#include "corridor/source_location.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace corridor {

/** @brief One problem in a scenario: where, which key, what was expected and found. */
struct Diagnostic {
  SourceLoc loc;
  std::string path;    ///< dotted key path, e.g. "links[2].capacity_vehicles_per_day"
  std::string message; ///< e.g. "expected a positive number, got '-4'"

  /** @brief `file:line:col: error: path: message` (position omitted when unknown). */
  std::string to_string() const;
};

/** @brief Thrown when a scenario cannot be loaded; carries every diagnostic found in one pass. */
class ScenarioError : public std::runtime_error {
public:
  explicit ScenarioError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

private:
  std::vector<Diagnostic> diagnostics_;
};

} // namespace corridor

#pragma once
/** @file Errors found in a scenario, reported all at once as file:line:col. */
#include "corridor/limits.hpp"
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

/**
 * @brief The diagnostics one a line (each ending in a newline), the first `limit` only, then
 * "... and N more errors": one bad file can hold a million mistakes.
 */
std::string diagnostics_text(const std::vector<Diagnostic>& diagnostics,
                             std::size_t limit = limits::kMaxPrintedErrors);

/** @brief Thrown when a scenario cannot be loaded; carries every diagnostic found in one pass
 * (what() holds the first kMaxPrintedErrors). */
class ScenarioError : public std::runtime_error {
public:
  explicit ScenarioError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

private:
  std::vector<Diagnostic> diagnostics_;
};

} // namespace corridor

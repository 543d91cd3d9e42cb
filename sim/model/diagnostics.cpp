#include "corridor/diagnostics.hpp"

#include <fmt/format.h>

namespace corridor {

namespace {
std::string join_lines(const std::vector<Diagnostic>& diagnostics) {
  std::string text = diagnostics_text(diagnostics);
  if (!text.empty()) text.pop_back();
  return text;
}
} // namespace

std::string diagnostics_text(const std::vector<Diagnostic>& diagnostics, std::size_t limit) {
  std::string text;
  for (std::size_t i = 0; i < diagnostics.size() && i < limit; ++i)
    text += diagnostics[i].to_string() + "\n";
  if (diagnostics.size() > limit) {
    const std::size_t more = diagnostics.size() - limit;
    text += fmt::format("... and {} more {}\n", more, more == 1 ? "error" : "errors");
  }
  return text;
}

std::string Diagnostic::to_string() const {
  const std::string file = loc.file.empty() ? "<scenario>" : loc.file;
  const std::string where = loc.line > 0 ? fmt::format("{}:{}:{}", file, loc.line, loc.column) : file;
  return path.empty() ? fmt::format("{}: error: {}", where, message)
                      : fmt::format("{}: error: {}: {}", where, path, message);
}

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_lines(diagnostics)), diagnostics_(std::move(diagnostics)) {}

} // namespace corridor

#include "corridor/diagnostics.hpp"

#include <fmt/format.h>

namespace corridor {

namespace {
std::string join_lines(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& d : diagnostics) {
    if (!text.empty()) text += '\n';
    text += d.to_string();
  }
  return text;
}
} // namespace

std::string Diagnostic::to_string() const {
  const std::string file = loc.file.empty() ? "<scenario>" : loc.file;
  const std::string where = loc.line > 0 ? fmt::format("{}:{}:{}", file, loc.line, loc.column) : file;
  return path.empty() ? fmt::format("{}: error: {}", where, message)
                      : fmt::format("{}: error: {}: {}", where, path, message);
}

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_lines(diagnostics)), diagnostics_(std::move(diagnostics)) {}

} // namespace corridor

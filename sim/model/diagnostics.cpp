#include "corridor/diagnostics.hpp"

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
  std::string text = loc.file.empty() ? std::string("<scenario>") : loc.file;
  if (loc.line > 0) text += ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column);
  text += ": error: ";
  if (!path.empty()) text += path + ": ";
  return text + message;
}

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_lines(diagnostics)), diagnostics_(std::move(diagnostics)) {}

} // namespace corridor

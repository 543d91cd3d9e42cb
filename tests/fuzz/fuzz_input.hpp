#pragma once
// What both fuzz targets make of their input bytes: leading lines `--set PATH=VALUE` are
// overrides, the rest is a scenario file. Seeds are plain scenario files (no overrides).
#include "corridor/diagnostics.hpp"
#include "corridor/load.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace corridor::fuzz {

struct Input {
  std::string text;
  std::vector<std::string> overrides;
};

inline Input split_input(const std::uint8_t* data, std::size_t size) {
  Input input;
  std::string all(reinterpret_cast<const char*>(data), size);
  const std::string prefix = "--set ";
  std::size_t at = 0;
  while (all.compare(at, prefix.size(), prefix) == 0) {
    const std::size_t end = all.find('\n', at);
    const std::size_t stop = end == std::string::npos ? all.size() : end;
    input.overrides.push_back(all.substr(at + prefix.size(), stop - at - prefix.size()));
    at = end == std::string::npos ? all.size() : end + 1;
  }
  input.text = all.substr(at);
  return input;
}

[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz: broken invariant: %s\n", what.c_str());
  std::abort();
}

/**
 * The scenario, or nothing when the loader rejected it. Rejection must be a ScenarioError whose
 * every diagnostic points into the file or at --set: any other exception is a bug.
 */
inline std::optional<Scenario> load(const Input& input) {
  try {
    return load_scenario_text(input.text, "fuzz.yaml", input.overrides);
  } catch (const ScenarioError& e) {
    if (e.diagnostics().empty()) fail("a ScenarioError without diagnostics");
    for (const Diagnostic& d : e.diagnostics())
      if (d.loc.file != "fuzz.yaml" && d.loc.file != "--set") fail("a diagnostic at " + d.to_string());
    return std::nullopt;
  }
  // Anything else escapes: libFuzzer reports it as a crash ("uncaught exception").
}

} // namespace corridor::fuzz

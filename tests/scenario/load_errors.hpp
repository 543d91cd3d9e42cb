#pragma once
// Every message of a scenario load that must fail, for the loader's tests.
#include "corridor/load.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

inline std::vector<std::string> errors_of(const std::string& text,
                                          const std::vector<std::string>& overrides = {}) {
  try {
    corridor::load_scenario_text(text, "x.yaml", overrides);
  } catch (const corridor::ScenarioError& e) {
    std::vector<std::string> lines;
    for (const auto& d : e.diagnostics())
      lines.push_back(d.to_string());
    return lines;
  }
  FAIL("the scenario loaded, but it should not have");
  return {};
}

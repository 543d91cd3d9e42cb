#pragma once
/** @file Reading and checking scenario files. */
#include "corridor/diagnostics.hpp"
#include "corridor/scenario.hpp"

#include <string>
#include <vector>

namespace corridor {

/**
 * @brief Parses and validates a scenario file.
 * @throws ScenarioError with every problem found (syntax, unknown or missing keys, wrong
 *         types, bad values, unknown or duplicate ids, routes that do not connect, gauge breaks
 *         without a gauge_change facility), each with file, line and column.
 */
Scenario load_scenario(const std::string& path);

/** @brief Same as load_scenario, from text; `file_name` is used in messages. */
Scenario load_scenario_text(const std::string& text, const std::string& file_name);

/** @brief Semantic checks on a parsed scenario (references, connectivity, gauges, values). */
std::vector<Diagnostic> validate(const Scenario& scenario);

/**
 * @brief Applies one `--set PATH=VALUE` override, e.g. `facilities[TORKHAM_BCP].servers=8`
 *        or `scenario.seed=7`, before validation. Lists are addressed by index or by id.
 * @throws ScenarioError naming the path when it does not exist or the value does not fit.
 */
void apply_override(const std::string& path_equals_value, std::string& yaml_text, const std::string& file_name);

} // namespace corridor

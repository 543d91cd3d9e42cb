#pragma once
/** @file Reading and checking scenario files. */
#include "corridor/diagnostics.hpp"
#include "corridor/scenario.hpp"

#include <string>
#include <vector>

namespace corridor {

/**
 * @brief Parses and validates a scenario file, after applying `--set` overrides.
 *
 * An override is `PATH=VALUE`: PATH is a dotted key path whose list items are addressed by
 * index or by id (`scenario.seed`, `facilities[TORKHAM_BCP].servers`, `links[3].speed_kmh`,
 * `demand[kz_exports].teu_per_year`); VALUE is parsed as YAML (`8`, `[road, rail]`,
 * `{exponential: {mean: 3}}`). An override may replace an existing key or add one the format
 * allows; a PATH that names no list item is an error.
 * @throws ScenarioError with every problem found (syntax, unknown or missing keys, wrong
 *         types, bad values, unknown or duplicate ids, routes that do not connect, gauge breaks
 *         without a gauge_change facility, bad overrides), each with file, line and column
 *         (an override's problems are reported at `--set PATH`).
 */
Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides = {});

/** @brief Same as load_scenario, from text; `file_name` is used in messages. */
Scenario load_scenario_text(const std::string& text, const std::string& file_name,
                            const std::vector<std::string>& overrides = {});

/**
 * @brief The scenario with its uncertain inputs at `values` (one per Scenario::uncertain): reloaded
 * from its file with its overrides and one more per input, so every value is checked and placed
 * exactly as a `--set` would. Keeps the seed and replications the scenario was given.
 * @throws ScenarioError when a value makes the scenario invalid (e.g. a min above its max).
 */
Scenario with_input_values(const Scenario& scenario, const std::vector<double>& values);

/**
 * @brief The file and the scenarios it `extends`, nearest first: what a run's results depend on.
 * @throws ScenarioError when one cannot be read or parsed.
 */
std::vector<std::string> scenario_files(const std::string& path);

/** @brief Semantic checks on a parsed scenario (references, connectivity, gauges, values). */
std::vector<Diagnostic> validate(const Scenario& scenario);

} // namespace corridor

#pragma once
// `--set PATH=VALUE` (or `PATH+=NUMBER`): changes one value of the YAML tree before it is read.
#include "scenario/reader.hpp"

namespace corridor::scenario {

/**
 * Puts `value` at `path` (a --set path: scenario.seed, facilities[ID].servers) in `root` and
 * returns the node placed, or an undefined node after reporting a bad path at `at`. When the
 * last step is a key, `added_key` (if given) gets its key node, which has no position.
 */
YAML::Node place_value(Report& report, YAML::Node& root, const std::string& path, const YAML::Node& value,
                       const SourceLoc& at, YAML::Node* added_key = nullptr);

/**
 * Adds `delta` to the number at `path` (an uncertain number: to its low, mode and high) and
 * returns the node placed, or an undefined node after reporting at `at`.
 */
YAML::Node add_value(Report& report, YAML::Node& root, const std::string& path, double delta,
                     const SourceLoc& at);

/** Applies one override, `PATH=VALUE` or `PATH+=NUMBER` to `root`; a bad PATH or VALUE is reported at
 * "--set". */
void apply_override(Report& report, YAML::Node& root, const std::string& path_equals_value);

} // namespace corridor::scenario

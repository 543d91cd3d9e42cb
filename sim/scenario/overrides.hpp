#pragma once
// `--set PATH=VALUE`: changes one value of the YAML tree before it is read.
#include "scenario/reader.hpp"

namespace corridor::scenario {

/**
 * Puts `value` at `path` (a --set path: scenario.seed, facilities[ID].servers) in `root` and
 * returns the node placed, or an undefined node after reporting a bad path at `at`. When the
 * last step is a key, `added_key` (if given) gets its key node, which has no position.
 */
YAML::Node place_value(Report& report, YAML::Node& root, const std::string& path, const YAML::Node& value,
                       const SourceLoc& at, YAML::Node* added_key = nullptr);

/** Applies one override to `root`; a bad PATH or VALUE is reported at "--set". */
void apply_override(Report& report, YAML::Node& root, const std::string& path_equals_value);

} // namespace corridor::scenario

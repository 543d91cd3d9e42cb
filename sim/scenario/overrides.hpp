#pragma once
// `--set PATH=VALUE`: changes one value of the YAML tree before it is read.
#include "scenario/reader.hpp"

namespace corridor::scenario {

/** Applies one override to `root`; a bad PATH or VALUE is reported at "--set". */
void apply_override(Report& report, YAML::Node& root, const std::string& path_equals_value);

} // namespace corridor::scenario

#pragma once
// `extends: base.yaml`: a scenario written as changes to another (a what-if in ten lines).
#include "scenario/reader.hpp"

namespace corridor::scenario {

/**
 * When `root`, read from `file`, says `extends: BASE` (a path relative to `file`), returns BASE's
 * tree, itself resolved, with root's sections added and its `set` values placed; otherwise
 * `root`. Every node keeps the file and position it was written at. `bases` gets the files
 * extended, nearest first. Returns an undefined node when a base cannot be read (reported).
 */
YAML::Node resolve_extends(Report& report, const YAML::Node& root, const std::string& file,
                           std::vector<std::string>& bases);

/** The YAML tree of the scenario at `path`, with what it `extends` resolved (for experiments
 * that scale a number of it). @throws ScenarioError when it cannot be read. */
YAML::Node load_resolved_tree(const std::string& path);

} // namespace corridor::scenario

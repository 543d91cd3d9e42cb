#pragma once
// The scenario's `plan` section: the changes `corridor plan` may buy, each checked where it is
// written by applying it to the scenario as `--set` would.
#include "corridor/scenario.hpp"

#include "scenario/reader.hpp"

namespace corridor::scenario {

/** The tree of a scenario (extends and overrides applied) -> the model; defined in load.cpp. */
Scenario parse(Report& report, const YAML::Node& root);

/**
 * Reads `plan: {candidates: [...]}` of `root` into `candidates`. Each candidate is applied (as
 * many times as it may be bought) to a copy of the tree, which is then read and validated: a bad
 * path, a value the scenario rejects, or an add to something that is not a number is reported at
 * the candidate's key.
 */
void read_plan(Report& report, const YAML::Node& root, std::vector<PlanCandidate>& candidates);

} // namespace corridor::scenario

#pragma once
/** @file timeseries.csv: the run step by step, per facility and per route (docs/outputs.md). */
#include "corridor/cohort.hpp"
#include "corridor/scenario.hpp"

#include <string>
#include <vector>

namespace corridor {

/** @brief The header line's columns, in order. */
const std::vector<std::string>& timeseries_columns();

/**
 * @brief The replications' step series (ReplicationDigest::series) as one long CSV table: a row
 * per facility and step, then per (flow, route) pair and step, each value a mean over the
 * replications that reached the step.
 */
std::string timeseries_csv_text(const Scenario& scenario, const std::vector<ReplicationDigest>& digests);

} // namespace corridor

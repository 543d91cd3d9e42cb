#pragma once
/** @file Result files and the summary table. Every file is written whole or not at all. */
#include "corridor/results.hpp"
#include "corridor/scenario.hpp"
#include "corridor/summary.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace corridor {

/** @brief Writes to a temporary file in the same directory, syncs it, then renames it over `path`. */
void write_file_atomically(const std::string& path, const std::string& content);

std::string shipments_csv_text(const Scenario& scenario, const std::vector<ReplicationResult>& results);
std::string summary_json_text(const RunMetadata& metadata, const Summary& summary);

/** @brief DIR/shipments.csv: one row per shipment created after warm-up, all replications. */
void write_shipments_csv(const std::string& dir, const Scenario& scenario,
                         const std::vector<ReplicationResult>& results);
/** @brief DIR/summary.json. */
void write_summary_json(const std::string& dir, const RunMetadata& metadata, const Summary& summary);
/** @brief The summary as fixed-width tables. */
void print_summary_table(std::ostream& out, const Summary& summary);

} // namespace corridor

#pragma once
/** @file Result files and the summary table. Every file is written whole or not at all. */
#include "corridor/scenario.hpp"
#include "corridor/summary.hpp"

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace corridor {

/** @brief Writes every byte to `fd`, retrying when interrupted; false (errno set) on failure. */
bool write_all(int fd, const char* data, std::size_t size);

/** @brief Writes to a temporary file in the same directory, syncs it, then renames it over `path`. */
void write_file_atomically(const std::string& path, const std::string& content);

/** @brief Where replication `index` (0-based) writes its rows; replication 0's starts with the header. */
std::string shipment_rows_path(const std::string& dir, int index);

/**
 * @brief Joins the replications' shipment rows (shipment_rows_path in `rows_dir`, the first
 * with the header) into `path`, and removes them. Done in the kernel (copy_file_range): the
 * rows are never read into this process.
 */
void join_shipment_rows(const std::string& rows_dir, int replications, const std::string& path);

/** @brief Where replication `index` writes its part of the file `stem`.csv (trace.csv: "trace"). */
std::string rows_part_path(const std::string& dir, const std::string& stem, int index);
/** @brief join_shipment_rows for the parts of any file `stem`.csv. */
void join_rows(const std::string& rows_dir, const std::string& stem, int replications,
               const std::string& path);

/** @brief inputs.csv: replication,path,value, the values each replication gave the uncertain inputs. */
std::string inputs_csv_text(const Summary& summary);
/** @brief border_times.csv: one row per (flow, route) pair and facility of its route, in route order. */
std::string border_times_csv_text(const Summary& summary);
/** @brief sections.csv: one row per (flow, route) pair and country it crosses. */
std::string sections_csv_text(const Summary& summary);

std::string summary_json_text(const RunMetadata& metadata, const Summary& summary);

/** @brief The summary as fixed-width tables, with its warnings. */
void print_summary_table(std::ostream& out, const Summary& summary);

} // namespace corridor

#pragma once
/** @file A replication's result as a file: how a child process hands it to its parent. */
#include "corridor/results.hpp"

#include <string>

namespace corridor {

/** @brief Writes `result` atomically in a compact binary form (bit-exact doubles). */
void write_replication(const std::string& path, const ReplicationResult& result);
/** @brief Reads it back. @throws std::runtime_error on a truncated or foreign file. */
ReplicationResult read_replication(const std::string& path);

} // namespace corridor

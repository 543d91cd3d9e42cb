#pragma once
/** @file A replication's digest as a file: how a child process hands it to its parent. */
#include "corridor/cohort.hpp"

#include <string>

namespace corridor {

/** @brief Writes `digest` atomically in a compact binary form (bit-exact doubles). */
void write_digest(const std::string& path, const ReplicationDigest& digest);
/** @brief Reads it back. @throws std::runtime_error on a truncated or foreign file. */
ReplicationDigest read_digest(const std::string& path);

} // namespace corridor

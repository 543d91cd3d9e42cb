#pragma once
/** @file The one way corridor reads CSV: the inverse of corridor/csv.hpp's writer (RFC 4180). */
#include <istream>
#include <string>
#include <vector>

namespace corridor {

/**
 * @brief Reads the next record of an RFC 4180 file into `fields`: quoted fields may hold commas,
 * doubled quotes and line breaks; a CR before LF is dropped. @return false at the end of input
 * @throws std::runtime_error on a quote left open at the end of input
 */
bool read_csv_record(std::istream& in, std::vector<std::string>& fields);

} // namespace corridor

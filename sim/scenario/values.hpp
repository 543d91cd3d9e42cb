#pragma once
// Scenario values that are more than one scalar: distributions, times of day, dates, closures.
#include "corridor/calendar.hpp"
#include "corridor/distribution.hpp"

#include "scenario/reader.hpp"

#include <optional>
#include <vector>

namespace corridor::scenario {

/** A number (constant) or a one-key mapping such as {exponential: {mean: 2}}. */
std::optional<Distribution> read_distribution(Report& report, const YAML::Node& node,
                                              const std::string& path);

/** "HH:MM" as hours of the day; "24:00" allowed as an end. */
std::optional<double> read_time_of_day(Report& report, const YAML::Node& node, const std::string& path);

std::optional<OpeningHours> read_opening_hours(Report& report, const YAML::Node& node,
                                               const std::string& path);

/** Closures: {from: MM-DD | YYYY-MM-DD, to: …, reason: …}, dated ones converted to hours from `start`. */
std::vector<Closure> read_closures(Report& report, const YAML::Node& node, const std::string& path,
                                   const Date& start);

/** A dated instant "YYYY-MM-DD" (00:00, or 24:00 when `end_of_day`) or "YYYY-MM-DD HH:MM", in hours from
 * start. */
std::optional<double> read_instant(Report& report, const YAML::Node& node, const std::string& path,
                                   const Date& start, bool end_of_day);

} // namespace corridor::scenario

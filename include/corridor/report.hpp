#pragma once
/** @file `corridor report`: one self-contained HTML page of a result set, charts drawn offline. */
#include <stdexcept>
#include <string>

namespace corridor {

/** @brief A result set that cannot be reported (no summary.json), or Vega missing. */
class ReportError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/**
 * @brief The report of the result set in `results_dir`: claims, routes, transit-time
 * distributions, time– and cost–distance profiles, facility queues over time, a map and the
 * indicators, each section drawn only from the files that hold its data.
 * @throws ReportError when summary.json is missing or unreadable, or Vega is not installed
 */
std::string report_html(const std::string& results_dir);

/** @brief report_html written to `out_path` atomically. @throws ReportError, std::runtime_error */
void write_report(const std::string& results_dir, const std::string& out_path);

/**
 * @brief Where Vega's modules are read from: $CORRIDOR_VEGA_DIR when set, else the folder of
 * Debian's libjs-vega found at build time (/usr/share/javascript/vega).
 */
std::string vega_directory();

/** @brief Checks that Vega's modules can be read, before a run that will report. @throws ReportError */
void require_vega();

} // namespace corridor

#pragma once
// The pieces of the report, one file each; report.cpp puts them in the page.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::report {

using Json = nlohmann::ordered_json;

/** @brief Text for HTML content or a quoted attribute: & < > " ' escaped. */
std::string html_escape(std::string_view text);
/** @brief JSON for inside a <script> element: '<', '>' and '&' as \u escapes, so no `</script>`
 *  or `<!--` in a scenario's names can end the element. */
std::string script_json(const Json& value);

/** @brief Vega's JavaScript from Debian's modules, defining the global `vega`. @throws ReportError */
std::string vega_javascript(const std::string& directory);

/** @brief The transit times of shipments.csv, streamed: per route, the ECDF and the censoring. */
struct TransitDistribution {
  Json curves = Json::array(); ///< {route, days, share}: share of the cohort delivered within days
  Json routes = Json::array(); ///< {route, shipments, delivered, in_transit, censored_share}
};
/** @throws ReportError on a file that is not a shipments.csv */
TransitDistribution read_transit_distribution(const std::string& path);

/** @brief Facility rows of timeseries.csv for the `count` busiest facilities (by mean queue,
 *  then busy lanes): {facility, day, queue, busy_lanes}. Empty when the file has none. */
Json read_busiest_facility_series(const std::string& path, std::size_t count);

/** @brief A CSV file as objects keyed by its header (small files: border_times.csv, sections.csv). */
std::vector<Json> read_small_csv(const std::string& path);

// Vega specifications, one per chart.
Json transit_ecdf_chart(const TransitDistribution& distribution);
Json profile_chart(const Json& profile_rows, const std::string& measure, const std::string& title);
Json facility_series_chart(const Json& rows, const std::string& measure, const std::string& title);
Json network_map_chart(const Json& geojson);

// HTML tables.
std::string claims_table(const Json& claims);
std::string routes_table(const Json& routes);
std::string facilities_table(const Json& routes);
std::string sections_table(const Json& routes);
std::string rows_table(const std::vector<Json>& rows);

/** @brief A number as the tables show it: `digits` significant figures, thousands apart. */
std::string format_number(double x, int digits = 3);
/** @brief A summary figure {mean, ci95, n, lower_bound?} as "mean ± ci95", "> mean", or "—". */
std::string format_figure(const Json& figure, int digits = 3);

} // namespace corridor::report

namespace corridor::report {

/** @brief sim/report/report_template.html, embedded at build time: `{{name}}` marks the holes. */
extern const char* const kReportTemplate;

/** @brief The template with each `{{name}}` replaced by its value (values are not rescanned). */
std::string fill_template(std::string_view text,
                          const std::vector<std::pair<std::string, std::string>>& values);

} // namespace corridor::report

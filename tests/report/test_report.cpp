#include "corridor/geojson.hpp"
#include "corridor/load.hpp"
#include "corridor/report.hpp"

#include "report/report_parts.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace corridor;
using namespace corridor::report;
namespace fs = std::filesystem;

namespace {

const std::string kFixture = std::string(CORRIDOR_TEST_DIR) + "/report/fixture";

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = 0; (at = text.find(what, at)) != std::string::npos; at += what.size())
    ++n;
  return n;
}

fs::path fresh_dir(const std::string& name) {
  const auto dir = fs::temp_directory_path() / ("corridor-report-test-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

} // namespace

TEST_CASE("text from a scenario cannot become markup, in HTML or in a script's JSON", "[report][escape]") {
  CHECK(html_escape("a </script> & \"b\" 'c'") == "a &lt;/script&gt; &amp; &quot;b&quot; &#39;c&#39;");
  const Json value = {{"name", "</script><script>alert(1)</script> <!-- & -->"}};
  const std::string text = script_json(value);
  CHECK(text.find('<') == std::string::npos);
  CHECK(text.find('>') == std::string::npos);
  CHECK(text.find('&') == std::string::npos);
  CHECK(Json::parse(text) == value); // the same value for JSON.parse
}

TEST_CASE("the template's holes are filled once, and values are not read as holes", "[report]") {
  CHECK(fill_template("<{{a}}|{{b}}|{{other}}>", {{"a", "{{b}}"}, {"b", "2"}}) == "<{{b}}|2|{{other}}>");
}

TEST_CASE("figures read as mean ± interval, lower bounds with >", "[report]") {
  CHECK(format_figure(Json{{"mean", 14.7321}, {"ci95", 5.123}, {"n", 20}}) == "14.7 ± 5.1");
  CHECK(format_figure(Json{{"mean", 2}, {"ci95", 0.5}, {"n", 2}, {"lower_bound", true}}) == "&gt; 2 ± 0.5");
  CHECK(format_figure(Json{{"mean", 10370.4}, {"ci95", 0}, {"n", 1}}, 4) == "10,370");
  CHECK(format_figure(Json()) == "—");
}

TEST_CASE("transit distributions: the share of the whole cohort delivered, censored rows counted",
          "[report]") {
  // Route r,"1": delivered after 48, 24 and 72 h, one still in transit: a cohort of 4.
  const TransitDistribution d = read_transit_distribution(kFixture + "/shipments.csv");
  REQUIRE(d.routes.size() == 2);
  CHECK(d.routes[0]["route"] == "r,\"1\"");
  CHECK(d.routes[0]["shipments"] == 4);
  CHECK(d.routes[0]["delivered"] == 3);
  CHECK(d.routes[0]["censored_share"] == 0.25);
  CHECK(d.routes[1]["censored_share"] == 0.0);
  // Steps at 1, 2 and 3 days to 1/4, 2/4 and 3/4: never 1 while a shipment is in transit.
  const Json expected = Json::parse(R"([
    {"route": "r,\"1\"", "days": 1.0, "share": 0.0}, {"route": "r,\"1\"", "days": 1.0, "share": 0.25},
    {"route": "r,\"1\"", "days": 2.0, "share": 0.5}, {"route": "r,\"1\"", "days": 3.0, "share": 0.75},
    {"route": "slow", "days": 4.0, "share": 0.0}, {"route": "slow", "days": 4.0, "share": 1.0}])");
  CHECK(d.curves == expected);
}

TEST_CASE("a file that is not shipments.csv is named in the error", "[report]") {
  const auto dir = fresh_dir("not-shipments");
  std::ofstream(dir / "shipments.csv") << "a,b\n1,2\n";
  CHECK_THROWS_WITH(read_transit_distribution((dir / "shipments.csv").string()),
                    Catch::Contains("not a shipments.csv: no column 'route'"));
}

TEST_CASE("queues over time: the busiest facilities by mean queue, then by busy lanes", "[report]") {
  // POST queues 3 a day on average; QUIET and IDLE never queue, QUIET keeps 0.15 lanes busy.
  const Json rows = read_busiest_facility_series(kFixture + "/timeseries.csv", 2);
  REQUIRE(rows.size() == 5);
  CHECK(rows[0]["facility"] == "POST");
  CHECK(rows[2]["queue"] == 5.0);
  CHECK(rows[2]["busy_lanes"] == 2.0);
  CHECK(rows[2]["period"] == "measured");
  CHECK(rows[3]["facility"] == "QUIET");
}

TEST_CASE("the report of a full result set has every section, its text escaped", "[report]") {
  const std::string html = report_html(kFixture);
  // The fixture's names hold </script>: only the page's own elements may end in it.
  const std::size_t charts = count(html, "<div class=\"chart\"");
  CHECK(charts == 6); // transit times, time and cost profiles, queue and lanes, map
  CHECK(count(html, "</script>") == 2 + charts);
  CHECK(html.find("<b>co</b>") == std::string::npos);
  CHECK(html.find("fixture &lt;/script&gt; &amp; &lt;b&gt;co&lt;/b&gt;") != std::string::npos);
  CHECK(html.find("<th>P(holds)</th>") != std::string::npos);
  CHECK(html.find("<td class=\"num\">75%</td>") != std::string::npos);
  CHECK(html.find("<td>r,&quot;1&quot;</td>") != std::string::npos);
  CHECK(count(html, "<td>f / r,&quot;1&quot;</td>") == 3); // one facility and two country sections
  CHECK(html.find("<td class=\"num\">8.33 ± 0.7</td>") != std::string::npos); // SWD of KZ
  CHECK(html.find("censored): r,\"1\" 25%.") == std::string::npos);           // escaped, as below
  CHECK(html.find("censored): r,&quot;1&quot; 25%.") != std::string::npos);
  CHECK(html.find("Not on the map, for want of lat/lon in the scenario: D.") != std::string::npos);
  CHECK(html.find("not in these results") == std::string::npos);
  CHECK(html.find("sourceMappingURL") == std::string::npos); // offline: nothing to fetch
  CHECK(html.find("src=\"http") == std::string::npos);
}

TEST_CASE("a section without its data says so", "[report]") {
  const auto dir = fresh_dir("summary-only");
  fs::copy_file(kFixture + "/summary.json", dir / "summary.json");
  const std::string html = report_html(dir.string());
  CHECK(html.find("Shipments (shipments.csv): not in these results.") != std::string::npos);
  CHECK(html.find("Queues over time (timeseries.csv): not in these results.") != std::string::npos);
  CHECK(html.find("The network&#39;s geometry (network.geojson): not in these results.") !=
        std::string::npos);
  CHECK(count(html, "<div class=\"chart\"") == 2); // the two profiles, from summary.json

  // A network without one placed node: no map to draw, and no node put anywhere.
  std::ofstream(dir / "network.geojson")
      << R"({"type": "FeatureCollection", "nodes_without_coordinates": ["A"],
    "features": [{"type": "Feature", "geometry": null, "properties": {"layer": "route", "id": "r"}}]})";
  const std::string unplaced = report_html(dir.string());
  CHECK(unplaced.find("Nodes with lat/lon, to draw a map from: not in these results.") != std::string::npos);
  CHECK(count(unplaced, "<div class=\"chart\"") == 2);
}

TEST_CASE("a folder without summary.json, and a missing Vega, are clear errors", "[report]") {
  const auto dir = fresh_dir("empty");
  CHECK_THROWS_WITH(report_html(dir.string()), Catch::Contains("no summary.json: not a result set"));
  setenv("CORRIDOR_VEGA_DIR", "/nonexistent/vega", 1);
  CHECK_THROWS_WITH(report_html(kFixture),
                    Catch::Contains("cannot read /nonexistent/vega/vega-util.min.js") &&
                        Catch::Contains("libjs-vega"));
  unsetenv("CORRIDOR_VEGA_DIR");
}

TEST_CASE("network.geojson places only nodes with lat/lon and breaks routes where one is missing",
          "[report][geojson]") {
  const Scenario scenario =
      load_scenario(std::string(CORRIDOR_TEST_DIR) + "/scenarios/report/hostile-names.yaml");
  const Json g = Json::parse(network_geojson_text(scenario, RoutedScenario(scenario)));
  CHECK(g["type"] == "FeatureCollection");
  CHECK(g["nodes_without_coordinates"] == Json::array({"DETOUR"}));
  CHECK(g["links_without_coordinates"] == Json::array({"WEST-DETOUR-road", "DETOUR-EAST-road"}));
  std::map<std::string, Json> by_id;
  for (const Json& f : g["features"])
    by_id[f["properties"]["layer"].get<std::string>() + ":" + f["properties"]["id"].get<std::string>()] = f;
  REQUIRE(by_id.size() == 3 + 2 + 2);
  // GeoJSON positions are [lon, lat].
  CHECK(by_id["node:BORDER"]["geometry"] == Json::parse(R"({"type": "Point", "coordinates": [69.3, 41.3]})"));
  CHECK(by_id["node:BORDER"]["properties"]["facilities"] == Json::array({"BORDER_POST"}));
  CHECK(by_id["node:BORDER"]["properties"]["name"] == "Border <b>post</b> & gate");
  CHECK(by_id["link:WEST-BORDER-road"]["properties"]["distance_km"] == 700.0);
  CHECK(by_id["route:direct"]["geometry"] ==
        Json::parse(R"({"type": "LineString", "coordinates": [[76.9, 43.2], [69.3, 41.3], [66.9, 39.6]]})"));
  CHECK(by_id["route:direct"]["properties"]["distance_km"] == 1000.0);
  // WEST, then DETOUR unplaced, then EAST: no two placed nodes in a row, no line at all.
  CHECK(by_id["route:detour"]["geometry"].is_null());
}

// corridor report: the page, section by section. A section whose data the result set does not
// hold (an older run, --shipments none) says so instead of drawing an empty chart.
#include "corridor/report.hpp"

#include "corridor/output.hpp"

#include "report/report_parts.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace corridor {

namespace report {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kBusiestFacilities = 5;

Json read_json(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw ReportError(path.string() + ": cannot open the file");
  try {
    return Json::parse(in);
  } catch (const Json::exception& e) {
    throw ReportError(path.string() + ": not JSON: " + e.what());
  }
}

std::string missing(const std::string& what) {
  return "<p class=\"missing\">" + html_escape(what) + ": not in these results.</p>\n";
}

class Page {
public:
  void heading(const std::string& text) { body_ += "<h2>" + html_escape(text) + "</h2>\n"; }
  void subheading(const std::string& text) { body_ += "<h3>" + html_escape(text) + "</h3>\n"; }
  void note(const std::string& text) { body_ += "<p class=\"note\">" + html_escape(text) + "</p>\n"; }
  void html(const std::string& html) { body_ += html; }
  void chart(const Json& spec) {
    const std::string id = "chart-" + std::to_string(++charts_);
    body_ += "<div class=\"chart\" id=\"" + id + "\"></div>\n<script type=\"application/json\" id=\"" + id +
             "-spec\">" + script_json(spec) + "</script>\n";
  }
  const std::string& body() const { return body_; }

private:
  std::string body_;
  int charts_ = 0;
};

std::string route_label(const Json& route) {
  const std::string flow = route.value("flow", ""), id = route.value("route", "");
  return flow.empty() ? id : flow + " / " + id;
}

void claims_section(Page& page, const Json& summary) {
  page.heading("Claims");
  const Json claims = summary.value("claims", Json::array());
  if (claims.empty()) return page.html(missing("Claims (the scenario states none)"));
  page.html(claims_table(claims));
}

void routes_section(Page& page, const Json& summary) {
  page.heading("Routes compared");
  const Json routes = summary.value("routes", Json::array());
  if (routes.empty()) return page.html(missing("Routes with shipments"));
  page.html(routes_table(routes));
  page.note("Means over replications ± the half-width of their 95% interval; '> x' is a lower bound "
            "(shipments still in transit when the run ended).");
}

void transit_section(Page& page, const fs::path& dir) {
  page.heading("Transit times");
  const fs::path path = dir / "shipments.csv";
  if (!fs::exists(path)) return page.html(missing("Shipments (shipments.csv)"));
  const TransitDistribution distribution = read_transit_distribution(path.string());
  if (distribution.curves.empty()) return page.html(missing("Delivered shipments"));
  page.chart(transit_ecdf_chart(distribution));
  std::string censored;
  for (const Json& r : distribution.routes)
    if (r["in_transit"].get<std::size_t>() > 0)
      censored += (censored.empty() ? "" : "; ") + r["route"].get<std::string>() + " " +
                  format_number(100 * r["censored_share"].get<double>(), 3) + "%";
  page.note("All replications pooled; each curve is the share of the route's whole cohort delivered "
            "within a time, so it stops short of 100% by the share still in transit when the run "
            "ended (censored): " +
            (censored.empty() ? std::string("none here.") : censored + "."));
}

void profile_section(Page& page, const Json& summary) {
  page.heading("Time and cost along the routes (UNESCAP time/cost–distance)");
  Json rows = Json::array();
  for (const Json& route : summary.value("routes", Json::array())) {
    const Json profile = route.value("profile", Json::array());
    if (profile.empty()) continue;
    int step = 0;
    // The origin: the profile's figures are cumulative from there.
    rows.push_back({{"route", route_label(route)},
                    {"step", step++},
                    {"kind", "origin"},
                    {"id", ""},
                    {"country", ""},
                    {"distance_km", 0},
                    {"time_days", 0},
                    {"cost_usd_per_teu", 0}});
    for (const Json& p : profile) {
      // Numbers, or figures {mean, ci95, n} of which the mean is drawn.
      auto number = [&p](const char* key) -> Json {
        if (!p.contains(key)) return nullptr;
        if (p[key].is_number()) return p[key];
        if (p[key].is_object() && p[key].contains("mean") && p[key]["mean"].is_number())
          return p[key]["mean"];
        return nullptr;
      };
      rows.push_back(
          {{"route", route_label(route)},
           {"step", step++},
           {"kind", p.value("kind", "")},
           {"id", p.value("id", "")},
           {"country", p.value("country", "")},
           {"distance_km", number("distance_km")},
           {"time_days", number("time_h").is_number() ? Json(number("time_h").get<double>() / 24) : Json()},
           {"cost_usd_per_teu", number("cost_usd_per_teu")}});
    }
  }
  if (rows.empty()) return page.html(missing("Route profiles"));
  page.chart(profile_chart(rows, "time_days", "Time–distance: days from origin against km"));
  page.chart(profile_chart(rows, "cost_usd_per_teu", "Cost–distance: USD per TEU against km"));
  page.note("A vertical step is time or cost spent at a facility (dots: borders, terminals) without "
            "moving; the slope of a link is its speed or its rate per km.");
}

void facilities_section(Page& page, const Json& summary, const fs::path& dir) {
  page.heading("Facilities: queues and utilization");
  Json facilities = summary.value("facilities", Json::array());
  std::vector<Json> busiest(facilities.begin(), facilities.end());
  auto utilization = [](const Json& f) {
    const Json u = f.value("utilization", Json());
    return u.is_object() && u["mean"].is_number() ? u["mean"].get<double>() : -1.0;
  };
  std::stable_sort(busiest.begin(), busiest.end(),
                   [&](const Json& a, const Json& b) { return utilization(a) > utilization(b); });
  if (busiest.size() > 8) busiest.resize(8);
  if (busiest.empty()) {
    page.html(missing("Facility statistics"));
  } else {
    std::string table =
        "<table>\n<thead><tr><th>facility</th><th>utilization</th><th>mean queue</th>"
        "<th>max queue</th><th>mean wait h</th><th>vehicles / day</th></tr></thead>\n<tbody>\n";
    for (const Json& f : busiest) {
      Json u = f.value("utilization", Json());
      std::string util = "—";
      if (u.is_object() && u["mean"].is_number())
        util = format_number(100 * u["mean"].get<double>(), 3) + "%";
      table += "<tr><td>" + html_escape(f.value("id", "")) + "</td><td class=\"num\">" + util + "</td>";
      for (const char* key : {"mean_queue", "max_queue", "mean_wait_h", "vehicles_per_day"})
        table += "<td class=\"num\">" + format_figure(f.value(key, Json())) + "</td>";
      table += "</tr>\n";
    }
    page.html(table + "</tbody>\n</table>\n");
  }
  const fs::path path = dir / "timeseries.csv";
  if (!fs::exists(path)) return page.html(missing("Queues over time (timeseries.csv)"));
  const Json rows = read_busiest_facility_series(path.string(), kBusiestFacilities);
  if (rows.empty()) return page.html(missing("Facility rows of timeseries.csv"));
  page.chart(facility_series_chart(rows, "queue", "Vehicles waiting, by day (busiest facilities)"));
  page.chart(facility_series_chart(rows, "busy_lanes", "Lanes busy, by day (utilization × lanes)"));
  page.note("Daily means over replications, warm-up and drain included.");
}

void map_section(Page& page, const fs::path& dir) {
  page.heading("Map");
  const fs::path path = dir / "network.geojson";
  if (!fs::exists(path)) return page.html(missing("The network's geometry (network.geojson)"));
  const Json geojson = read_json(path);
  bool placed = false;
  for (const Json& f : geojson.value("features", Json::array()))
    placed = placed || (f.is_object() && f.contains("geometry") && f["geometry"].is_object());
  if (placed)
    page.chart(network_map_chart(geojson));
  else
    page.html(missing("Nodes with lat/lon, to draw a map from"));
  std::string unplaced;
  for (const Json& id : geojson.value("nodes_without_coordinates", Json::array()))
    unplaced += (unplaced.empty() ? "" : ", ") + id.get<std::string>();
  if (!unplaced.empty()) page.note("Not on the map, for want of lat/lon in the scenario: " + unplaced + ".");
}

void indicators_section(Page& page, const Json& summary, const fs::path& dir) {
  page.heading("Indicators: border and facility times, speeds by country");
  const Json routes = summary.value("routes", Json::array());
  bool facilities = false, sections = false;
  for (const Json& r : routes) {
    facilities = facilities || !r.value("facilities", Json::array()).empty();
    sections = sections || !r.value("sections", Json::array()).empty();
  }
  page.subheading("Time and cost at each facility");
  if (facilities)
    page.html(facilities_table(routes));
  else if (fs::exists(dir / "border_times.csv"))
    page.html(rows_table(read_small_csv((dir / "border_times.csv").string())));
  else
    page.html(missing("Facility times per route"));
  page.subheading("Sections by country: SWOD (speed without delays) and SWD (speed with delays)");
  if (sections)
    page.html(sections_table(routes));
  else if (fs::exists(dir / "sections.csv"))
    page.html(rows_table(read_small_csv((dir / "sections.csv").string())));
  else
    page.html(missing("Sections by country"));
}

} // namespace

std::string fill_template(std::string_view text,
                          const std::vector<std::pair<std::string, std::string>>& values) {
  std::string out;
  std::size_t at = 0;
  for (std::size_t open; (open = text.find("{{", at)) != std::string_view::npos;) {
    const std::size_t close = text.find("}}", open);
    if (close == std::string_view::npos) break;
    const std::string_view name = text.substr(open + 2, close - open - 2);
    out.append(text.substr(at, open - at));
    bool found = false;
    for (const auto& [key, value] : values)
      if (key == name) {
        out += value;
        found = true;
      }
    if (!found) out.append(text.substr(open, close + 2 - open)); // not ours: kept as written
    at = close + 2;
  }
  out.append(text.substr(at));
  return out;
}

} // namespace report

std::string report_html(const std::string& results_dir) {
  using namespace report;
  const fs::path dir(results_dir);
  if (!fs::is_directory(dir)) throw ReportError(results_dir + ": not a directory");
  if (!fs::exists(dir / "summary.json"))
    throw ReportError(results_dir + ": no summary.json: not a result set of corridor run");
  const Json summary = read_json(dir / "summary.json");
  const std::string vega = vega_javascript(vega_directory()); // before the work: fail early

  Page page;
  claims_section(page, summary);
  routes_section(page, summary);
  transit_section(page, dir);
  profile_section(page, summary);
  facilities_section(page, summary, dir);
  map_section(page, dir);
  indicators_section(page, summary, dir);

  const Json metadata = summary.value("metadata", Json::object());
  const std::string title = metadata.value("scenario", std::string("corridor results"));
  std::string subtitle = "Scenario file " + metadata.value("scenario_file", std::string("?")) + ", seed " +
                         metadata.value("seed", Json()).dump() + ", " +
                         metadata.value("replications", Json()).dump() + " replications, " +
                         format_number(metadata.value("measured_days", 0.0)) + " measured days; corridor " +
                         metadata.value("corridor_version", std::string("?")) + ".";
  for (const Json& w : summary.value("warnings", Json::array()))
    if (w.is_string()) subtitle += " Warning: " + w.get<std::string>();
  return fill_template(kReportTemplate, {{"title", html_escape(title)},
                                         {"subtitle", html_escape(subtitle)},
                                         {"version", CORRIDOR_VERSION},
                                         {"body", page.body()},
                                         {"vega_js", vega}});
}

void write_report(const std::string& results_dir, const std::string& out_path) {
  write_file_atomically(out_path, report_html(results_dir));
}

} // namespace corridor

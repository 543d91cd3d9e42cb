// The Vega specifications of the report's charts. Each carries its data: the page fetches nothing.
#include "report/report_parts.hpp"

namespace corridor::report {

namespace {

constexpr int kWidth = 640, kHeight = 280;

Json chart(const std::string& title, Json data) {
  return {{"$schema", "https://vega.github.io/schema/vega/v5.json"},
          {"width", kWidth},
          {"height", kHeight},
          {"padding", 5},
          {"autosize", {{"type", "fit-x"}, {"contains", "padding"}}},
          {"title", {{"text", title}, {"anchor", "start"}}},
          {"data", std::move(data)}};
}

Json linear_scale(const std::string& name, const std::string& data, const std::string& field,
                  const char* range, bool zero) {
  return {{"name", name},   {"type", "linear"}, {"domain", {{"data", data}, {"field", field}}},
          {"range", range}, {"zero", zero},     {"nice", true}};
}

Json color_scale(const std::string& data, const std::string& field) {
  return {{"name", "color"},
          {"type", "ordinal"},
          {"domain", {{"data", data}, {"field", field}}},
          {"range", "category"}};
}

Json axes(const std::string& x_title, const std::string& y_title) {
  return Json::array({{{"orient", "bottom"}, {"scale", "x"}, {"title", x_title}, {"grid", true}},
                      {{"orient", "left"}, {"scale", "y"}, {"title", y_title}, {"grid", true}}});
}

Json legend(const std::string& title) {
  return Json::array({{{"fill", "color"}, {"title", title}, {"orient", "right"}}});
}

// One line per series: a group mark faceted by `series`, points in `sort` order.
Json series_lines(const std::string& data, const std::string& series, const std::string& x,
                  const std::string& y, const std::string& sort, const std::string& interpolate) {
  Json update = {{"x", {{"scale", "x"}, {"field", x}}},
                 {"y", {{"scale", "y"}, {"field", y}}},
                 {"stroke", {{"scale", "color"}, {"field", series}}},
                 {"strokeWidth", {{"value", 2}}},
                 {"defined", {{"signal", "isValid(datum['" + y + "'])"}}}};
  if (!interpolate.empty()) update["interpolate"] = {{"value", interpolate}};
  return {{"type", "group"},
          {"from", {{"facet", {{"name", "series"}, {"data", data}, {"groupby", series}}}}},
          {"marks", Json::array({{{"type", "line"},
                                  {"from", {{"data", "series"}}},
                                  {"sort", {{"field", "datum." + sort}}},
                                  {"encode", {{"update", update}}}}})}};
}

} // namespace

Json transit_ecdf_chart(const TransitDistribution& distribution) {
  Json spec = chart("Share of each route's shipments delivered within a time",
                    Json::array({{{"name", "curves"}, {"values", distribution.curves}}}));
  spec["scales"] = Json::array({linear_scale("x", "curves", "days", "width", false),
                                {{"name", "y"}, {"type", "linear"}, {"domain", {0, 1}}, {"range", "height"}},
                                color_scale("curves", "route")});
  spec["axes"] = axes("days from creation to delivery", "share of the cohort delivered");
  spec["axes"][1]["format"] = "%";
  spec["legends"] = legend("route");
  spec["marks"] = Json::array({series_lines("curves", "route", "days", "share", "share", "step-after")});
  return spec;
}

Json profile_chart(const Json& profile_rows, const std::string& measure, const std::string& title) {
  Json spec = chart(
      title, Json::array({{{"name", "profile"}, {"values", profile_rows}},
                          {{"name", "facilities"},
                           {"source", "profile"},
                           {"transform",
                            Json::array({{{"type", "filter"}, {"expr", "datum.kind === 'facility'"}}})}}}));
  spec["scales"] =
      Json::array({linear_scale("x", "profile", "distance_km", "width", true),
                   linear_scale("y", "profile", measure, "height", true), color_scale("profile", "route")});
  spec["axes"] =
      axes("distance from origin (km)", measure == "time_days" ? "days from origin" : "USD per TEU");
  spec["legends"] = legend("route");
  Json points = {{"type", "symbol"},
                 {"from", {{"data", "facilities"}}},
                 {"encode",
                  {{"update",
                    {{"x", {{"scale", "x"}, {"field", "distance_km"}}},
                     {"y", {{"scale", "y"}, {"field", measure}}},
                     {"fill", {{"scale", "color"}, {"field", "route"}}},
                     {"size", {{"value", 30}}},
                     {"tooltip", {{"signal", "datum.id + ' (' + datum.country + ')'"}}}}}}}};
  spec["marks"] = Json::array({series_lines("profile", "route", "distance_km", measure, "step", ""), points});
  return spec;
}

Json facility_series_chart(const Json& rows, const std::string& measure, const std::string& title) {
  Json spec = chart(title, Json::array({{{"name", "series"}, {"values", rows}}}));
  spec["scales"] =
      Json::array({linear_scale("x", "series", "day", "width", false),
                   linear_scale("y", "series", measure, "height", true), color_scale("series", "facility")});
  spec["axes"] = axes("day of the run", measure == "queue" ? "vehicles waiting" : "lanes busy");
  spec["legends"] = legend("facility");
  spec["marks"] = Json::array({series_lines("series", "facility", "day", measure, "day", "")});
  return spec;
}

Json network_map_chart(const Json& geojson) {
  Json links = Json::array(), routes = Json::array(), nodes = Json::array();
  Json everything = Json::array(); // what the projection is fitted to
  for (const Json& f : geojson.value("features", Json::array())) {
    if (!f.is_object() || !f.contains("geometry") || !f["geometry"].is_object()) continue;
    const Json properties = f.value("properties", Json::object());
    const std::string layer = properties.value("layer", "");
    if (layer == "link") links.push_back(f);
    if (layer == "route") routes.push_back(f);
    if (layer == "node") {
      const Json at = f["geometry"].value("coordinates", Json::array());
      if (at.size() < 2) continue;
      nodes.push_back({{"id", properties.value("id", "")},
                       {"name", properties.value("name", "")},
                       {"lon", at[0]},
                       {"lat", at[1]}});
    }
    if (layer == "link" || layer == "route" || layer == "node") everything.push_back(f);
  }
  Json spec = chart("Network and routes",
                    Json::array({{{"name", "extent"}, {"values", everything}},
                                 {{"name", "links"}, {"values", links}},
                                 {{"name", "routes"}, {"values", routes}},
                                 {{"name", "nodes"},
                                  {"values", nodes},
                                  {"transform", Json::array({{{"type", "geopoint"},
                                                              {"projection", "projection"},
                                                              {"fields", {"lon", "lat"}}}})}}}));
  spec["height"] = 420;
  // Mercator fitted to what is drawn: a corridor, not the world. No tiles, no fetch.
  spec["projections"] = Json::array({{{"name", "projection"},
                                      {"type", "mercator"},
                                      {"fit", {{"signal", "data('extent')"}}},
                                      {"size", {{"signal", "[width, height]"}}}}});
  spec["scales"] = Json::array({{{"name", "color"},
                                 {"type", "ordinal"},
                                 {"domain", {{"data", "routes"}, {"field", "properties.id"}}},
                                 {"range", "category"}}});
  spec["legends"] = legend("route");
  spec["legends"][0]["stroke"] = "color";
  spec["legends"][0].erase("fill");
  spec["legends"][0]["symbolType"] = "stroke";
  auto shape = [](const std::string& data, Json stroke, double width, double opacity) {
    return Json{{"type", "shape"},
                {"from", {{"data", data}}},
                {"encode",
                 {{"update",
                   {{"stroke", std::move(stroke)},
                    {"strokeWidth", {{"value", width}}},
                    {"strokeOpacity", {{"value", opacity}}},
                    {"fill", {{"value", nullptr}}},
                    {"tooltip", {{"signal", "datum.properties.id"}}}}}}},
                {"transform", Json::array({{{"type", "geoshape"}, {"projection", "projection"}}})}};
  };
  spec["marks"] = Json::array({shape("links", {{"value", "#bbb"}}, 1.5, 1),
                               shape("routes", {{"scale", "color"}, {"field", "properties.id"}}, 4, 0.6),
                               {{"type", "symbol"},
                                {"from", {{"data", "nodes"}}},
                                {"encode",
                                 {{"update",
                                   {{"x", {{"field", "x"}}},
                                    {"y", {{"field", "y"}}},
                                    {"size", {{"value", 36}}},
                                    {"fill", {{"value", "#333"}}},
                                    {"tooltip", {{"signal", "datum.name"}}}}}}}},
                               {{"type", "text"},
                                {"from", {{"data", "nodes"}}},
                                {"encode",
                                 {{"update",
                                   {{"x", {{"field", "x"}, {"offset", 6}}},
                                    {"y", {{"field", "y"}, {"offset", -4}}},
                                    {"text", {{"field", "name"}}},
                                    {"fontSize", {{"value", 10}}},
                                    {"fill", {{"value", "#333"}}}}}}}}});
  return spec;
}

} // namespace corridor::report

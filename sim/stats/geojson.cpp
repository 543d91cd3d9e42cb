// network.geojson: what the report's map draws, and what a GIS opens. Longitude comes first in
// GeoJSON positions (RFC 7946 §3.1.1).
#include "corridor/geojson.hpp"

#include <nlohmann/json.hpp>
#include <optional>

namespace corridor {

namespace {

using Json = nlohmann::ordered_json;

std::optional<Json> position(const Node& node) {
  if (!node.lat || !node.lon) return std::nullopt;
  return Json::array({*node.lon, *node.lat});
}

Json feature(const char* layer, Json geometry, Json properties) {
  properties["layer"] = layer; // one collection, three layers: the report draws each its way
  return Json{{"type", "Feature"}, {"geometry", std::move(geometry)}, {"properties", std::move(properties)}};
}

// A route's path as pieces between nodes without coordinates: one piece is a LineString.
Json route_geometry(const Scenario& scenario, const RoutedRoute& route) {
  std::vector<Json> lines;
  Json line = Json::array();
  auto close_line = [&] {
    if (line.size() >= 2) lines.push_back(line);
    line = Json::array();
  };
  auto add = [&](std::size_t node) {
    const auto at = position(scenario.nodes[node]);
    if (!at) return close_line();
    if (line.empty() || line.back() != *at) line.push_back(*at);
  };
  for (const RoutedLeg& leg : route.legs)
    for (const RouteStep& step : leg.steps) {
      add(step.departure_node);
      add(step.arrival_node);
    }
  close_line();
  if (lines.empty()) return nullptr; // a feature without geometry: none of its nodes is placed
  if (lines.size() == 1) return Json{{"type", "LineString"}, {"coordinates", lines.front()}};
  return Json{{"type", "MultiLineString"}, {"coordinates", lines}};
}

} // namespace

std::string network_geojson_text(const Scenario& scenario, const RoutedScenario& routed) {
  Json features = Json::array();
  Json nodes_missing = Json::array(), links_missing = Json::array();
  for (std::size_t n = 0; n < scenario.nodes.size(); ++n) {
    const Node& node = scenario.nodes[n];
    const auto at = position(node);
    if (!at) {
      nodes_missing.push_back(node.id);
      continue;
    }
    Json facility_ids = Json::array();
    for (std::size_t f : routed.network.facilities_at(n))
      facility_ids.push_back(scenario.facilities[f].id);
    features.push_back(feature("node", {{"type", "Point"}, {"coordinates", *at}},
                               {{"id", node.id},
                                {"name", node.name},
                                {"country", node.country},
                                {"kind", to_string(node.kind)},
                                {"facilities", facility_ids}}));
  }
  for (const Link& link : scenario.links) {
    const auto from = routed.network.node(link.from), to = routed.network.node(link.to);
    const auto a = from ? position(scenario.nodes[*from]) : std::nullopt;
    const auto b = to ? position(scenario.nodes[*to]) : std::nullopt;
    if (!a || !b) {
      links_missing.push_back(link.id);
      continue;
    }
    features.push_back(feature("link", {{"type", "LineString"}, {"coordinates", {*a, *b}}},
                               {{"id", link.id},
                                {"from", link.from},
                                {"to", link.to},
                                {"mode", to_string(link.mode)},
                                {"distance_km", link.distance_km}}));
  }
  for (const RoutedRoute& r : routed.routes) {
    const Route& route = scenario.routes[r.route];
    features.push_back(feature("route", route_geometry(scenario, r),
                               {{"id", route.id}, {"name", route.name}, {"distance_km", r.distance_km}}));
  }
  Json collection{{"type", "FeatureCollection"},
                  {"name", scenario.info.name},
                  {"nodes_without_coordinates", nodes_missing},
                  {"links_without_coordinates", links_missing},
                  {"features", features}};
  return collection.dump(1) + "\n";
}

} // namespace corridor

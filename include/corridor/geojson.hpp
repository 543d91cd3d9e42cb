#pragma once
/** @file network.geojson: the scenario's network and routes on a map (RFC 7946). */
#include "corridor/network.hpp"
#include "corridor/scenario.hpp"

#include <string>

namespace corridor {

/**
 * @brief A FeatureCollection of the nodes (Points), links and routes (LineStrings, or
 * MultiLineStrings where a route's path is broken by a node without lat/lon). Coordinates are
 * never invented: a node without lat/lon, and a link with such an end, is left out and listed in
 * the collection's `nodes_without_coordinates` and `links_without_coordinates`.
 */
std::string network_geojson_text(const Scenario& scenario, const RoutedScenario& routed);

} // namespace corridor

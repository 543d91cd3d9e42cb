#pragma once
/** @file The network as indices: link lookup, and routes resolved into steps the engine follows. */
#include "corridor/scenario.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace corridor {

/** @brief A link crossed in one direction. */
struct LinkTraversal {
  std::size_t link = 0;
  bool forward = true; ///< from → to as written; false when a two-way link is used backwards
};

/** @brief Id → index maps and link lookup. Tolerates invalid scenarios (first id wins). */
class Network {
public:
  explicit Network(const Scenario& scenario);

  std::optional<std::size_t> node(const std::string& id) const;
  std::optional<std::size_t> link(const std::string& id) const;
  std::optional<std::size_t> facility(const std::string& id) const;
  std::optional<std::size_t> service(const std::string& id) const;
  std::optional<std::size_t> route(const std::string& id) const;
  /** @brief The link of this mode joining two nodes in this direction (two-way links both ways). */
  std::optional<LinkTraversal> find_link(std::size_t from_node, std::size_t to_node, Mode mode) const;
  /** @brief Facilities at a node, in file order. */
  const std::vector<std::size_t>& facilities_at(std::size_t node) const { return facilities_at_[node]; }

private:
  std::map<std::string, std::size_t> nodes_, links_, facilities_, services_, routes_;
  std::map<std::tuple<std::size_t, std::size_t, Mode>, LinkTraversal> link_by_ends_;
  std::vector<std::vector<std::size_t>> facilities_at_;
};

/** @brief Crossing one link, then the facilities the vehicle meets at the node it arrives at. */
struct RouteStep {
  LinkTraversal link;
  std::size_t departure_node = 0; ///< where the link is entered: the direction facilities see
  std::size_t arrival_node = 0;
  std::vector<std::size_t> facilities; ///< border crossings, then (last step only) handling facilities
};

/** @brief One leg of one route. */
struct LegRef {
  std::size_t route = 0, leg = 0;
};

struct RoutedLeg {
  std::size_t service = 0;
  Mode mode = Mode::Road;
  std::size_t from_node = 0, to_node = 0;
  std::vector<RouteStep> steps;
  double distance_km = 0;
  /// Truck legs only: the legs, of any route, with the same service over this path reversed, in
  /// route then leg order. A truck at this leg's end finds its backhaul there.
  std::vector<LegRef> reverse;
  /// Where this leg's link steps and facility visits start in the route's numbering
  /// (RoutedRoute::slots and link steps, counted over every leg in order).
  std::size_t first_step = 0, first_slot = 0;
};

/** @brief One facility visit of a route, in the order its vehicles meet them. */
struct RouteSlot {
  std::size_t facility = 0, node = 0;
  std::size_t leg = 0;
  std::size_t step = 0; ///< the route-wide link step it follows (at that step's arrival node)
};

/** @brief A route as the engine follows it, with its free-flow figures (no queues, full vehicles). */
struct RoutedRoute {
  std::size_t route = 0;
  std::vector<RoutedLeg> legs;
  double distance_km = 0;
  std::vector<Mode> modes; ///< of each leg
  int gauge_breaks = 0;
  int border_crossings = 0;
  double free_flow_h = 0;           ///< mean moving + service + dwell, no waiting
  double free_flow_usd_per_teu = 0; ///< links, fees and handling, vehicle costs over a full vehicle
  std::size_t steps = 0;            ///< link steps over all legs
  std::vector<RouteSlot> slots;     ///< facility visits over all legs, in order
};

/** @brief Numbers a route's link steps and facility visits over its legs (first_step, first_slot, slots). */
void number_route_steps(RoutedRoute& route);
/** @brief The free-flow generalized cost per TEU of a route for a flow (no spread: p90 = mean). */
double free_flow_generalized_cost_usd_per_teu(const Flow& flow, const RoutedRoute& route);

/**
 * @brief Logit shares: exp(-GC_i / scale) normalised, computed from the smallest GC so no term
 * underflows to make a 0/0 (the cheapest route always has the factor 1).
 */
std::vector<double> logit_shares(const std::vector<double>& gc_usd_per_teu, double scale_usd_per_teu);

/** @brief A route a flow may take and the share of its shipments that take it. */
struct FlowRoute {
  std::size_t route = 0;
  double share = 1;
};

/** @brief Everything the engine needs besides the scenario itself. Requires a valid scenario. */
struct RoutedScenario {
  Network network;
  std::vector<RoutedRoute> routes;                 ///< in scenario order
  std::vector<std::vector<FlowRoute>> flow_routes; ///< per flow, shares normalised to sum 1;
                                                   ///< fastest/cheapest: the one best route, share 1;
                                                   ///< logit: every candidate, by its free-flow logit share
  /// Per flow: the logit scale in USD per TEU (given, or the default of docs/model.md); 0 when
  /// the flow's route choice is not logit.
  std::vector<double> logit_scale_usd_per_teu;
  explicit RoutedScenario(const Scenario& scenario);
};

} // namespace corridor

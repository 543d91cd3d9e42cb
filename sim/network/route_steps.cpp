// A route's link steps and facility visits numbered over all its legs: the places where the
// engine accumulates per-route indicators, and the order they are reported in.
#include "corridor/network.hpp"

namespace corridor {

void number_route_steps(RoutedRoute& route) {
  route.steps = 0;
  route.slots.clear();
  for (std::size_t l = 0; l < route.legs.size(); ++l) {
    RoutedLeg& leg = route.legs[l];
    leg.first_step = route.steps;
    leg.first_slot = route.slots.size();
    for (const RouteStep& step : leg.steps) {
      for (std::size_t f : step.facilities)
        route.slots.push_back(RouteSlot{f, step.arrival_node, l, route.steps});
      ++route.steps;
    }
  }
}

} // namespace corridor

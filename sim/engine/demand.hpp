#pragma once
// A flow's arrival process, as data: the road actor asks for the next arrival time and
// creates the shipment then (road.cpp).
#include "engine/state.hpp"

#include <boost/random/exponential_distribution.hpp>

namespace corridor::engine {

struct FlowSource {
  FlowSource(const Simulation& sim, std::uint32_t index);
  /** The time of the next shipment (later each call). */
  double next_arrival_h();

  std::uint32_t index = 0;
  bool active = false; ///< the flow has volume
  RandomStream arrivals, route_rng, size_rng;
  boost::random::exponential_distribution<double> poisson_gap;
  bool regular = false;
  double mean_gap_h = 0, t = 0;
};

/** Creates a shipment of the flow at time `t`, picks its route and size, and boards it. */
void create_shipment(Simulation& sim, FlowSource& source, double t);

} // namespace corridor::engine

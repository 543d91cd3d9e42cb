#pragma once
// How busy a facility or a link was, over the hours it could work: one definition for the
// summary, the warnings and the claims.
#include "corridor/results.hpp"

#include <algorithm>
#include <optional>

namespace corridor::stats {

/** Busy server-hours over available server-hours; empty when it was never open. */
inline std::optional<double> facility_utilization(const FacilityStats& f) {
  if (f.available_server_h <= 0) return std::nullopt;
  return f.busy_server_h / f.available_server_h;
}

/** Headway-hours used over open hours in one direction (0 forward, 1 backward). */
inline std::optional<double> link_utilization(const LinkStats& l, int direction) {
  if (l.open_h <= 0) return std::nullopt;
  return l.occupied_h[direction] / l.open_h;
}

/** The busier direction: the one that limits what the link carries. */
inline std::optional<double> link_utilization(const LinkStats& l) {
  auto forward = link_utilization(l, 0), backward = link_utilization(l, 1);
  if (!forward) return std::nullopt;
  return std::max(*forward, *backward);
}

} // namespace corridor::stats

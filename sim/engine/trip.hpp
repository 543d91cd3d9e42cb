#pragma once
// A load's progress along one leg, shared by the two kinds of vehicles: trains and ships are
// actors that sleep between steps; trucks are data that the road actor moves (road.cpp).
#include "engine/state.hpp"

namespace corridor::engine {

/** Where a load is on its leg, and the visit it waits for. */
struct LegProgress {
  std::size_t step = 0;     ///< index into the leg's steps
  std::size_t facility = 0; ///< next facility of that step
  bool link_crossed = false;
  double t = 0; ///< when the vehicle is ready for what comes next
  Visit visit;  ///< valid while `at` is set
  enum class Place { None, Facility, LinkEntry } at = Place::None;
  std::size_t place = 0; ///< facility or link index
  int direction = 0;     ///< link entries: 0 forward, 1 backward
};

/**
 * Goes on from `p.t` as far as no other vehicle can change the outcome. Returns true when the
 * vehicle must be at a facility or a capacitated link at `p.visit.at_h` (its visit is
 * announced), false when it has reached the end of the leg at `p.t`.
 */
bool advance(Simulation& sim, const LegQueue& leg, Load& load, LegProgress& p);

/**
 * At `p.visit.at_h` (the clock may be a rounding error before it): handles the visits due at
 * that place in FIFO order, this one among them, and sets `p.t` to when the vehicle may go on.
 */
void complete_visit(Simulation& sim, LegProgress& p);

/** Serves a facility's background arrivals up to `until_h`, in time order. */
void serve_background(Simulation& sim, FacilityState& f, double until_h);

/** Shares what the trip charged (time, distance, costs) out to the shipments on board. */
void share_out(Simulation& sim, Load& load);

/** At the end of a leg: each shipment dwells at the handling facilities there, then goes on. */
void unload(Simulation& sim, const LegQueue& leg, Load& load, double t);

/** True when shipments dwell at a handling facility where this leg ends. */
bool dwells_at_end(const Simulation& sim, const LegQueue& leg);

/** True when unloading at the end of this leg only delivers (last leg, no dwell). */
bool ends_in_delivery(const Simulation& sim, const LegQueue& leg);

void deliver(Simulation& sim, Shipment& s, double t);

/** What a shipment's record says before it is delivered: who it is and when it set out. */
ShipmentRecord started_record(const Shipment& s);

/** Fills an empty `load` with the waiting cargo that fits, FIFO; one too large travels alone. */
void take_fitting(LegQueue& q, Load& load);

/** Counts a vehicle leaving with `load` in the leg's statistics (after warm-up). */
void count_departure(const Simulation& sim, LegQueue& q, Load& load);

/** Sleeps the calling actor until `t` if it is not there yet. */
void catch_up(Simulation& sim, double t);

} // namespace corridor::engine

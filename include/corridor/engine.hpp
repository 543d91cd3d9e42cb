#pragma once
/** @file Running one replication. SimGrid stays behind this header. */
#include "corridor/network.hpp"
#include "corridor/random.hpp" // replication_seed
#include "corridor/results.hpp"
#include "corridor/scenario.hpp"

#include <cstdint>
#include <stdexcept>

namespace corridor {

/** @brief An error raised inside the simulation (a model inconsistency, not bad input). */
class SimulationError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/**
 * @brief Simulates one replication of a valid scenario from t = 0 to its horizon, then drains:
 * no new cargo, until the measured cohort is delivered or drain_days have passed.
 *
 * Each shipment of the cohort goes to `sink` once (delivered, or censored at the end), so a
 * run's memory follows the cargo in transit, not the number of shipments.
 * SimGrid allows one engine per process: call this at most once per process (the CLI forks a
 * child per replication). Same scenario and seed give bit-identical results.
 * @throws SimulationError when an actor fails; the message says which and why.
 */
ReplicationResult simulate(const Scenario& scenario, const RoutedScenario& routed, std::uint64_t seed,
                           ShipmentSink& sink);

/** @brief simulate() with a sink, as the engine module hands it out (sim/engine_module/). */
using SimulateFunctionPointer = ReplicationResult (*)(const Scenario&, const RoutedScenario&, std::uint64_t,
                                                      ShipmentSink&);

/** @brief The same, keeping the cohort's records in ReplicationResult::shipments (by id). */
ReplicationResult simulate(const Scenario& scenario, const RoutedScenario& routed, std::uint64_t seed);

} // namespace corridor

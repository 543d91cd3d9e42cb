#pragma once
// The engine, loaded on first use from its module beside the executable (corridor-engine.so):
// SimGrid and what it brings (ns-3, GSL, ...) cost a few tens of milliseconds of dynamic
// linking, which the commands that never simulate should not pay. Call it in a parent before
// forking, so that every child inherits the loaded engine.
#include "corridor/engine.hpp"

namespace corridor::experiments {

/** @throws std::runtime_error naming where it looked when the module cannot be loaded */
SimulateFunctionPointer engine();

/** @brief One replication through the loaded engine, keeping the records (by id), as simulate(). */
ReplicationResult simulate_keeping_records(const Scenario& scenario, const RoutedScenario& routed,
                                           std::uint64_t seed);

} // namespace corridor::experiments

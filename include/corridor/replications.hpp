#pragma once
/** @file Running a scenario's replications, each in its own child process. */
#include "corridor/network.hpp"
#include "corridor/results.hpp"
#include "corridor/scenario.hpp"

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace corridor {

/** @brief A replication that failed in its child process (simulation error or crash). */
class ReplicationFailed : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct ReplicationPlan {
  std::uint64_t seed = 1; ///< base seed; replication i runs with replication_seed(seed, i)
  int replications = 1;
  int jobs = 1; ///< child processes at once
  /** @brief Called in the parent after each replication ends: (done, total). */
  std::function<void(int, int)> on_progress;
};

/**
 * @brief Runs every replication in a fresh child process (SimGrid allows one engine per
 * process, and a crash stays in its child), at most `jobs` at once, and returns the results in
 * replication order, whatever order they finished in.
 * @throws ReplicationFailed naming the replication, its seed and the child's error.
 */
std::vector<ReplicationResult> run_replications(const Scenario& scenario, const RoutedScenario& routed,
                                                const ReplicationPlan& plan);

} // namespace corridor

#pragma once
/** @file Running a scenario's replications, each in its own child process. */
#include "corridor/cohort.hpp"
#include "corridor/network.hpp"
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

/** @brief SIGINT or SIGTERM arrived while replications ran: they were stopped, nothing kept. */
class ReplicationsInterrupted : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct ReplicationPlan {
  std::uint64_t seed = 1; ///< base seed; replication i runs with replication_seed(seed, i)
  int replications = 1;
  int jobs = 1; ///< child processes at once
  /** @brief Called in the parent after each replication ends: (done, total). */
  std::function<void(int, int)> on_progress;
  /// Where each child writes its shipments.csv rows (shipment_rows_path, output.hpp); empty: none.
  std::string shipments_dir;
  /// Where each child writes its trace.csv rows (rows_part_path(dir, "trace", i)); empty: no trace.
  std::string trace_dir;
  double promise_days = 0; ///< > 0: every flow's delivery promise (else each flow's own)
  /// Where children leave their digests; empty: a private folder in $TMPDIR. `run` gives its
  /// staging folder, so a killed run leaves nothing anywhere else.
  std::string scratch_dir;
  double timeout_s = 0; ///< > 0: a replication still running after this fails ("timed out")
  long memory_mb = 0;   ///< > 0: each replication's address space (RLIMIT_AS)
  /// With uncertain inputs (Scenario::uncertain): their values per replication, [replication][input];
  /// empty: latin_hypercube(inputs, seed, replications). Each child reloads the scenario with its
  /// values (with_input_values) and runs that.
  std::vector<std::vector<double>> input_values;
  /// Applied in the child to the reloaded scenario, to remake a variant of it (a capacity claim's
  /// scenario, --scale-volume); not called without uncertain inputs.
  std::function<Scenario(Scenario)> derive;
};

/**
 * @brief One replication in this process: simulates, streams the shipments to `rows_path` (if
 * not empty) and to the cohort statistics, and returns the digest. Once per process (SimGrid).
 */
ReplicationDigest run_replication(const Scenario& scenario, const RoutedScenario& routed, int index,
                                  std::uint64_t seed, const std::string& rows_path, double promise_days,
                                  const std::string& trace_path = "");

/**
 * @brief Runs every replication in a fresh child process (SimGrid allows one engine per
 * process, and a crash stays in its child), at most `jobs` at once, and returns their digests
 * in replication order, whatever order they finished in. Children die with the parent.
 * @throws ReplicationFailed naming the replication, its seed and the child's error.
 * @throws ReplicationsInterrupted on SIGINT or SIGTERM, once every child is stopped.
 */
/** @brief The values the plan's replications give the scenario's uncertain inputs ([replication][input]). */
std::vector<std::vector<double>> input_values(const Scenario& scenario, const ReplicationPlan& plan);

std::vector<ReplicationDigest> run_replications(const Scenario& scenario, const RoutedScenario& routed,
                                                const ReplicationPlan& plan);

} // namespace corridor

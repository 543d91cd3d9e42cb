#pragma once
/** @file Batches: every run of an experiment in its own process, resumable, shardable, mergeable. */
#include "corridor/experiment.hpp"
#include "corridor/network.hpp"
#include "corridor/results.hpp"
#include "corridor/scenario.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace corridor {

/** @brief A batch that cannot start or go on: a bad or busy output directory, a file error. */
class BatchError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/** @brief What one finished run reports to the progress callback. */
struct RunOutcome {
  RunRef run;
  std::string case_id;
  bool ok = true;
  std::string error; ///< when !ok
  double seconds = 0;
};

/** @brief Progress of a batch, after each finished run. */
struct BatchProgress {
  int total = 0;   ///< runs of this shard
  int done = 0;    ///< finished, including those found finished by --resume
  int failed = 0;  ///< of those, failed
  int resumed = 0; ///< found finished when the batch started
  double elapsed_s = 0;
  std::optional<RunOutcome> last; ///< the run that just finished (absent for the first report)
};

/** @brief Simulates one replication; the default is corridor::simulate. Tests may substitute one. */
using SimulateFunction =
    std::function<ReplicationResult(const Scenario&, const RoutedScenario&, std::uint64_t)>;

struct BatchOptions {
  std::string out_dir;
  int jobs = 1;        ///< child processes at once
  bool resume = false; ///< continue a batch in out_dir; otherwise out_dir must be empty or absent
  Shard shard;
  std::function<void(const BatchProgress&)> on_progress;
  SimulateFunction simulate; ///< empty: corridor::simulate
  /** A run still going after this many seconds is killed and fails "timed out"; 0: no limit. */
  double run_timeout_s = 0;
  /** Address space of each run's process (setrlimit RLIMIT_AS), in MiB; 0: no limit. A run that
   * needs more fails "out of memory". */
  std::size_t run_memory_mb = 0;
};

struct BatchReport {
  int total = 0;              ///< runs of this shard
  int resumed = 0;            ///< found finished at the start, not run again
  int started = 0;            ///< child processes started
  int failed = 0;             ///< failed runs of this shard, including resumed ones
  int unfinished = 0;         ///< runs without a result (interrupted)
  bool interrupted = false;   ///< SIGINT or SIGTERM: stopped early
  bool wrote_results = false; ///< results.csv and replications.csv written (all runs finished)
};

/**
 * @brief Runs the experiment's runs of `options.shard` not yet finished in `options.out_dir`,
 * each in a forked child that writes `runs/CASE/rep-R.json` (or `.error`) atomically.
 *
 * The parent never starts a simulation engine: it loads and checks each case (an invalid case
 * fails all its runs with the diagnostics) and forks. On SIGINT or SIGTERM it stops starting
 * runs, stops the running children and returns with `interrupted` set: every file under its
 * final name is complete, and a resumed batch redoes only the runs without one. When every run
 * of the experiment has a result, writes results.csv and replications.csv (see write_results).
 * @throws BatchError when the directory is not usable (not empty without resume, another
 *         experiment's, locked by another batch) or a file cannot be written.
 */
BatchReport run_batch(const Experiment& experiment, const BatchOptions& options);

/** @brief What write_results found. */
struct ResultsReport {
  int runs = 0, failed = 0, missing = 0;
};

/**
 * @brief From the run files of a batch directory, in the fixed run order: results.csv (one row
 * per case: factor levels, `replications` succeeded, `failures`, then each metric's mean, sd and
 * ci95) and replications.csv (one row per run). Byte-identical for the same run files, however
 * they were produced. Writes nothing when some run has no result yet (`missing` > 0).
 */
ResultsReport write_results(const std::string& dir, const Experiment& experiment);

/**
 * @brief Combines batch directories of one experiment (shards) into `out_dir`: copies every run
 * file, refusing two different results for one run, then calls write_results.
 * @throws BatchError for different experiments, conflicting runs, or a non-empty `out_dir`.
 */
ResultsReport merge_batches(const std::vector<std::string>& dirs, const std::string& out_dir);

} // namespace corridor

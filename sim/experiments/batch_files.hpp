#pragma once
// The files of a batch directory: experiment.json, runs/CASE/rep-R.json or .error, results.
#include "corridor/experiment.hpp"
#include "corridor/network.hpp"
#include "corridor/results.hpp"
#include "corridor/scenario.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace corridor::batch {

inline const char* const kExperimentFile = "experiment.json";

/** DIR/runs/CASE/rep-R (R 1-based), without extension. */
std::string run_stem(const std::string& dir, const Experiment& experiment, const RunRef& run);
inline std::string result_path(const std::string& stem) {
  return stem + ".json";
}
inline std::string error_path(const std::string& stem) {
  return stem + ".error";
}

enum class RunState { Missing, Succeeded, Failed };
RunState run_state(const std::string& stem);

/** A metric of one run: its name (as in summary.json) and value; nothing when undefined (no deliveries). */
using RunMetric = std::pair<std::string, std::optional<double>>;

/** Every estimate of a one-replication summary, in summary.json order. */
std::vector<RunMetric> run_metrics(const Scenario& scenario, const RoutedScenario& routed,
                                   const ReplicationResult& result);

/** The text of a run's result file. */
std::string run_result_text(const std::string& case_id, const RunRef& run, std::uint64_t seed,
                            const std::vector<RunMetric>& metrics);
/** Reads a run's metrics back. @throws std::runtime_error on a malformed file. */
std::vector<RunMetric> read_run_metrics(const std::string& path);

std::string read_text(const std::string& path);

/** Absent, or empty but for the lock file of a batch killed before it wrote anything. */
bool is_empty_directory(const std::string& dir);

/** One batch at a time in a directory: an flock on DIR/.lock, released when the process ends. */
class DirectoryLock {
public:
  explicit DirectoryLock(const std::string& dir);
  ~DirectoryLock();
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;
  int fd() const { return fd_; }

private:
  int fd_ = -1;
};

/** Removes temporary files left by writers that were killed (`*.tmp-XXXXXX`) in DIR and under DIR/runs. */
void remove_stale_temporaries(const std::string& dir);

} // namespace corridor::batch

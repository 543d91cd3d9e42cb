#pragma once
/** @file Experiments: a base scenario, factors with levels, and the cases and runs they make. */
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace corridor {

/** @brief One scenario variant: a scenario file plus `--set` overrides, replicated. */
struct ExperimentCase {
  std::string id;                     ///< unique; letters, digits and . _ - = + only (it names a directory)
  std::string scenario;               ///< the file to load; experiment.json keeps only its name (and hash)
  std::string scenario_sha256;        ///< of the file's bytes, so a resumed batch refuses a changed scenario
  std::vector<std::string> overrides; ///< PATH=VALUE, applied in order
  std::vector<std::string> levels;    ///< level label of each factor (Experiment::factors); "" = base
  std::uint64_t seed = 1;             ///< base seed; see run_seed
  int replications = 1;
};

/** @brief Everything a batch needs: the expanded cases. A batch directory keeps it as experiment.json. */
struct Experiment {
  std::string name;
  std::vector<std::string> factors; ///< factor names, in file order (one results.csv column each)
  std::vector<ExperimentCase> cases;
  /** Common random numbers: replication i of every case uses the same seed (sharper comparisons). */
  bool common_random_numbers = false;
};

/** @brief One replication of one case: the unit of work, written to its own result file. */
struct RunRef {
  std::size_t index = 0; ///< position in the experiment's fixed run order (case order, then replication)
  std::size_t case_index = 0;
  int replication = 0; ///< 0-based
};

/**
 * @brief Reads an experiment file (docs/experiments.md) and expands its cases.
 *
 * Factor paths and levels are checked against the base scenario: a bad path or a level the
 * scenario rejects is reported at the factor. Scenario paths are relative to the experiment file.
 * @throws ScenarioError with every problem found, as `file:line:col: error: path: message`.
 */
Experiment load_experiment(const std::string& path);

/** @brief Whether a YAML file is an experiment (its top level has an `experiment` key). */
bool is_experiment_file(const std::string& path);

/**
 * @brief A batch of whole scenario files, one case each (id: the file name without extension,
 * made unique), with each scenario's seed and replications unless given.
 * @throws ScenarioError when a file cannot be read.
 */
Experiment experiment_from_scenarios(const std::vector<std::string>& paths, std::optional<int> replications,
                                     std::optional<std::uint64_t> seed);

/** @brief Every run in the fixed order: case by case, replication by replication. */
std::vector<RunRef> enumerate_runs(const Experiment& experiment);

/**
 * @brief The seed of a run: replication_seed(mix_seed(case seed, stable_hash(case id)), replication),
 * or replication_seed(case seed, replication) with common random numbers. Depends on nothing
 * else: not on run order, worker count or shard.
 */
std::uint64_t run_seed(const Experiment& experiment, const RunRef& run);

/**
 * @brief The base seed of a case's replications: run_seed is replication_seed(case_seed, r). It
 * also draws the case's uncertain inputs (latin_hypercube), so with common random numbers every
 * case runs the same input values in replication r.
 */
std::uint64_t case_seed(const Experiment& experiment, std::size_t case_index);

/** @brief A deterministic slice of the runs: shard `index` (1-based) of `count` takes runs with run index %
 * count == index - 1. */
struct Shard {
  int index = 1;
  int count = 1;
  bool contains(const RunRef& run) const {
    return run.index % static_cast<std::size_t>(count) == static_cast<std::size_t>(index - 1);
  }
};

/** @brief Parses `K/N` with 1 <= K <= N; nothing when malformed. */
std::optional<Shard> parse_shard(const std::string& text);

/** @brief The experiment as canonical JSON text (the batch directory's experiment.json). */
std::string experiment_json_text(const Experiment& experiment);
/** @brief Reads experiment.json back. @throws std::runtime_error on a malformed file. */
Experiment read_experiment_json(const std::string& path);

} // namespace corridor

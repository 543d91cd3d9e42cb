// merge_batches: the run files of several batch directories (shards) of one experiment, in one.
#include "corridor/batch.hpp"
#include "corridor/output.hpp"

#include "experiments/batch_files.hpp"

#include <filesystem>

namespace fs = std::filesystem;

namespace corridor {

namespace {

// Copies one run's result from `from` unless `to` already holds the same; two different
// results for one run mean the directories are not shards of one batch.
void merge_run(const std::string& from_stem, const std::string& to_stem) {
  const auto from = batch::run_state(from_stem);
  if (from == batch::RunState::Missing) return;
  const auto to = batch::run_state(to_stem);
  const std::string source =
      from == batch::RunState::Succeeded ? batch::result_path(from_stem) : batch::error_path(from_stem);
  const std::string target =
      from == batch::RunState::Succeeded ? batch::result_path(to_stem) : batch::error_path(to_stem);
  // Checked where it is: once copied, a bad file would be reported under the merged copy's name.
  if (from == batch::RunState::Succeeded) {
    try {
      batch::read_run_metrics(source);
    } catch (const std::runtime_error& e) {
      throw BatchError(e.what());
    }
  }
  const std::string content = batch::read_text(source);
  if (to != batch::RunState::Missing) {
    if (to != from || batch::read_text(target) != content)
      throw BatchError(
          source + ": differs from the result of the same run already merged (" +
          (to == batch::RunState::Succeeded ? batch::result_path(to_stem) : batch::error_path(to_stem)) +
          "); these directories are not shards of one batch");
    return;
  }
  write_file_atomically(target, content);
}

} // namespace

ResultsReport merge_batches(const std::vector<std::string>& dirs, const std::string& out_dir) {
  if (dirs.empty()) throw BatchError("nothing to merge: give the batch directories");
  std::string manifest;
  for (const std::string& dir : dirs) {
    const std::string path = dir + "/" + batch::kExperimentFile;
    std::error_code error;
    if (!fs::exists(path, error))
      throw BatchError(dir + ": not a batch directory (no " + batch::kExperimentFile + ")");
    const std::string text = batch::read_text(path);
    if (manifest.empty())
      manifest = text;
    else if (text != manifest)
      throw BatchError(dir + ": a batch of a different experiment than " + dirs.front() +
                       " (their experiment.json differ)");
  }
  const Experiment experiment = read_experiment_json(dirs.front() + "/" + batch::kExperimentFile);

  if (!batch::is_empty_directory(out_dir))
    throw BatchError(out_dir + ": not empty; merge into a new directory");
  std::error_code error;
  fs::create_directories(out_dir, error);
  if (error) throw BatchError(out_dir + ": cannot create the directory: " + error.message());
  batch::DirectoryLock lock(out_dir);
  write_file_atomically(out_dir + "/" + batch::kExperimentFile, manifest);
  for (const ExperimentCase& c : experiment.cases) {
    fs::create_directories(out_dir + "/runs/" + c.id, error);
    if (error) throw BatchError(out_dir + "/runs/" + c.id + ": cannot create: " + error.message());
  }
  for (const RunRef& run : enumerate_runs(experiment))
    for (const std::string& dir : dirs)
      merge_run(batch::run_stem(dir, experiment, run), batch::run_stem(out_dir, experiment, run));
  return write_results(out_dir, experiment);
}

} // namespace corridor

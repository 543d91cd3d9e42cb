#include "experiments/batch_files.hpp"

#include "corridor/batch.hpp"
#include "corridor/output.hpp"
#include "corridor/summary.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <sys/file.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace corridor::batch {

namespace {

using Json = nlohmann::ordered_json;

// An estimate in summary.json is {mean, ci95, n}; of one replication, only its mean counts.
void collect(const Json& value, const std::string& path, std::vector<RunMetric>& out) {
  if (value.is_object() && value.contains("mean") && value.contains("n")) {
    if (value["n"].get<int>() > 0 && value["mean"].is_number())
      out.emplace_back(path, value["mean"].get<double>());
    else
      out.emplace_back(path, std::nullopt);
  } else if (value.is_object()) {
    for (const auto& [key, child] : value.items())
      if (key != "metadata") collect(child, path.empty() ? key : path + "." + key, out);
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      const Json& item = value[i];
      std::string key = std::to_string(i);
      if (item.is_object() && item.contains("id") && item["id"].is_string())
        key = item["id"].get<std::string>();
      else if (item.is_object() && item.contains("flow") && item.contains("route"))
        key = item["flow"].get<std::string>() + "/" + item["route"].get<std::string>();
      collect(item, path + "[" + key + "]", out);
    }
  }
}

} // namespace

std::string run_stem(const std::string& dir, const Experiment& experiment, const RunRef& run) {
  return dir + "/runs/" + experiment.cases.at(run.case_index).id + "/rep-" +
         std::to_string(run.replication + 1);
}

RunState run_state(const std::string& stem) {
  std::error_code ignored;
  if (fs::exists(result_path(stem), ignored)) return RunState::Succeeded;
  if (fs::exists(error_path(stem), ignored)) return RunState::Failed;
  return RunState::Missing;
}

std::vector<RunMetric> run_metrics(const Scenario& scenario, const RoutedScenario& routed,
                                   const ReplicationResult& result) {
  // Through summary.json's own text, so the names are those `corridor compare` reads there.
  const Summary summary = summarize(scenario, routed, {digest_of(scenario, result)});
  const Json json = Json::parse(summary_json_text(RunMetadata{}, summary));
  std::vector<RunMetric> metrics;
  collect(json, "", metrics);
  return metrics;
}

std::string run_result_text(const std::string& case_id, const RunRef& run, std::uint64_t seed,
                            const std::vector<RunMetric>& metrics) {
  Json values = Json::object();
  for (const auto& [name, value] : metrics)
    values[name] = value ? Json(*value) : Json(nullptr);
  const Json json = {
      {"case", case_id}, {"replication", run.replication + 1}, {"seed", seed}, {"metrics", values}};
  return json.dump(1) + "\n";
}

std::vector<RunMetric> read_run_metrics(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read the run result");
  try {
    const Json json = Json::parse(in);
    std::vector<RunMetric> metrics;
    for (const auto& [name, value] : json.at("metrics").items())
      metrics.emplace_back(name, value.is_null() ? std::nullopt : std::optional<double>(value.get<double>()));
    return metrics;
  } catch (const std::exception& e) {
    throw std::runtime_error(path + ": not a corridor run result: " + e.what());
  }
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool is_empty_directory(const std::string& dir) {
  std::error_code error;
  if (!fs::exists(dir, error)) return true;
  if (!fs::is_directory(dir, error)) return false;
  for (const auto& entry : fs::directory_iterator(dir, error))
    if (entry.path().filename() != ".lock") return false;
  return true;
}

DirectoryLock::DirectoryLock(const std::string& dir) {
  const std::string path = dir + "/.lock";
  fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw BatchError(path + ": cannot create the lock file: " + std::strerror(errno));
  if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    close(fd_);
    throw BatchError(dir + ": another corridor batch is working in this directory");
  }
}

DirectoryLock::~DirectoryLock() {
  close(fd_);
}

void remove_stale_temporaries(const std::string& dir) {
  std::error_code error;
  auto is_temporary = [&error](const fs::directory_entry& entry) {
    return entry.is_regular_file(error) &&
           entry.path().filename().string().find(".tmp-") != std::string::npos;
  };
  // results.csv, replications.csv and experiment.json are written at the top, run files below.
  for (const auto& entry : fs::directory_iterator(dir, error))
    if (is_temporary(entry)) fs::remove(entry.path(), error);
  if (!fs::is_directory(dir + "/runs", error)) return;
  for (const auto& entry : fs::recursive_directory_iterator(dir + "/runs", error))
    if (is_temporary(entry)) fs::remove(entry.path(), error);
}

} // namespace corridor::batch

// The runs of an experiment, their seeds and shards, and the experiment as JSON (experiment.json).
#include "corridor/engine.hpp"
#include "corridor/experiment.hpp"
#include "corridor/random.hpp"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace fs = std::filesystem;

namespace corridor {

std::vector<RunRef> enumerate_runs(const Experiment& experiment) {
  std::vector<RunRef> runs;
  for (std::size_t c = 0; c < experiment.cases.size(); ++c)
    for (int r = 0; r < experiment.cases[c].replications; ++r)
      runs.push_back(RunRef{runs.size(), c, r});
  return runs;
}

std::uint64_t case_seed(const Experiment& experiment, std::size_t case_index) {
  const ExperimentCase& c = experiment.cases.at(case_index);
  return experiment.common_random_numbers ? c.seed : mix_seed(c.seed, stable_hash(c.id));
}

std::uint64_t run_seed(const Experiment& experiment, const RunRef& run) {
  return replication_seed(case_seed(experiment, run.case_index), run.replication);
}

std::optional<Shard> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  auto number = [](const std::string& part) -> std::optional<int> {
    int value = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (error != std::errc() || end != part.data() + part.size()) return std::nullopt;
    return value;
  };
  const auto k = number(text.substr(0, slash));
  const auto n = number(text.substr(slash + 1));
  if (!k || !n || *n < 1 || *k < 1 || *k > *n) return std::nullopt;
  return Shard{*k, *n};
}

namespace {
using Json = nlohmann::ordered_json;
constexpr const char* kFormat = "corridor-experiment-1";
} // namespace

std::string experiment_json_text(const Experiment& experiment) {
  Json cases = Json::array();
  for (const ExperimentCase& c : experiment.cases)
    cases.push_back({{"id", c.id},
                     // The file name and hash identify the scenario, not the path it was reached by:
                     // a batch resumed or sharded from another directory is the same batch.
                     {"scenario", fs::path(c.scenario).filename().string()},
                     {"scenario_sha256", c.scenario_sha256},
                     {"overrides", c.overrides},
                     {"levels", c.levels},
                     {"seed", c.seed},
                     {"replications", c.replications}});
  const Json json = {{"format", kFormat},
                     {"name", experiment.name},
                     {"common_random_numbers", experiment.common_random_numbers},
                     {"factors", experiment.factors},
                     {"cases", cases}};
  return json.dump(2) + "\n";
}

Experiment read_experiment_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read the file");
  try {
    const Json json = Json::parse(in);
    if (json.at("format") != kFormat)
      throw std::runtime_error("format " + json.at("format").dump() + ", expected " + kFormat);
    Experiment experiment;
    experiment.name = json.at("name").get<std::string>();
    experiment.common_random_numbers = json.at("common_random_numbers").get<bool>();
    experiment.factors = json.at("factors").get<std::vector<std::string>>();
    for (const Json& c : json.at("cases")) {
      ExperimentCase ec;
      ec.id = c.at("id").get<std::string>();
      ec.scenario = c.at("scenario").get<std::string>();
      ec.scenario_sha256 = c.at("scenario_sha256").get<std::string>();
      ec.overrides = c.at("overrides").get<std::vector<std::string>>();
      ec.levels = c.at("levels").get<std::vector<std::string>>();
      ec.seed = c.at("seed").get<std::uint64_t>();
      ec.replications = c.at("replications").get<int>();
      if (ec.levels.size() != experiment.factors.size() || ec.replications < 1)
        throw std::runtime_error("case '" + ec.id + "' is inconsistent");
      experiment.cases.push_back(std::move(ec));
    }
    return experiment;
  } catch (const std::exception& e) {
    throw std::runtime_error(path + ": not a corridor experiment.json: " + e.what());
  }
}

} // namespace corridor

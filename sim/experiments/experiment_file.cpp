// Experiment files: a base scenario and factors -> the expanded list of cases (docs/experiments.md).
#include "corridor/experiment.hpp"
#include "corridor/limits.hpp"
#include "corridor/load.hpp"
#include "corridor/summary.hpp"

#include "scenario/extends.hpp"
#include "scenario/reader.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace corridor {

namespace {

using scenario::Fields;
using scenario::Report;

// Factor names become results.csv columns next to these.
const std::vector<std::string> kReservedNames = {"case", "replications", "failures", "replication",
                                                 "seed", "status",       "error",    "id"};

bool is_label(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

// A case id names a directory and a CSV cell: no separators, quotes or spaces.
bool is_case_id(const std::string& text) {
  return !text.empty() && text != "." && text != ".." && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' || c == '=' ||
           c == '+';
  });
}

// One line of YAML that parses back to the same value (a `--set` VALUE).
std::string yaml_text(const YAML::Node& node) {
  if (node.IsScalar()) return node.Scalar();
  YAML::Emitter out;
  out.SetMapFormat(YAML::Flow);
  out.SetSeqFormat(YAML::Flow);
  out << node;
  return out.c_str();
}

// The node at a `--set` style path (`demand[kz_exports].teu_per_year`) in the base file, if any.
YAML::Node find_path(YAML::Node node, const std::string& path) {
  std::size_t i = 0;
  while (i < path.size() && node.IsDefined()) {
    std::string key;
    while (i < path.size() && path[i] != '.' && path[i] != '[')
      key += path[i++];
    if (!node.IsMap() || !node[key].IsDefined()) return YAML::Node(YAML::NodeType::Undefined);
    node = node[key];
    if (i < path.size() && path[i] == '[') {
      const auto close = path.find(']', i);
      if (close == std::string::npos || !node.IsSequence()) return YAML::Node(YAML::NodeType::Undefined);
      const std::string selector = path.substr(i + 1, close - i - 1);
      i = close + 1;
      YAML::Node found(YAML::NodeType::Undefined);
      for (std::size_t k = 0; k < node.size() && !found.IsDefined(); ++k)
        if (node[k].IsMap() && node[k]["id"].IsDefined() && node[k]["id"].IsScalar() &&
            node[k]["id"].Scalar() == selector)
          found = node[k];
      if (const auto index = scenario::list_index(selector);
          !found.IsDefined() && index && *index < node.size())
        found = node[*index];
      node = found;
    }
    if (i < path.size() && path[i] == '.') ++i;
  }
  return node;
}

struct Level {
  std::string label;
  std::vector<std::string> overrides;
  YAML::Node node;  // where to report it
  std::string path; // and under which key path
};

struct Factor {
  std::string name;
  std::vector<Level> levels;
};

class ExperimentReader {
public:
  ExperimentReader(Report& report, std::string file) : report_(report), file_(std::move(file)) {}

  Experiment read(const YAML::Node& root) {
    Experiment experiment;
    Fields top(report_, root, "", {"experiment", "factors", "cases"});
    if (!top.ok()) return experiment;
    if (!top.has("experiment")) {
      top.missing("experiment", "a mapping with the base scenario");
      top.finish(); // a misspelt `experiment:` gets its did-you-mean
      return experiment;
    }
    Fields info(report_, top.get("experiment"), "experiment",
                {"name", "description", "scenario", "replications", "seed", "common_random_numbers"});
    experiment.name = info.string("name", false).value_or(fs::path(file_).stem().string());
    info.string("description", false);
    const auto scenario = info.string("scenario", true);
    const auto replications = info.integer("replications", false, 1, limits::kMaxReplications);
    const auto seed = info.integer("seed", false, 0, std::numeric_limits<long long>::max());
    experiment.common_random_numbers = info.boolean("common_random_numbers", false).value_or(false);
    info.finish();
    if (!scenario) return experiment;

    base_path_ = resolve(*scenario);
    if (!load_base(info.where("scenario"))) return experiment;
    read_factors(top.get("factors"));
    ExperimentCase prototype;
    prototype.scenario = base_path_;
    std::vector<std::string> files{base_path_};
    files.insert(files.end(), base_.bases.begin(), base_.bases.end());
    prototype.scenario_sha256 = sha256_of_files(files);
    prototype.replications = replications ? static_cast<int>(*replications) : base_.info.replications;
    prototype.seed = seed ? static_cast<std::uint64_t>(*seed) : base_.info.seed;
    for (const Factor& f : factors_)
      experiment.factors.push_back(f.name);
    if (top.has("cases"))
      read_cases(top.get("cases"), prototype, experiment);
    else
      full_factorial(prototype, experiment, top.get("factors"));
    top.finish();
    return experiment;
  }

private:
  // Scenario paths are relative to the experiment file, as in an #include.
  std::string resolve(const std::string& path) const {
    if (fs::path(path).is_absolute()) return path;
    return (fs::path(file_).parent_path() / path).lexically_normal().string();
  }

  bool load_base(const SourceLoc& at) {
    try {
      base_ = load_scenario(base_path_);
      base_yaml_ = scenario::load_resolved_tree(base_path_);
      return true;
    } catch (const ScenarioError& e) {
      report_.error(at, "experiment.scenario", "the base scenario '" + base_path_ + "' is not valid:");
      for (const auto& d : e.diagnostics())
        report_.error(d.loc, d.path, d.message);
    } catch (const YAML::Exception& e) {
      report_.error(at, "experiment.scenario", "cannot read '" + base_path_ + "': " + e.msg);
    }
    return false;
  }

  void read_factors(const YAML::Node& list) {
    if (!list.IsDefined() || list.IsNull()) return; // no factors: the base scenario, replicated
    if (!list.IsSequence()) {
      report_.error(list, "factors", "expected a list, got " + scenario::describe(list));
      return;
    }
    std::set<std::string> names;
    for (std::size_t i = 0; i < list.size(); ++i) {
      Fields f(report_, list[i], fmt::format("factors[{}]", i),
               {"name", "description", "path", "levels", "scale"});
      if (!f.ok()) continue;
      Factor factor;
      const std::size_t errors_before = report_.count();
      if (auto name = f.string("name", true)) {
        factor.name = *name;
        if (!is_label(*name))
          report_.error(f.get("name"), f.path("name"),
                        "expected a name of letters, digits, '.', '_' or '-', got '" + *name + "'");
        else if (std::find(kReservedNames.begin(), kReservedNames.end(), *name) != kReservedNames.end())
          report_.error(f.get("name"), f.path("name"),
                        "'" + *name + "' names a results.csv column already; choose another name");
        else if (!names.insert(*name).second)
          report_.error(f.get("name"), f.path("name"), "duplicate factor name '" + *name + "'");
      }
      const bool named = !factor.name.empty() && report_.count() == errors_before;
      const std::string at = named ? "factors[" + factor.name + "]" : fmt::format("factors[{}]", i);
      f.string("description", false);
      const auto path = f.string("path", false);
      if (f.has("levels") == f.has("scale"))
        report_.error(f.node(), at, "expected exactly one of 'levels' and 'scale'");
      else if (f.has("scale"))
        read_scale(f, at, path, factor);
      else
        read_levels(f, at, path, factor);
      f.finish();
      if (report_.count() > errors_before) continue; // one mistake, one message: no cascade
      check_levels(list[i], at, factor);
      factors_.push_back(std::move(factor));
    }
  }

  void read_levels(Fields& f, const std::string& at, const std::optional<std::string>& path, Factor& factor) {
    const YAML::Node levels = f.get("levels");
    if (levels.IsSequence()) {
      if (!path) {
        report_.error(levels, at + ".levels",
                      "without 'path', levels must be a mapping of label: {PATH: VALUE, …}");
        return;
      }
      for (std::size_t k = 0; k < levels.size(); ++k) {
        const YAML::Node value = levels[k];
        if (!value.IsScalar() || !is_label(value.Scalar())) {
          report_.error(value, fmt::format("{}.levels[{}]", at, k),
                        "expected a level that is its own label (letters, digits, '.', '_', '-'), got " +
                            scenario::describe(value) + "; write the levels as a mapping of label: value");
          continue;
        }
        factor.levels.push_back(
            {value.Scalar(), {*path + "=" + value.Scalar()}, value, fmt::format("{}.levels[{}]", at, k)});
      }
    } else if (levels.IsMap()) {
      for (const auto& entry : levels) {
        if (!entry.first.IsScalar()) continue; // check_document reports a key that is not a text
        const std::string label = entry.first.Scalar();
        const std::string level_at = at + ".levels." + label;
        if (!is_label(label)) {
          report_.error(entry.first, level_at, "expected a label of letters, digits, '.', '_' or '-'");
          continue;
        }
        Level level{label, {}, entry.second.IsNull() ? entry.first : entry.second, level_at};
        if (path) {
          level.overrides.push_back(*path + "=" + yaml_text(entry.second));
        } else if (entry.second.IsMap()) {
          for (const auto& set : entry.second)
            if (set.first.IsScalar())
              level.overrides.push_back(set.first.Scalar() + "=" + yaml_text(set.second));
        } else if (!entry.second.IsNull()) {
          report_.error(entry.second, level_at,
                        "expected a mapping of PATH: VALUE (a factor without 'path'), got " +
                            scenario::describe(entry.second));
          continue;
        }
        factor.levels.push_back(std::move(level));
      }
    } else {
      report_.error(levels, at + ".levels",
                    "expected a list or a mapping, got " + scenario::describe(levels));
    }
  }

  // `scale: [0.5, 1, 2]`: each level multiplies the base scenario's number at `path`.
  void read_scale(Fields& f, const std::string& at, const std::optional<std::string>& path, Factor& factor) {
    const YAML::Node scale = f.get("scale");
    if (!path) {
      report_.error(scale, at + ".scale", "a scale factor needs a 'path' to a number of the base scenario");
      return;
    }
    const YAML::Node base_value = find_path(base_yaml_, *path);
    double base = 0;
    if (!base_value.IsDefined() || !base_value.IsScalar() ||
        !YAML::convert<double>::decode(base_value, base)) {
      report_.error(f.get("path"), at + ".path",
                    "the base scenario has no number at '" + *path + "' to scale" +
                        (base_value.IsDefined() ? ", got " + scenario::describe(base_value) : ""));
      return;
    }
    if (!scale.IsSequence()) {
      report_.error(scale, at + ".scale", "expected a list of numbers, got " + scenario::describe(scale));
      return;
    }
    for (std::size_t k = 0; k < scale.size(); ++k) {
      double multiplier = 0;
      if (!scale[k].IsScalar() || !YAML::convert<double>::decode(scale[k], multiplier) ||
          !std::isfinite(multiplier)) {
        report_.error(scale[k], fmt::format("{}.scale[{}]", at, k),
                      "expected a number, got " + scenario::describe(scale[k]));
        continue;
      }
      factor.levels.push_back({fmt::format("x{}", multiplier),
                               {fmt::format("{}={}", *path, base * multiplier)},
                               scale[k],
                               fmt::format("{}.scale[{}]", at, k)});
    }
  }

  // Each level on its own must give a valid scenario: a bad path or value is the experiment's
  // mistake, reported where the level is written.
  void check_levels(const YAML::Node& node, const std::string& at, const Factor& factor) {
    if (factor.levels.empty()) {
      report_.error(node, at, "expected at least one level");
      return;
    }
    std::set<std::string> labels;
    for (const Level& level : factor.levels) {
      const std::string& level_at = level.path;
      if (!labels.insert(level.label).second) {
        report_.error(level.node, level_at, "duplicate level '" + level.label + "'");
        continue;
      }
      try {
        load_scenario(base_path_, level.overrides);
      } catch (const ScenarioError& e) {
        for (const auto& d : e.diagnostics()) {
          const bool in_file = d.loc.line > 0;
          report_.error(level.node, level_at,
                        "the scenario rejects this level: " + d.path + (d.path.empty() ? "" : ": ") +
                            d.message + (in_file ? fmt::format(" ({}:{})", d.loc.file, d.loc.line) : ""));
        }
      }
    }
  }

  void full_factorial(const ExperimentCase& prototype, Experiment& experiment, const YAML::Node& factors) {
    std::vector<std::size_t> pick(factors_.size(), 0);
    if (std::any_of(factors_.begin(), factors_.end(), [](const Factor& f) { return f.levels.empty(); }))
      return;
    // Counted before any is made: 10 factors of 10 levels would be 10^10 cases in memory.
    double count = 1;
    for (const Factor& f : factors_)
      count *= static_cast<double>(f.levels.size());
    if (count > limits::kMaxExperimentCases) {
      report_.error(factors, "factors",
                    fmt::format("expected at most {:g} cases (the product of the factors' level counts), "
                                "got {:g}; list the cases wanted under 'cases'",
                                limits::kMaxExperimentCases, count));
      return;
    }
    while (true) {
      ExperimentCase c = prototype;
      for (std::size_t i = 0; i < factors_.size(); ++i)
        add_level(c, factors_[i], factors_[i].levels[pick[i]]);
      c.id = default_id(c);
      add_case(experiment, std::move(c), YAML::Node());
      // Odometer: the last factor changes fastest.
      std::size_t i = factors_.size();
      while (i > 0 && ++pick[i - 1] == factors_[i - 1].levels.size())
        pick[--i] = 0;
      if (i == 0) break;
    }
  }

  void read_cases(const YAML::Node& list, const ExperimentCase& prototype, Experiment& experiment) {
    if (!list.IsSequence() || list.size() == 0) {
      report_.error(list, "cases", "expected a list of cases, got " + scenario::describe(list));
      return;
    }
    std::vector<std::string> keys = {"id"};
    for (const Factor& f : factors_)
      keys.push_back(f.name);
    for (std::size_t i = 0; i < list.size(); ++i) {
      Fields f(report_, list[i], fmt::format("cases[{}]", i), keys);
      if (!f.ok()) continue;
      ExperimentCase c = prototype;
      const std::size_t errors_before = report_.count();
      for (const Factor& factor : factors_) {
        if (!f.has(factor.name)) {
          c.levels.emplace_back(); // the base scenario's value
          continue;
        }
        const YAML::Node value = f.get(factor.name);
        const std::string label = value.IsScalar() ? value.Scalar() : "";
        auto level = find_level(factor, label);
        if (!level) {
          std::vector<std::string> labels;
          for (const Level& l : factor.levels)
            labels.push_back(l.label);
          report_.error(value, f.path(factor.name),
                        "unknown level " + scenario::describe(value) + " of factor '" + factor.name + "'" +
                            scenario::did_you_mean(label, labels) +
                            " (levels: " + fmt::format("{}", fmt::join(labels, ", ")) + ")");
          c.levels.emplace_back();
          continue;
        }
        add_level(c, factor, *level);
      }
      c.id = f.string("id", false).value_or(default_id(c));
      f.finish();
      if (report_.count() > errors_before) continue;
      add_case(experiment, std::move(c), f.has("id") ? f.get("id") : list[i]);
    }
  }

  static std::optional<Level> find_level(const Factor& factor, const std::string& label) {
    for (const Level& level : factor.levels)
      if (level.label == label || level.label == "x" + label) return level; // scale levels: 0.5 or x0.5
    return std::nullopt;
  }

  static void add_level(ExperimentCase& c, const Factor&, const Level& level) {
    c.levels.push_back(level.label);
    c.overrides.insert(c.overrides.end(), level.overrides.begin(), level.overrides.end());
  }

  std::string default_id(const ExperimentCase& c) const {
    std::string id;
    for (std::size_t i = 0; i < factors_.size(); ++i)
      if (!c.levels[i].empty()) id += (id.empty() ? "" : "+") + factors_[i].name + "=" + c.levels[i];
    return id.empty() ? "base" : id;
  }

  void add_case(Experiment& experiment, ExperimentCase c, const YAML::Node& where) {
    const SourceLoc at = where.IsDefined() ? report_.where(where) : SourceLoc{file_, 0, 0};
    if (!is_case_id(c.id))
      report_.error(at, "cases",
                    "expected a case id of letters, digits, '.', '_', '-', '=' or '+', got '" + c.id + "'");
    else if (!case_ids_.insert(c.id).second)
      report_.error(at, "cases", "duplicate case '" + c.id + "'");
    experiment.cases.push_back(std::move(c));
  }

  Report& report_;
  std::string file_;
  std::string base_path_;
  Scenario base_;
  YAML::Node base_yaml_;
  std::vector<Factor> factors_;
  std::set<std::string> case_ids_;
};

YAML::Node parse_yaml_file(Report& report, const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    report.error(SourceLoc{path, 0, 0}, "", "cannot read the file");
    throw ScenarioError(report.diagnostics());
  }
  try {
    const YAML::Node root = YAML::Load(in);
    scenario::check_document(report, root);
    return root;
  } catch (const YAML::ParserException& e) {
    report.error(SourceLoc{path, e.mark.line + 1, e.mark.column + 1}, "",
                 "invalid YAML: " + scenario::yaml_problem(e));
    throw ScenarioError(report.diagnostics());
  }
}

// "results/x.yaml" -> "x", made into a case id.
std::string case_id_from_path(const std::string& path) {
  std::string id = fs::path(path).stem().string();
  for (char& c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) c = '_';
  return id.empty() ? "scenario" : id;
}

} // namespace

Experiment load_experiment(const std::string& path) {
  Report report(path);
  const YAML::Node root = parse_yaml_file(report, path);
  ExperimentReader reader(report, path);
  Experiment experiment = reader.read(root);
  if (report.count() > 0) throw ScenarioError(report.diagnostics());
  return experiment;
}

bool is_experiment_file(const std::string& path) {
  try {
    std::ifstream in(path);
    const YAML::Node root = YAML::Load(in);
    if (!root.IsMap()) return false;
    if (root["experiment"].IsDefined()) return true;
    if (root["scenario"].IsDefined()) return false;
    // A misspelt `experiment:` (or factors without it) is an experiment with a mistake, reported
    // at its line with a did-you-mean, not a scenario that fails every run.
    for (const auto& entry : root)
      if (entry.first.IsScalar() && (entry.first.Scalar() == "factors" || entry.first.Scalar() == "cases" ||
                                     scenario::closest(entry.first.Scalar(), {"experiment"})))
        return true;
    return false;
  } catch (const YAML::Exception&) {
    // Not valid YAML: an experiment still if it says so, so that its own reader reports the mistake.
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line))
      if (line.rfind("experiment:", 0) == 0) return true;
    return false;
  }
}

Experiment experiment_from_scenarios(const std::vector<std::string>& paths, std::optional<int> replications,
                                     std::optional<std::uint64_t> seed) {
  Experiment experiment;
  experiment.name = "batch";
  experiment.factors = {"scenario"};
  std::set<std::string> ids;
  for (const std::string& path : paths) {
    ExperimentCase c;
    c.scenario = path;
    c.levels = {fs::path(path).filename().string()}; // not the path: the same batch from any directory
    try {
      c.scenario_sha256 = sha256_of_files(scenario_files(path));
    } catch (const ScenarioError&) {
      throw;
    } catch (const std::exception&) {
      throw ScenarioError({Diagnostic{SourceLoc{path, 0, 0}, "", "cannot read the file"}});
    }
    // Only seed and replications are read here; an invalid scenario fails its runs, with its errors.
    c.seed = 1;
    c.replications = 1;
    try {
      std::ifstream in(path);
      const YAML::Node info = YAML::Load(in)["scenario"];
      if (info.IsMap()) {
        if (info["seed"].IsScalar()) c.seed = info["seed"].as<std::uint64_t>(1);
        if (info["replications"].IsScalar()) c.replications = std::max(1, info["replications"].as<int>(1));
      }
    } catch (const YAML::Exception&) {
    }
    if (replications) c.replications = *replications;
    if (seed) c.seed = *seed;
    const std::string stem = case_id_from_path(path);
    c.id = stem;
    for (int k = 2; !ids.insert(c.id).second; ++k)
      c.id = stem + "-" + std::to_string(k);
    experiment.cases.push_back(std::move(c));
  }
  return experiment;
}

} // namespace corridor

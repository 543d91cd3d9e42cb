#pragma once
// Reading typed values out of yaml-cpp nodes, collecting every problem as a Diagnostic with
// its file, line and column instead of stopping at the first.
#include "corridor/diagnostics.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace corridor::scenario {

/** Every diagnostic of one load, and where values came from. */
class Report {
public:
  explicit Report(std::string file) : file_(std::move(file)) {}
  SourceLoc where(const YAML::Node& node) const;
  void error(const YAML::Node& node, const std::string& path, const std::string& message);
  void error(const SourceLoc& loc, const std::string& path, const std::string& message);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  std::size_t count() const { return diagnostics_.size(); }
  const std::string& file() const { return file_; }

private:
  std::string file_;
  std::vector<Diagnostic> diagnostics_;
};

/** "'fast'", "a mapping", "a list", "nothing": what a node holds, for messages. */
std::string describe(const YAML::Node& node);

/** The closest candidate within a small edit distance, for "did you mean …?". */
std::optional<std::string> closest(const std::string& word, const std::vector<std::string>& candidates);
/** "; did you mean 'X'?" or "". */
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

/**
 * The keys of one mapping. Each read marks its key as known; finish() reports the others as
 * unknown keys with the valid ones. A missing required key is reported at the mapping.
 */
class Fields {
public:
  Fields(Report& report, YAML::Node node, std::string path, std::vector<std::string> allowed);
  bool ok() const { return ok_; } // it was a mapping
  bool has(const std::string& key) const;
  YAML::Node get(const std::string& key) const;
  std::string path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  SourceLoc where(const std::string& key) const;
  SourceLoc where() const { return report_.where(node_); }
  const YAML::Node& node() const { return node_; }
  Report& report() { return report_; }

  std::optional<std::string> string(const std::string& key, bool required);
  std::optional<double> number(const std::string& key, bool required, double min_exclusive = -1e308,
                               bool allow_equal_min = false);
  std::optional<long long> integer(const std::string& key, bool required, long long min);
  std::optional<bool> boolean(const std::string& key, bool required);
  /** One of `choices`, with "expected one of …" otherwise. */
  std::optional<std::string> choice(const std::string& key, bool required,
                                    const std::vector<std::string>& choices);
  void missing(const std::string& key, const std::string& what);
  void finish();

private:
  Report& report_;
  YAML::Node node_;
  std::string path_;
  std::vector<std::string> allowed_;
  bool ok_ = false;
};

/** A positive number (> 0) or a non-negative one (>= 0), as messages say. */
inline constexpr double kPositive = 0;

} // namespace corridor::scenario

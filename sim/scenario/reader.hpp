#pragma once
// Reading typed values out of yaml-cpp nodes, collecting every problem as a Diagnostic with
// its file, line and column instead of stopping at the first.
#include "corridor/diagnostics.hpp"
#include "corridor/limits.hpp"
#include "corridor/scenario.hpp"

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace corridor::scenario {

/** Every diagnostic of one load, and where values came from. */
class Report {
public:
  explicit Report(std::string file) : file_(file), tree_file_(std::move(file)) {}
  SourceLoc where(const YAML::Node& node) const;
  void error(const YAML::Node& node, const std::string& path, const std::string& message);
  void error(const SourceLoc& loc, const std::string& path, const std::string& message);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  std::size_t count() const { return diagnostics_.size(); }
  const std::string& file() const { return file_; }
  /**
   * A `--set` value, once placed in the tree: it and everything in it are reported at `--set`
   * (parsed on their own, their line and column are not the file's). Call before placing one too,
   * with an undefined node: keys an override adds have no position either.
   */
  void mark_override(const YAML::Node& placed);
  /**
   * Nodes of a scenario that `extends` another were read from `file` and placed in the base's
   * tree: they and everything in them are reported in `file`; a node without a position (a key
   * that `set` added) at `fallback`.
   */
  void mark_file(const YAML::Node& placed, const std::string& file, const SourceLoc& fallback);
  /** The file whose positions unmarked nodes carry: the last base a scenario extends. */
  void set_tree_file(std::string file) { tree_file_ = std::move(file); }
  /** The uncertain inputs read so far, in the order of reading. */
  std::vector<UncertainInput>& uncertain() { return uncertain_; }

private:
  struct Marked {
    YAML::Node node;
    std::string file;
    SourceLoc fallback;
  };
  void mark(const YAML::Node& placed, const std::string& file, const SourceLoc& fallback);

  std::string file_, tree_file_;
  std::vector<Diagnostic> diagnostics_;
  std::vector<UncertainInput> uncertain_;
  bool overridden_ = false;
  std::vector<Marked> marked_;
};

/**
 * Checks what no reader of one key sees, over a whole document, iteratively (any depth): every
 * mapping key is a text and appears once in its mapping, and every text is valid UTF-8.
 */
void check_document(Report& report, const YAML::Node& root);

/** The byte offset of the first invalid UTF-8 sequence in `text`, if any. */
std::optional<std::size_t> invalid_utf8_at(const std::string& text);

/** A list index written in a path ("3" in links[3]); nothing when not a number or too large. */
std::optional<std::size_t> list_index(const std::string& text);

/** What is wrong with a YAML text, in words: yaml-cpp says "bad file" for its nesting limit. */
std::string yaml_problem(const YAML::ParserException& e);

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
  /** A finite number above `min_exclusive` (or equal with allow_equal_min) and at most `max`. */
  std::optional<double> number(const std::string& key, bool required, double min_exclusive = -1e308,
                               bool allow_equal_min = false, double max = limits::kMaxNumber);
  /** An integer from `min` to `max`; one too large for 64 bits is reported as out of range too. */
  std::optional<long long> integer(const std::string& key, bool required, long long min,
                                   long long max = static_cast<long long>(limits::kMaxNumber));
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

/** Checks one value of a number (or an integer) read at `path`: the number, or nothing (reported). */
using NumberCheck = std::function<std::optional<double>(const YAML::Node& value, const std::string& path)>;

/** True for `{uncertain: …}`: a number the sources disagree on (UncertainInput). */
bool is_uncertain(const YAML::Node& node);

/**
 * Reads `{uncertain: {low, high, mode (optional), sources: [texts]}}` at `path`, each of low,
 * mode and high checked by `check` (the number's own bounds), records it in the report and
 * returns its nominal value.
 */
std::optional<double> read_uncertain(Report& report, const YAML::Node& node, const std::string& path,
                                     const NumberCheck& check, bool integer);

/** A positive number (> 0) or a non-negative one (>= 0), as messages say. */
inline constexpr double kPositive = 0;

} // namespace corridor::scenario

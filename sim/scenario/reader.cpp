#include "scenario/reader.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace corridor::scenario {

SourceLoc Report::where(const YAML::Node& node) const {
  const YAML::Mark mark = node.Mark();
  // Values given with --set were parsed on their own and carry no position in the file.
  if (mark.is_null() || (mark.pos == 0 && mark.line == 0 && mark.column == 0 && !node.IsMap()))
    return SourceLoc{"--set", 0, 0};
  return SourceLoc{file_, mark.line + 1, mark.column + 1};
}

void Report::error(const YAML::Node& node, const std::string& path, const std::string& message) {
  error(where(node), path, message);
}

void Report::error(const SourceLoc& loc, const std::string& path, const std::string& message) {
  diagnostics_.push_back(Diagnostic{loc, path, message});
}

std::string describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  return "'" + node.Scalar() + "'";
}

namespace {
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string quoted_list(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& w : words)
    text += (text.empty() ? "" : ", ") + w;
  return text;
}
} // namespace

std::optional<std::string> closest(const std::string& word, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  // At most a third of the word wrong, and never the whole word (no 'A' for 'C').
  std::size_t best_distance = std::min(std::max<std::size_t>(2, word.size() / 3) + 1, word.size());
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  auto best = closest(word, candidates);
  return best ? "; did you mean '" + *best + "'?" : "";
}

Fields::Fields(Report& report, YAML::Node node, std::string path, std::vector<std::string> allowed)
    : report_(report), node_(std::move(node)), path_(std::move(path)), allowed_(std::move(allowed)) {
  ok_ = node_.IsMap();
  if (!ok_) report_.error(node_, path_, "expected a mapping, got " + describe(node_));
}

bool Fields::has(const std::string& key) const {
  return ok_ && node_[key].IsDefined() && !node_[key].IsNull();
}

// yaml-cpp's lookup of a missing key gives an invalid node that throws when asked its type.
YAML::Node Fields::get(const std::string& key) const {
  return has(key) ? node_[key] : YAML::Node();
}

SourceLoc Fields::where(const std::string& key) const {
  return has(key) ? report_.where(node_[key]) : report_.where(node_);
}

void Fields::missing(const std::string& key, const std::string& what) {
  report_.error(node_, path(key), "missing required key: expected " + what);
}

std::optional<std::string> Fields::string(const std::string& key, bool required) {
  if (!has(key)) {
    if (required) missing(key, "a text");
    return std::nullopt;
  }
  const YAML::Node value = get(key);
  if (!value.IsScalar()) {
    report_.error(value, path(key), "expected a text, got " + describe(value));
    return std::nullopt;
  }
  return value.Scalar();
}

std::optional<double> Fields::number(const std::string& key, bool required, double min_exclusive,
                                     bool allow_equal_min) {
  if (!has(key)) {
    if (required) missing(key, "a number");
    return std::nullopt;
  }
  const YAML::Node value = get(key);
  double x = 0;
  if (!value.IsScalar() || !YAML::convert<double>::decode(value, x) || !std::isfinite(x)) {
    report_.error(value, path(key), "expected a number, got " + describe(value));
    return std::nullopt;
  }
  if (x < min_exclusive || (x == min_exclusive && !allow_equal_min)) {
    const std::string bound =
        min_exclusive == 0 ? (allow_equal_min ? "a number >= 0" : "a positive number")
                           : fmt::format("a number {} {}", allow_equal_min ? ">=" : ">", min_exclusive);
    report_.error(value, path(key), "expected " + bound + ", got " + describe(value));
    return std::nullopt;
  }
  return x;
}

std::optional<long long> Fields::integer(const std::string& key, bool required, long long min) {
  if (!has(key)) {
    if (required) missing(key, "an integer");
    return std::nullopt;
  }
  const YAML::Node value = get(key);
  long long x = 0;
  if (!value.IsScalar() || !YAML::convert<long long>::decode(value, x)) {
    report_.error(value, path(key), "expected an integer, got " + describe(value));
    return std::nullopt;
  }
  if (x < min) {
    report_.error(value, path(key), fmt::format("expected an integer >= {}, got {}", min, describe(value)));
    return std::nullopt;
  }
  return x;
}

std::optional<bool> Fields::boolean(const std::string& key, bool required) {
  if (!has(key)) {
    if (required) missing(key, "true or false");
    return std::nullopt;
  }
  const YAML::Node value = get(key);
  bool x = false;
  if (!value.IsScalar() || !YAML::convert<bool>::decode(value, x)) {
    report_.error(value, path(key), "expected true or false, got " + describe(value));
    return std::nullopt;
  }
  return x;
}

std::optional<std::string> Fields::choice(const std::string& key, bool required,
                                          const std::vector<std::string>& choices) {
  auto text = string(key, required);
  if (!text) return std::nullopt;
  if (std::find(choices.begin(), choices.end(), *text) != choices.end()) return text;
  report_.error(get(key), path(key),
                "expected one of " + quoted_list(choices) + ", got '" + *text + "'" +
                    did_you_mean(*text, choices));
  return std::nullopt;
}

void Fields::finish() {
  if (!ok_) return;
  for (const auto& entry : node_) {
    const std::string key = entry.first.Scalar();
    if (std::find(allowed_.begin(), allowed_.end(), key) != allowed_.end()) continue;
    const auto suggestion = closest(key, allowed_);
    report_.error(entry.first, path(key),
                  "unknown key" + (suggestion ? "; did you mean '" + *suggestion + "'?" : "") +
                      " (valid keys: " + quoted_list(allowed_) + ")");
  }
}

} // namespace corridor::scenario

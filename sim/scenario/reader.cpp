#include "scenario/reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <unordered_map>
#include <yaml-cpp/depthguard.h>

namespace corridor::scenario {

SourceLoc Report::where(const YAML::Node& node) const {
  // Values given with --set, or read from a scenario that extends the base, were parsed on
  // their own: their line and column are those of their own text.
  if (!marked_.empty() && node.IsDefined())
    for (auto m = marked_.rbegin(); m != marked_.rend(); ++m) // the latest placed first
      if (m->node.is(node)) {
        const YAML::Mark mark = node.Mark();
        if (m->file == "--set" || mark.is_null()) return m->fallback;
        return SourceLoc{m->file, mark.line + 1, mark.column + 1};
      }
  const YAML::Mark mark = node.Mark();
  // Nodes without a position are made by the program: keys that an override added.
  if (mark.is_null()) return SourceLoc{overridden_ ? "--set" : tree_file_, 0, 0};
  return SourceLoc{tree_file_, mark.line + 1, mark.column + 1};
}

void Report::mark_override(const YAML::Node& placed) {
  overridden_ = true;
  mark(placed, "--set", SourceLoc{"--set", 0, 0});
}

void Report::mark_file(const YAML::Node& placed, const std::string& file, const SourceLoc& fallback) {
  mark(placed, file, fallback);
}

void Report::mark(const YAML::Node& placed, const std::string& file, const SourceLoc& fallback) {
  if (!placed.IsDefined()) return;
  std::vector<YAML::Node> stack{placed};
  while (!stack.empty()) {
    const YAML::Node node = stack.back();
    stack.pop_back();
    marked_.push_back({node, file, fallback});
    if (node.IsMap())
      for (const auto& entry : node) {
        stack.push_back(entry.first);
        stack.push_back(entry.second);
      }
    else if (node.IsSequence())
      for (const auto& item : node)
        stack.push_back(item);
  }
}

std::optional<std::size_t> invalid_utf8_at(const std::string& text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = s[i];
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF; // allowed range of the second byte
    if (c < 0x80)
      length = 1;
    else if (c >= 0xC2 && c <= 0xDF)
      length = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      if (c == 0xE0) low = 0xA0;  // overlong
      if (c == 0xED) high = 0x9F; // UTF-16 surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      if (c == 0xF0) low = 0x90;  // overlong
      if (c == 0xF4) high = 0x8F; // above U+10FFFF
    } else
      return i;
    if (i + length > n) return i;
    for (std::size_t k = 1; k < length; ++k) {
      const unsigned char next = s[i + k];
      if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xBF)) return i;
    }
    i += length;
  }
  return std::nullopt;
}

std::optional<std::size_t> list_index(const std::string& text) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  std::size_t index = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), index);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return index;
}

std::string yaml_problem(const YAML::ParserException& e) {
  if (dynamic_cast<const YAML::DeepRecursion*>(&e))
    return "collections nested too deep (more than 2000 levels)";
  return e.msg;
}

void check_document(Report& report, const YAML::Node& root) {
  struct Item {
    YAML::Node node;
    std::string path;
  };
  auto text_ok = [&report](const YAML::Node& node, const std::string& path) {
    const auto bad = invalid_utf8_at(node.Scalar());
    if (!bad) return true;
    report.error(node, path,
                 fmt::format("expected UTF-8 text, got the byte 0x{:02X} at byte {} of the value, which is "
                             "not UTF-8 (save the file as UTF-8)",
                             static_cast<unsigned char>(node.Scalar()[*bad]), *bad + 1));
    return false;
  };
  std::vector<Item> stack{{root, ""}};
  while (!stack.empty()) {
    Item item = std::move(stack.back());
    stack.pop_back();
    const YAML::Node& node = item.node;
    if (node.IsScalar()) {
      text_ok(node, item.path);
    } else if (node.IsSequence()) {
      for (std::size_t i = 0; i < node.size(); ++i)
        stack.push_back({node[i], fmt::format("{}[{}]", item.path, i)});
    } else if (node.IsMap()) {
      std::unordered_map<std::string, int> first_line;
      for (const auto& entry : node) {
        const YAML::Node& key = entry.first;
        if (!key.IsScalar()) {
          report.error(key, item.path, "expected a key that is a text, got " + describe(key));
          continue;
        }
        const std::string path = item.path.empty() ? key.Scalar() : item.path + "." + key.Scalar();
        if (!text_ok(key, item.path)) continue;
        const auto [seen, fresh] = first_line.emplace(key.Scalar(), report.where(key).line);
        if (!fresh) {
          report.error(
              key, path,
              seen->second > 0
                  ? fmt::format("duplicate key (first at line {}): each key may appear once", seen->second)
                  : std::string("duplicate key: each key may appear once"));
          continue; // readers see the first only
        }
        stack.push_back({entry.second, path});
      }
    }
  }
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

namespace {

std::optional<double> check_number(Report& report, const YAML::Node& value, const std::string& path,
                                   double min_exclusive, bool allow_equal_min, double max) {
  double x = 0;
  if (!value.IsScalar() || !YAML::convert<double>::decode(value, x) || !std::isfinite(x)) {
    report.error(value, path, "expected a number, got " + describe(value));
    return std::nullopt;
  }
  if (x < min_exclusive || (x == min_exclusive && !allow_equal_min)) {
    const std::string bound =
        min_exclusive == 0 ? (allow_equal_min ? "a number >= 0" : "a positive number")
                           : fmt::format("a number {} {}", allow_equal_min ? ">=" : ">", min_exclusive);
    report.error(value, path, "expected " + bound + ", got " + describe(value));
    return std::nullopt;
  }
  if (x > max) {
    report.error(value, path, fmt::format("expected a number <= {:g}, got {}", max, describe(value)));
    return std::nullopt;
  }
  return x;
}

std::optional<long long> check_integer(Report& report, const YAML::Node& value, const std::string& path,
                                       long long min, long long max) {
  long long x = 0;
  const bool fits = value.IsScalar() && YAML::convert<long long>::decode(value, x);
  // 99999999999999999999 is an integer, only too large: say so, rather than "not an integer".
  const std::string digits = value.IsScalar() ? value.Scalar() : "";
  const bool negative = !digits.empty() && digits[0] == '-';
  const bool too_wide = !fits && digits.size() > (negative || digits[0] == '+' ? 1u : 0u) &&
                        std::all_of(digits.begin() + (negative || digits[0] == '+'), digits.end(),
                                    [](char c) { return c >= '0' && c <= '9'; });
  if (!fits && !too_wide) {
    report.error(value, path, "expected an integer, got " + describe(value));
    return std::nullopt;
  }
  if ((too_wide && negative) || (!too_wide && x < min)) {
    report.error(value, path, fmt::format("expected an integer >= {}, got {}", min, describe(value)));
    return std::nullopt;
  }
  if (too_wide || x > max) { // too wide and positive
    report.error(value, path, fmt::format("expected an integer <= {}, got {}", max, describe(value)));
    return std::nullopt;
  }
  return x;
}

} // namespace

bool is_uncertain(const YAML::Node& node) {
  return node.IsMap() && node["uncertain"].IsDefined();
}

std::optional<double> read_uncertain(Report& report, const YAML::Node& node, const std::string& path,
                                     const NumberCheck& check, bool integer) {
  const std::size_t errors = report.count();
  Fields outer(report, node, path, {"uncertain"});
  Fields f(report, node["uncertain"], path + ".uncertain", {"low", "high", "mode", "sources"});
  outer.finish();
  if (!f.ok()) return std::nullopt;
  auto bound = [&](const char* key, bool required) -> std::optional<double> {
    if (!f.has(key)) {
      if (required) f.missing(key, integer ? "an integer" : "a number");
      return std::nullopt;
    }
    return check(f.get(key), f.path(key));
  };
  const auto low = bound("low", true), high = bound("high", true), mode = bound("mode", false);
  std::vector<std::string> sources;
  const YAML::Node list = f.get("sources");
  if (!f.has("sources"))
    f.missing("sources", "a list of the sources of the range, e.g. [CPMM 2022 outbound, CPMM 2023 inbound]");
  else if (!list.IsSequence() || list.size() == 0)
    report.error(list, f.path("sources"),
                 "expected a non-empty list of sources (texts), got " + describe(list));
  else
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (!list[i].IsScalar() || list[i].Scalar().empty())
        report.error(list[i], fmt::format("{}[{}]", f.path("sources"), i),
                     "expected a source (a text), got " + describe(list[i]));
      else
        sources.push_back(list[i].Scalar());
    }
  f.finish();
  if (low && high && *low > *high)
    report.error(f.node(), path + ".uncertain",
                 fmt::format("expected low <= high, got low {} and high {}", *low, *high));
  else if (low && high && mode && !(*low <= *mode && *mode <= *high))
    report.error(
        f.get("mode"), f.path("mode"),
        fmt::format("expected low <= mode <= high, got low {}, mode {}, high {}", *low, *mode, *high));
  if (report.count() > errors || !low || !high) return std::nullopt;
  UncertainInput input{path, *low, *high, mode, std::move(sources), integer, report.where(node)};
  const double nominal = input.nominal();
  report.uncertain().push_back(std::move(input));
  return nominal;
}

std::optional<double> Fields::number(const std::string& key, bool required, double min_exclusive,
                                     bool allow_equal_min, double max) {
  if (!has(key)) {
    if (required) missing(key, "a number");
    return std::nullopt;
  }
  const YAML::Node value = get(key);
  if (is_uncertain(value))
    return read_uncertain(
        report_, value, path(key),
        [&](const YAML::Node& v, const std::string& p) {
          return check_number(report_, v, p, min_exclusive, allow_equal_min, max);
        },
        false);
  return check_number(report_, value, path(key), min_exclusive, allow_equal_min, max);
}

std::optional<long long> Fields::integer(const std::string& key, bool required, long long min,
                                         long long max) {
  if (!has(key)) {
    if (required) missing(key, "an integer");
    return std::nullopt;
  }
  const YAML::Node value = get(key);
  if (is_uncertain(value)) {
    const auto x = read_uncertain(
        report_, value, path(key),
        [&](const YAML::Node& v, const std::string& p) -> std::optional<double> {
          const auto n = check_integer(report_, v, p, min, max);
          return n ? std::optional<double>(static_cast<double>(*n)) : std::nullopt;
        },
        true);
    return x ? std::optional<long long>(static_cast<long long>(*x)) : std::nullopt;
  }
  return check_integer(report_, value, path(key), min, max);
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
    if (!entry.first.IsScalar()) continue; // reported by check_document
    const std::string key = entry.first.Scalar();
    if (std::find(allowed_.begin(), allowed_.end(), key) != allowed_.end()) continue;
    const auto suggestion = closest(key, allowed_);
    report_.error(entry.first, path(key),
                  "unknown key" + (suggestion ? "; did you mean '" + *suggestion + "'?" : "") +
                      " (valid keys: " + quoted_list(allowed_) + ")");
  }
}

} // namespace corridor::scenario

#include "corridor/compare.hpp"

#include "corridor/csv_reader.hpp"
#include "corridor/limits.hpp"

#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace corridor {

namespace {

using Json = nlohmann::ordered_json; // keep the file's order in reports

// The readable key of an array element: its id, or its flow/route pair, else its index.
std::string element_key(const Json& element, std::size_t index) {
  if (element.is_object()) {
    if (element.contains("id") && element["id"].is_string()) return element["id"].get<std::string>();
    if (element.contains("flow") && element.contains("route") && element["flow"].is_string() &&
        element["route"].is_string())
      return element["flow"].get<std::string>() + "/" + element["route"].get<std::string>();
  }
  return std::to_string(index);
}

void flatten(const Json& value, const std::string& path, std::vector<Metric>& out) {
  if (value.is_number()) {
    out.push_back({path, value.get<double>(), 0, 1});
  } else if (value.is_object() && value.contains("mean") && value["mean"].is_number()) {
    Metric m{path, value["mean"].get<double>(), 0, 1};
    if (value.contains("ci95") && value["ci95"].is_number()) m.ci95 = value["ci95"].get<double>();
    if (value.contains("n") && value["n"].is_number_integer()) m.n = value["n"].get<int>();
    out.push_back(m);
  } else if (value.is_object()) {
    for (const auto& [key, child] : value.items())
      // The values drawn for uncertain inputs are what a run was given, like its metadata: a
      // run of another seed draws others, and its results say whether that mattered.
      if (key != "metadata" && key != "uncertain_inputs")
        flatten(child, path.empty() ? key : path + "." + key, out);
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      flatten(value[i], path + "[" + element_key(value[i], i) + "]", out);
  } // strings, booleans and nulls are labels or absent values, not metrics
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// One row of results.csv: its metrics by name, and its replications in `n`.
void read_csv_row(const std::vector<std::string>& header, const std::vector<std::string>& fields,
                  std::map<std::string, Metric>& by_name, int& n) {
  for (std::size_t i = 1; i < header.size(); ++i) {
    if (fields[i].empty()) continue;
    if (header[i] == "replications") n = std::stoi(fields[i]);
    for (const char* suffix : {".mean", ".ci95"})
      if (ends_with(header[i], suffix)) {
        const std::string name = header[i].substr(0, header[i].size() - std::string(suffix).size());
        Metric& m = by_name[name];
        m.path = header[0] + "[" + fields[0] + "]." + name;
        (std::string(suffix) == ".mean" ? m.mean : m.ci95) = std::stod(fields[i]);
      }
  }
}

// A batch's results.csv: first column the case, then METRIC.mean / METRIC.ci95 columns and
// a `replications` column.
std::vector<Metric> read_csv_metrics(std::istream& in, const std::string& path) {
  std::vector<std::string> header, fields;
  std::vector<Metric> metrics;
  int row = 1; // records, which are lines unless a quoted field holds a line break
  bool empty = false;
  try {
    empty = !read_csv_record(in, header);
    while (!empty && read_csv_record(in, fields)) {
      ++row;
      if (fields.size() == 1 && fields[0].empty()) continue;
      if (fields.size() != header.size())
        throw BadResultFile(path + ":" + std::to_string(row) + ": expected " + std::to_string(header.size()) +
                            " fields, got " + std::to_string(fields.size()));
      std::map<std::string, Metric> by_name;
      int n = 1;
      try {
        read_csv_row(header, fields, by_name, n);
      } catch (const std::logic_error&) { // std::stoi and std::stod: not a number, or out of range
        throw BadResultFile(path + ":" + std::to_string(row) + ": expected numbers in the metric columns");
      }
      for (auto& [name, metric] : by_name) {
        metric.n = n;
        metrics.push_back(metric);
      }
    }
  } catch (const BadResultFile&) {
    throw;
  } catch (const std::runtime_error& e) { // an unclosed quote
    throw BadResultFile(path + ":" + std::to_string(row + 1) + ": " + e.what());
  }
  if (empty) throw std::runtime_error(path + ": empty file");
  return metrics;
}

// Glob with `*` and `?` only: metric paths contain brackets, which fnmatch would read as sets.
bool glob_match(const char* pattern, const char* text) {
  for (; *pattern; ++pattern, ++text) {
    if (*pattern == '*') {
      for (const char* rest = text;; ++rest) {
        if (glob_match(pattern + 1, rest)) return true;
        if (!*rest) return false;
      }
    }
    if (!*text || (*pattern != '?' && *pattern != *text)) return false;
  }
  return !*text;
}

} // namespace

std::vector<Metric> read_metrics(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open the file");
  if (ends_with(path, ".csv")) return read_csv_metrics(in, path);
  Json json;
  // flatten() recurses once a level: refuse deeper files while parsing, before they are built.
  const auto depth_check = [&path](int depth, Json::parse_event_t, Json&) {
    if (depth > limits::kMaxNestingDepth)
      throw BadResultFile(
          fmt::format("{}: not a result file: nested deeper than {} levels", path, limits::kMaxNestingDepth));
    return true;
  };
  try {
    json = Json::parse(in, depth_check);
  } catch (const Json::parse_error& e) {
    throw BadResultFile(path + ": not a JSON result file: " + e.what());
  }
  std::vector<Metric> metrics;
  flatten(json, "", metrics);
  return metrics;
}

std::optional<MetricTolerance> parse_metric_tolerance(const std::string& text) {
  const auto equals = text.rfind('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == text.size()) return std::nullopt;
  MetricTolerance result{text.substr(0, equals), {}};
  std::string value = text.substr(equals + 1);
  const bool relative = value.back() == '%';
  if (relative) value.pop_back();
  try {
    std::size_t used = 0;
    const double number = std::stod(value, &used);
    if (used != value.size() || number < 0 || !std::isfinite(number)) return std::nullopt;
    (relative ? result.tolerance.relative : result.tolerance.absolute) = relative ? number / 100 : number;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return result;
}

std::vector<Comparison> compare_metrics(const std::vector<Metric>& baseline,
                                        const std::vector<Metric>& current,
                                        const Tolerance& default_tolerance,
                                        const std::vector<MetricTolerance>& per_metric) {
  std::map<std::string, const Metric*> current_by_path;
  for (const Metric& m : current)
    current_by_path[m.path] = &m;

  auto tolerance_for = [&](const std::string& path) {
    Tolerance t = default_tolerance;
    for (const auto& rule : per_metric)
      if (glob_match(rule.pattern.c_str(), path.c_str())) t = rule.tolerance;
    return t;
  };

  std::vector<Comparison> out;
  for (const Metric& b : baseline) {
    Comparison c;
    c.path = b.path;
    c.baseline = b;
    auto it = current_by_path.find(b.path);
    if (it == current_by_path.end()) {
      c.verdict = Verdict::Missing;
      out.push_back(c);
      continue;
    }
    const Metric& now = *it->second;
    current_by_path.erase(it);
    c.current = now;
    const Tolerance t = tolerance_for(b.path);
    c.difference = now.mean - b.mean;
    c.tolerance = t.absolute + t.relative * std::abs(b.mean);
    const bool replicated = b.n > 1 && now.n > 1;
    c.noise = replicated ? std::hypot(b.ci95, now.ci95) : 0;
    const double size = std::abs(c.difference);
    if (size <= c.tolerance)
      c.verdict = Verdict::Same;
    else if (replicated && size <= c.noise)
      c.verdict = Verdict::WithinNoise;
    else
      c.verdict = Verdict::Changed;
    out.push_back(c);
  }
  for (const Metric& m : current)
    if (current_by_path.count(m.path)) {
      Comparison c;
      c.path = m.path;
      c.current = m;
      c.verdict = Verdict::New;
      out.push_back(c);
    }
  return out;
}

std::string to_string(Verdict verdict) {
  switch (verdict) {
  case Verdict::Same:
    return "same";
  case Verdict::WithinNoise:
    return "within noise";
  case Verdict::Changed:
    return "CHANGED";
  case Verdict::Missing:
    return "MISSING";
  case Verdict::New:
    return "new";
  }
  return "?";
}

} // namespace corridor

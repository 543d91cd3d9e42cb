#include "scenario/overrides.hpp"

#include <cmath>
#include <fmt/format.h>

namespace corridor::scenario {

namespace {

struct Step {
  std::string key;
  std::optional<std::string> selector; // [id] or [index]
};

std::optional<std::vector<Step>> split_path(const std::string& path) {
  std::vector<Step> steps;
  std::size_t i = 0;
  while (i < path.size()) {
    Step step;
    while (i < path.size() && path[i] != '.' && path[i] != '[')
      step.key += path[i++];
    if (step.key.empty()) return std::nullopt;
    if (i < path.size() && path[i] == '[') {
      const auto close = path.find(']', i);
      if (close == std::string::npos || close == i + 1) return std::nullopt;
      step.selector = path.substr(i + 1, close - i - 1);
      i = close + 1;
    }
    if (i < path.size()) {
      if (path[i] != '.') return std::nullopt;
      ++i;
    }
    steps.push_back(step);
  }
  if (steps.empty()) return std::nullopt;
  return steps;
}

// The list item named by id or index, or an undefined node.
YAML::Node select(const YAML::Node& list, const std::string& selector) {
  for (std::size_t i = 0; i < list.size(); ++i)
    if (list[i].IsMap() && list[i]["id"].IsDefined() && list[i]["id"].IsScalar() &&
        list[i]["id"].Scalar() == selector)
      return list[i];
  if (const auto index = list_index(selector); index && *index < list.size()) return list[*index];
  return YAML::Node(YAML::NodeType::Undefined);
}

} // namespace

YAML::Node place_value(Report& report, YAML::Node& root, const std::string& path, const YAML::Node& value,
                       const SourceLoc& at, YAML::Node* added_key) {
  const YAML::Node nothing(YAML::NodeType::Undefined);
  const auto steps = split_path(path);
  if (!steps) {
    report.error(at, path, "expected a path like scenario.seed or facilities[ID].servers");
    return nothing;
  }
  YAML::Node current = root;
  std::string walked;
  for (std::size_t i = 0; i < steps->size(); ++i) {
    const Step& step = (*steps)[i];
    const bool last = i + 1 == steps->size();
    walked += (walked.empty() ? "" : ".") + step.key;
    if (!current.IsMap()) {
      report.error(at, path, "'" + walked + "' is not inside a mapping");
      return nothing;
    }
    if (last && !step.selector) {
      const bool adds = !current[step.key].IsDefined();
      current[step.key] = value; // replaces the value, or adds the key (checked when read)
      if (adds && added_key)
        for (const auto& entry : current)
          if (entry.first.IsScalar() && entry.first.Scalar() == step.key) *added_key = entry.first;
      return current[step.key];
    }
    YAML::Node child = current[step.key];
    if (!child.IsDefined()) {
      report.error(at, path, "no key '" + walked + "' in the scenario");
      return nothing;
    }
    if (step.selector) {
      if (!child.IsSequence()) {
        report.error(at, path, "'" + walked + "' is not a list");
        return nothing;
      }
      YAML::Node item = select(child, *step.selector);
      walked += "[" + *step.selector + "]";
      if (!item.IsDefined()) {
        report.error(at, path, "no item '" + *step.selector + "' in " + step.key + " (by id or index)");
        return nothing;
      }
      if (last) {
        item = value;
        return item;
      }
      current.reset(item);
    } else {
      current.reset(child);
    }
  }
  return nothing;
}

namespace {

// The node at `path`, or an undefined node: the same walk as place_value, placing nothing.
YAML::Node find_value(const YAML::Node& root, const std::string& path) {
  const YAML::Node nothing(YAML::NodeType::Undefined);
  const auto steps = split_path(path);
  if (!steps) return nothing;
  YAML::Node current = root;
  for (const Step& step : *steps) {
    if (!current.IsMap() || !current[step.key].IsDefined()) return nothing;
    YAML::Node child = current[step.key];
    if (step.selector) {
      if (!child.IsSequence()) return nothing;
      YAML::Node item = select(child, *step.selector);
      if (!item.IsDefined()) return nothing;
      child.reset(item); // reset, not =: assigning a node overwrites what it refers to
    }
    current.reset(child);
  }
  return current;
}

std::optional<double> number_of(const YAML::Node& node) {
  double x = 0;
  if (!node.IsDefined() || !node.IsScalar() || !YAML::convert<double>::decode(node, x) || !std::isfinite(x))
    return std::nullopt;
  return x;
}

// A number written without a needless exponent or trailing zeros: 202, 0.25, 1e+20.
std::string number_text(double x) {
  return fmt::format("{}", x);
}

} // namespace

YAML::Node add_value(Report& report, YAML::Node& root, const std::string& path, double delta,
                     const SourceLoc& at) {
  const YAML::Node nothing(YAML::NodeType::Undefined);
  const YAML::Node current = find_value(root, path);
  if (!current.IsDefined()) { // place_value, on a copy, says what is wrong with the path
    const std::size_t before = report.count();
    YAML::Node copy = YAML::Clone(root);
    place_value(report, copy, path, YAML::Node(YAML::NodeType::Null), at);
    if (report.count() == before)
      report.error(at, path, "no value to add to: the key is not in the scenario");
    return nothing;
  }
  if (auto x = number_of(current))
    return place_value(report, root, path, YAML::Node(number_text(*x + delta)), at);
  // An uncertain number moves as a whole: its low, mode and high each by delta.
  if (current.IsMap() && current["uncertain"].IsDefined() && current["uncertain"].IsMap()) {
    YAML::Node moved = YAML::Clone(current);
    for (const char* key : {"low", "mode", "high"})
      if (moved["uncertain"][key].IsDefined()) {
        const auto x = number_of(moved["uncertain"][key]);
        if (!x) {
          report.error(at, path,
                       fmt::format("cannot add to uncertain.{}: expected a number, got {}", key,
                                   describe(moved["uncertain"][key])));
          return nothing;
        }
        moved["uncertain"][key] = number_text(*x + delta);
      }
    return place_value(report, root, path, moved, at);
  }
  report.error(at, path, "cannot add to " + describe(current) + ": expected a number or an uncertain number");
  return nothing;
}

void apply_override(Report& report, YAML::Node& root, const std::string& text) {
  const SourceLoc at{"--set", 0, 0};
  report.mark_override(YAML::Node(YAML::NodeType::Undefined));
  const auto equals = text.find('=');
  const bool add = equals != std::string::npos && equals > 0 && text[equals - 1] == '+';
  if (equals == std::string::npos || equals == (add ? 1u : 0u)) {
    report.error(at, text,
                 "expected PATH=VALUE or PATH+=NUMBER, e.g. facilities[TORKHAM_BCP].servers=8 or "
                 "facilities[TORKHAM_BCP].servers+=2");
    return;
  }
  const std::string path = text.substr(0, add ? equals - 1 : equals);
  YAML::Node value;
  try {
    value = YAML::Load(text.substr(equals + 1));
  } catch (const YAML::ParserException& e) {
    report.error(at, path, "the value is not valid YAML: " + yaml_problem(e));
    return;
  } catch (const YAML::Exception& e) {
    report.error(at, path, "the value is not valid YAML: " + e.msg);
    return;
  }
  if (add) {
    const auto delta = number_of(value);
    if (!delta) {
      report.error(at, path, "expected a number to add after +=, got " + describe(value));
      return;
    }
    report.mark_override(add_value(report, root, path, *delta, at));
    return;
  }
  report.mark_override(place_value(report, root, path, value, at));
}

} // namespace corridor::scenario

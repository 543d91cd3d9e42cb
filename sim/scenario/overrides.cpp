#include "scenario/overrides.hpp"

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

void apply_override(Report& report, YAML::Node& root, const std::string& text) {
  const SourceLoc at{"--set", 0, 0};
  report.mark_override(YAML::Node(YAML::NodeType::Undefined));
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    report.error(at, text, "expected PATH=VALUE, e.g. facilities[TORKHAM_BCP].servers=8");
    return;
  }
  const std::string path = text.substr(0, equals);
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
  report.mark_override(place_value(report, root, path, value, at));
}

} // namespace corridor::scenario

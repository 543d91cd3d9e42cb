#include "scenario/extends.hpp"

#include "corridor/load.hpp"

#include "scenario/overrides.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace corridor::scenario {

namespace fs = std::filesystem;

namespace {

// A chain longer than this is a mistake, not a design: it bounds the recursion too.
constexpr std::size_t kMaxExtendsDepth = 16;

// A regular file only: a device or a folder named as the base would hang or fail obscurely.
std::optional<std::string> read_text(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The base's path as written, relative to the file that names it.
std::string base_path(const std::string& file, const std::string& written) {
  return (fs::path(file).parent_path() / written).lexically_normal().string();
}

std::string chain_text(const std::vector<std::string>& chain, const std::string& last) {
  std::string text;
  for (const auto& f : chain)
    text += f + " -> ";
  return text + last;
}

// Sections other than `extends` and `set`: lists get the items added, mappings (scenario,
// trade) the keys replaced or added, and a section the base lacks is added whole.
void add_sections(Report& report, YAML::Node& tree, const YAML::Node& overlay) {
  for (const auto& entry : overlay) {
    if (!entry.first.IsScalar()) {
      report.error(entry.first, "", "expected a key that is a text, got " + describe(entry.first));
      continue;
    }
    const std::string key = entry.first.Scalar();
    if (key == "extends" || key == "set") continue;
    const YAML::Node& added = entry.second;
    YAML::Node section = tree[key];
    if (!section.IsDefined() || section.IsNull()) {
      tree[key] = added;
    } else if (section.IsSequence() && added.IsSequence()) {
      for (const auto& item : added)
        section.push_back(item);
    } else if (section.IsMap() && added.IsMap()) {
      for (const auto& field : added)
        if (field.first.IsScalar()) section[field.first.Scalar()] = field.second;
    } else {
      report.error(added, key,
                   "expected " + std::string(section.IsSequence() ? "a list" : "a mapping") +
                       " to add to the base's '" + key + "', got " + describe(added));
    }
  }
}

void apply_set(Report& report, YAML::Node& tree, const YAML::Node& set) {
  if (!set.IsMap()) {
    report.error(set, "set",
                 "expected a mapping of PATH: VALUE, e.g. \"facilities[TORKHAM_BCP].servers\": 300; got " +
                     describe(set));
    return;
  }
  std::set<std::string> seen;
  for (const auto& entry : set) {
    if (!entry.first.IsScalar() || entry.first.Scalar().empty()) {
      report.error(entry.first, "set",
                   "expected a path like facilities[ID].servers, got " + describe(entry.first));
      continue;
    }
    const std::string path = entry.first.Scalar();
    if (!seen.insert(path).second) {
      report.error(entry.first, "set." + path, "duplicate key: each path may be set once");
      continue;
    }
    const SourceLoc at = report.where(entry.first);
    YAML::Node key;
    const YAML::Node placed = place_value(report, tree, path, entry.second, at, &key);
    report.mark_file(placed, at.file, at); // a value parsed from a key's text has no position
    report.mark_file(key, at.file, at);    // an unknown key is reported where `set` wrote it
  }
}

YAML::Node resolve(Report& report, const YAML::Node& root, const std::string& file,
                   std::vector<std::string>& chain, std::vector<std::string>& bases) {
  if (!root.IsMap() || !root["extends"].IsDefined()) {
    report.set_tree_file(file);
    return root;
  }
  // Everything written here keeps this file's positions wherever it lands in the base's tree.
  report.mark_file(root, file, SourceLoc{file, root.Mark().line + 1, root.Mark().column + 1});
  const YAML::Node written = root["extends"];
  if (!written.IsScalar() || written.Scalar().empty()) {
    report.error(written, "extends",
                 "expected the path of the scenario this one extends, got " + describe(written));
    return YAML::Node(YAML::NodeType::Undefined);
  }
  const std::string base = base_path(file, written.Scalar());
  std::error_code ec;
  const std::string canonical = fs::weakly_canonical(base, ec).string();
  if (std::find(chain.begin(), chain.end(), canonical) != chain.end()) {
    report.error(written, "extends", "the scenario extends itself: " + chain_text(chain, canonical));
    return YAML::Node(YAML::NodeType::Undefined);
  }
  if (chain.size() >= kMaxExtendsDepth) {
    report.error(written, "extends",
                 "more than " + std::to_string(kMaxExtendsDepth) +
                     " scenarios extend one another: " + chain_text(chain, canonical));
    return YAML::Node(YAML::NodeType::Undefined);
  }
  const auto text = read_text(base);
  if (!text) {
    std::error_code exists_ec;
    report.error(written, "extends",
                 "cannot read '" + base + "', the scenario this one extends: " +
                     (fs::exists(base, exists_ec) ? "not a regular file" : "no such file"));
    return YAML::Node(YAML::NodeType::Undefined);
  }
  YAML::Node base_root;
  try {
    base_root = YAML::Load(*text);
  } catch (const YAML::ParserException& e) {
    report.error(SourceLoc{base, e.mark.line + 1, e.mark.column + 1}, "", "invalid YAML: " + yaml_problem(e));
    return YAML::Node(YAML::NodeType::Undefined);
  }
  bases.push_back(base);
  chain.push_back(canonical);
  YAML::Node tree = resolve(report, base_root, base, chain, bases);
  if (!tree.IsDefined()) return tree;
  if (!tree.IsMap()) {
    report.error(tree, "", "expected the scenario mapping of the base, got " + describe(tree));
    return YAML::Node(YAML::NodeType::Undefined);
  }
  add_sections(report, tree, root);
  if (root["set"].IsDefined()) apply_set(report, tree, root["set"]);
  return tree;
}

} // namespace

YAML::Node resolve_extends(Report& report, const YAML::Node& root, const std::string& file,
                           std::vector<std::string>& bases) {
  std::error_code ec;
  std::vector<std::string> chain{fs::weakly_canonical(file, ec).string()};
  return resolve(report, root, file, chain, bases);
}

} // namespace corridor::scenario

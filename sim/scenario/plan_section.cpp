#include "scenario/plan_section.hpp"

#include "corridor/load.hpp"

#include "scenario/overrides.hpp"

#include <fmt/format.h>
#include <set>

namespace corridor::scenario {

namespace {

std::string flow_text(const YAML::Node& value) {
  YAML::Emitter out;
  out << YAML::Flow << value;
  return out.c_str();
}

// The changes of `set` or `add`: a mapping of --set paths to values; each becomes an override.
void read_changes(Report& report, Fields& f, const std::string& key, bool add, PlanCandidate& c,
                  std::vector<SourceLoc>& where) {
  if (!f.has(key)) return;
  const YAML::Node changes = f.get(key);
  if (!changes.IsMap() || changes.size() == 0) {
    report.error(
        changes, f.path(key),
        fmt::format("expected a mapping of --set paths to {}, e.g. {{\"facilities[ID].servers\": {}}}, "
                    "got {}",
                    add ? "numbers to add" : "values", add ? "2" : "8", describe(changes)));
    return;
  }
  for (const auto& entry : changes) {
    if (!entry.first.IsScalar()) continue; // reported by check_document
    const std::string path = entry.first.Scalar();
    double delta = 0;
    if (add && (!entry.second.IsScalar() || !YAML::convert<double>::decode(entry.second, delta) ||
                !std::isfinite(delta))) {
      report.error(entry.second, f.path(key) + "." + path,
                   "expected a number to add, got " + describe(entry.second));
      continue;
    }
    c.changes.push_back(add ? path + "+=" + fmt::format("{}", delta) : path + "=" + flow_text(entry.second));
    where.push_back(report.where(entry.first));
  }
}

PlanCandidate read_candidate(Report& report, const YAML::Node& root, const YAML::Node& item,
                             const std::string& path) {
  PlanCandidate c;
  Fields f(report, item, path, {"id", "text", "source", "cost_usd", "set", "add", "repeat"});
  if (!f.ok()) return c;
  const std::size_t uncertain_before = report.uncertain().size();
  c.id = f.string("id", true).value_or("");
  c.text = f.string("text", false).value_or("");
  c.source = f.string("source", false).value_or("");
  c.cost_usd = f.number("cost_usd", true, 0, true).value_or(0);
  c.repeat = static_cast<int>(f.integer("repeat", false, 1, 1000).value_or(1));
  // A cost is a price of the plan, not an input of the corridor: one number.
  for (std::size_t i = uncertain_before; i < report.uncertain().size(); ++i)
    report.error(report.uncertain()[i].loc, report.uncertain()[i].path,
                 "a candidate's cost is one number, not an uncertain value");
  report.uncertain().resize(uncertain_before);
  std::vector<SourceLoc> where;
  read_changes(report, f, "set", false, c, where);
  read_changes(report, f, "add", true, c, where);
  if (!f.has("set") && !f.has("add")) f.missing("set", "set or add: the changes the candidate makes");
  if (c.repeat > 1 && !f.has("add"))
    report.error(f.get("repeat"), f.path("repeat"),
                 "repeat needs an add: setting the same values again changes nothing");
  c.loc.self = f.where();
  for (const char* key : {"id", "cost_usd", "set", "add", "repeat"})
    if (f.has(key)) c.loc.fields[key] = f.where(key);
  f.finish();
  if (c.changes.empty() || where.size() != c.changes.size()) return c;

  // Apply it, bought as often as it may be, to a copy of the scenario, and read that.
  YAML::Node copy = YAML::Clone(root);
  copy.remove("plan");
  Report scratch(report.file());
  for (int r = 0; r < c.repeat; ++r)
    for (std::size_t k = 0; k < c.changes.size(); ++k) {
      const std::size_t before = scratch.count();
      apply_override(scratch, copy, c.changes[k]);
      for (std::size_t d = before; d < scratch.count(); ++d)
        report.error(where[k], path + "." + (c.changes[k].find("+=") != std::string::npos ? "add" : "set"),
                     scratch.diagnostics()[d].path + ": " + scratch.diagnostics()[d].message);
      if (scratch.count() > before) return c;
    }
  check_document(scratch, copy);
  const Scenario changed = parse(scratch, copy);
  std::vector<Diagnostic> problems = scratch.diagnostics();
  if (problems.empty()) problems = validate(changed);
  const std::string times = c.repeat > 1 ? fmt::format(" {} times", c.repeat) : "";
  for (const Diagnostic& d : problems)
    report.error(where.front(), path,
                 fmt::format("with this candidate applied{}, the scenario is invalid: {}: {}", times, d.path,
                             d.message));
  return c;
}

} // namespace

void read_plan(Report& report, const YAML::Node& root, std::vector<PlanCandidate>& candidates) {
  if (!root["plan"].IsDefined() || root["plan"].IsNull()) return;
  Fields f(report, root["plan"], "plan", {"candidates"});
  if (!f.ok()) return;
  const YAML::Node list = f.get("candidates");
  if (!f.has("candidates"))
    f.missing("candidates", "a list of candidate changes");
  else if (!list.IsSequence())
    report.error(list, "plan.candidates", "expected a list, got " + describe(list));
  else {
    std::set<std::string> ids;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const YAML::Node item = list[i];
      const std::string path = item.IsMap() && item["id"].IsDefined() && item["id"].IsScalar()
                                   ? "plan.candidates[" + item["id"].Scalar() + "]"
                                   : fmt::format("plan.candidates[{}]", i);
      PlanCandidate c = read_candidate(report, root, item, path);
      if (!c.id.empty() && !ids.insert(c.id).second)
        report.error(c.loc.of("id"), path + ".id", "duplicate candidate id '" + c.id + "'");
      candidates.push_back(std::move(c));
    }
  }
  f.finish();
}

} // namespace corridor::scenario

#include "cli/capacity_report.hpp"

#include "corridor/csv.hpp"

#include <cmath>
#include <fmt/format.h>

namespace corridor::cli {

namespace {

using Json = nlohmann::ordered_json;

Json estimate_json(const Estimate& e) {
  auto number = [](double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); };
  return {{"mean", number(e.mean)}, {"ci95_half_width", number(e.ci95_half_width)}, {"n", e.n}};
}

std::string number(double x) {
  return std::isfinite(x) ? fmt::format("{:.6g}", x) : std::string("inf");
}

std::string percent_ci(const Estimate& e) {
  if (!std::isfinite(e.mean)) return "never open";
  if (e.n < 2 || !(e.ci95_half_width > 1e-9)) return fmt::format("{:.0f}%", 100 * e.mean);
  return fmt::format("{:.0f}% (95% CI {:.0f}% to {:.0f}%)", 100 * e.mean, 100 * (e.mean - e.ci95_half_width),
                     100 * (e.mean + e.ci95_half_width));
}

} // namespace

std::string volume_text(const Scenario& scenario, const NetworkProbe& p) {
  if (scenario.commodities.empty()) return fmt::format("{:.0f} TEU a year", p.teu_per_year);
  return fmt::format("${:.0f} M a year ({:.0f} TEU)", p.usd_per_year / 1e6, p.teu_per_year);
}

std::string binding_text(const NetworkProbe& p, double limit) {
  const std::string what = p.check.binding(limit);
  if (what == "none")
    return fmt::format("nothing: busiest {} at {}", p.check.busiest, percent_ci(p.check.max_utilization));
  if (what.rfind("flow ", 0) == 0) {
    std::string worst;
    for (const FlowCheck& f : p.check.flows)
      if ("flow " + f.flow == what && !f.worst_route.empty())
        worst = fmt::format(" (least on {}: {:.0f}%)", f.worst_route, 100 * f.worst_route_carried);
    return fmt::format("{} carries {} of its cargo{}", what, percent_ci(p.check.binding_value(limit)), worst);
  }
  return fmt::format("{} at {}", what, percent_ci(p.check.binding_value(limit)));
}

void print_route_split(std::ostream& out, const NetworkProbe& p) {
  for (const FlowCheck& f : p.check.flows) {
    std::string split;
    for (const auto& [route, share] : f.route_split)
      split += fmt::format("{}{} {:.0f}%", split.empty() ? "" : ", ", route, 100 * share);
    out << fmt::format("  {:<22} carries {:>4}  by route: {}\n", f.flow, percent_ci(f.carried_share),
                       split.empty() ? "-" : split);
  }
}

Json probe_json(const NetworkProbe& p, double limit) {
  Json resources = Json::array(), flows = Json::array();
  for (const auto& [id, u] : p.check.resources)
    resources.push_back({{"id", id}, {"utilization", estimate_json(u)}});
  for (const FlowCheck& f : p.check.flows) {
    Json split = Json::array();
    for (const auto& [route, share] : f.route_split)
      split.push_back({{"route", route}, {"share_of_teu", share}});
    flows.push_back({{"flow", f.flow},
                     {"carried_share", estimate_json(f.carried_share)},
                     {"keeps_up", f.keeps_up()},
                     {"worst_route", f.worst_route},
                     {"worst_route_carried_share", f.worst_route_carried},
                     {"routes", split}});
  }
  return {{"factor", p.factor},
          {"trade_usd_per_year", p.usd_per_year},
          {"teu_per_year", p.teu_per_year},
          {"sustained", p.check.sustained(limit)},
          {"busiest", p.check.busiest},
          {"max_utilization", estimate_json(p.check.max_utilization)},
          {"saturates_first", p.check.binding(limit)},
          {"saturates_first_value", estimate_json(p.check.binding_value(limit))},
          {"resources", resources},
          {"flows", flows}};
}

std::string probe_csv_header() {
  return csv_row({"volume", "factor", "trade_usd_per_year", "teu_per_year", "item", "id", "route", "value",
                  "ci95_half_width", "unit"});
}

std::string probe_csv_rows(const std::string& volume, const NetworkProbe& p) {
  const std::vector<std::string> head = {volume, number(p.factor), number(p.usd_per_year),
                                         number(p.teu_per_year)};
  auto row = [&](const std::string& item, const std::string& id, const std::string& route, double value,
                 double ci, const std::string& unit) {
    std::vector<std::string> fields = head;
    for (const std::string& f : {item, id, route, number(value), number(ci), unit})
      fields.push_back(f);
    return csv_row(fields);
  };
  std::string out;
  for (const auto& [id, u] : p.check.resources)
    out += row("utilization", id, "", u.mean, u.ci95_half_width, "share of available hours");
  for (const FlowCheck& f : p.check.flows) {
    out += row("carried_share", f.flow, "", f.carried_share.mean, f.carried_share.ci95_half_width,
               "share of first half-period cargo");
    for (const auto& [route, share] : f.route_split)
      out += row("route_share", f.flow, route, share, 0, "share of the flow's TEU");
  }
  return out;
}

} // namespace corridor::cli

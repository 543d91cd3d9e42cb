// The report's tables, from summary.json. Every text cell is escaped: ids, names and claims
// come from the scenario.
#include "report/report_parts.hpp"

namespace corridor::report {

namespace {

std::string text_of(const Json& object, const char* key) {
  if (!object.is_object() || !object.contains(key)) return "";
  const Json& value = object[key];
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump();
}

struct Table {
  std::string html = "<table>\n<thead><tr>";
  explicit Table(std::initializer_list<const char*> headings) {
    for (const char* h : headings)
      html += std::string("<th>") + h + "</th>";
    html += "</tr></thead>\n<tbody>\n";
  }
  Table& row() {
    html += "<tr>";
    return *this;
  }
  Table& text(const std::string& t) {
    html += "<td>" + html_escape(t) + "</td>";
    return *this;
  }
  Table& number(const std::string& formatted) { // already safe: digits and our own marks
    html += "<td class=\"num\">" + formatted + "</td>";
    return *this;
  }
  Table& cell(const std::string& raw) {
    html += "<td>" + raw + "</td>";
    return *this;
  }
  void end_row() { html += "</tr>\n"; }
  std::string done() { return html + "</tbody>\n</table>\n"; }
};

std::string percent(const Json& figure) {
  if (figure.is_number()) return format_number(100 * figure.get<double>(), 3) + "%";
  if (!figure.is_object() || !figure.contains("mean") || !figure["mean"].is_number()) return "—";
  Json scaled = figure;
  scaled["mean"] = 100 * figure["mean"].get<double>();
  scaled["ci95"] = 100 * figure.value("ci95", 0.0);
  return format_figure(scaled) + "%";
}

// "flow / route": a route may carry several flows, each with its own figures.
std::string pair_label(const Json& route) {
  const std::string flow = text_of(route, "flow"), id = text_of(route, "route");
  return flow.empty() ? id : flow + " / " + id;
}

const Json& member(const Json& object, const char* key) {
  static const Json null;
  return object.is_object() && object.contains(key) ? object[key] : null;
}

} // namespace

std::string claims_table(const Json& claims) {
  bool any_probability = false;
  for (const Json& c : claims)
    any_probability = any_probability || member(c, "probability_holds").is_number();
  Table table =
      any_probability ? Table{"claim", "verdict", "why", "P(holds)"} : Table{"claim", "verdict", "why"};
  for (const Json& c : claims) {
    const std::string verdict = text_of(c, "verdict");
    const char* css = verdict == "holds"               ? "verdict-holds"
                      : verdict.rfind("fails", 0) == 0 ? "verdict-fails"
                                                       : "verdict-other";
    const std::string claim = text_of(c, "text").empty() ? text_of(c, "id") : text_of(c, "text");
    table.row().text(claim).cell(std::string("<span class=\"") + css + "\">" + html_escape(verdict) +
                                 "</span>");
    table.text(text_of(c, "explanation"));
    if (any_probability) table.number(percent(member(c, "probability_holds")));
    table.end_row();
  }
  return table.done();
}

std::string routes_table(const Json& routes) {
  Table table{"flow",     "route",          "distance km", "transit days (mean)",
              "p95 days", "cost USD / TEU", "TEU / year",  "still in transit",
              "on time",  "keeps up"};
  for (const Json& r : routes) {
    const Json& transit = member(r, "transit_days");
    table.row().text(text_of(r, "flow")).text(text_of(r, "route"));
    table.number(format_number(r.value("distance_km", 0.0), 4));
    table.number(format_figure(member(transit, "mean"))).number(format_figure(member(transit, "p95")));
    table.number(format_figure(member(r, "cost_usd_per_teu"), 4));
    table.number(format_figure(member(r, "delivered_teu_per_year"), 4));
    table.number(percent(member(r, "censored_share"))).number(percent(member(r, "on_time_share")));
    table.text(member(r, "keeps_up").is_boolean() ? (r["keeps_up"].get<bool>() ? "yes" : "no") : "");
    table.end_row();
  }
  return table.done();
}

std::string facilities_table(const Json& routes) {
  Table table{"route",  "facility", "node",   "country",   "kind",     "visits",
              "time h", "p95 h",    "wait h", "service h", "USD / TEU"};
  for (const Json& r : routes)
    for (const Json& f : member(r, "facilities")) {
      table.row().text(pair_label(r)).text(text_of(f, "facility")).text(text_of(f, "node"));
      table.text(text_of(f, "country")).text(text_of(f, "kind"));
      for (const char* key : {"visits", "time_h", "time_h_p95", "wait_h", "service_h", "cost_usd_per_teu"})
        table.number(format_figure(member(f, key)));
      table.end_row();
    }
  return table.done();
}

std::string sections_table(const Json& routes) {
  Table table{"flow / route", "country", "distance km", "moving h", "total h", "SWOD km/h", "SWD km/h"};
  for (const Json& r : routes)
    for (const Json& s : member(r, "sections")) {
      table.row().text(pair_label(r)).text(text_of(s, "country"));
      for (const char* key : {"distance_km", "moving_h", "total_h", "swod_kmh", "swd_kmh"})
        table.number(format_figure(member(s, key), 4));
      table.end_row();
    }
  return table.done();
}

std::string rows_table(const std::vector<Json>& rows) {
  if (rows.empty()) return "";
  std::string html = "<table>\n<thead><tr>";
  for (const auto& [key, value] : rows.front().items())
    html += "<th>" + html_escape(key) + "</th>";
  html += "</tr></thead>\n<tbody>\n";
  for (const Json& row : rows) {
    html += "<tr>";
    for (const auto& [key, value] : row.items())
      html += "<td>" + html_escape(value.is_string() ? value.get<std::string>() : value.dump()) + "</td>";
    html += "</tr>\n";
  }
  return html + "</tbody>\n</table>\n";
}

} // namespace corridor::report

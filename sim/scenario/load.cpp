// Scenario files: YAML text -> the model of include/corridor/scenario.hpp, every problem reported.
#include "corridor/load.hpp"

#include "corridor/uncertainty.hpp"

#include "scenario/extends.hpp"
#include "scenario/overrides.hpp"
#include "scenario/plan_section.hpp"
#include "scenario/reader.hpp"
#include "scenario/values.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <tuple>

namespace corridor {

namespace scenario {
namespace {

// "links[ALA-TAS]" for an item with an id, "links[3]" otherwise.
std::string item_path(const std::string& section, const YAML::Node& item, std::size_t index) {
  if (item.IsMap() && item["id"].IsDefined() && item["id"].IsScalar())
    return section + "[" + item["id"].Scalar() + "]";
  return fmt::format("{}[{}]", section, index);
}

void remember(Locations& loc, const Fields& f, std::initializer_list<const char*> keys) {
  loc.self = f.where();
  for (const char* key : keys)
    if (f.has(key)) loc.fields[key] = f.where(key);
}

template <typename Enum>
Enum pick(const std::vector<std::string>& names, const std::optional<std::string>& text, Enum fallback) {
  if (!text) return fallback;
  auto it = std::find(names.begin(), names.end(), *text);
  return it == names.end() ? fallback : static_cast<Enum>(it - names.begin());
}

const std::vector<std::string> kModes = {"road", "rail", "sea"};
const std::vector<std::string> kNodeKinds = {"city", "terminal", "dry_port", "border", "port", "yard"};
const std::vector<std::string> kFacilityKinds = {"border_crossing", "gauge_change", "port", "terminal",
                                                 "dry_port"};
const std::vector<std::string> kServiceKinds = {"truck", "train", "ship"};

/** Calls `read` for each item of a list section. */
template <typename Read>
void each_item(Report& report, const YAML::Node& root, const std::string& section, bool required, Read read) {
  const YAML::Node list = root[section];
  if (!list.IsDefined() || list.IsNull()) {
    if (required) report.error(root, section, "missing required section: expected a list");
    return;
  }
  if (!list.IsSequence()) {
    report.error(list, section, "expected a list, got " + describe(list));
    return;
  }
  for (std::size_t i = 0; i < list.size(); ++i)
    read(list[i], item_path(section, list[i], i));
}

void read_info(Report& report, const YAML::Node& root, ScenarioInfo& info) {
  if (!root["scenario"].IsDefined()) {
    report.error(root, "scenario",
                 "missing required section: expected a mapping with name, start_date, horizon_days");
    return;
  }
  Fields f(report, root["scenario"], "scenario",
           {"name", "description", "start_date", "horizon_days", "warmup_days", "drain_days", "seed",
            "replications"});
  if (!f.ok()) return;
  const std::size_t uncertain_before = report.uncertain().size();
  info.name = f.string("name", true).value_or("");
  info.description = f.string("description", false).value_or("");
  if (auto date = f.string("start_date", true)) {
    if (!parse_date(*date, info.start_date))
      report.error(f.get("start_date"), "scenario.start_date",
                   "expected a date YYYY-MM-DD, got '" + *date + "'");
  }
  info.horizon_days =
      f.number("horizon_days", true, 0, false, limits::kMaxHorizonDays).value_or(info.horizon_days);
  info.warmup_days = f.number("warmup_days", false, 0, true).value_or(0);
  if (f.has("warmup_days") && info.warmup_days >= info.horizon_days)
    report.error(
        f.get("warmup_days"), "scenario.warmup_days",
        fmt::format("expected less than horizon_days ({}), got {}", info.horizon_days, info.warmup_days));
  info.drain_days = f.number("drain_days", false, 0, true, limits::kMaxHorizonDays).value_or(info.drain_days);
  info.seed = static_cast<std::uint64_t>(
      f.integer("seed", false, 0, std::numeric_limits<long long>::max()).value_or(1));
  info.replications =
      static_cast<int>(f.integer("replications", false, 1, limits::kMaxReplications).value_or(1));
  remember(info.loc, f, {"start_date", "horizon_days", "warmup_days", "drain_days"});
  f.finish();
  // The run's settings are the experiment, not the corridor: the same for every replication.
  for (std::size_t i = uncertain_before; i < report.uncertain().size(); ++i)
    report.error(report.uncertain()[i].loc, report.uncertain()[i].path,
                 "the scenario section sets up the run, the same for every replication: expected a number, "
                 "not an uncertain value");
  report.uncertain().resize(uncertain_before);
}

Node read_node(Report& report, const YAML::Node& item, const std::string& path) {
  Node n;
  Fields f(report, item, path, {"id", "name", "country", "kind", "lat", "lon"});
  if (!f.ok()) return n;
  n.id = f.string("id", true).value_or("");
  n.name = f.string("name", false).value_or(n.id);
  n.country = f.string("country", false).value_or("");
  n.kind = pick(kNodeKinds, f.choice("kind", true, kNodeKinds), NodeKind::City);
  n.lat = f.number("lat", false, -90, true);
  n.lon = f.number("lon", false, -180, true);
  if (n.lat && *n.lat > 90)
    report.error(f.get("lat"), f.path("lat"), "expected a latitude -90..90, got " + describe(f.get("lat")));
  if (n.lon && *n.lon > 180)
    report.error(f.get("lon"), f.path("lon"),
                 "expected a longitude -180..180, got " + describe(f.get("lon")));
  remember(n.loc, f, {"id"});
  f.finish();
  return n;
}

Link read_link(Report& report, const YAML::Node& item, const std::string& path, const Date& start) {
  Link l;
  Fields f(report, item, path,
           {"id", "from", "to", "mode", "distance_km", "speed_kmh", "travel_time_h",
            "capacity_vehicles_per_day", "cost_usd_per_teu_km", "cost_usd_per_vehicle_km", "gauge_mm",
            "two_way", "closures"});
  if (!f.ok()) return l;
  l.from = f.string("from", true).value_or("");
  l.to = f.string("to", true).value_or("");
  l.mode = pick(kModes, f.choice("mode", true, kModes), Mode::Road);
  l.id = f.string("id", false).value_or(l.from + "-" + l.to + "-" + to_string(l.mode));
  l.distance_km = f.number("distance_km", true, 0, false, limits::kMaxDistanceKm).value_or(0);
  l.speed_kmh = f.number("speed_kmh", false, limits::kMinSpeedKmh, true);
  if (f.has("travel_time_h"))
    l.travel_time_h = read_distribution(report, f.get("travel_time_h"), f.path("travel_time_h"));
  if (f.has("speed_kmh") == f.has("travel_time_h"))
    report.error(f.where(), path, "expected exactly one of speed_kmh and travel_time_h");
  l.capacity_vehicles_per_day = f.number("capacity_vehicles_per_day", false, 0);
  l.cost_usd_per_teu_km = f.number("cost_usd_per_teu_km", false, 0, true).value_or(0);
  l.cost_usd_per_vehicle_km = f.number("cost_usd_per_vehicle_km", false, 0, true).value_or(0);
  if (auto gauge = f.integer("gauge_mm", false, 1, limits::kMaxGaugeMm))
    l.gauge_mm = static_cast<int>(*gauge);
  if (l.mode == Mode::Rail && !f.has("gauge_mm") && f.has("mode"))
    f.missing("gauge_mm", "a track gauge in mm for a rail link");
  if (l.mode != Mode::Rail && f.has("gauge_mm"))
    report.error(f.get("gauge_mm"), f.path("gauge_mm"),
                 "only rail links have a gauge, this one is " + to_string(l.mode));
  l.two_way = f.boolean("two_way", false).value_or(true);
  l.closures = read_closures(report, f.get("closures"), f.path("closures"), start);
  remember(l.loc, f, {"id", "from", "to", "gauge_mm"});
  f.finish();
  return l;
}

std::optional<BackgroundTraffic> read_background(Report& report, Fields& facility, ServicePer per) {
  Fields f(report, facility.get("background"), facility.path("background"),
           {"vehicles_per_day", "service_time_h", "monthly_factors"});
  if (!f.ok()) return std::nullopt;
  BackgroundTraffic b;
  b.vehicles_per_day = f.number("vehicles_per_day", true, 0).value_or(0);
  if (f.has("service_time_h"))
    b.service_time_h = read_distribution(report, f.get("service_time_h"), f.path("service_time_h"));
  else if (per == ServicePer::Teu)
    f.missing("service_time_h",
              "a distribution of hours per vehicle (the facility serves per TEU, and background "
              "vehicles carry no measured TEU)");
  if (f.has("monthly_factors")) {
    const YAML::Node list = f.get("monthly_factors");
    if (!list.IsSequence() || list.size() != 12) {
      report.error(list, f.path("monthly_factors"),
                   "expected a list of 12 numbers >= 0 (January to December, mean 1), got " + describe(list));
    } else {
      double sum = 0;
      for (std::size_t i = 0; i < 12; ++i) {
        double x = -1;
        if (!list[i].IsScalar() || !YAML::convert<double>::decode(list[i], x) || !(x >= 0) ||
            !(x <= limits::kMaxNumber)) {
          report.error(list[i], fmt::format("{}[{}]", f.path("monthly_factors"), i),
                       "expected a number >= 0, got " + describe(list[i]));
          x = 0;
        }
        b.monthly_factors.push_back(x);
        sum += x;
      }
      if (b.monthly_factors.size() == 12 && std::abs(sum / 12 - 1) > 1e-3)
        report.error(list, f.path("monthly_factors"),
                     fmt::format("expected factors with mean 1 (the yearly volume is vehicles_per_day), got "
                                 "mean {:g}",
                                 sum / 12));
    }
  }
  remember(b.loc, f, {"vehicles_per_day"});
  f.finish();
  return b;
}

Facility read_facility(Report& report, const YAML::Node& item, const std::string& path, const Date& start) {
  Facility fa;
  Fields f(report, item, path,
           {"id", "node", "kind", "modes", "servers", "service_time_h", "service_per", "dwell_h",
            "opening_hours", "fees", "closures", "background", "service_time_h_from"});
  if (!f.ok()) return fa;
  fa.id = f.string("id", true).value_or("");
  fa.node = f.string("node", true).value_or("");
  fa.kind = pick(kFacilityKinds, f.choice("kind", true, kFacilityKinds), FacilityKind::BorderCrossing);
  if (f.has("modes")) {
    const YAML::Node modes = f.get("modes");
    if (!modes.IsSequence())
      report.error(modes, f.path("modes"), "expected a list of road, rail, sea, got " + describe(modes));
    else
      for (std::size_t i = 0; i < modes.size(); ++i) {
        const std::string m = modes[i].IsScalar() ? modes[i].Scalar() : "";
        auto it = std::find(kModes.begin(), kModes.end(), m);
        if (it == kModes.end())
          report.error(modes[i], fmt::format("{}.modes[{}]", path, i),
                       "expected one of road, rail, sea, got " + describe(modes[i]) +
                           did_you_mean(m, kModes));
        else
          fa.modes.push_back(static_cast<Mode>(it - kModes.begin()));
      }
  }
  fa.servers = static_cast<int>(f.integer("servers", false, 1, limits::kMaxServers).value_or(1));
  if (f.has("service_time_h")) {
    if (auto d = read_distribution(report, f.get("service_time_h"), f.path("service_time_h")))
      fa.service_time_h = *d;
  } else {
    f.missing("service_time_h", "a distribution of hours");
  }
  if (f.has("service_time_h_from")) {
    const YAML::Node from = f.get("service_time_h_from");
    if (!from.IsMap() || from.size() == 0)
      report.error(from, f.path("service_time_h_from"),
                   "expected a mapping of neighbouring node id to distribution, e.g. {PESHAWAR: {constant: "
                   "24}}, got " +
                       describe(from));
    else
      for (const auto& entry : from) {
        if (!entry.first.IsScalar()) continue; // check_document reports a key that is not a text
        const std::string node = entry.first.Scalar();
        const std::string key_path = f.path("service_time_h_from") + "." + node;
        fa.loc.fields["service_time_h_from." + node] = report.where(entry.first);
        if (auto d = read_distribution(report, entry.second, key_path))
          fa.service_time_h_from.push_back({node, *d});
      }
  }
  fa.service_per = f.choice("service_per", false, {"vehicle", "teu"}).value_or("vehicle") == "teu"
                       ? ServicePer::Teu
                       : ServicePer::Vehicle;
  if (f.has("dwell_h")) fa.dwell_h = read_distribution(report, f.get("dwell_h"), f.path("dwell_h"));
  if (f.has("opening_hours"))
    fa.opening_hours =
        read_opening_hours(report, f.get("opening_hours"), f.path("opening_hours")).value_or(OpeningHours{});
  if (f.has("fees")) {
    Fields fees(report, f.get("fees"), f.path("fees"), {"usd_per_vehicle", "usd_per_teu"});
    if (fees.ok()) {
      fa.fee_usd_per_vehicle = fees.number("usd_per_vehicle", false, 0, true).value_or(0);
      fa.fee_usd_per_teu = fees.number("usd_per_teu", false, 0, true).value_or(0);
      fees.finish();
    }
  }
  fa.closures = read_closures(report, f.get("closures"), f.path("closures"), start);
  if (f.has("background")) fa.background = read_background(report, f, fa.service_per);
  remember(fa.loc, f, {"id", "node", "dwell_h", "kind"});
  f.finish();
  return fa;
}

Service read_service(Report& report, const YAML::Node& item, const std::string& path, double end_h) {
  Service s;
  Fields f(report, item, path,
           {"id", "kind", "capacity_teu", "payload_tons", "fleet", "fleet_at", "departures",
            "empty_cost_usd_per_vehicle_km"});
  if (!f.ok()) return s;
  s.id = f.string("id", true).value_or("");
  s.kind = pick(kServiceKinds, f.choice("kind", true, kServiceKinds), ServiceKind::Truck);
  s.capacity_teu = f.number("capacity_teu", true, 0).value_or(1);
  s.payload_tons = f.number("payload_tons", false, 0);
  if (auto fleet = f.integer("fleet", false, 1, limits::kMaxFleet)) s.fleet = static_cast<int>(*fleet);
  if (f.has("fleet_at")) {
    const YAML::Node at = f.get("fleet_at");
    if (!at.IsMap())
      report.error(at, f.path("fleet_at"),
                   "expected a mapping of node ids to vehicles, e.g. {KARACHI: 10}; got " + describe(at));
    else {
      // Read as a mapping of its own: each node id is a key, its value an integer like `fleet`.
      std::vector<std::string> nodes;
      for (const auto& entry : at)
        if (entry.first.IsScalar()) nodes.push_back(entry.first.Scalar());
      Fields by_node(report, at, f.path("fleet_at"), nodes);
      for (const std::string& node : nodes)
        if (auto vehicles = by_node.integer(node, true, 1, limits::kMaxFleet))
          s.fleet_at[node] = static_cast<int>(*vehicles);
      for (const std::string& node : nodes)
        s.loc.fields["fleet_at." + node] = by_node.where(node);
    }
  }
  const bool scheduled = s.kind != ServiceKind::Truck;
  s.empty_cost_usd_per_vehicle_km = f.number("empty_cost_usd_per_vehicle_km", false, 0, true).value_or(0);
  if (scheduled && f.has("empty_cost_usd_per_vehicle_km"))
    report.error(f.get("empty_cost_usd_per_vehicle_km"), f.path("empty_cost_usd_per_vehicle_km"),
                 "trains and ships run their timetables both ways: empty running is for trucks");
  if (!scheduled && f.has("departures"))
    report.error(f.get("departures"), f.path("departures"),
                 "trucks leave when loaded: departures are for trains and ships");
  if (scheduled && !f.has("departures") && f.has("kind"))
    f.missing("departures", "a departure policy: every_h, timetable or when_full");
  if (scheduled && f.has("departures")) {
    Fields d(report, f.get("departures"), f.path("departures"),
             {"every_h", "offset_h", "timetable", "when_full", "max_wait_h"});
    if (d.ok()) {
      s.departures.every_h = d.number("every_h", false, 0);
      if (s.departures.every_h && end_h / *s.departures.every_h > limits::kMaxDeparturesPerRun)
        report.error(
            d.get("every_h"), d.path("every_h"),
            fmt::format(
                "expected at least {:g} hours (at most {:g} departures over the horizon and the drain), "
                "got {}",
                end_h / limits::kMaxDeparturesPerRun, limits::kMaxDeparturesPerRun,
                describe(d.get("every_h"))));
      s.departures.offset_h = d.number("offset_h", false, 0, true).value_or(0);
      s.departures.when_full = d.boolean("when_full", false).value_or(false);
      s.departures.max_wait_h = d.number("max_wait_h", false, 0);
      if (d.has("timetable")) {
        const YAML::Node t = d.get("timetable");
        if (!t.IsSequence() || t.size() == 0)
          report.error(t, d.path("timetable"),
                       "expected a list of departure times HH:MM, got " + describe(t));
        else
          for (std::size_t i = 0; i < t.size(); ++i)
            if (auto h = read_time_of_day(report, t[i], fmt::format("{}[{}]", d.path("timetable"), i)))
              s.departures.timetable_h.push_back(*h);
      }
      // Slots (one kind), when_full, or both: full before a slot, it leaves then.
      const int slots = d.has("every_h") + d.has("timetable");
      if (slots > 1 || slots + s.departures.when_full == 0)
        report.error(d.node(), f.path("departures"),
                     fmt::format("expected every_h or timetable (either may go with when_full: true), or "
                                 "when_full: true alone, got {} of every_h and timetable",
                                 slots));
      if (d.has("max_wait_h") && !s.departures.when_full)
        report.error(d.get("max_wait_h"), d.path("max_wait_h"), "max_wait_h goes with when_full: true");
      else if (d.has("max_wait_h") && slots > 0)
        report.error(
            d.get("max_wait_h"), d.path("max_wait_h"),
            "max_wait_h is for when_full alone: with every_h or timetable, the next slot ends the wait");
      d.finish();
    }
  }
  remember(s.loc, f, {"id", "kind"});
  f.finish();
  return s;
}

Route read_route(Report& report, const YAML::Node& item, const std::string& path) {
  Route r;
  Fields f(report, item, path, {"id", "name", "legs", "reverse_of"});
  if (!f.ok()) return r;
  r.id = f.string("id", true).value_or("");
  r.name = f.string("name", false).value_or(r.id);
  const YAML::Node legs = f.get("legs");
  if (f.has("reverse_of")) { // its legs come from that route, once every route is read
    r.reverse_of = f.string("reverse_of", true).value_or("");
    if (f.has("legs")) report.error(legs, f.path("legs"), "expected either legs or reverse_of, not both");
  } else if (!f.has("legs"))
    f.missing("legs", "a list of legs {service, path}, or reverse_of: a route id");
  else if (!legs.IsSequence() || legs.size() == 0)
    report.error(legs, f.path("legs"),
                 "expected a non-empty list of legs {service, path}, got " + describe(legs));
  else
    for (std::size_t i = 0; i < legs.size(); ++i) {
      Fields lf(report, legs[i], fmt::format("{}.legs[{}]", path, i), {"service", "path"});
      if (!lf.ok()) continue;
      Leg leg;
      leg.service = lf.string("service", true).value_or("");
      const YAML::Node nodes = lf.get("path");
      if (!lf.has("path"))
        lf.missing("path", "a list of at least two node ids");
      else if (!nodes.IsSequence() || nodes.size() < 2)
        report.error(nodes, lf.path("path"),
                     "expected a list of at least two node ids, got " + describe(nodes));
      else
        for (std::size_t k = 0; k < nodes.size(); ++k) {
          if (!nodes[k].IsScalar()) {
            report.error(nodes[k], fmt::format("{}[{}]", lf.path("path"), k),
                         "expected a node id, got " + describe(nodes[k]));
            continue;
          }
          leg.loc.fields[fmt::format("path[{}]", leg.path.size())] = report.where(nodes[k]);
          leg.path.push_back(nodes[k].Scalar());
        }
      remember(leg.loc, lf, {"service", "path"});
      lf.finish();
      r.legs.push_back(leg);
    }
  remember(r.loc, f, {"id", "reverse_of"});
  f.finish();
  return r;
}

// A route declared as the reverse of another takes that route's legs backwards: last leg first,
// each path reversed, same services. Errors about them point at its reverse_of.
void reverse_routes(Report& report, std::vector<Route>& routes) {
  std::map<std::string, std::size_t> by_id;
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < routes.size(); ++i) {
    by_id.emplace(routes[i].id, i);
    ids.push_back(routes[i].id);
  }
  for (Route& r : routes) {
    if (r.reverse_of.empty()) continue;
    const SourceLoc& loc = r.loc.of("reverse_of");
    const std::string path = "routes[" + r.id + "].reverse_of";
    auto it = by_id.find(r.reverse_of);
    if (it == by_id.end()) {
      report.error(loc, path, "unknown route '" + r.reverse_of + "'" + did_you_mean(r.reverse_of, ids));
      continue;
    }
    const Route& of = routes[it->second];
    if (!of.reverse_of.empty()) {
      report.error(loc, path,
                   fmt::format("expected a route with legs, got '{}', itself the reverse of '{}'", of.id,
                               of.reverse_of));
      continue;
    }
    r.legs.clear();
    for (auto leg = of.legs.rbegin(); leg != of.legs.rend(); ++leg) {
      Leg back;
      back.service = leg->service;
      back.path.assign(leg->path.rbegin(), leg->path.rend());
      back.loc.self = loc;
      back.loc.fields["service"] = loc;
      for (std::size_t k = 0; k < back.path.size(); ++k)
        back.loc.fields[fmt::format("path[{}]", k)] = loc;
      r.legs.push_back(std::move(back));
    }
  }
}

// The parameters of route_choice: logit; every one has a default (docs/scenario-format.md).
LogitChoice read_logit(Report& report, Fields& flow) {
  LogitChoice logit;
  Fields f(report, flow.get("logit"), flow.path("logit"),
           {"scale_usd_per_teu", "update_h", "smoothing", "lag_guard"});
  if (!f.ok()) return logit;
  logit.scale_usd_per_teu = f.number("scale_usd_per_teu", false, 0);
  logit.update_h = f.number("update_h", false, 0).value_or(logit.update_h);
  logit.smoothing = f.number("smoothing", false, 0, false, 1).value_or(logit.smoothing);
  logit.lag_guard = f.boolean("lag_guard", false).value_or(logit.lag_guard);
  f.finish();
  return logit;
}

Flow read_flow(Report& report, const YAML::Node& item, const std::string& path) {
  Flow fl;
  Fields f(report, item, path,
           {"id", "origin", "destination", "teu_per_year", "tons_per_year", "tons_per_teu", "commodity",
            "bulk", "arrivals", "shipment_teu", "shipment_tons", "route_choice", "routes", "promise_days",
            "value_of_time_usd_per_teu_h", "reliability_usd_per_teu_h", "logit"});
  if (!f.ok()) return fl;
  fl.id = f.string("id", true).value_or("");
  fl.origin = f.string("origin", true).value_or("");
  fl.destination = f.string("destination", true).value_or("");
  const auto teu = f.number("teu_per_year", false, 0, true);
  fl.tons_per_year = f.number("tons_per_year", false, 0, true);
  fl.tons_per_teu = f.number("tons_per_teu", false, 0);
  fl.commodity = f.string("commodity", false).value_or("");
  fl.bulk = f.boolean("bulk", false).value_or(false);
  if (f.has("teu_per_year") == f.has("tons_per_year"))
    report.error(f.where(), path,
                 "expected exactly one of teu_per_year and tons_per_year (with tons_per_teu or a commodity)");
  if (f.has("tons_per_teu") && f.has("commodity"))
    report.error(f.get("tons_per_teu"), f.path("tons_per_teu"),
                 "expected tons_per_teu or a commodity (which has its own), not both");
  // tons_per_year without tons_per_teu or bulk is checked once the commodities are known (parse()).
  fl.teu_per_year = teu.value_or(0);
  fl.promise_days = f.number("promise_days", false, 0);
  fl.value_of_time_usd_per_teu_h = f.number("value_of_time_usd_per_teu_h", false, 0, true).value_or(0);
  fl.reliability_usd_per_teu_h = f.number("reliability_usd_per_teu_h", false, 0, true).value_or(0);
  fl.arrivals = f.choice("arrivals", false, {"poisson", "regular"}).value_or("poisson") == "regular"
                    ? ArrivalProcess::Regular
                    : ArrivalProcess::Poisson;
  if (f.has("shipment_teu")) {
    if (auto d = read_distribution(report, f.get("shipment_teu"), f.path("shipment_teu"))) {
      if (d->mean() <= 0)
        report.error(f.get("shipment_teu"), f.path("shipment_teu"), "expected a positive mean size");
      else
        fl.shipment_teu = *d;
    }
  }
  if (f.has("shipment_tons"))
    if (auto d = read_distribution(report, f.get("shipment_tons"), f.path("shipment_tons"))) {
      if (d->mean() <= 0)
        report.error(f.get("shipment_tons"), f.path("shipment_tons"), "expected a positive mean size");
      else
        fl.shipment_tons = *d;
    }
  const std::string choice =
      f.choice("route_choice", false, {"shares", "fastest", "cheapest", "logit"}).value_or("shares");
  fl.choice = choice == "fastest"    ? RouteChoice::Fastest
              : choice == "cheapest" ? RouteChoice::Cheapest
              : choice == "logit"    ? RouteChoice::Logit
                                     : RouteChoice::Shares;
  if (f.has("logit")) {
    if (fl.choice != RouteChoice::Logit)
      report.error(f.get("logit"), f.path("logit"),
                   "a logit block needs route_choice: logit, got route_choice: " + choice);
    else
      fl.logit = read_logit(report, f);
  }
  const YAML::Node routes = f.get("routes");
  if (fl.choice == RouteChoice::Shares) {
    if (!f.has("routes"))
      f.missing("routes", "a mapping of route id to share, e.g. {road: 0.7, rail: 0.3}");
    else if (!routes.IsMap() || routes.size() == 0)
      report.error(routes, f.path("routes"),
                   "expected a mapping of route id to share, got " + describe(routes));
    else
      for (const auto& entry : routes) {
        if (!entry.first.IsScalar()) continue; // check_document reports a key that is not a text
        RouteShare share{entry.first.Scalar(), 0};
        double x = 0;
        if (!entry.second.IsScalar() || !YAML::convert<double>::decode(entry.second, x) || !(x > 0) ||
            !(x <= limits::kMaxNumber))
          report.error(entry.second, f.path("routes") + "." + share.route,
                       "expected a positive share, got " + describe(entry.second));
        share.share = x;
        fl.loc.fields["routes." + share.route] = report.where(entry.first);
        fl.routes.push_back(share);
      }
  } else if (f.has("routes")) {
    if (!routes.IsSequence())
      report.error(routes, f.path("routes"),
                   "expected a list of candidate route ids for " + choice + ", got " + describe(routes));
    else
      for (std::size_t i = 0; i < routes.size(); ++i) {
        if (!routes[i].IsScalar()) {
          report.error(routes[i], fmt::format("{}[{}]", f.path("routes"), i),
                       "expected a route id, got " + describe(routes[i]));
          continue;
        }
        fl.loc.fields["routes." + routes[i].Scalar()] = report.where(routes[i]);
        fl.routes.push_back({routes[i].Scalar(), 1});
      }
  }
  auto fields = fl.loc.fields;
  remember(fl.loc, f,
           {"id", "origin", "destination", "routes", "teu_per_year", "tons_per_year", "tons_per_teu",
            "commodity", "bulk", "shipment_teu", "shipment_tons", "value_of_time_usd_per_teu_h", "logit"});
  fl.loc.fields.insert(fields.begin(), fields.end());
  f.finish();
  return fl;
}

Disruption read_disruption(Report& report, const YAML::Node& item, const std::string& path, const Date& start,
                           double end_h) {
  Disruption d;
  Fields f(report, item, path, {"target", "from", "to", "reason", "breakdowns", "random_closures"});
  if (!f.ok()) return d;
  d.target = f.string("target", true).value_or("");
  d.window.reason = f.string("reason", false).value_or("");
  if ((f.has("from") || f.has("to")) + f.has("breakdowns") + f.has("random_closures") > 1)
    report.error(f.where(), path,
                 "expected one of a dated window (from, to), breakdowns and random_closures, not several");
  if (f.has("breakdowns")) {
    d.kind = DisruptionKind::Breakdown;
    Fields b(report, f.get("breakdowns"), f.path("breakdowns"), {"mtbf_h", "mttr_h"});
    if (b.ok()) {
      const auto mtbf = b.number("mtbf_h", true, 0), mttr = b.number("mttr_h", true, 0);
      d.mtbf_h = mtbf.value_or(1);
      d.mttr_h = mttr.value_or(1);
      // Windows are drawn up front, until the calendars' margin past the end of the drain.
      const double span_h = end_h + limits::kCalendarMarginH;
      if (mtbf && mttr && span_h / (d.mtbf_h + d.mttr_h) > limits::kMaxBreakdownWindows)
        report.error(b.get("mtbf_h"), b.path("mtbf_h"),
                     fmt::format("expected mtbf_h + mttr_h of at least {:g} hours (at most {:g} breakdowns "
                                 "over the horizon, the drain and the 400 days after it), got {}",
                                 span_h / limits::kMaxBreakdownWindows, limits::kMaxBreakdownWindows,
                                 describe(b.get("mtbf_h"))));
      b.finish();
    }
  } else if (f.has("random_closures")) {
    d.kind = DisruptionKind::RandomClosures;
    Fields c(report, f.get("random_closures"), f.path("random_closures"), {"rate_per_year", "duration_h"});
    if (c.ok()) {
      const auto rate = c.number("rate_per_year", true, 0);
      d.rate_per_year = rate.value_or(1);
      if (!c.has("duration_h"))
        c.missing("duration_h", "a distribution of hours");
      else if (auto duration = read_distribution(report, c.get("duration_h"), c.path("duration_h"))) {
        if (duration->mean() <= 0)
          report.error(c.get("duration_h"), c.path("duration_h"),
                       "expected closures that last: a positive mean");
        else
          d.duration_h = *duration;
      }
      // Closures are drawn up front, like breakdowns, until the calendars' margin past the drain.
      const double expected = d.rate_per_year * (end_h + limits::kCalendarMarginH) / (365 * 24);
      if (rate && expected > limits::kMaxBreakdownWindows)
        report.error(
            c.get("rate_per_year"), c.path("rate_per_year"),
            fmt::format("expected at most {:g} closures over the horizon, the drain and the 400 days "
                        "after it, got {:.3g} (rate_per_year x years)",
                        limits::kMaxBreakdownWindows, expected));
      c.finish();
    }
  } else if (!f.has("from") || !f.has("to")) {
    report.error(f.where(), path,
                 "expected a dated window (from and to), breakdowns {mtbf_h, mttr_h} or random_closures "
                 "{rate_per_year, duration_h}");
  } else {
    auto from = read_instant(report, f.get("from"), f.path("from"), start, false);
    auto to = read_instant(report, f.get("to"), f.path("to"), start, true);
    if (from && to && *to <= *from)
      report.error(f.get("to"), f.path("to"), "expected an end after 'from', got " + describe(f.get("to")));
    d.window.from_h = from.value_or(0);
    d.window.to_h = to.value_or(0);
  }
  remember(d.loc, f, {"target"});
  f.finish();
  return d;
}

const std::vector<std::string> kClaimMetrics = {"route_distance_km", "distance_ratio", "transit_time_ratio",
                                                "cost_ratio", "trade_capacity"};

void read_trade(Report& report, const YAML::Node& root, std::vector<Commodity>& commodities) {
  if (!root["trade"].IsDefined()) return;
  Fields f(report, root["trade"], "trade", {"commodities"});
  if (!f.ok()) return;
  const YAML::Node list = f.get("commodities");
  if (!f.has("commodities"))
    f.missing("commodities", "a list of {name, share_of_value, usd_per_ton, tons_per_teu}");
  else if (!list.IsSequence() || list.size() == 0)
    report.error(list, "trade.commodities",
                 "expected a non-empty list of commodities, got " + describe(list));
  else {
    double total = 0;
    for (std::size_t i = 0; i < list.size(); ++i) {
      Fields c(report, list[i], item_path("trade.commodities", list[i], i),
               {"name", "share_of_value", "usd_per_ton", "tons_per_teu", "bulk",
                "value_of_time_usd_per_teu_h", "source"});
      if (!c.ok()) continue;
      Commodity commodity;
      commodity.name = c.string("name", true).value_or("");
      commodity.share_of_value = c.number("share_of_value", true, 0).value_or(0);
      commodity.usd_per_ton = c.number("usd_per_ton", true, 0).value_or(1);
      commodity.tons_per_teu = c.number("tons_per_teu", true, 0).value_or(1);
      commodity.bulk = c.boolean("bulk", false).value_or(false);
      commodity.value_of_time_usd_per_teu_h =
          c.number("value_of_time_usd_per_teu_h", false, 0, true).value_or(0);
      c.string("source", false);
      remember(commodity.loc, c, {"name"});
      c.finish();
      total += commodity.share_of_value;
      commodities.push_back(commodity);
    }
    if (std::abs(total - 1) > 1e-6)
      report.error(list, "trade.commodities",
                   fmt::format("expected value shares that sum to 1, got {}", total));
  }
  f.finish();
}

// A flow's weight and kind come from its commodity, or from its own keys; then its volume.
void resolve_cargo(Report& report, const std::vector<Commodity>& commodities, Flow& fl) {
  const std::string path = "demand[" + fl.id + "]";
  if (!fl.commodity.empty()) {
    auto c = std::find_if(commodities.begin(), commodities.end(),
                          [&](const Commodity& x) { return x.name == fl.commodity; });
    if (c == commodities.end()) {
      std::vector<std::string> names;
      for (const Commodity& x : commodities)
        names.push_back(x.name);
      report.error(fl.loc.of("commodity"), path + ".commodity",
                   "unknown commodity '" + fl.commodity + "' (commodities are defined in trade.commodities)" +
                       did_you_mean(fl.commodity, names));
    } else {
      fl.tons_per_teu = c->tons_per_teu;
      fl.bulk = fl.bulk || c->bulk;
      if (!fl.loc.fields.count("value_of_time_usd_per_teu_h"))
        fl.value_of_time_usd_per_teu_h = c->value_of_time_usd_per_teu_h;
    }
  }
  const bool tons_given = fl.loc.fields.count("tons_per_year") > 0;
  if (fl.bulk) {
    if (fl.loc.fields.count("teu_per_year"))
      report.error(fl.loc.of("teu_per_year"), path + ".teu_per_year",
                   "bulk cargo moves by tons: expected tons_per_year, not teu_per_year");
    if (fl.loc.fields.count("shipment_teu"))
      report.error(fl.loc.of("shipment_teu"), path + ".shipment_teu",
                   "bulk cargo moves by tons: expected shipment_tons, not shipment_teu");
    if (!fl.loc.fields.count("shipment_tons"))
      report.error(
          fl.loc.self, path + ".shipment_tons",
          "missing required key: expected a distribution of tons (bulk shipments are sized in tons)");
    fl.teu_per_year = 0; // no containers: a TEU-equivalent only in the trade section's conversion
    return;
  }
  if (fl.loc.fields.count("shipment_tons"))
    report.error(fl.loc.of("shipment_tons"), path + ".shipment_tons",
                 "shipment_tons is for bulk cargo (bulk: true); containers are sized by shipment_teu");
  if (tons_given && !fl.tons_per_teu && fl.commodity.empty())
    report.error(
        fl.loc.self, path + ".tons_per_teu",
        "missing required key: expected a positive number (or a commodity), to convert tons_per_year "
        "into TEU");
  if (fl.tons_per_year && fl.tons_per_teu) fl.teu_per_year = *fl.tons_per_year / *fl.tons_per_teu;
}

Claim read_claim(Report& report, const YAML::Node& item, const std::string& path) {
  Claim c;
  Fields f(report, item, path,
           {"id", "text", "source", "metric", "route", "baseline", "stated", "tolerance", "max_utilization"});
  if (!f.ok()) return c;
  c.id = f.string("id", true).value_or("");
  c.text = f.string("text", false).value_or("");
  f.string("source", false);
  c.metric = pick(kClaimMetrics, f.choice("metric", true, kClaimMetrics), ClaimMetric::RouteDistanceKm);
  c.route = f.string("route", true).value_or("");
  c.baseline = f.string("baseline", false).value_or("");
  const bool ratio = c.metric == ClaimMetric::DistanceRatio || c.metric == ClaimMetric::TransitTimeRatio ||
                     c.metric == ClaimMetric::CostRatio;
  if (ratio && !f.has("baseline") && f.has("metric"))
    f.missing("baseline", "the id of the route compared with");
  if (!ratio && f.has("baseline"))
    report.error(f.get("baseline"), f.path("baseline"), "baseline goes with the ratio metrics only");
  c.stated = f.number("stated", true, 0).value_or(0);
  c.tolerance = f.number("tolerance", false, 0, true).value_or(0.1);
  c.max_utilization = f.number("max_utilization", false, 0).value_or(0.85);
  if (c.max_utilization > 1)
    report.error(f.get("max_utilization"), f.path("max_utilization"),
                 "expected a utilization in (0, 1], got " + describe(f.get("max_utilization")));
  remember(c.loc, f, {"id", "route", "baseline"});
  f.finish();
  return c;
}

} // namespace

Scenario parse(Report& report, const YAML::Node& root) {
  Scenario s;
  s.file = report.file();
  if (!root.IsMap()) {
    report.error(root, "",
                 "expected a scenario mapping with scenario, nodes, links, services, routes, demand; got " +
                     describe(root));
    return s;
  }
  Fields top(report, root, "",
             {"scenario", "nodes", "links", "facilities", "services", "routes", "demand", "disruptions",
              "trade", "claims", "plan"});
  read_info(report, root, s.info);
  const Date start = s.info.start_date;
  each_item(report, root, "nodes", true,
            [&](const YAML::Node& n, const std::string& p) { s.nodes.push_back(read_node(report, n, p)); });
  each_item(report, root, "links", true, [&](const YAML::Node& n, const std::string& p) {
    s.links.push_back(read_link(report, n, p, start));
  });
  each_item(report, root, "facilities", false, [&](const YAML::Node& n, const std::string& p) {
    s.facilities.push_back(read_facility(report, n, p, start));
  });
  each_item(report, root, "services", true, [&](const YAML::Node& n, const std::string& p) {
    s.services.push_back(read_service(report, n, p, s.end_h()));
  });
  each_item(report, root, "routes", true,
            [&](const YAML::Node& n, const std::string& p) { s.routes.push_back(read_route(report, n, p)); });
  reverse_routes(report, s.routes);
  each_item(report, root, "demand", true,
            [&](const YAML::Node& n, const std::string& p) { s.flows.push_back(read_flow(report, n, p)); });
  each_item(report, root, "disruptions", false, [&](const YAML::Node& n, const std::string& p) {
    s.disruptions.push_back(read_disruption(report, n, p, start, s.end_h()));
  });
  read_trade(report, root, s.commodities);
  for (Flow& fl : s.flows)
    resolve_cargo(report, s.commodities, fl);
  each_item(report, root, "claims", false,
            [&](const YAML::Node& n, const std::string& p) { s.claims.push_back(read_claim(report, n, p)); });
  for (const Claim& c : s.claims)
    if (c.metric == ClaimMetric::TradeCapacity && s.commodities.empty())
      report.error(c.loc.self, "claims[" + c.id + "]",
                   "a trade_capacity claim needs a trade section with commodities");
  read_plan(report, root, s.candidates);
  top.finish();
  s.uncertain = std::move(report.uncertain());
  return s;
}

} // namespace scenario

Scenario load_scenario_text(const std::string& text, const std::string& file_name,
                            const std::vector<std::string>& overrides) {
  scenario::Report report(file_name);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    report.error(SourceLoc{file_name, e.mark.line + 1, e.mark.column + 1}, "",
                 "invalid YAML: " + scenario::yaml_problem(e));
    throw ScenarioError(report.diagnostics());
  }
  std::vector<std::string> bases;
  root = scenario::resolve_extends(report, root, file_name, bases);
  if (!root.IsDefined()) throw ScenarioError(report.diagnostics());
  for (const auto& o : overrides)
    scenario::apply_override(report, root, o);
  scenario::check_document(report, root);
  Scenario s = scenario::parse(report, root);
  s.bases = std::move(bases);
  s.overrides = overrides;
  // Semantic checks run too, so one pass reports everything; they skip values already reported.
  auto all = report.diagnostics();
  for (auto& d : validate(s))
    all.push_back(std::move(d));
  std::stable_sort(all.begin(), all.end(), [](const Diagnostic& a, const Diagnostic& b) {
    // A scenario that extends another reports in both files: each file's problems in order.
    return std::tie(a.loc.file, a.loc.line, a.loc.column) < std::tie(b.loc.file, b.loc.line, b.loc.column);
  });
  if (!all.empty()) throw ScenarioError(all);
  return s;
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError({Diagnostic{SourceLoc{path, 0, 0}, "", "cannot read the file"}});
  std::ostringstream text;
  text << in.rdbuf();
  return load_scenario_text(text.str(), path, overrides);
}

Scenario with_input_values(const Scenario& scenario, const std::vector<double>& values) {
  std::vector<std::string> overrides = scenario.overrides;
  for (std::string& o : input_overrides(scenario.uncertain, values))
    overrides.push_back(std::move(o));
  Scenario s = load_scenario(scenario.file, overrides);
  s.info.seed = scenario.info.seed;
  s.info.replications = scenario.info.replications;
  s.info.series_step_days = scenario.info.series_step_days;
  s.overrides = scenario.overrides; // the values are the replication's, not the scenario's
  s.uncertain = scenario.uncertain;
  return s;
}

namespace scenario {

namespace {

// The tree of the file at `path` with what it extends resolved; `files` gets it and its bases.
YAML::Node resolved_tree(const std::string& path, std::vector<std::string>& files) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError({Diagnostic{SourceLoc{path, 0, 0}, "", "cannot read the file"}});
  std::ostringstream text;
  text << in.rdbuf();
  Report report(path);
  files.push_back(path);
  YAML::Node tree;
  try {
    tree = resolve_extends(report, YAML::Load(text.str()), path, files);
  } catch (const YAML::ParserException& e) {
    report.error(SourceLoc{path, e.mark.line + 1, e.mark.column + 1}, "", "invalid YAML: " + yaml_problem(e));
  }
  if (report.count() > 0) throw ScenarioError(report.diagnostics());
  return tree;
}

} // namespace

YAML::Node load_resolved_tree(const std::string& path) {
  std::vector<std::string> files;
  return resolved_tree(path, files);
}

} // namespace scenario

std::vector<std::string> scenario_files(const std::string& path) {
  std::vector<std::string> files;
  scenario::resolved_tree(path, files);
  return files;
}

} // namespace corridor

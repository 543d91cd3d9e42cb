// Semantic checks: references, duplicate ids, connected routes, gauges. Values that the reader
// already reported (empty ids) are skipped so that one mistake gives one message.
#include "corridor/limits.hpp"
#include "corridor/load.hpp"
#include "corridor/network.hpp"

#include "scenario/reader.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>
#include <unordered_set>

namespace corridor {

namespace {

class Checker {
public:
  explicit Checker(const Scenario& s) : s_(s), net_(s) {
    for (const auto& n : s.nodes)
      node_ids_.add(n.id);
    for (const auto& l : s.links)
      link_ids_.add(l.id);
    for (const auto& f : s.facilities)
      facility_ids_.add(f.id);
    for (const auto& v : s.services)
      service_ids_.add(v.id);
    for (const auto& r : s.routes)
      route_ids_.add(r.id);
  }

  std::vector<Diagnostic> run() {
    duplicates(s_.nodes, "nodes");
    duplicates(s_.links, "links");
    duplicates(s_.facilities, "facilities");
    duplicates(s_.services, "services");
    duplicates(s_.routes, "routes");
    duplicates(s_.flows, "demand");
    duplicates(s_.claims, "claims");
    for (const Claim& c : s_.claims) {
      known(c.route, route_ids_, "route", c.loc.of("route"), "claims[" + c.id + "].route");
      if (!c.baseline.empty())
        known(c.baseline, route_ids_, "route", c.loc.of("baseline"), "claims[" + c.id + "].baseline");
    }
    for (const Link& l : s_.links) {
      const std::string path = "links[" + l.id + "]";
      known_node(l.from, l.loc.of("from"), path + ".from");
      known_node(l.to, l.loc.of("to"), path + ".to");
      if (!l.from.empty() && l.from == l.to)
        error(l.loc.of("to"), path + ".to", "a link joins two different nodes, got '" + l.to + "' twice");
    }
    for (const Facility& f : s_.facilities) {
      const std::string path = "facilities[" + f.id + "]";
      const bool node_ok = known_node(f.node, f.loc.of("node"), path + ".node");
      for (const DirectedServiceTime& d : f.service_time_h_from) {
        const SourceLoc& loc = f.loc.of("service_time_h_from." + d.from_node);
        const std::string key = path + ".service_time_h_from." + d.from_node;
        if (known_node(d.from_node, loc, key) && node_ok && !arrives_from(d.from_node, f.node))
          error(loc, key,
                fmt::format("no link from '{}' to '{}': service_time_h_from takes a neighbouring node that "
                            "vehicles arrive from",
                            d.from_node, f.node));
      }
      if (f.dwell_h && !is_handling(f.kind))
        error(f.loc.of("dwell_h"), path + ".dwell_h",
              "dwell_h is for handling facilities (gauge_change, port, terminal, dry_port), not " +
                  to_string(f.kind));
    }
    for (const Service& v : s_.services)
      for (const auto& [node, vehicles] : v.fleet_at)
        known_node(node, v.loc.of("fleet_at." + node), "services[" + v.id + "].fleet_at." + node);
    for (const Facility& f : s_.facilities)
      if (f.background) background(f);
    for (const Route& r : s_.routes)
      route(r);
    for (const Flow& f : s_.flows)
      flow(f);
    cargo_kinds();
    shipments();
    vehicle_loads();
    for (const Disruption& d : s_.disruptions) {
      if (d.target.empty()) continue;
      if (!net_.node(d.target) && !net_.link(d.target) && !net_.facility(d.target)) {
        std::vector<std::string> all = node_ids_.list;
        all.insert(all.end(), link_ids_.list.begin(), link_ids_.list.end());
        all.insert(all.end(), facility_ids_.list.begin(), facility_ids_.list.end());
        error(d.loc.of("target"), "disruptions.target",
              "unknown node, link or facility '" + d.target + "'" + suggestion(d.target, all));
      }
    }
    return std::move(out_);
  }

private:
  /** Ids in file order, for suggestions, and hashed, for lookups: validation stays linear. */
  struct Ids {
    std::vector<std::string> list;
    std::unordered_set<std::string> set;
    void add(const std::string& id) {
      list.push_back(id);
      set.insert(id);
    }
  };

  // A suggestion compares with every id: only for the errors that will be printed.
  std::string suggestion(const std::string& word, const std::vector<std::string>& candidates) const {
    return out_.size() < limits::kMaxPrintedErrors ? scenario::did_you_mean(word, candidates) : "";
  }

  void error(const SourceLoc& loc, const std::string& path, const std::string& message) {
    out_.push_back(Diagnostic{loc, path, message});
  }

  template <typename Items> void duplicates(const Items& items, const std::string& section) {
    std::map<std::string, const Locations*> seen;
    for (const auto& item : items) {
      if (item.id.empty()) continue;
      auto [it, fresh] = seen.emplace(item.id, &item.loc);
      if (!fresh)
        error(
            item.loc.of("id"), section + "[" + item.id + "].id",
            fmt::format("duplicate id '{}' (first defined at line {})", item.id, it->second->of("id").line));
    }
  }

  bool known(const std::string& id, const Ids& ids, const char* what, const SourceLoc& loc,
             const std::string& path) {
    if (id.empty()) return false;
    if (ids.set.count(id)) return true;
    error(loc, path, std::string("unknown ") + what + " '" + id + "'" + suggestion(id, ids.list));
    return false;
  }
  bool known_node(const std::string& id, const SourceLoc& loc, const std::string& path) {
    return known(id, node_ids_, "node", loc, path);
  }

  // A reverse route's nodes, services and gauges are its original's, checked there: only a
  // link that cannot be driven backwards is its own mistake.
  void reversed_route(const Route& r) {
    for (const Leg& leg : r.legs) {
      auto service = net_.service(leg.service);
      if (!service) continue;
      const Mode mode = mode_of(s_.services[*service].kind);
      for (std::size_t k = 1; k < leg.path.size(); ++k) {
        auto from = net_.node(leg.path[k - 1]), to = net_.node(leg.path[k]);
        if (!from || !to || net_.find_link(*from, *to, mode)) continue;
        auto ahead = net_.find_link(*to, *from, mode);
        if (!ahead) continue; // the original route does not connect: reported there
        error(r.loc.of("reverse_of"), "routes[" + r.id + "].reverse_of",
              fmt::format("link '{}' is one-way (two_way: false) from '{}' to '{}': the reverse of route "
                          "'{}' cannot drive it from '{}' to '{}'",
                          s_.links[ahead->link].id, leg.path[k], leg.path[k - 1], r.reverse_of,
                          leg.path[k - 1], leg.path[k]));
      }
    }
  }

  void route(const Route& r) {
    if (!r.reverse_of.empty()) {
      reversed_route(r);
      return;
    }
    const std::string path = "routes[" + r.id + "]";
    std::optional<std::string> previous_end;
    int previous_gauge = 0; // 0: no rail leg before, or its gauge is unknown
    for (std::size_t i = 0; i < r.legs.size(); ++i) {
      const Leg& leg = r.legs[i];
      const std::string leg_path = fmt::format("{}.legs[{}]", path, i);
      const bool service_ok =
          known(leg.service, service_ids_, "service", leg.loc.of("service"), leg_path + ".service");
      bool nodes_ok = true;
      for (std::size_t k = 0; k < leg.path.size(); ++k)
        nodes_ok &= known_node(leg.path[k], leg.loc.of(fmt::format("path[{}]", k)),
                               fmt::format("{}.path[{}]", leg_path, k));
      if (leg.path.empty()) continue;
      if (previous_end && *previous_end != leg.path.front() && net_.node(*previous_end))
        error(leg.loc.of("path[0]"), leg_path + ".path[0]",
              fmt::format("a leg starts where the previous one ends ('{}'), got '{}'", *previous_end,
                          leg.path.front()));
      previous_end = leg.path.back();
      if (!service_ok || !nodes_ok) {
        previous_gauge = 0;
        continue;
      }
      const Mode mode = mode_of(s_.services[*net_.service(leg.service)].kind);
      int gauge = 0;
      bool connected = true;
      for (std::size_t k = 1; k < leg.path.size(); ++k) {
        auto link = net_.find_link(*net_.node(leg.path[k - 1]), *net_.node(leg.path[k]), mode);
        if (!link) {
          error(leg.loc.of(fmt::format("path[{}]", k)), fmt::format("{}.path[{}]", leg_path, k),
                fmt::format("no {} link from '{}' to '{}' for service '{}' (the route does not connect)",
                            to_string(mode), leg.path[k - 1], leg.path[k], leg.service));
          connected = false;
          continue;
        }
        const auto link_gauge = s_.links[link->link].gauge_mm;
        if (mode == Mode::Rail && link_gauge) {
          if (gauge != 0 && gauge != *link_gauge)
            error(leg.loc.of(fmt::format("path[{}]", k - 1)), fmt::format("{}.path[{}]", leg_path, k - 1),
                  fmt::format("the gauge changes from {} mm to {} mm at node '{}' within one leg: end the "
                              "leg there, at a "
                              "gauge_change facility, and continue with another train",
                              gauge, *link_gauge, leg.path[k - 1]));
          gauge = *link_gauge;
        }
      }
      if (mode == Mode::Rail && connected && gauge != 0 && previous_gauge != 0 && gauge != previous_gauge &&
          !has_gauge_change(leg.path.front()))
        error(leg.loc.of("path[0]"), leg_path + ".path[0]",
              fmt::format(
                  "gauge break {} mm → {} mm at node '{}' with no gauge_change facility serving rail there",
                  previous_gauge, gauge, leg.path.front()));
      if (mode == Mode::Rail) previous_gauge = gauge;
    }
  }

  // A shipment larger than a vehicle takes several: a 1e-9 TEU truck would make the loads, not
  // the shipments, unbounded. Counted on the flow's costliest candidate route, as TEU over the
  // horizon / capacity_teu for each leg, summed over the flows.
  // A replication creates about teu_per_year / mean shipment_teu x years shipments; each costs
  // 8 bytes once delivered and more while in transit: bound them, at the flow giving the most.
  void shipments() {
    const double years = s_.info.horizon_days / 365;
    double total = 0, largest_count = 0;
    const Flow* largest = nullptr;
    for (const Flow& f : s_.flows) {
      const double count = f.shipments_per_year() * years;
      if (!(count >= 0)) continue;
      total += count;
      if (count > largest_count) largest_count = count, largest = &f;
    }
    if (!(total > limits::kMaxShipmentsPerRun) || !largest) return;
    error(largest->loc.of(demand_key(*largest)), "demand[" + largest->id + "]." + demand_key(*largest),
          fmt::format("expected at most {:g} shipments in a replication, got {:.3g} (teu_per_year / mean "
                      "shipment_teu × horizon_days / 365, summed over the flows)",
                      limits::kMaxShipmentsPerRun, total));
  }

  // The key a flow's volume was written under.
  static std::string demand_key(const Flow& f) {
    return f.loc.fields.count("teu_per_year") ? "teu_per_year" : "tons_per_year";
  }

  void vehicle_loads() {
    const double years = s_.info.horizon_days / 365;
    double total = 0, largest = 0;
    const Flow* largest_flow = nullptr;
    for (const Flow& f : s_.flows) {
      double per_teu = 0; // loads per TEU (bulk: per ton) on the worst route
      auto consider = [&](const Route& r) {
        double loads = 0;
        for (const Leg& leg : r.legs)
          if (auto v = net_.service(leg.service)) {
            const Service& service = s_.services[*v];
            if (!f.bulk)
              loads += 1 / service.capacity_teu;
            else if (service.payload_tons)
              loads += 1 / *service.payload_tons;
          }
        per_teu = std::max(per_teu, loads);
      };
      if (!f.routes.empty()) {
        for (const RouteShare& share : f.routes)
          if (auto r = net_.route(share.route)) consider(s_.routes[*r]);
      } else {
        for (const Route& r : s_.routes)
          consider(r);
      }
      const double loads = (f.bulk ? f.tons_per_year.value_or(0) : f.teu_per_year) * years * per_teu;
      total += loads;
      if (loads > largest) largest = loads, largest_flow = &f;
    }
    if (!(total > limits::kMaxVehicleLoadsPerRun) || !largest_flow) return;
    const std::string key = demand_key(*largest_flow);
    error(largest_flow->loc.of(key), "demand[" + largest_flow->id + "]." + key,
          fmt::format(
              "expected at most {:g} vehicle loads in a replication, got {:.3g} (TEU over the horizon / "
              "capacity_teu of each leg's service, summed over the flows)",
              limits::kMaxVehicleLoadsPerRun, total));
  }

  // The routes a flow's shipments may take: its shares or candidates, else every matching one.
  std::vector<const Route*> candidates(const Flow& f) const {
    std::vector<const Route*> out;
    if (!f.routes.empty()) {
      for (const RouteShare& share : f.routes)
        if (auto r = net_.route(share.route)) out.push_back(&s_.routes[*r]);
      return out;
    }
    for (const Route& r : s_.routes)
      if (!r.legs.empty() && !r.legs.front().path.empty() && !r.legs.back().path.empty() &&
          r.legs.front().path.front() == f.origin && r.legs.back().path.back() == f.destination)
        out.push_back(&r);
    return out;
  }

  // The heaviest a shipment of the flow can be, in tons; none when it has no weight or its
  // size is unbounded (exponential, normal, lognormal: an overweight one then travels alone).
  static std::optional<double> heaviest_tons(const Flow& f) {
    const Distribution& d = f.bulk ? f.shipment_tons : f.shipment_teu;
    const double per_unit = f.bulk ? 1 : f.tons_per_teu.value_or(0);
    if (per_unit <= 0) return std::nullopt;
    switch (d.kind) {
    case DistributionKind::Constant:
      return d.value * per_unit;
    case DistributionKind::Uniform:
    case DistributionKind::Triangular:
      return d.max * per_unit;
    case DistributionKind::Empirical:
      return *std::max_element(d.table_values.begin(), d.table_values.end()) * per_unit;
    default:
      return std::nullopt;
    }
  }

  // Bulk needs a payload on every leg; a shipment that can outweigh a payload would travel alone
  // overweight; a vehicle shares its costs by TEU or, with bulk only, by tons, so a route
  // carries either containers or bulk.
  void cargo_kinds() {
    std::map<const Route*, const Flow*> bulk_on, containers_on;
    for (const Flow& f : s_.flows) {
      const std::string path = "demand[" + f.id + "]";
      const std::string size_key = f.bulk ? "shipment_tons" : "shipment_teu";
      const auto heaviest = heaviest_tons(f);
      for (const Route* r : candidates(f)) {
        (f.bulk ? bulk_on : containers_on).emplace(r, &f);
        for (const Leg& leg : r->legs) {
          auto v = net_.service(leg.service);
          if (!v) continue;
          const Service& service = s_.services[*v];
          if (f.bulk && !service.payload_tons)
            error(f.loc.of("routes." + r->id), path + ".routes." + r->id,
                  fmt::format("bulk cargo fills vehicles by weight: service '{}' needs payload_tons",
                              service.id));
          else if (heaviest && service.payload_tons && *heaviest > *service.payload_tons)
            error(f.loc.of(size_key), path + "." + size_key,
                  fmt::format(
                      "expected shipments within the payload_tons {:g} of service '{}' (route '{}'), got "
                      "up to {:g} tons (no vehicle may carry it)",
                      *service.payload_tons, service.id, r->id, *heaviest));
        }
      }
    }
    for (const auto& [route, flow] : bulk_on)
      if (auto other = containers_on.find(route); other != containers_on.end())
        error(flow->loc.of("routes." + route->id), "demand[" + flow->id + "].routes." + route->id,
              fmt::format(
                  "route '{}' carries bulk (flow '{}') and containers (flow '{}'): a vehicle's costs are "
                  "shared by TEU, so give bulk a route of its own",
                  route->id, flow->id, other->second->id));
  }

  // Arrivals are drawn at the peak rate and thinned, over the horizon and the drain. Checked on
  // the model, so that a scaled scenario keeps the bound too.
  void background(const Facility& f) {
    const BackgroundTraffic& b = *f.background;
    double peak = 1;
    if (!b.monthly_factors.empty())
      peak = *std::max_element(b.monthly_factors.begin(), b.monthly_factors.end());
    const double draws = b.vehicles_per_day * peak * s_.end_h() / 24;
    if (draws > limits::kMaxVehicleLoadsPerRun)
      error(
          b.loc.of("vehicles_per_day"), "facilities[" + f.id + "].background.vehicles_per_day",
          fmt::format("expected at most {:g} background vehicles over the horizon and the drain, got {:.3g}",
                      limits::kMaxVehicleLoadsPerRun, draws));
  }

  // A link of any mode by which a vehicle can reach `to` from `from`.
  bool arrives_from(const std::string& from, const std::string& to) const {
    const std::size_t a = *net_.node(from), b = *net_.node(to);
    for (Mode mode : {Mode::Road, Mode::Rail, Mode::Sea})
      if (net_.find_link(a, b, mode)) return true;
    return false;
  }

  bool has_gauge_change(const std::string& node) const {
    auto n = net_.node(node);
    if (!n) return false;
    for (std::size_t f : net_.facilities_at(*n))
      if (s_.facilities[f].kind == FacilityKind::GaugeChange && s_.facilities[f].serves(Mode::Rail))
        return true;
    return false;
  }

  void flow(const Flow& f) {
    const std::string path = "demand[" + f.id + "]";
    const bool origin_ok = known_node(f.origin, f.loc.of("origin"), path + ".origin");
    const bool destination_ok = known_node(f.destination, f.loc.of("destination"), path + ".destination");
    for (const RouteShare& share : f.routes) {
      const SourceLoc& loc = f.loc.of("routes." + share.route);
      if (!known(share.route, route_ids_, "route", loc, path + ".routes." + share.route)) continue;
      const Route& r = s_.routes[*net_.route(share.route)];
      if (r.legs.empty() || r.legs.front().path.empty() || r.legs.back().path.empty()) continue;
      if (origin_ok && r.legs.front().path.front() != f.origin)
        error(loc, path + ".routes." + share.route,
              fmt::format("route '{}' starts at '{}', not at the flow's origin '{}'", share.route,
                          r.legs.front().path.front(), f.origin));
      if (destination_ok && r.legs.back().path.back() != f.destination)
        error(loc, path + ".routes." + share.route,
              fmt::format("route '{}' ends at '{}', not at the flow's destination '{}'", share.route,
                          r.legs.back().path.back(), f.destination));
    }
    if (f.choice != RouteChoice::Shares && f.routes.empty() && origin_ok && destination_ok) {
      bool any = false;
      for (const Route& r : s_.routes)
        any |= !r.legs.empty() && !r.legs.front().path.empty() && r.legs.front().path.front() == f.origin &&
               r.legs.back().path.back() == f.destination;
      if (!any)
        error(f.loc.of("id"), path, "no route goes from '" + f.origin + "' to '" + f.destination + "'");
    }
  }

  const Scenario& s_;
  Network net_;
  Ids node_ids_, link_ids_, facility_ids_, service_ids_, route_ids_;
  std::vector<Diagnostic> out_;
};

} // namespace

std::vector<Diagnostic> validate(const Scenario& scenario) {
  return Checker(scenario).run();
}

} // namespace corridor

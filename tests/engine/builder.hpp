#pragma once
// Builds small scenarios in code, so engine tests do not depend on the YAML loader.
#include "corridor/engine.hpp"
#include "corridor/scenario.hpp"

#include <string>

namespace corridor::test {

struct ScenarioBuilder {
  Scenario s;

  explicit ScenarioBuilder(double horizon_days, double warmup_days = 0) {
    s.info.name = "test";
    s.info.start_date = Date{2025, 1, 1};
    s.info.horizon_days = horizon_days;
    s.info.warmup_days = warmup_days;
  }
  ScenarioBuilder& node(const std::string& id) {
    s.nodes.push_back(Node{id, id, "", NodeKind::City, {}, {}, {}});
    return *this;
  }
  Link& link(const std::string& from, const std::string& to, Mode mode, double km, double kmh) {
    Link l;
    l.id = from + "-" + to;
    l.from = from;
    l.to = to;
    l.mode = mode;
    l.distance_km = km;
    l.speed_kmh = kmh;
    if (mode == Mode::Rail) l.gauge_mm = 1520;
    s.links.push_back(l);
    return s.links.back();
  }
  Facility& facility(const std::string& id, const std::string& node, FacilityKind kind, Distribution service,
                     int servers = 1) {
    Facility f;
    f.id = id;
    f.node = node;
    f.kind = kind;
    f.service_time_h = service;
    f.servers = servers;
    s.facilities.push_back(f);
    return s.facilities.back();
  }
  Service& truck(const std::string& id, double capacity_teu = 1) {
    Service v;
    v.id = id;
    v.kind = ServiceKind::Truck;
    v.capacity_teu = capacity_teu;
    s.services.push_back(v);
    return s.services.back();
  }
  Service& train(const std::string& id, double capacity_teu, double every_h, double offset_h = 0) {
    Service v;
    v.id = id;
    v.kind = ServiceKind::Train;
    v.capacity_teu = capacity_teu;
    v.departures.every_h = every_h;
    v.departures.offset_h = offset_h;
    s.services.push_back(v);
    return s.services.back();
  }
  Route& route(const std::string& id, std::vector<Leg> legs) {
    Route r;
    r.id = id;
    r.legs = std::move(legs);
    s.routes.push_back(r);
    return s.routes.back();
  }
  Flow& flow(const std::string& id, const std::string& origin, const std::string& destination,
             double teu_per_year, const std::string& route_id,
             ArrivalProcess arrivals = ArrivalProcess::Poisson) {
    Flow f;
    f.id = id;
    f.origin = origin;
    f.destination = destination;
    f.teu_per_year = teu_per_year;
    f.arrivals = arrivals;
    f.routes = {{route_id, 1}};
    s.flows.push_back(f);
    return s.flows.back();
  }
  ReplicationResult run(std::uint64_t seed = 1) const {
    const RoutedScenario routed(s);
    return simulate(s, routed, seed);
  }
};

inline Leg leg(const std::string& service, std::vector<std::string> path) {
  return Leg{service, std::move(path), {}};
}

/** Erlang C: probability of waiting in an M/M/c queue with offered load a = lambda/mu. */
inline double erlang_c(int c, double a) {
  double term = 1, sum = 1; // k = 0
  for (int k = 1; k < c; ++k) {
    term *= a / k;
    sum += term;
  }
  const double last = term * a / c / (1 - a / c);
  return last / (sum + last);
}

} // namespace corridor::test

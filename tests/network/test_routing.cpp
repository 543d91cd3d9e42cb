#include "corridor/network.hpp"

#include <catch2/catch.hpp>

using namespace corridor;

namespace {

Link link(std::string from, std::string to, Mode mode, double km, double kmh) {
  Link l;
  l.id = from + "-" + to;
  l.from = std::move(from);
  l.to = std::move(to);
  l.mode = mode;
  l.distance_km = km;
  l.speed_kmh = kmh;
  if (mode == Mode::Rail) l.gauge_mm = 1520;
  return l;
}

Facility facility(std::string id, std::string node, FacilityKind kind, double service_h) {
  Facility f;
  f.id = std::move(id);
  f.node = std::move(node);
  f.kind = kind;
  f.service_time_h = Distribution::constant(service_h);
  return f;
}

// A -road-> B (border) -road-> C (yard, gauge change) -rail 1676-> D
Scenario two_leg_scenario() {
  Scenario s;
  for (const char* id : {"A", "B", "C", "D"})
    s.nodes.push_back(Node{id, id, "", NodeKind::City, {}, {}, {}});
  s.links.push_back(link("A", "B", Mode::Road, 100, 50));
  s.links.back().cost_usd_per_teu_km = 0.5;
  s.links.back().cost_usd_per_vehicle_km = 1.0;
  s.links.push_back(link("B", "C", Mode::Road, 60, 60));
  s.links.push_back(link("D", "C", Mode::Rail, 300, 30)); // written backwards, used C -> D
  s.links.back().gauge_mm = 1676;
  s.links.back().cost_usd_per_vehicle_km = 8.0;

  s.facilities.push_back(facility("B_BORDER", "B", FacilityKind::BorderCrossing, 3));
  s.facilities.back().modes = {Mode::Road};
  s.facilities.back().fee_usd_per_vehicle = 100;
  s.facilities.push_back(facility("C_YARD", "C", FacilityKind::Terminal, 0.1));
  s.facilities.back().service_per = ServicePer::Teu;
  s.facilities.back().dwell_h = Distribution::constant(5);
  s.facilities.back().fee_usd_per_teu = 20;
  s.facilities.push_back(facility("C_BORDER", "C", FacilityKind::BorderCrossing, 1));
  s.facilities.back().modes = {Mode::Rail}; // not met by trucks

  Service truck;
  truck.id = "truck";
  truck.kind = ServiceKind::Truck;
  truck.capacity_teu = 2;
  Service train;
  train.id = "train";
  train.kind = ServiceKind::Train;
  train.capacity_teu = 40;
  train.departures.every_h = 24;
  s.services = {truck, train};

  Route r;
  r.id = "via_c";
  r.legs.push_back(Leg{"truck", {"A", "B", "C"}, {}});
  r.legs.push_back(Leg{"train", {"C", "D"}, {}});
  s.routes.push_back(r);
  Route direct;
  direct.id = "slow";
  direct.legs.push_back(Leg{"truck", {"A", "B", "C"}, {}});
  s.routes.push_back(direct);

  Flow flow;
  flow.id = "f";
  flow.origin = "A";
  flow.destination = "D";
  flow.routes = {{"via_c", 3}, {"slow", 1}};
  s.flows.push_back(flow);
  return s;
}

} // namespace

TEST_CASE("links are found in their direction, and two-way links backwards", "[network]") {
  const Scenario s = two_leg_scenario();
  const Network n(s);
  auto c = *n.node("C"), d = *n.node("D");
  auto forward = n.find_link(d, c, Mode::Rail);
  auto backward = n.find_link(c, d, Mode::Rail);
  REQUIRE(forward);
  REQUIRE(backward);
  CHECK(forward->forward);
  CHECK_FALSE(backward->forward);
  CHECK_FALSE(n.find_link(c, d, Mode::Road));
  CHECK_FALSE(n.node("Z"));
}

TEST_CASE("one-way links are not used backwards", "[network]") {
  Scenario s = two_leg_scenario();
  s.links[2].two_way = false;
  const Network n(s);
  CHECK_FALSE(n.find_link(*n.node("C"), *n.node("D"), Mode::Rail));
}

TEST_CASE("a vehicle meets border crossings on the way and handling facilities where its leg ends",
          "[routing]") {
  const Scenario s = two_leg_scenario();
  const RoutedScenario routed(s);
  const RoutedRoute& r = routed.routes[0];
  REQUIRE(r.legs.size() == 2);
  const auto& truck_leg = r.legs[0];
  REQUIRE(truck_leg.steps.size() == 2);
  CHECK(truck_leg.steps[0].facilities == std::vector<std::size_t>{0}); // B_BORDER
  CHECK(truck_leg.steps[1].facilities == std::vector<std::size_t>{1}); // C_YARD only: C_BORDER is rail
  const auto& train_leg = r.legs[1];
  REQUIRE(train_leg.steps.size() == 1);
  CHECK_FALSE(train_leg.steps[0].link.forward);
  CHECK(train_leg.steps[0].facilities.empty());
  CHECK(r.modes == std::vector<Mode>{Mode::Road, Mode::Rail});
  CHECK(r.border_crossings == 1);
}

TEST_CASE("free-flow time and cost add up by hand", "[routing]") {
  const Scenario s = two_leg_scenario();
  const RoutedScenario routed(s);
  const RoutedRoute& r = routed.routes[0];
  CHECK(r.distance_km == 460);
  // moving 100/50 + 60/60 + 300/30 = 13 h; border 3 h; yard 0.1 h/TEU x 2 TEU (full truck) + 5 h dwell
  CHECK(r.free_flow_h == Approx(13 + 3 + 0.2 + 5));
  // links: 0.5*100 + 1*100/2 + 8*300/40 = 50 + 50 + 60; border 100/2; yard 20 per TEU
  CHECK(r.free_flow_usd_per_teu == Approx(160 + 50 + 20));
}

TEST_CASE("gauge breaks are counted between rail legs of different gauge", "[routing]") {
  Scenario s = two_leg_scenario();
  s.nodes.push_back(Node{"E", "E", "", NodeKind::Yard, {}, {}, {}});
  s.links.push_back(link("D", "E", Mode::Rail, 50, 50)); // 1520 mm
  s.routes[0].legs.push_back(Leg{"train", {"D", "E"}, {}});
  const RoutedScenario routed(s);
  CHECK(routed.routes[0].gauge_breaks == 1);
  CHECK(routed.routes[1].gauge_breaks == 0);
}

TEST_CASE("flows get normalised shares, or the fastest or cheapest route", "[routing]") {
  Scenario s = two_leg_scenario();
  {
    const RoutedScenario routed(s);
    REQUIRE(routed.flow_routes[0].size() == 2);
    CHECK(routed.flow_routes[0][0].share == Approx(0.75));
    CHECK(routed.flow_routes[0][1].share == Approx(0.25));
  }
  // Two routes A -> C: through the border (about 11 h, cheap) or a fast, dear direct road.
  s.flows[0].destination = "C";
  s.routes[0].legs.pop_back();
  s.links.push_back(link("A", "C", Mode::Road, 10, 100));
  s.links.back().cost_usd_per_teu_km = 100;
  s.routes[1].id = "direct";
  s.routes[1].legs[0].path = {"A", "C"};
  s.flows[0].routes.clear();
  s.flows[0].choice = RouteChoice::Fastest;
  {
    const RoutedScenario routed(s);
    REQUIRE(routed.flow_routes[0].size() == 1);
    CHECK(routed.flow_routes[0][0].route == 1);
    CHECK(routed.flow_routes[0][0].share == 1.0);
  }
  s.flows[0].choice = RouteChoice::Cheapest;
  {
    const RoutedScenario routed(s);
    CHECK(routed.flow_routes[0][0].route == 0);
  }
  s.flows[0].routes = {{"direct", 1}}; // named candidates restrict the choice
  const RoutedScenario routed(s);
  CHECK(routed.flow_routes[0][0].route == 1);
}

// The engine against hand computations and queueing theory. Each TEST_CASE runs in its own
// process (catch_discover_tests), as SimGrid allows one engine per process.
#include "builder.hpp"
#include "child.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <functional>
#include <map>
#include <sys/wait.h>
#include <unistd.h>

using namespace corridor;
using namespace corridor::test;

namespace {

double mean_facility_wait(const ReplicationResult& r, std::size_t facility) {
  const FacilityStats& f = r.facilities[facility];
  REQUIRE(f.vehicles > 0);
  return f.total_wait_h / static_cast<double>(f.vehicles);
}

// A -> B (border post) -> C by truck, links so short they do not matter.
ScenarioBuilder border_post(int servers, double mean_service_h, double trucks_per_hour, double days) {
  ScenarioBuilder b(days, 10);
  b.node("A").node("B").node("C");
  b.link("A", "B", Mode::Road, 1, 1000);
  b.link("B", "C", Mode::Road, 1, 1000);
  b.facility("POST", "B", FacilityKind::BorderCrossing, Distribution::exponential(mean_service_h), servers);
  b.truck("truck");
  b.route("r", {leg("truck", {"A", "B", "C"})});
  b.flow("f", "A", "C", trucks_per_hour * 8760, "r");
  return b;
}

// Runs one replication in a child process and returns every number it produced.
std::vector<double> fingerprint_in_child(const ScenarioBuilder& b, std::uint64_t seed) {
  return in_child([&] {
    const auto r = b.run(seed);
    std::vector<double> numbers;
    for (const auto& s : r.shipments)
      numbers.insert(numbers.end(), {s.created_h, s.delivered_h, s.moving_h, s.waiting_h, s.handling_h, s.teu,
                                     s.cost_usd()});
    for (const auto& f : r.facilities)
      numbers.insert(numbers.end(), {f.busy_server_h, f.queue_area_h, f.total_wait_h, double(f.max_queue)});
    for (const auto& l : r.legs)
      numbers.insert(numbers.end(),
                     {double(l.departures), l.teu, double(l.empty_returns), double(l.backhauls)});
    numbers.push_back(double(r.events));
    return numbers;
  });
}

// Every year from 1 June to 31 August.
Closure summer_closure() {
  Closure summer;
  summer.yearly = true;
  summer.from_month = 6;
  summer.from_day = 1;
  summer.to_month = 8;
  summer.to_day = 31;
  return summer;
}

} // namespace

TEST_CASE("one truck with constant times: exact time, accounting and cost", "[engine][exact]") {
  ScenarioBuilder b(365);
  b.node("A").node("B").node("C");
  Link& ab = b.link("A", "B", Mode::Road, 100, 50);
  ab.cost_usd_per_teu_km = 0.5;
  ab.cost_usd_per_vehicle_km = 1.0;
  b.link("B", "C", Mode::Road, 60, 60);
  Facility& border = b.facility("BORDER", "B", FacilityKind::BorderCrossing, Distribution::constant(3));
  border.fee_usd_per_vehicle = 100;
  Facility& yard = b.facility("YARD", "C", FacilityKind::Terminal, Distribution::constant(0.5));
  yard.service_per = ServicePer::Teu;
  yard.dwell_h = Distribution::constant(5);
  yard.fee_usd_per_teu = 20;
  b.truck("truck");
  b.route("r", {leg("truck", {"A", "B", "C"})});
  b.flow("f", "A", "C", 1, "r", ArrivalProcess::Regular); // one shipment, at mid-year: 4380 h

  const auto r = b.run();
  REQUIRE(r.created == 1);
  REQUIRE(r.delivered == 1);
  REQUIRE(r.shipments.size() == 1);
  const ShipmentRecord& s = r.shipments[0];
  CHECK(s.created_h == 4380);
  // 100/50 + 3 border + 60/60 + 0.5 yard (1 TEU) + 5 dwell
  CHECK(s.delivered_h == 4380 + 2 + 3 + 1 + 0.5 + 5);
  CHECK(s.moving_h == 3);
  CHECK(s.handling_h == 8.5);
  CHECK(s.waiting_h == 0);
  CHECK(s.moving_h + s.waiting_h + s.handling_h == s.transit_h());
  CHECK(s.distance_km == 160);
  CHECK(s.link_cost_usd() == 0.5 * 100 + 1.0 * 100);
  CHECK(s.fee_cost_usd == 100);
  CHECK(s.handling_cost_usd == 20);
  CHECK(s.cost_usd() == 270);
}

TEST_CASE("M/M/1 border post: mean wait within 3% of rho/(mu - lambda)", "[engine][queueing][slow]") {
  // About a million trucks: the standard error of the mean wait is then about 1%.
  const double lambda = 0.5, mean_service = 1.0;
  const auto r = border_post(1, mean_service, lambda, 80000).run(7);
  const double rho = lambda * mean_service;
  const double expected = rho / (1 / mean_service - lambda); // 1 hour
  INFO("simulated mean wait " << mean_facility_wait(r, 0));
  CHECK(mean_facility_wait(r, 0) == Approx(expected).epsilon(0.03));
  // Little's law on the queue: mean number waiting = lambda x mean wait.
  const double measured_h = r.horizon_h - r.warmup_h;
  CHECK(r.facilities[0].queue_area_h / measured_h == Approx(lambda * expected).epsilon(0.03));
  CHECK(r.facilities[0].busy_server_h / measured_h == Approx(rho).epsilon(0.02));
}

TEST_CASE("M/M/4 border post: mean wait within 3% of Erlang C", "[engine][queueing][slow]") {
  const int c = 4;
  const double lambda = 1.6, mean_service = 1.6;
  const auto r = border_post(c, mean_service, lambda, 40000).run(11);
  const double a = lambda * mean_service; // 2.56 busy servers of 4: utilization 0.64
  const double expected = erlang_c(c, a) / (c / mean_service - lambda);
  CHECK(erlang_c(4, 3.2) == Approx(0.596432).epsilon(1e-5)); // the formula itself, by hand
  INFO("Erlang C mean wait " << expected);
  CHECK(mean_facility_wait(r, 0) == Approx(expected).epsilon(0.03));
}

TEST_CASE("a train every H hours: Poisson cargo waits H/2 for departure on average", "[engine][queueing]") {
  const double every_h = 24;
  ScenarioBuilder b(1000, 5);
  b.node("A").node("B");
  b.link("A", "B", Mode::Rail, 10, 10);
  b.train("train", 1000, every_h);
  b.route("r", {leg("train", {"A", "B"})});
  b.flow("f", "A", "B", 5000, "r");
  const auto r = b.run(3);
  double wait = 0;
  int delivered = 0;
  for (const auto& s : r.shipments)
    if (s.delivered()) {
      wait += s.waiting_h;
      CHECK(s.moving_h == 1);
      ++delivered;
    }
  REQUIRE(delivered > 10000);
  CHECK(wait / delivered == Approx(every_h / 2).epsilon(0.03));
}

TEST_CASE("opening hours 08:00-20:00: a truck arriving at 21:00 starts at 08:00 next day",
          "[engine][calendar]") {
  ScenarioBuilder b(365);
  b.node("A").node("B").node("C");
  b.link("A", "B", Mode::Road, 90, 10); // 9 h: leaves at 12:00, arrives at 21:00
  b.link("B", "C", Mode::Road, 1, 1);
  Facility& post = b.facility("POST", "B", FacilityKind::BorderCrossing, Distribution::constant(1));
  post.opening_hours.daily = {{8, 20}};
  b.truck("truck");
  b.route("r", {leg("truck", {"A", "B", "C"})});
  b.flow("f", "A", "C", 1, "r", ArrivalProcess::Regular); // created at 4380 h = day 182, 12:00
  const auto r = b.run();
  const auto& s = r.shipments.at(0);
  CHECK(s.created_h == 4380);
  const double next_day_8am = 183 * 24 + 8;
  CHECK(r.facilities[0].total_wait_h == next_day_8am - (4380 + 9));
  CHECK(s.delivered_h == next_day_8am + 1 + 1);
  CHECK(s.waiting_h == next_day_8am - (4380 + 9));
}

TEST_CASE("a seasonal closure holds traffic and releases it when the link reopens", "[engine][calendar]") {
  ScenarioBuilder b(365);
  b.node("A").node("B");
  Link& l = b.link("A", "B", Mode::Road, 10, 10);
  l.closures = {summer_closure()};
  b.truck("truck");
  b.route("r", {leg("truck", {"A", "B"})});
  b.flow("f", "A", "B", 1, "r", ArrivalProcess::Regular); // 2 July, inside the closure
  const auto r = b.run();
  const double september_1 = 243 * 24.0; // 2025: 31+28+31+30+31+30+31+31 days before 1 September
  CHECK(r.shipments.at(0).delivered_h == september_1 + 1);
  CHECK(r.shipments.at(0).waiting_h == september_1 - 4380);
}

TEST_CASE("trucks held by a closure reach the next post at once and are served first come, first served",
          "[engine][calendar][fifo]") {
  ScenarioBuilder b(365);
  b.node("A").node("B").node("C");
  Link& l = b.link("A", "B", Mode::Road, 10, 10); // 1 h
  l.closures = {summer_closure()};
  b.link("B", "C", Mode::Road, 10, 10);
  b.facility("POST", "B", FacilityKind::BorderCrossing, Distribution::constant(2));
  b.truck("truck");
  b.route("r", {leg("truck", {"A", "B", "C"})});
  b.flow("f", "A", "C", 73, "r", ArrivalProcess::Regular); // one truck every 120 h, from 60 h
  const auto r = b.run();
  const double june_1 = 151 * 24.0, september_1 = 243 * 24.0;
  std::vector<ShipmentRecord> held;
  for (const auto& s : r.shipments)
    if (s.created_h >= june_1 && s.created_h < september_1) held.push_back(s);
  REQUIRE(held.size() == 19); // created at 60 + 120 k h, k = 30..48, inside the closure
  // All arrive at the post at 1 September 01:00; the one server takes them in creation order.
  for (std::size_t k = 0; k < held.size(); ++k)
    CHECK(held[k].delivered_h == september_1 + 1 + 2 * static_cast<double>(k + 1) + 1);
  CHECK(r.facilities[0].max_queue == held.size() - 1); // the first is served at once
}

TEST_CASE("a dated disruption closes a facility until it ends", "[engine][disruption]") {
  ScenarioBuilder b(365);
  b.node("A").node("B").node("C");
  b.link("A", "B", Mode::Road, 10, 10);
  b.link("B", "C", Mode::Road, 10, 10);
  b.facility("POST", "B", FacilityKind::BorderCrossing, Distribution::constant(2));
  b.truck("truck");
  b.route("r", {leg("truck", {"A", "B", "C"})});
  b.flow("f", "A", "C", 1, "r", ArrivalProcess::Regular); // at the border at 4381 h
  Disruption d;
  d.target = "B"; // closing the node closes its facility
  d.window.from_h = 4000;
  d.window.to_h = 4500;
  b.s.disruptions.push_back(d);
  const auto r = b.run();
  // Closing node B also closes its links: the truck cannot leave A before 4500 h.
  CHECK(r.shipments.at(0).delivered_h == 4500 + 1 + 2 + 1);
  CHECK(r.shipments.at(0).waiting_h == 4500 - 4380);
}

TEST_CASE("random breakdowns: the share of arrivals delayed is mttr/(mtbf+mttr)", "[engine][disruption]") {
  ScenarioBuilder b(2000);
  b.node("A").node("B").node("C");
  b.link("A", "B", Mode::Road, 1, 1000);
  b.link("B", "C", Mode::Road, 1, 1000);
  b.facility("POST", "B", FacilityKind::BorderCrossing, Distribution::constant(0.001), 1000);
  b.truck("truck");
  b.route("r", {leg("truck", {"A", "B", "C"})});
  b.flow("f", "A", "C", 8760, "r", ArrivalProcess::Regular); // one an hour
  Disruption d;
  d.target = "POST";
  d.kind = DisruptionKind::Breakdown;
  d.mtbf_h = 100;
  d.mttr_h = 10;
  b.s.disruptions.push_back(d);
  const auto r = b.run(5);
  int delayed = 0, total = 0;
  double delay = 0;
  for (const auto& s : r.shipments)
    if (s.delivered()) {
      ++total;
      if (s.waiting_h > 1e-6) {
        ++delayed;
        delay += s.waiting_h;
      }
    }
  CHECK(static_cast<double>(delayed) / total == Approx(10.0 / 110).epsilon(0.15));
  CHECK(delay / delayed == Approx(10).epsilon(0.15)); // exponential repairs: residual mean = mttr
}

TEST_CASE("conservation: created = delivered + in transit", "[engine]") {
  auto b = border_post(1, 1.2, 1.0, 60); // overloaded: a queue remains at the end
  b.s.info.drain_days = 0;
  const auto r = b.run(2);
  CHECK(r.created == r.delivered + r.in_transit);
  CHECK(r.in_transit > 0);
  CHECK(r.events > r.created);
  CHECK(r.end_h == 60 * 24);
  CHECK(std::count_if(r.shipments.begin(), r.shipments.end(), [](const ShipmentRecord& s) {
          return !s.delivered();
        }) == static_cast<long>(r.in_transit)); // with no drain, the cohort left at the horizon is censored
  CHECK(r.shipments.size() == r.cohort);        // every shipment of the cohort is reported, delivered or not
}

TEST_CASE("the drain delivers the cohort after the horizon, with no new cargo", "[engine][drain]") {
  auto b = border_post(1, 1.2, 1.0, 60); // overloaded: the backlog takes days to clear
  const auto r = b.run(2);
  CHECK(r.created == r.delivered);
  CHECK(r.in_transit == 0);
  CHECK(std::any_of(r.shipments.begin(), r.shipments.end(), [](const ShipmentRecord& s) {
    return s.delivered_h >= 60 * 24;
  })); // delivered in the drain
  CHECK(r.end_h > 60 * 24);
  CHECK(r.end_h < 60 * 24 + 365 * 24);
  double last_created = 0, last_delivered = 0;
  for (const ShipmentRecord& s : r.shipments) {
    CHECK(s.delivered());
    last_created = std::max(last_created, s.created_h);
    last_delivered = std::max(last_delivered, s.delivered_h);
  }
  CHECK(last_created < 60 * 24);
  CHECK(last_delivered == Approx(r.end_h).margin(24)); // it stops within a day of the last delivery
}

TEST_CASE("same seed gives identical results and another seed different ones", "[engine][determinism]") {
  // Each run in its own child process: SimGrid allows one engine per process.
  const auto b = border_post(2, 1.5, 1.0, 200);
  const auto first = fingerprint_in_child(b, 42), again = fingerprint_in_child(b, 42),
             other = fingerprint_in_child(b, 43);
  REQUIRE(first.size() > 1000);
  CHECK(first == again); // every field of every shipment and facility, bit for bit
  CHECK(first != other);
}

TEST_CASE("a fleet of one truck is bounded by its round trip", "[engine][fleet]") {
  ScenarioBuilder b(100);
  b.node("A").node("B");
  b.link("A", "B", Mode::Road, 100, 10); // 10 h out, 10 h back empty
  b.truck("truck").fleet = 1;
  b.route("r", {leg("truck", {"A", "B"})});
  b.flow("f", "A", "B", 8760, "r", ArrivalProcess::Regular); // one an hour: far more than it can carry
  const auto r = b.run();
  // Deliveries at 10.5, 30.5, 50.5, ...: 10.5 + 20k <= 2400 gives k = 0..119; the drain
  // carries the rest of the backlog after the horizon.
  const auto by_horizon = std::count_if(r.shipments.begin(), r.shipments.end(), [](const ShipmentRecord& s) {
    return s.delivered() && s.delivered_h < 2400;
  });
  CHECK(by_horizon == 120);
}

TEST_CASE("a gauge-change yard serves a whole train in one service of TEU x time per TEU",
          "[engine][gauge]") {
  ScenarioBuilder b(30, 2);
  b.node("A").node("B").node("C");
  b.link("A", "B", Mode::Rail, 10, 10);
  Link& broad = b.link("B", "C", Mode::Rail, 10, 10);
  broad.gauge_mm = 1676;
  Facility& yard = b.facility("YARD", "B", FacilityKind::GaugeChange, Distribution::constant(0.5));
  yard.service_per = ServicePer::Teu;
  b.train("broad", 100, 24);
  b.train("indian", 100, 24, 23);
  b.route("r", {leg("broad", {"A", "B"}), leg("indian", {"B", "C"})});
  b.flow("f", "A", "C", 40 * 365, "r", ArrivalProcess::Regular); // 40 TEU a day, every 0.6 h
  const auto r = b.run();
  // Trains leave A at 48, 72, ..., 696 h (measured from 48 h), each with 40 TEU: 20 h at the yard.
  const FacilityStats& y = r.facilities[0];
  CHECK(y.vehicles == 28);
  CHECK(y.teu == 28 * 40);
  CHECK(y.busy_server_h == Approx(28 * 20.0));
}

// The road handles trucks ahead of SimGrid's clock while no other actor is due (road.cpp). These
// two cases fail if it runs past another actor's time: cargo would board a train that has left,
// or trucks would pass a border post before one that got there earlier.
TEST_CASE("trucks unloading at a yard make the first train that leaves after they get there",
          "[engine][ahead]") {
  ScenarioBuilder b(30);
  b.node("A").node("Y").node("P");
  b.link("A", "Y", Mode::Road, 10, 20); // 0.5 h
  b.link("Y", "P", Mode::Rail, 10, 10); // 1 h
  b.truck("truck");
  b.train("train", 100, 4); // leaves at 0, 4, 8, ...
  b.route("r", {leg("truck", {"A", "Y"}), leg("train", {"Y", "P"})});
  b.flow("f", "A", "P", 4380, "r", ArrivalProcess::Regular); // at 1, 3, 5, ...: at Y at 1.5, 3.5, ...
  const auto r = b.run();
  REQUIRE(r.shipments.size() > 300);
  for (const ShipmentRecord& s : r.shipments) {
    if (s.delivered_h < 0) continue; // on its way at the horizon
    const double at_yard_h = s.created_h + 0.5;
    const double departs_h = 4 * std::ceil(at_yard_h / 4);
    CHECK(s.delivered_h == Approx(departs_h + 1));
    CHECK(s.waiting_h == Approx(departs_h - at_yard_h));
  }
}

TEST_CASE("a truck loaded from a train reaches a border post in time order with the road's trucks",
          "[engine][ahead]") {
  ScenarioBuilder b(20);
  b.node("A").node("B").node("C").node("D");
  b.link("A", "B", Mode::Rail, 41, 4);  // 10.25 h
  b.link("B", "C", Mode::Road, 10, 20); // 0.5 h
  b.link("D", "C", Mode::Road, 10, 10); // 1 h
  b.facility("POST", "C", FacilityKind::BorderCrossing, Distribution::constant(1));
  b.truck("truck");
  b.train("train", 100, 24, 0.1); // leaves A at 0.1, 24.1, ...
  b.route("rail", {leg("train", {"A", "B"}), leg("truck", {"B", "C"})});
  b.route("road", {leg("truck", {"D", "C"})});
  b.flow("by_rail", "A", "C", 365, "rail", ArrivalProcess::Regular); // at 12, 36, ...
  b.flow("by_road", "D", "C", 4380, "road",
         ArrivalProcess::Regular); // at 1, 3, ...: at the post at 2, 4, ...
  const auto r = b.run();
  // The rail cargo reaches the post at 24.1 + 10.25 + 0.5 = 34.85 (and a day later each day),
  // while the road's truck of 34 h is served until 35: it waits 0.15 h and is served until 36,
  // and the road's truck of 36 h does not wait. Served out of order, it would wait until 37.
  int by_rail = 0;
  for (const ShipmentRecord& s : r.shipments) {
    if (s.delivered_h < 0 || s.delivered_h >= 20 * 24) continue; // the drain has no road trucks
    if (s.flow == 0) {
      ++by_rail;
      CHECK(s.delivered_h == Approx(s.created_h + 24));
      CHECK(s.waiting_h == Approx(12.1 + 0.15));
    } else {
      CHECK(s.waiting_h == Approx(0).margin(1e-9));
    }
  }
  CHECK(by_rail >= 18);
  CHECK(r.facilities[0].total_wait_h == Approx(0.15 * by_rail).epsilon(1e-6));
}

TEST_CASE("a truck with no backhaul charges its empty trip back to the TEU it carried", "[engine][empty]") {
  ScenarioBuilder b(5); // 120 h
  b.node("A").node("B");
  b.link("A", "B", Mode::Road, 100, 10).cost_usd_per_vehicle_km = 0.2; // 10 h each way
  Service& truck = b.truck("truck", 2);
  truck.fleet = 1;
  truck.empty_cost_usd_per_vehicle_km = 1.5;
  b.route("r", {leg("truck", {"A", "B"})});
  b.flow("f", "A", "B", 8760, "r", ArrivalProcess::Regular); // 1 TEU at 0.5, 1.5, 2.5, ... h
  const auto r = b.run();
  // The truck leaves at 0.5 with the one shipment there, then every 20 h (10 out, 10 back
  // empty) with the two that waited longest. Each trip back costs 100 km x 1.5 = 150 USD,
  // shared by TEU: 150 for the first shipment alone, 75 for each of a pair.
  REQUIRE(r.shipments.size() >= 10);
  std::map<double, int> on_board; // delivery time -> shipments delivered then (same truck)
  for (const auto& s : r.shipments)
    if (s.delivered()) ++on_board[s.delivered_h];
  CHECK(on_board.at(10.5) == 1);
  CHECK(on_board.at(30.5) == 2);
  int checked = 0;
  for (const auto& s : r.shipments) {
    if (!s.delivered()) continue;
    const int n = on_board.at(s.delivered_h);
    CHECK(s.empty_cost_usd == Approx(150.0 / n));
    CHECK(s.link_cost_usd() == Approx(20.0 / n)); // 100 km x 0.2, shared alike
    CHECK(s.cost_usd() == s.link_cost_usd() + s.fee_cost_usd + s.handling_cost_usd + s.empty_cost_usd);
    ++checked;
  }
  CHECK(checked >= 10);
  // Departures at 0.5 + 20k < 120 (k = 0..5) and as many empty returns from B at 10.5 + 20k.
  REQUIRE(r.legs.size() == 1);
  CHECK(r.legs[0].departures == 6);
  CHECK(r.legs[0].empty_returns == 6);
  CHECK(r.legs[0].backhauls == 0);
}

namespace {

// A and B 100 km apart, 10 h each way, truck legs both ways with empty running at 2 USD a km:
// one shipment east at 12 h, two west at 6 and 18 h, over 24 h. `base` says where the trucks are.
ReplicationResult run_two_way_ab(const std::function<void(Service&)>& base) {
  ScenarioBuilder b(1);
  b.node("A").node("B");
  b.link("A", "B", Mode::Road, 100, 10);
  Service& truck = b.truck("truck", 1);
  base(truck);
  truck.empty_cost_usd_per_vehicle_km = 2;
  b.route("out", {leg("truck", {"A", "B"})});
  b.route("home", {leg("truck", {"B", "A"})});
  b.flow("east", "A", "B", 365, "out", ArrivalProcess::Regular);
  b.flow("west", "B", "A", 730, "home", ArrivalProcess::Regular);
  return b.run();
}

} // namespace

TEST_CASE("a truck at B carries the reverse leg's waiting cargo home instead of driving back empty",
          "[engine][backhaul]") {
  const auto r = run_two_way_ab([](Service& truck) { truck.fleet = 1; }); // one truck on each leg
  // 6:  W1 leaves B on the home leg's truck, reaches A at 16; nothing waits at A for B, so it
  //     goes back empty (arriving 26) and W1 pays 100 km x 2 = 200 USD.
  // 12: E1 leaves A on the out leg's truck, reaches B at 22.
  // 18: W2 waits at B: the home leg's truck is away.
  // 22: the out leg's truck finds W2 and carries it back (backhaul): E1 pays no empty cost;
  //     W2 reaches A at 32: 4 h waiting, 10 h moving, transit 14 h, no empty cost either.
  REQUIRE(r.shipments.size() == 3);
  const ShipmentRecord &w1 = r.shipments[0], &e1 = r.shipments[1], &w2 = r.shipments[2];
  CHECK(w1.created_h == 6);
  CHECK(w1.delivered_h == 16);
  CHECK(w1.empty_cost_usd == 200);
  CHECK(w1.cost_usd() == 200);
  CHECK(e1.created_h == 12);
  CHECK(e1.delivered_h == 22);
  CHECK(e1.empty_cost_usd == 0);
  CHECK(w2.created_h == 18);
  CHECK(w2.delivered_h == 32);
  CHECK(w2.transit_h() == 14);
  CHECK(w2.moving_h == 10);
  CHECK(w2.waiting_h == 4);
  CHECK(w2.empty_cost_usd == 0);
  // Per leg over [0, 24 h): the out leg left once and found a backhaul; the home leg left twice,
  // once as that backhaul (share 1/2), and its own truck went back empty once.
  REQUIRE(r.legs.size() == 2);
  CHECK(r.legs[0].departures == 1);
  CHECK(r.legs[0].empty_returns == 0);
  CHECK(r.legs[0].backhauls == 0);
  CHECK(r.legs[1].departures == 2);
  CHECK(r.legs[1].empty_returns == 1);
  CHECK(r.legs[1].backhauls == 1);
  CHECK(r.legs[1].teu == 2);
}

TEST_CASE("a backhaul truck parks at its home leg's start and takes the cargo waiting there",
          "[engine][backhaul]") {
  ScenarioBuilder b(1);
  b.node("A").node("B");
  b.link("A", "B", Mode::Road, 100, 10);
  b.truck("truck", 1).fleet = 1;
  b.route("out", {leg("truck", {"A", "B"})});
  b.route("home", {leg("truck", {"B", "A"})});
  b.flow("east", "A", "B", 1095, "out", ArrivalProcess::Regular); // at 4, 12, 20 h
  b.flow("west", "B", "A", 365, "home", ArrivalProcess::Regular); // at 12 h
  const auto r = b.run();
  // 4: E1 leaves A on the out truck, at B at 14. 12: W1 leaves B on the home truck, at A at 22.
  // 12: E2 waits at A. 14: the out truck finds nothing at B for A: back empty to A at 24.
  // 20: E3 waits too. 22: the home truck finds E2 at A (the one waiting longest) and takes it
  // to B (at 32), then parks at B. 24: the out truck is home and takes E3 (at B at 34).
  // Ids follow creation: E1, then at 12 W1 (its arrival was queued first), E2, then E3.
  REQUIRE(r.shipments.size() == 4);
  CHECK(r.shipments[0].delivered_h == 14); // E1
  CHECK(r.shipments[1].delivered_h == 22); // W1
  CHECK(r.shipments[2].flow == 0);         // E2
  CHECK(r.shipments[2].delivered_h == 32);
  CHECK(r.shipments[2].waiting_h == 10);
  CHECK(r.shipments[3].delivered_h == 34); // E3
  CHECK(r.legs[0].departures == 2);        // E1 at 4, E2 (backhaul) at 22; E3 at 24 is after the horizon
  CHECK(r.legs[0].backhauls == 1);
  CHECK(r.legs[0].empty_returns == 1);
  CHECK(r.legs[1].departures == 1);
  CHECK(r.legs[1].empty_returns == 0);
}

TEST_CASE("backhauls and empty running: same seed, identical results", "[engine][determinism][backhaul]") {
  // Random cargo both ways over a border post, trucks of one fleet a leg: which truck finds a
  // backhaul depends on every draw, so any order that is not fixed would show.
  ScenarioBuilder b = border_post(2, 1.5, 1.0, 60);
  Service& truck = b.s.services[0];
  truck.fleet = 3;
  truck.capacity_teu = 2;
  truck.empty_cost_usd_per_vehicle_km = 1;
  b.route("back", {leg("truck", {"C", "B", "A"})});
  b.flow("west", "C", "A", 4380, "back"); // one every 2 h, Poisson
  const auto first = fingerprint_in_child(b, 7), again = fingerprint_in_child(b, 7);
  REQUIRE(first.size() > 1000);
  CHECK(first == again);
  const auto r = b.run(7); // both legs saw backhauls and empty returns
  REQUIRE(r.legs.size() == 2);
  for (const LegStats& l : r.legs) {
    CHECK(l.backhauls > 0);
    CHECK(l.empty_returns > 0);
  }
}

TEST_CASE("background traffic shares an M/M/4 post: the corridor waits Erlang C of the total rate",
          "[engine][queueing][background][slow]") {
  // Corridor trucks at 0.6 an hour and background vehicles at 1.0 an hour (24 a day) on 4
  // lanes with exponential service of mean 1.6 h. The two Poisson streams merge into one at
  // lambda = 1.6 an hour, so by PASTA a corridor truck waits what any vehicle waits in an
  // M/M/4 with a = lambda / mu = 2.56: Erlang C(4, 2.56) = 0.34039, Wq = 0.34039 / (4 / 1.6 -
  // 1.6) = 0.378 h (the same figure as the M/M/4 test above, with 3/8 of its corridor trucks).
  // Utilization = lambda / (c mu) = 1.6 x 1.6 / 4 = 0.64, corridor and background together.
  const int c = 4;
  const double corridor = 0.6, background = 1.0, mean_service = 1.6;
  auto b = border_post(c, mean_service, corridor, 40000);
  b.s.facilities[0].background = BackgroundTraffic{background * 24, std::nullopt, {}, {}};
  const auto r = b.run(11);
  const double lambda = corridor + background;
  const double expected = erlang_c(c, lambda * mean_service) / (c / mean_service - lambda);
  CHECK(expected == Approx(0.37821).epsilon(1e-4));
  const FacilityStats& f = r.facilities[0];
  INFO("simulated mean wait " << mean_facility_wait(r, 0));
  CHECK(mean_facility_wait(r, 0) == Approx(expected).epsilon(0.03));
  CHECK(f.busy_server_h / f.available_server_h == Approx(lambda * mean_service / c).epsilon(0.02));
  const double measured_days = (r.horizon_h - r.warmup_h) / 24;
  CHECK(static_cast<double>(f.background_vehicles) / measured_days == Approx(24).epsilon(0.01));
  CHECK(static_cast<double>(f.vehicles) / measured_days == Approx(corridor * 24).epsilon(0.01));
}

TEST_CASE("background traffic follows its monthly factors and is brought up to the horizon",
          "[engine][background]") {
  // All of the background in December: factors 0 for January to November and 12 in December
  // (mean 1), 100 a day over the year, so 36,500 vehicles expected (sd 191), all in December's
  // 31 days. The one corridor shipment comes at mid-year, so December's are only served by
  // bringing the background up to the horizon at the end of the run. Lanes are plenty and
  // service short, so every vehicle starts the moment it arrives.
  auto post = [](double horizon_days) {
    auto b = border_post(1000, 0.01, 0, horizon_days);
    b.s.flows[0].teu_per_year = 1;
    b.s.flows[0].arrivals = ArrivalProcess::Regular;
    b.s.facilities[0].service_time_h = Distribution::constant(0.01);
    std::vector<double> factors(12, 0.0);
    factors[11] = 12;
    b.s.facilities[0].background = BackgroundTraffic{100, std::nullopt, factors, {}}; // the post's 0.01 h
    return b;
  };
  const auto run = [&](double horizon_days) { // one engine per process
    return in_child([&] {
      const auto r = post(horizon_days).run(4);
      return std::vector<double>{static_cast<double>(r.facilities[0].background_vehicles),
                                 r.facilities[0].busy_server_h};
    });
  };
  const auto year = run(365);
  CHECK(year.at(0) == Approx(36500).epsilon(0.02));
  CHECK(year.at(1) == Approx(0.01 * (year.at(0) + 1))); // and the one corridor truck
  const auto to_november = run(334);                    // 1 January to 30 November: none at all
  CHECK(to_november.at(0) == 0);
  CHECK(to_november.at(1) == Approx(0.01));
}

TEST_CASE("service time by direction: each way takes its own time, exactly", "[engine][direction]") {
  // A -1 h- B -2 h- C, and D -1 h- B. The post at B takes 3 h from A, 7 h from C and its own
  // 100 h from anywhere else (D). One shipment each way, all at 4380 h, on lanes enough for all:
  // A to C 1 + 3 + 2 = 6 h, C to A 2 + 7 + 1 = 10 h, D to C 1 + 100 + 2 = 103 h.
  ScenarioBuilder b(365);
  b.node("A").node("B").node("C").node("D");
  b.link("A", "B", Mode::Road, 10, 10);
  b.link("B", "C", Mode::Road, 20, 10);
  b.link("D", "B", Mode::Road, 10, 10);
  Facility& post = b.facility("POST", "B", FacilityKind::BorderCrossing, Distribution::constant(100), 3);
  post.service_time_h_from = {{"A", Distribution::constant(3)}, {"C", Distribution::constant(7)}};
  b.truck("truck");
  b.route("east", {leg("truck", {"A", "B", "C"})});
  b.route("west", {leg("truck", {"C", "B", "A"})});
  b.route("south", {leg("truck", {"D", "B", "C"})});
  b.flow("east", "A", "C", 1, "east", ArrivalProcess::Regular);
  b.flow("west", "C", "A", 1, "west", ArrivalProcess::Regular);
  b.flow("south", "D", "C", 1, "south", ArrivalProcess::Regular);
  const RoutedScenario routed(b.s);
  CHECK(routed.routes[0].free_flow_h == 6);
  CHECK(routed.routes[1].free_flow_h == 10);
  CHECK(routed.routes[2].free_flow_h == 103);
  const auto r = b.run();
  REQUIRE(r.shipments.size() == 3);
  const double expected[] = {6, 10, 103};
  for (const ShipmentRecord& s : r.shipments) {
    INFO("flow " << s.flow);
    CHECK(s.created_h == 4380);
    CHECK(s.transit_h() == expected[s.flow]);
    CHECK(s.waiting_h == 0);
  }
}

namespace {

// A post at B with random closures: 50 a year, lasting 24 h or 72 h with equal weight.
ScenarioBuilder randomly_closed_post(double days) {
  ScenarioBuilder b(days);
  b.node("A").node("B").node("C");
  b.link("A", "B", Mode::Road, 1, 1000);
  b.link("B", "C", Mode::Road, 1, 1000);
  b.facility("POST", "B", FacilityKind::BorderCrossing, Distribution::constant(1), 2);
  b.truck("truck");
  b.route("r", {leg("truck", {"A", "B", "C"})});
  b.flow("f", "A", "C", 12, "r", ArrivalProcess::Regular);
  Disruption d;
  d.target = "POST";
  d.kind = DisruptionKind::RandomClosures;
  d.rate_per_year = 50;
  d.duration_h.kind = DistributionKind::Empirical;
  d.duration_h.table_values = {24, 72};
  d.duration_h.table_weights = {1, 1};
  b.s.disruptions.push_back(d);
  return b;
}

double closed_share(const ReplicationResult& r, int servers) {
  return 1 - r.facilities[0].available_server_h / (servers * (r.horizon_h - r.warmup_h));
}

} // namespace

TEST_CASE("random closures: the closed share is 1 - exp(-rate x mean duration)", "[engine][disruption]") {
  // Closures start as a Poisson process at 50 a year and last 24 or 72 h (mean 48 h); overlaps
  // merge. The number under way at a time is that of an M/G/infinity queue, Poisson with mean
  // rate x mean duration = 50 x 48 / 8760 = 0.27397, so the post is closed with probability
  // 1 - exp(-0.27397) = 0.23965 (not 0.274: overlapping closures count once). 200 years give
  // about 10,000 closures; the share's standard error is then about 1.5%.
  const auto r = randomly_closed_post(200 * 365).run(3);
  const double expected = 1 - std::exp(-50 * 48.0 / 8760);
  CHECK(expected == Approx(0.23965).epsilon(1e-4));
  INFO("simulated closed share " << closed_share(r, 2));
  CHECK(closed_share(r, 2) == Approx(expected).epsilon(0.05));
}

TEST_CASE("random closures are seeded: same seed same windows, another seed others", "[engine][disruption]") {
  const auto b = randomly_closed_post(3650);
  const auto run = [&](std::uint64_t seed) {
    return in_child([&] {
      const auto r = b.run(seed);
      return std::vector<double>{closed_share(r, 2), r.facilities[0].total_wait_h};
    });
  };
  const auto first = run(8), again = run(8), other = run(9);
  REQUIRE(first.size() == 2);
  CHECK(first[0] > 0.1); // about 0.24, drawn
  CHECK(first[1] > 0);   // trucks met closures
  CHECK(first == again);
  CHECK(first[0] != other[0]);
}

TEST_CASE("fleet_at: few trucks based at the far end make its cargo wait for a backhaul",
          "[engine][backhaul]") {
  // One truck based at B; as many as needed at A.
  const auto r = run_two_way_ab([](Service& truck) { truck.fleet_at["B"] = 1; });
  // 6: W1 leaves B on B's one truck, at A at 16, back to B empty at 26: W1 pays 200 USD.
  // 12: E1 leaves A at once (no bound at A), at B at 22. 18: W2 waits: B's truck is away.
  // 22: E1's truck carries W2 home (backhaul), at A at 32: no empty cost for E1 or W2.
  REQUIRE(r.shipments.size() == 3);
  const ShipmentRecord &w1 = r.shipments[0], &e1 = r.shipments[1], &w2 = r.shipments[2];
  CHECK(w1.delivered_h == 16);
  CHECK(w1.empty_cost_usd == 200);
  CHECK(e1.delivered_h == 22);
  CHECK(e1.empty_cost_usd == 0);
  CHECK(w2.delivered_h == 32);
  CHECK(w2.waiting_h == 4);
  CHECK(w2.empty_cost_usd == 0);
  REQUIRE(r.legs.size() == 2);
  CHECK(r.legs[1].departures == 2);
  CHECK(r.legs[1].backhauls == 1);
  CHECK(r.legs[0].empty_returns == 0);
}

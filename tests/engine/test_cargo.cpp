// Cargo by weight and trains that leave when full or at their slot, against hand computations.
// Each TEST_CASE runs in its own process (catch_discover_tests), as SimGrid allows one engine
// per process.
#include "builder.hpp"

#include <catch2/catch.hpp>

using namespace corridor;
using namespace corridor::test;

namespace {

constexpr double kHoursPerYear = 8760;

// A -> B by rail, 100 km at 50 km/h: 2 h. A 10-TEU train every 24 h from 0 that also leaves
// when full; cargo arrives regularly at `teu_per_h`, the first half a gap after t = 0.
ScenarioBuilder full_or_slot(double teu_per_h, double days) {
  ScenarioBuilder b(days);
  b.node("A").node("B");
  b.link("A", "B", Mode::Rail, 100, 50);
  b.train("train", 10, 24).departures.when_full = true;
  b.route("r", {leg("train", {"A", "B"})});
  b.flow("f", "A", "B", teu_per_h * kHoursPerYear, "r", ArrivalProcess::Regular);
  return b;
}

} // namespace

TEST_CASE("when full or at its slot: 1 TEU/h fills a 10-TEU train every 10 h, the slot takes the rest",
          "[engine][departures]") {
  // Cargo at 0.5, 1.5, ..., 47.5 h (48 TEU over 2 days). The slot at 0 finds nothing: it does
  // not run. The 10th TEU (9.5 h) fills the train: it leaves then; again at 19.5 h. The slot
  // at 24 h is kept and takes 20.5..23.5 (4 TEU); then full at 33.5 and 43.5 h, and the slot
  // at 48 h takes 44.5..47.5. Each train arrives 2 h after it leaves.
  const auto r = full_or_slot(1, 2).run();
  REQUIRE(r.shipments.size() == 48);
  for (const ShipmentRecord& s : r.shipments) {
    const auto i = s.id;
    const double leaves_h = i < 10 ? 9.5 : i < 20 ? 19.5 : i < 24 ? 24 : i < 34 ? 33.5 : i < 44 ? 43.5 : 48;
    INFO("shipment " << i);
    CHECK(s.created_h == i + 0.5);
    CHECK(s.delivered_h == leaves_h + 2);
    CHECK(s.transit_h() == leaves_h + 2 - (i + 0.5)); // e.g. id 0: 11 h, id 20: 5.5 h
    CHECK(s.moving_h == 2);
  }
  // Measured departures (before 48 h): 9.5, 19.5, 24, 33.5 and 43.5 h with 10+10+4+10+10 TEU.
  REQUIRE(r.legs.size() == 1);
  CHECK(r.legs[0].departures == 5);
  CHECK(r.legs[0].teu == 44);
}

TEST_CASE("when full or at its slot: at 0.2 TEU/h the train leaves at each slot with what arrived; "
          "an empty slot does not run",
          "[engine][departures]") {
  // One TEU every 5 h at 2.5, 7.5, ..., 67.5 h (14 TEU over 3 days); never 10 waiting. The
  // slot at 0 runs no train; 24 h takes 2.5..22.5 (5 TEU), 48 h takes 27.5..47.5 (5), and 72 h
  // (in the drain, the timetable goes on) takes 52.5..67.5 (4). Arrival 2 h later.
  const auto r = full_or_slot(0.2, 3).run();
  REQUIRE(r.shipments.size() == 14);
  for (const ShipmentRecord& s : r.shipments) {
    const double created_h = 2.5 + 5.0 * static_cast<double>(s.id);
    const double slot_h = created_h < 24 ? 24 : created_h < 48 ? 48 : 72;
    INFO("shipment " << s.id);
    CHECK(s.created_h == created_h);
    CHECK(s.delivered_h == slot_h + 2);
    CHECK(s.waiting_h == slot_h - created_h);
  }
  // Measured (before 72 h): the trains of 24 and 48 h, 5 TEU each; not the empty one at 0.
  CHECK(r.legs[0].departures == 2);
  CHECK(r.legs[0].teu == 10);
}

TEST_CASE("when full or at a timetable slot: the slot stays at its time of day", "[engine][departures]") {
  // A 10-TEU train at 12:00 each day or when full, 1 TEU/h from 0.5 h over one day: full at
  // 9.5 h (0.5..9.5), the 12:00 slot takes 10.5 and 11.5, full again at 21.5 h (12.5..21.5),
  // and the next day's 12:00 slot takes 22.5 and 23.5. Arrival 2 h later.
  ScenarioBuilder b = full_or_slot(1, 1);
  Departures& d = b.s.services[0].departures;
  d.every_h.reset();
  d.timetable_h = {12};
  const auto r = b.run();
  REQUIRE(r.shipments.size() == 24);
  for (const ShipmentRecord& s : r.shipments) {
    const auto i = s.id;
    const double leaves_h = i < 10 ? 9.5 : i < 12 ? 12 : i < 22 ? 21.5 : 36;
    INFO("shipment " << i);
    CHECK(s.delivered_h == leaves_h + 2);
  }
  CHECK(r.legs[0].departures == 3);
  CHECK(r.legs[0].teu == 22);
}

TEST_CASE("a truck's payload: two light TEU share a truck, heavy 22 t TEU go one a truck and each pays "
          "the whole truck-km",
          "[engine][payload]") {
  // Trucks of 2 TEU and 26 t over 100 km at 50 km/h; 1 USD per truck-km and 0.1 USD per TEU-km.
  // Four flows of one 1-TEU shipment each at 12 h (365 TEU a year, regular): two light (10 t
  // per TEU), then two heavy (22 t per TEU), boarding in that order. Truck 1: both light
  // (2 TEU, 20 t); truck 2: one heavy (22 + 22 = 44 t > 26); truck 3: the other heavy.
  // Light: 0.1 × 100 + 100 × 1/2 = 60 USD each. Heavy: 0.1 × 100 + 100 = 110 USD each.
  ScenarioBuilder b(1);
  b.node("A").node("B");
  Link& road = b.link("A", "B", Mode::Road, 100, 50);
  road.cost_usd_per_vehicle_km = 1;
  road.cost_usd_per_teu_km = 0.1;
  b.truck("truck", 2).payload_tons = 26;
  b.route("r", {leg("truck", {"A", "B"})});
  for (const char* id : {"light1", "light2"})
    b.flow(id, "A", "B", 365, "r", ArrivalProcess::Regular).tons_per_teu = 10;
  for (const char* id : {"heavy1", "heavy2"})
    b.flow(id, "A", "B", 365, "r", ArrivalProcess::Regular).tons_per_teu = 22;
  const auto r = b.run();
  REQUIRE(r.shipments.size() == 4);
  for (const ShipmentRecord& s : r.shipments) {
    INFO("flow " << s.flow);
    const bool heavy = s.flow >= 2;
    CHECK(s.created_h == 12);
    CHECK(s.delivered_h == 14);
    CHECK(s.tons == (heavy ? 22 : 10));
    CHECK(s.cost_usd() == Approx(heavy ? 110 : 60).epsilon(1e-12));
  }
  CHECK(r.legs[0].departures == 3);
  CHECK(r.legs[0].teu == 4);
  CHECK(r.legs[0].tons == 64);
}

TEST_CASE("without payload_tons, weight does not limit a truck", "[engine][payload]") {
  // The same two heavy TEU (44 t) on a truck with no payload limit share it: 10 + 50 USD each.
  ScenarioBuilder b(1);
  b.node("A").node("B");
  b.link("A", "B", Mode::Road, 100, 50).cost_usd_per_vehicle_km = 1;
  b.s.links[0].cost_usd_per_teu_km = 0.1;
  b.truck("truck", 2);
  b.route("r", {leg("truck", {"A", "B"})});
  for (const char* id : {"heavy1", "heavy2"})
    b.flow(id, "A", "B", 365, "r", ArrivalProcess::Regular).tons_per_teu = 22;
  const auto r = b.run();
  REQUIRE(r.shipments.size() == 2);
  for (const ShipmentRecord& s : r.shipments)
    CHECK(s.cost_usd() == Approx(60).epsilon(1e-12));
  CHECK(r.legs[0].departures == 1);
}

TEST_CASE("bulk fills trucks by weight and shares their costs by tons", "[engine][bulk]") {
  // Three bulk flows of one 10 t shipment each at 12 h on 26 t trucks: truck 1 takes two
  // (20 t; a third would make 30 t), truck 2 the third. No TEU, so no per-TEU cost; the
  // 100 USD of truck-km split by tons: 50 USD each on truck 1, 100 USD on truck 2.
  ScenarioBuilder b(1);
  b.node("A").node("B");
  Link& road = b.link("A", "B", Mode::Road, 100, 50);
  road.cost_usd_per_vehicle_km = 1;
  road.cost_usd_per_teu_km = 0.1;
  b.truck("truck", 2).payload_tons = 26;
  b.route("r", {leg("truck", {"A", "B"})});
  for (const char* id : {"grain1", "grain2", "grain3"}) {
    Flow& f = b.flow(id, "A", "B", 0, "r", ArrivalProcess::Regular);
    f.bulk = true;
    f.tons_per_year = 3650; // 365 shipments of 10 t a year: one every 24 h, the first at 12 h
    f.shipment_tons = Distribution::constant(10);
  }
  const auto r = b.run();
  REQUIRE(r.shipments.size() == 3);
  for (const ShipmentRecord& s : r.shipments) {
    INFO("flow " << s.flow);
    CHECK(s.teu == 0);
    CHECK(s.tons == 10);
    CHECK(s.delivered_h == 14);
    CHECK(s.cost_usd() == Approx(s.flow < 2 ? 50 : 100).epsilon(1e-12));
  }
  CHECK(r.legs[0].departures == 2);
  CHECK(r.legs[0].teu == 0);
  CHECK(r.legs[0].tons == 30);
}

TEST_CASE("a when_full train of bulk leaves when its payload is reached", "[engine][bulk]") {
  // A train of 10 TEU and 100 t, when full only; 10 t of bulk an hour at 0.5, 1.5, ... h.
  // The 10th shipment (9.5 h) brings 100 t: it leaves then with no TEU; again at 19.5 h.
  // 100 km at 50 km/h: arrival 2 h later.
  ScenarioBuilder b(1);
  b.node("A").node("B");
  b.link("A", "B", Mode::Rail, 100, 50);
  Service& train = b.train("train", 10, 24);
  train.departures.every_h.reset();
  train.departures.when_full = true;
  train.payload_tons = 100;
  b.route("r", {leg("train", {"A", "B"})});
  Flow& f = b.flow("ore", "A", "B", 0, "r", ArrivalProcess::Regular);
  f.bulk = true;
  f.tons_per_year = 10 * kHoursPerYear;
  f.shipment_tons = Distribution::constant(10);
  const auto r = b.run();
  REQUIRE(r.shipments.size() == 24);
  for (const ShipmentRecord& s : r.shipments) {
    if (s.id >= 20) continue; // 20.5..23.5 h: 40 t, not full, still waiting
    INFO("shipment " << s.id);
    CHECK(s.delivered_h == (s.id < 10 ? 11.5 : 21.5));
  }
  CHECK(r.legs[0].departures == 2);
  CHECK(r.legs[0].tons == 200);
  CHECK(r.legs[0].teu == 0);
}

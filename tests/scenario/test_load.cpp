#include "corridor/load.hpp"
#include "corridor/network.hpp"

#include "scenario/load_errors.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace corridor;
namespace fs = std::filesystem;

namespace {

const std::string kDir = std::string(CORRIDOR_TEST_DIR) + "/scenarios/";

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace

TEST_CASE("a valid scenario loads with its values, defaults and conversions", "[load]") {
  const Scenario s = load_scenario(kDir + "valid/small.yaml");
  CHECK(s.info.name == "small");
  CHECK(s.info.start_date == Date{2025, 1, 1});
  CHECK(s.horizon_h() == 2400);
  CHECK(s.warmup_h() == 240);
  CHECK(s.info.seed == 5);
  CHECK(s.info.replications == 2);
  REQUIRE(s.nodes.size() == 4);
  CHECK(s.nodes[0].lat == 43.2);
  CHECK(s.nodes[1].name == "B"); // defaults to the id

  REQUIRE(s.links.size() == 4);
  CHECK(s.links[0].id == "A-B-road"); // default id
  CHECK(s.links[0].two_way);
  const Link& rail = s.links[1];
  CHECK(rail.id == "B-C-rail");
  CHECK(rail.gauge_mm == 1520);
  REQUIRE(rail.travel_time_h);
  CHECK(rail.travel_time_h->kind == DistributionKind::Triangular);
  CHECK(rail.travel_time_h->mean() == Approx(17.0 / 3));
  CHECK(*rail.capacity_vehicles_per_day == 12);
  REQUIRE(rail.closures.size() == 2);
  CHECK(rail.closures[0].yearly);
  CHECK(rail.closures[0].from_month == 12);
  CHECK(rail.closures[0].to_day == 31);
  CHECK_FALSE(rail.closures[1].yearly);
  CHECK(rail.closures[1].from_h == 31 * 24);     // 00:00 on 1 February
  CHECK(rail.closures[1].to_h == (31 + 3) * 24); // 24:00 on 3 February
  CHECK_FALSE(s.links[3].two_way);

  const Facility& post = s.facilities[0];
  CHECK(post.modes == std::vector<Mode>{Mode::Road});
  CHECK(post.servers == 3);
  CHECK(post.service_time_h.kind == DistributionKind::Exponential);
  CHECK(post.opening_hours.daily.size() == 1);
  CHECK(post.opening_hours.daily[0].open_h == 8);
  CHECK(post.opening_hours.days_off == std::vector<int>{4});
  CHECK(post.fee_usd_per_vehicle == 50);
  const Facility& yard = s.facilities[1];
  CHECK(yard.service_time_h.is_constant());
  CHECK(yard.service_per == ServicePer::Teu);
  CHECK(yard.dwell_h->mean() == 2);
  CHECK(yard.servers == 1);

  CHECK(s.services[0].fleet == 10);
  CHECK(s.services[1].departures.timetable_h == std::vector<double>{6, 18.5});
  CHECK(s.services[2].departures.when_full);
  CHECK(s.services[2].departures.max_wait_h == 48);

  const Flow& f = s.flows[0];
  CHECK(f.teu_per_year == 2000); // 40,000 t at 20 t per TEU
  CHECK(f.arrivals == ArrivalProcess::Regular);
  CHECK(f.shipment_teu.mean() == Approx(1.25));
  REQUIRE(f.routes.size() == 1);
  CHECK(f.routes[0].route == "rail");

  REQUIRE(s.disruptions.size() == 2);
  CHECK(s.disruptions[0].window.from_h == (31 + 28) * 24);
  CHECK(s.disruptions[0].window.to_h == (31 + 28 + 1) * 24 + 12); // an exact instant: 12:00 on 2 March
  CHECK(s.disruptions[1].kind == DisruptionKind::Breakdown);
  CHECK(s.disruptions[1].mttr_h == 8);
}

TEST_CASE("every invalid test scenario fails with its expected message", "[load]") {
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(kDir + "invalid")) {
    if (entry.path().extension() != ".yaml") continue;
    auto expected_path = entry.path();
    expected_path.replace_extension(".expected");
    std::string expected = read(expected_path);
    while (!expected.empty() && expected.back() == '\n')
      expected.pop_back();
    INFO(entry.path().filename().string());
    bool found = false;
    try {
      load_scenario(entry.path().string());
    } catch (const ScenarioError& e) {
      for (const auto& d : e.diagnostics()) {
        const std::string line = d.to_string();
        found |= line.size() >= expected.size() &&
                 line.compare(line.size() - expected.size(), expected.size(), expected) == 0;
        CHECK(d.loc.line > 0); // every message points into the file
      }
    }
    CHECK(found);
    ++checked;
  }
  CHECK(checked >= 15);
}

TEST_CASE("all errors are reported in one pass, in file order", "[load]") {
  std::string text = read(kDir + "valid/small.yaml");
  text.replace(text.find("distance_km: 100,"), 17, "distance_km: far,");
  text.replace(text.find("servers: 3"), 10, "servers: 0");
  text.replace(text.find("{service: narrow,"), 17, "{service: narow,");
  const auto errors = errors_of(text);
  REQUIRE(errors.size() == 3);
  CHECK(errors[0] == "x.yaml:15:47: error: links[0].distance_km: expected a number, got 'far'");
  CHECK(errors[1] == "x.yaml:34:14: error: facilities[POST].servers: expected an integer >= 1, got '0'");
  CHECK(errors[2] ==
        "x.yaml:61:19: error: routes[rail].legs[2].service: unknown service 'narow'; did you mean 'narrow'?");
}

TEST_CASE("a yearly closure on 02-29 is an error at each end; a dated one in a leap year loads", "[load]") {
  const std::string text = read(kDir + "valid/small.yaml");
  const std::string winter = R"({from: "12-01", to: "03-31", reason: winter})";
  REQUIRE(text.find(winter) != std::string::npos);

  std::string leap = text;
  leap.replace(leap.find(winter), winter.size(), R"({from: "02-29", to: "02-29", reason: leap})");
  const std::string advice = "expected a day every year has (02-29 is only in leap years: use 02-28 or "
                             "03-01, or a dated closure such as 2028-02-29), got '02-29'";
  const auto errors = errors_of(leap);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0] == "x.yaml:25:16: error: links[B-C-rail].closures[0].from: " + advice);
  CHECK(errors[1] == "x.yaml:25:29: error: links[B-C-rail].closures[0].to: " + advice);

  std::string around = text;
  around.replace(around.find(winter), winter.size(), R"({from: "02-28", to: "03-01"})");
  const Closure yearly = load_scenario_text(around, "x.yaml").links[1].closures[0];
  CHECK(yearly.yearly);
  CHECK((yearly.from_month == 2 && yearly.from_day == 28 && yearly.to_month == 3 && yearly.to_day == 1));

  std::string dated = text;
  dated.replace(dated.find(winter), winter.size(), "{from: 2028-02-29, to: 2028-02-29}");
  const Closure once = load_scenario_text(dated, "x.yaml").links[1].closures[0];
  CHECK_FALSE(once.yearly);
  CHECK(once.from_h == (Date{2028, 2, 29}.days_since_epoch() - Date{2025, 1, 1}.days_since_epoch()) * 24.0);
  CHECK(once.to_h == once.from_h + 24);
  std::string not_leap = text;
  not_leap.replace(not_leap.find(winter), winter.size(), "{from: 2027-02-29, to: 2027-03-01}");
  CHECK(errors_of(not_leap)[0] ==
        "x.yaml:25:16: error: links[B-C-rail].closures[0].from: expected a date YYYY-MM-DD or "
        "\"YYYY-MM-DD HH:MM\", got '2027-02-29'");
}

TEST_CASE("the first line of a file is line 1, and a missing file is an error", "[load]") {
  const auto errors = errors_of("scenario: {name: x, start_date: 2025-01-01, horizon_days: -1}\n");
  CHECK(std::find(errors.begin(), errors.end(),
                  "x.yaml:1:59: error: scenario.horizon_days: expected a positive number, got '-1'") !=
        errors.end());
  CHECK(std::find(errors.begin(), errors.end(),
                  "x.yaml:1:1: error: nodes: missing required section: expected a list") != errors.end());
  CHECK_THROWS_AS(load_scenario(kDir + "no-such-file.yaml"), ScenarioError);
}

TEST_CASE("overrides (--set) change values by id or index, and bad paths are errors", "[load][overrides]") {
  const std::string file = kDir + "valid/small.yaml";
  const Scenario s =
      load_scenario(file, {"facilities[POST].servers=7", "links[0].speed_kmh=80", "scenario.seed=99",
                           "facilities[YARD].service_time_h={exponential: {mean: 3}}"});
  CHECK(s.facilities[0].servers == 7);
  CHECK(*s.links[0].speed_kmh == 80);
  CHECK(s.info.seed == 99);
  CHECK(s.facilities[1].service_time_h.kind == DistributionKind::Exponential);

  const std::string text = read(file);
  CHECK(errors_of(text, {"facilities[NOPE].servers=3"})[0] ==
        "--set: error: facilities[NOPE].servers: no item 'NOPE' in facilities (by id or index)");
  CHECK(errors_of(text, {"facilities[POST].servers=many"})[0] ==
        "--set: error: facilities[POST].servers: expected an integer, got 'many'");
  CHECK(errors_of(text, {"facilities[POST].severs=3"})[0].find("unknown key; did you mean 'servers'?") !=
        std::string::npos);
  CHECK(errors_of(text, {"no-equals-sign"})[0].find("expected PATH=VALUE") != std::string::npos);
}

TEST_CASE("override values are reported at --set, however nested, and file values at the file",
          "[load][overrides]") {
  const std::string text = read(kDir + "valid/small.yaml");
  // A mapping value, and a value inside it: both parsed on their own, neither is at x.yaml:1:1.
  CHECK(errors_of(text, {"facilities[POST].service_time_h={exponential: {mean: -1}}"}) ==
        std::vector<std::string>{"--set: error: facilities[POST].service_time_h.exponential.mean: expected a "
                                 "number >= 0, got '-1'"});
  CHECK(errors_of(text, {"facilities[POST].opening_hours={dayly: []}"})[0].rfind(
            "--set: error: facilities[POST].opening_hours.dayly: unknown key; did you mean 'daily'?", 0) ==
        0);
  // An index too large for any integer type names no item; it is not an internal error.
  CHECK(
      errors_of(text, {"nodes[99999999999999999999].kind=city"}) ==
      std::vector<std::string>{
          "--set: error: nodes[99999999999999999999].kind: no item '99999999999999999999' in nodes (by id or "
          "index)"});
  // With --set given, the file's own mistakes keep their place in the file.
  std::string typo = text;
  typo = "scenaro:" + typo.substr(typo.find("scenario:") + std::string("scenario:").size());
  const auto errors = errors_of(typo, {"facilities[POST].servers=7"});
  CHECK(std::find_if(errors.begin(), errors.end(), [](const std::string& e) {
          return e.rfind("x.yaml:1:1: error: scenaro: unknown key; did you mean 'scenario'?", 0) == 0;
        }) != errors.end());
}

TEST_CASE("integers are read whole: too large is an error, never a wrapped or truncated value",
          "[load][limits]") {
  const std::string text = read(kDir + "valid/small.yaml");
  CHECK(errors_of(text, {"facilities[POST].servers=4294967297"}) ==
        std::vector<std::string>{"--set: error: facilities[POST].servers: expected an integer <= 100000, got "
                                 "'4294967297'"});
  CHECK(
      errors_of(text, {"scenario.replications=99999999999999999999"}) ==
      std::vector<std::string>{
          "--set: error: scenario.replications: expected an integer <= 100000, got '99999999999999999999'"});
  CHECK(errors_of(text, {"scenario.replications=-99999999999999999999"}) ==
        std::vector<std::string>{
            "--set: error: scenario.replications: expected an integer >= 1, got '-99999999999999999999'"});
  CHECK(errors_of(text, {"facilities[POST].servers=1e3"}) ==
        std::vector<std::string>{"--set: error: facilities[POST].servers: expected an integer, got '1e3'"});
  CHECK(load_scenario(kDir + "valid/small.yaml",
                      {"facilities[POST].servers=100000", "scenario.replications=100000"})
            .facilities[0]
            .servers == 100000);
}

TEST_CASE("limits keep every run finite and within memory, checked before simulating", "[load][limits]") {
  const std::string text = read(kDir + "valid/small.yaml");
  auto first = [&](const std::string& set) { return errors_of(text, {set})[0]; };
  CHECK(first("scenario.horizon_days=1000001") ==
        "--set: error: scenario.horizon_days: expected a number <= 1e+06, got '1000001'");
  CHECK(first("scenario.drain_days=1e7") ==
        "--set: error: scenario.drain_days: expected a number <= 1e+06, got '1e7'");
  CHECK(first("links[0].distance_km=1e7") ==
        "--set: error: links[0].distance_km: expected a number <= 1e+06, got '1e7'");
  CHECK(first("links[0].speed_kmh=1e-9") ==
        "--set: error: links[0].speed_kmh: expected a number >= 0.001, got '1e-9'");
  CHECK(first("facilities[POST].service_time_h={uniform: {min: 0, max: 1e10}}") ==
        "--set: error: facilities[POST].service_time_h.uniform.max: expected a number <= 1e+09, got '1e10'");
  CHECK(first("facilities[POST].service_time_h=1e10") ==
        "--set: error: facilities[POST].service_time_h: expected a number <= 1e+09, got '1e10'");
  CHECK(first("services[1].departures={every_h: 1e-6}").find("expected at least") != std::string::npos);
  const auto tiny = errors_of(text, {"services[0].capacity_teu=1e-9", "services[1].capacity_teu=1e-9",
                                     "services[2].capacity_teu=1e-9"});
  REQUIRE(tiny.size() == 1);
  CHECK(tiny[0].find("tons_per_year: expected at most 4e+08 vehicle loads in a replication") !=
        std::string::npos);
  // At the limits themselves, a scenario loads.
  CHECK_NOTHROW(load_scenario(kDir + "valid/small.yaml", {"scenario.horizon_days=36500"}));
  CHECK_NOTHROW(load_scenario(kDir + "valid/small.yaml", {"scenario.drain_days=0"}));
}

namespace {

// A truck road and a rail line from A to B, with a steel (22 t a TEU) and a bulk grain commodity.
std::string cargo_scenario(const std::string& services, const std::string& demand) {
  return R"(scenario: {name: cargo, start_date: 2025-01-01, horizon_days: 10}
nodes:
  - {id: A, kind: city}
  - {id: B, kind: city}
links:
  - {from: A, to: B, mode: road, distance_km: 100, speed_kmh: 50}
  - {from: A, to: B, mode: rail, distance_km: 100, speed_kmh: 50, gauge_mm: 1435}
services:
)" + services +
         R"(routes:
  - {id: road, legs: [{service: truck, path: [A, B]}]}
  - {id: rail, legs: [{service: train, path: [A, B]}]}
demand:
)" + demand +
         R"(trade:
  commodities:
    - {name: steel, share_of_value: 0.5, usd_per_ton: 700, tons_per_teu: 22, value_of_time_usd_per_teu_h: 2.5}
    - {name: grain, share_of_value: 0.5, usd_per_ton: 250, tons_per_teu: 24, bulk: true}
)";
}

const std::string kCargoServices = R"(  - {id: truck, kind: truck, capacity_teu: 2, payload_tons: 26}
  - {id: train, kind: train, capacity_teu: 60, payload_tons: 3000, departures: {every_h: 24, when_full: true}}
)";

} // namespace

TEST_CASE("cargo by weight: commodities, tons_per_teu, bulk, payloads and full-or-slot departures load",
          "[load][cargo]") {
  const Scenario s = load_scenario_text(
      cargo_scenario(
          kCargoServices +
              R"(  - {id: ship, kind: ship, capacity_teu: 100, departures: {timetable: ["08:00"], when_full: true}}
)",
          R"(  - {id: steel, origin: A, destination: B, teu_per_year: 100, commodity: steel, routes: {road: 1}}
  - {id: parts, origin: A, destination: B, teu_per_year: 100, tons_per_teu: 8, routes: {road: 1}}
  - {id: metal, origin: A, destination: B, tons_per_year: 2200, commodity: steel, routes: {road: 1}, value_of_time_usd_per_teu_h: 4}
  - {id: grain, origin: A, destination: B, tons_per_year: 50000, commodity: grain, shipment_tons: {uniform: {min: 500, max: 2000}}, routes: {rail: 1}}
  - {id: ore, origin: A, destination: B, tons_per_year: 9000, bulk: true, shipment_tons: 1000, routes: {rail: 1}}
)"),
      "x.yaml");
  CHECK(*s.services[0].payload_tons == 26);
  CHECK(s.services[1].departures.when_full);
  CHECK(*s.services[1].departures.every_h == 24);
  CHECK(s.services[2].departures.when_full);
  CHECK(s.services[2].departures.timetable_h == std::vector<double>{8});
  CHECK(*s.flows[0].tons_per_teu == 22); // the commodity's
  CHECK(!s.flows[0].bulk);
  CHECK(*s.flows[1].tons_per_teu == 8);
  CHECK(s.flows[2].teu_per_year == 100);                // 2200 t / 22 t per TEU
  CHECK(s.flows[0].value_of_time_usd_per_teu_h == 2.5); // the commodity's
  CHECK(s.flows[1].value_of_time_usd_per_teu_h == 0);   // none given
  CHECK(s.flows[2].value_of_time_usd_per_teu_h == 4);   // its own, over the commodity's
  CHECK(s.flows[3].bulk);                               // the commodity's
  CHECK(s.flows[3].teu_per_year == 0);                  // bulk has no TEU
  CHECK(s.flows[3].shipments_per_year() == Approx(50000 / 1250.0));
  CHECK(s.flows[4].bulk);
  CHECK(s.flows[4].shipments_per_year() == Approx(9));
  CHECK(s.commodities[1].bulk);
  // The value conversion is unchanged by bulk: 0.5/(700 × 22) + 0.5/(250 × 24) TEU per USD.
  CHECK(s.teu_per_year_for_value(1e6) == Approx(1e6 * (0.5 / (700 * 22) + 0.5 / (250 * 24))));
}

TEST_CASE("cargo by weight: inconsistent keys are errors at their place", "[load][cargo]") {
  auto flows = [](const std::string& demand) { return errors_of(cargo_scenario(kCargoServices, demand)); };
  auto has = [](const std::vector<std::string>& lines, const std::string& part) {
    for (const auto& line : lines)
      if (line.find(part) != std::string::npos) return true;
    return false;
  };
  const std::string a = "  - {id: f, origin: A, destination: B, ";
  CHECK(has(flows(a + "teu_per_year: 1, commodity: steel, tons_per_teu: 20, routes: {road: 1}}\n"),
            ": error: demand[f].tons_per_teu: expected tons_per_teu or a commodity"));
  CHECK(has(flows(a + "tons_per_year: 100, routes: {road: 1}}\n"),
            "demand[f].tons_per_teu: missing required key: expected a positive number (or a commodity)"));
  CHECK(has(flows(a + "teu_per_year: 1, bulk: true, shipment_tons: 10, routes: {rail: 1}}\n"),
            "demand[f].teu_per_year: bulk cargo moves by tons: expected tons_per_year, not teu_per_year"));
  CHECK(has(flows(a + "tons_per_year: 100, bulk: true, routes: {rail: 1}}\n"),
            "demand[f].shipment_tons: missing required key"));
  CHECK(has(
      flows(a + "tons_per_year: 100, bulk: true, shipment_teu: 1, shipment_tons: 10, routes: {rail: 1}}\n"),
      "demand[f].shipment_teu: bulk cargo moves by tons: expected shipment_tons"));
  CHECK(has(flows(a + "teu_per_year: 1, shipment_tons: 10, routes: {road: 1}}\n"),
            "demand[f].shipment_tons: shipment_tons is for bulk cargo"));
  CHECK(has(flows(a + "tons_per_year: 100, commodity: grain, shipment_tons: 4000, routes: {rail: 1}}\n"),
            "demand[f].shipment_tons: expected shipments within the payload_tons 3000 of service 'train'"));
  // A uniform size of at most 2 TEU of 14 t: 28 t > 26 t. An exponential has no largest value.
  CHECK(has(flows(a + "teu_per_year: 1, tons_per_teu: 14, shipment_teu: {uniform: {min: 1, max: 2}}, routes: "
                      "{road: 1}}\n"),
            "got up to 28 tons"));
  CHECK_NOTHROW(load_scenario_text(
      cargo_scenario(kCargoServices, a + "teu_per_year: 1, tons_per_teu: 14, shipment_teu: {exponential: "
                                         "{mean: 1}}, routes: {road: 1}}\n"),
      "x.yaml"));
  CHECK(has(flows(a + "tons_per_year: 100, commodity: grain, shipment_tons: 10, routes: {rail: 1}}\n" +
                  "  - {id: g, origin: A, destination: B, teu_per_year: 1, routes: {rail: 1}}\n"),
            "demand[f].routes.rail: route 'rail' carries bulk (flow 'f') and containers (flow 'g')"));
  // Bulk on a road without a payload limit.
  CHECK(
      has(errors_of(
              cargo_scenario("  - {id: truck, kind: truck, capacity_teu: 2}\n"
                             "  - {id: train, kind: train, capacity_teu: 60, departures: {every_h: 24}}\n",
                             a + "tons_per_year: 100, bulk: true, shipment_tons: 10, routes: {road: 1}}\n")),
          "demand[f].routes.road: bulk cargo fills vehicles by weight: service 'truck' needs payload_tons"));
  // Departures: when_full with slots takes no max_wait_h; one kind of slot.
  CHECK(has(errors_of(cargo_scenario("  - {id: truck, kind: truck, capacity_teu: 2}\n"
                                     "  - {id: train, kind: train, capacity_teu: 60, departures: {every_h: "
                                     "24, when_full: true, max_wait_h: 5}}\n",
                                     a + "teu_per_year: 1, routes: {road: 1}}\n")),
            "services[train].departures.max_wait_h: max_wait_h is for when_full alone"));
}

namespace {

// Almaty -> Bishkek by truck, then Bishkek -> Osh -> Karachi by another truck service; a
// one-way link Osh -> Kabul for the error case.
std::string two_way_text(const std::string& extra_routes, const std::string& services_extra = "") {
  return R"(scenario: {name: t, start_date: 2025-01-01, horizon_days: 30}
nodes:
  - {id: ALA, kind: city}
  - {id: FRU, kind: city}
  - {id: OSH, kind: city}
  - {id: KHI, kind: port}
  - {id: KBL, kind: city}
links:
  - {from: ALA, to: FRU, mode: road, distance_km: 240, speed_kmh: 60}
  - {from: FRU, to: OSH, mode: road, distance_km: 610, speed_kmh: 50}
  - {from: OSH, to: KHI, mode: road, distance_km: 2150, speed_kmh: 50}
  - {from: OSH, to: KBL, mode: road, distance_km: 1000, speed_kmh: 50, two_way: false}
  - {from: KBL, to: KHI, mode: road, distance_km: 1100, speed_kmh: 50}
services:
  - {id: kz_truck, kind: truck, capacity_teu: 2, fleet: 3, empty_cost_usd_per_vehicle_km: 0.8}
  - {id: pk_truck, kind: truck, capacity_teu: 2}
)" + services_extra +
         R"(routes:
  - id: ALA_KHI_ROAD
    legs:
      - {service: kz_truck, path: [ALA, FRU]}
      - {service: pk_truck, path: [FRU, OSH, KHI]}
)" + extra_routes +
         R"(demand:
  - {id: pk_exports, origin: KHI, destination: ALA, teu_per_year: 100, routes: {KHI_ALA_ROAD: 1}}
)";
}

} // namespace

TEST_CASE("a route declared as the reverse of another runs its legs backwards", "[load][reverse]") {
  const Scenario s =
      load_scenario_text(two_way_text("  - {id: KHI_ALA_ROAD, reverse_of: ALA_KHI_ROAD}\n"), "x.yaml");
  REQUIRE(s.routes.size() == 2);
  CHECK(s.services[0].empty_cost_usd_per_vehicle_km == 0.8);
  CHECK(s.services[1].empty_cost_usd_per_vehicle_km == 0);
  const Route& back = s.routes[1];
  CHECK(back.reverse_of == "ALA_KHI_ROAD");
  REQUIRE(back.legs.size() == 2);
  CHECK(back.legs[0].service == "pk_truck");
  CHECK(back.legs[0].path == std::vector<std::string>{"KHI", "OSH", "FRU"});
  CHECK(back.legs[1].service == "kz_truck");
  CHECK(back.legs[1].path == std::vector<std::string>{"FRU", "ALA"});

  // 2150 + 610 + 240 = 3000 km, every link crossed backwards; the same distance either way.
  const RoutedScenario routed(s);
  CHECK(routed.routes[1].distance_km == 3000);
  CHECK(routed.routes[0].distance_km == 3000);
  CHECK(routed.routes[1].legs[0].distance_km == 2760);
  CHECK(routed.routes[1].legs[1].distance_km == 240);
  for (const RoutedLeg& leg : routed.routes[1].legs)
    for (const RouteStep& step : leg.steps)
      CHECK_FALSE(step.link.forward);
  // Each leg's trucks find their backhaul on the other route's leg over the same path.
  REQUIRE(routed.routes[0].legs[0].reverse.size() == 1);
  CHECK(routed.routes[0].legs[0].reverse[0].route == 1);
  CHECK(routed.routes[0].legs[0].reverse[0].leg == 1);
  REQUIRE(routed.routes[1].legs[0].reverse.size() == 1);
  CHECK(routed.routes[1].legs[0].reverse[0].route == 0);
  CHECK(routed.routes[1].legs[0].reverse[0].leg == 1);
  // Free-flow cost of a round trip with no backhaul: 240 km x 0.8 USD / 2 TEU on the kz leg.
  CHECK(routed.routes[1].free_flow_usd_per_teu == Approx(96));
}

TEST_CASE("reverse routes: a one-way link, an unknown route, legs as well, a reverse of a reverse",
          "[load][reverse]") {
  const std::string via_kabul = "  - id: ALA_KHI_KBL\n    legs:\n"
                                "      - {service: pk_truck, path: [OSH, KBL, KHI]}\n";
  // Line 25 is the reverse route, its reverse_of value at column 31 ("  - {id: KHI_KBL, " is 18
  // characters, "reverse_of: " 12); the demand names a route these texts lack (line 27 here).
  const std::string no_such_route =
      "x.yaml:27:81: error: demand[pk_exports].routes.KHI_ALA_ROAD: unknown route 'KHI_ALA_ROAD'";
  CHECK(
      errors_of(two_way_text(via_kabul + "  - {id: KHI_KBL, reverse_of: ALA_KHI_KBL}\n")) ==
      std::vector<std::string>{
          "x.yaml:25:31: error: routes[KHI_KBL].reverse_of: link 'OSH-KBL-road' is one-way (two_way: false) "
          "from 'OSH' to 'KBL': the reverse of route 'ALA_KHI_KBL' cannot drive it from 'KBL' to 'OSH'",
          no_such_route});
  CHECK(
      errors_of(two_way_text("  - {id: BACK, reverse_of: ALA_KHI_RAOD}\n")) ==
      std::vector<std::string>{"x.yaml:22:28: error: routes[BACK].reverse_of: unknown route 'ALA_KHI_RAOD'; "
                               "did you mean 'ALA_KHI_ROAD'?",
                               "x.yaml:24:81: error: demand[pk_exports].routes.KHI_ALA_ROAD: unknown route "
                               "'KHI_ALA_ROAD'"});
  // Both legs and reverse_of; a reverse of a reverse; empty running on a train.
  CHECK(errors_of(two_way_text("  - {id: BACK, reverse_of: ALA_KHI_ROAD, legs: []}\n")) ==
        std::vector<std::string>{
            "x.yaml:22:48: error: routes[BACK].legs: expected either legs or reverse_of, not both",
            "x.yaml:24:81: error: demand[pk_exports].routes.KHI_ALA_ROAD: unknown route 'KHI_ALA_ROAD'"});
  CHECK(errors_of(two_way_text("  - {id: KHI_ALA_ROAD, reverse_of: ALA_KHI_ROAD}\n"
                               "  - {id: AGAIN, reverse_of: KHI_ALA_ROAD}\n")) ==
        std::vector<std::string>{
            "x.yaml:23:29: error: routes[AGAIN].reverse_of: expected a route with legs, got "
            "'KHI_ALA_ROAD', itself the reverse of 'ALA_KHI_ROAD'"});
  CHECK(errors_of(two_way_text("  - {id: KHI_ALA_ROAD, reverse_of: ALA_KHI_ROAD}\n",
                               "  - {id: rail, kind: train, capacity_teu: 80, departures: {every_h: 24}, "
                               "empty_cost_usd_per_vehicle_km: 1}\n")) ==
        std::vector<std::string>{
            "x.yaml:17:105: error: services[rail].empty_cost_usd_per_vehicle_km: trains and "
            "ships run their timetables both ways: empty running is for trucks"});
}

TEST_CASE("background traffic at a facility: loaded, checked, and scaled with the lanes",
          "[load][background]") {
  std::string text = read(kDir + "valid/small.yaml");
  auto with = [&](const std::string& background,
                  const std::string& at = "    fees: {usd_per_vehicle: 50}\n") {
    std::string t = text;
    t.insert(t.find(at) + at.size(), background);
    return t;
  };
  const Scenario s = load_scenario_text(
      with("    background: {vehicles_per_day: 1200, service_time_h: {constant: 0.5},\n"
           "                 monthly_factors: [1.2, 1.2, 1, 1, 1, 1, 1, 1, 1, 1, 0.8, 0.8]}\n"),
      "x.yaml");
  REQUIRE(s.facilities[0].background);
  CHECK(s.facilities[0].background->vehicles_per_day == 1200);
  CHECK(s.facilities[0].background->service_time_h->mean() == 0.5);
  CHECK(s.facilities[0].background->monthly_factors.at(0) == 1.2);
  CHECK_FALSE(s.facilities[1].background);
  Scenario doubled = s;
  scale_volume(doubled, 2); // twice the lanes for twice the vehicles, background included
  CHECK(doubled.facilities[0].servers == 6);
  CHECK(doubled.facilities[0].background->vehicles_per_day == 2400);
  // 1200 a day x peak factor 1.2 x (100 + 365 drain) days = 669,600 draws; at 1000 times the
  // volume 6.7e8, over the bound of 4e8: checked on the model, so a scaled run is refused too.
  CHECK(validate(doubled).empty());
  Scenario huge = s;
  scale_volume(huge, 1000);
  const auto problems = validate(huge);
  REQUIRE(problems.size() == 1);
  CHECK(
      problems[0].to_string() ==
      "x.yaml:38:36: error: facilities[POST].background.vehicles_per_day: expected at most 4e+08 background "
      "vehicles over the horizon and the drain, got 6.7e+08");

  CHECK(
      errors_of(with("    background: {vehicles_per_day: 10, monthly_factors: [1, 1]}\n"))[0] ==
      "x.yaml:38:57: error: facilities[POST].background.monthly_factors: expected a list of 12 numbers >= 0 "
      "(January to December, mean 1), got a list");
  CHECK(
      errors_of(with("    background: {vehicles_per_day: 10, monthly_factors: [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, "
                     "2, 2]}\n"))[0] ==
      "x.yaml:38:57: error: facilities[POST].background.monthly_factors: expected factors with mean 1 (the "
      "yearly volume is vehicles_per_day), got mean 2");
  CHECK(errors_of(with("    background: {vehicles_per_day: 0}\n"))[0] ==
        "x.yaml:38:36: error: facilities[POST].background.vehicles_per_day: expected a positive number, got "
        "'0'");
  CHECK(errors_of(with("    background: {vehicles_per_day: 1e9}\n"))[0].find(
            "expected at most 4e+08 background vehicles over the horizon and the drain") !=
        std::string::npos);
  // The yard serves per TEU: its background needs a time per vehicle of its own.
  CHECK(errors_of(with("    background: {vehicles_per_day: 10}\n", "    fees: {usd_per_teu: 20}\n"))[0] ==
        "x.yaml:46:17: error: facilities[YARD].background.service_time_h: missing required key: expected a "
        "distribution of hours per vehicle (the facility serves per TEU, and background vehicles carry no "
        "measured TEU)");
}

TEST_CASE("service times by direction: neighbouring node ids, checked at their key", "[load][direction]") {
  const std::string text = read(kDir + "valid/small.yaml");
  const std::string at = "    service_time_h: {exponential: {mean: 2}}\n";
  auto with = [&](const std::string& from) {
    std::string t = text;
    t.insert(t.find(at) + at.size(), "    service_time_h_from: " + from + "\n");
    return t;
  };
  const Scenario s =
      load_scenario_text(with("{A: {constant: 3}, C: {triangular: {min: 1, mode: 2, max: 6}}}"), "x.yaml");
  const Facility& post = s.facilities[0];
  REQUIRE(post.service_time_h_from.size() == 2);
  CHECK(post.service_time_from("A").mean() == 3);
  CHECK(post.service_time_from("C").mean() == 3); // (1 + 2 + 6) / 3
  CHECK(post.service_time_from("D").mean() == 2); // not given: the facility's own
  // D is a node, but no link joins it to B; AA is no node at all.
  CHECK(errors_of(with("{A: 3, D: 4}"))[0] ==
        "x.yaml:36:33: error: facilities[POST].service_time_h_from.D: no link from 'D' to 'B': "
        "service_time_h_from takes a neighbouring node that vehicles arrive from");
  CHECK(errors_of(with("{AA: 3}"))[0] ==
        "x.yaml:36:27: error: facilities[POST].service_time_h_from.AA: unknown node 'AA'; did you mean 'A'?");
  CHECK(errors_of(with("{A: {constant: -1}}"))[0].find("facilities[POST].service_time_h_from.A.constant") !=
        std::string::npos);
  CHECK(
      errors_of(with("[A, 3]"))[0] ==
      "x.yaml:36:26: error: facilities[POST].service_time_h_from: expected a mapping of neighbouring node id "
      "to distribution, e.g. {PESHAWAR: {constant: 24}}, got a list");
  // The yard serves per TEU: at k times the volume each TEU takes 1/k of the time, either way.
  std::string per_teu = text;
  per_teu.insert(per_teu.find("    service_time_h: 0.5\n") + 24, "    service_time_h_from: {B: 1}\n");
  Scenario scaled = load_scenario_text(per_teu, "x.yaml");
  scale_volume(scaled, 2);
  CHECK(scaled.facilities[1].service_time_from("B").mean() == 0.5);
  CHECK(scaled.facilities[1].service_time_h.mean() == 0.25);
  // A one-way link C -> D: vehicles arrive at D from C, never at C from D.
  std::string yard = text;
  const std::string yard_at = "    service_time_h: 0.5\n";
  yard.insert(yard.find(yard_at) + yard_at.size(), "    service_time_h_from: {D: 1}\n");
  CHECK(errors_of(yard)[0] ==
        "x.yaml:43:27: error: facilities[YARD].service_time_h_from.D: no link from 'D' to "
        "'C': service_time_h_from takes a neighbouring node that vehicles arrive from");
}

TEST_CASE("random closures: a rate and a duration distribution, one kind per disruption",
          "[load][disruption]") {
  const std::string text = read(kDir + "valid/small.yaml");
  const std::string at = "disruptions:\n";
  auto with = [&](const std::string& item) {
    std::string t = text;
    t.insert(t.find(at) + at.size(), "  - " + item + "\n");
    return t;
  };
  const Scenario s = load_scenario_text(
      with("{target: POST, random_closures: {rate_per_year: 3, duration_h: {empirical: [[24, 3], [96, 1]]}}, "
           "reason: protests}"),
      "x.yaml");
  REQUIRE(s.disruptions.size() == 3);
  const Disruption& d = s.disruptions[0];
  CHECK(d.kind == DisruptionKind::RandomClosures);
  CHECK(d.rate_per_year == 3);
  CHECK(d.duration_h.mean() == Approx((24 * 3 + 96) / 4.0));
  CHECK(d.window.reason == "protests");

  CHECK(errors_of(with("{target: POST, random_closures: {rate_per_year: 0, duration_h: 24}}"))[0] ==
        "x.yaml:72:53: error: disruptions[0].random_closures.rate_per_year: expected a positive number, got "
        "'0'");
  CHECK(errors_of(with("{target: POST, random_closures: {rate_per_year: 3}}"))[0] ==
        "x.yaml:72:37: error: disruptions[0].random_closures.duration_h: missing required key: expected a "
        "distribution of hours");
  CHECK(errors_of(with("{target: POST, random_closures: {rate_per_year: 3, duration_h: 0}}"))[0] ==
        "x.yaml:72:68: error: disruptions[0].random_closures.duration_h: expected closures that last: a "
        "positive mean");
  CHECK(errors_of(with("{target: POST, from: 2025-03-01, to: 2025-03-02, random_closures: {rate_per_year: 3, "
                       "duration_h: 24}}"))[0] ==
        "x.yaml:72:5: error: disruptions[0]: expected one of a dated window (from, to), breakdowns and "
        "random_closures, not several");
  // 1e6 closures at most: 3,000 a year over 100 + 365 + 400 days is 7,110.
  CHECK(errors_of(with("{target: POST, random_closures: {rate_per_year: 1e6, duration_h: 1}}"))[0] ==
        "x.yaml:72:53: error: disruptions[0].random_closures.rate_per_year: expected at most 1e+06 closures "
        "over the horizon, the drain and the 400 days after it, got 2.37e+06 (rate_per_year x years)");
}

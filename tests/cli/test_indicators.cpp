// Per-border times and costs, per-country speeds, the time/cost-distance profile, itemised
// shipment costs and the visit trace, on a route whose every figure is known by hand.
#include "cli_process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {
const std::string kTwoBorders = test_file("scenarios/indicators/two-borders.yaml");
}

// tests/scenarios/indicators/two-borders.yaml, one truck a day (regular arrivals, the first at
// 12:00), 1 TEU a truck, no other traffic, 0.5 USD/TEU-km on every link:
//   12:00 leaves A; A-B 100 km at 50 km/h = 2 h      -> 14:00 at B (KZ)
//   KZ_UZ_BCP opens 16:00: waits 2 h, serves 3 h      -> 19:00; fee 100 USD/vehicle = 100 USD/TEU
//   B-C 60 km at 60 km/h = 1 h (leaves KZ: KZ's)      -> 20:00 at C (UZ)
//   C-D 150 km at 75 km/h = 2 h                       -> 22:00 at D (UZ)
//   UZ_AF_BCP open, serves 5 h                        -> 03:00; fee 20/vehicle + 40/TEU = 60 USD/TEU
//   D-E 40 km at 40 km/h = 1 h (leaves UZ: UZ's)      -> 04:00 at E: transit 16 h
// KZ: 100 + 60 = 160 km, moving 2 + 1 = 3 h, total 2 + (2 + 3) + 1 = 8 h:
//     SWOD 160 / 3 = 53.333 km/h, SWD 160 / 8 = 20 km/h
// UZ: 150 + 40 = 190 km, moving 2 + 1 = 3 h, total 2 + 5 + 1 = 8 h:
//     SWOD 190 / 3 = 63.333 km/h, SWD 190 / 8 = 23.75 km/h
// Cost per shipment: road 350 km x 0.5 = 175, fees 100 + 60 = 160, total 335 USD; time value
// 10 USD/TEU-h x 16 h x 1 TEU = 160 USD; generalized 495 USD.
TEST_CASE("two borders by hand: times and fees per border, speeds per country, the profile",
          "[cli][indicators]") {
  const auto out = fresh_dir("two-borders");
  const auto run = run_corridor("run " + kTwoBorders + " --quiet --trace --out " + out.string());
  REQUIRE(run.exit_code == 0);
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  REQUIRE(summary["routes"].size() == 1);
  const auto& route = summary["routes"][0];
  CHECK(route["route"] == "road, \"direct\"");

  const auto& f = route["facilities"];
  REQUIRE(f.size() == 2);
  CHECK(f[0]["facility"] == "KZ_UZ_BCP");
  CHECK(f[0]["node"] == "B");
  CHECK(f[0]["country"] == "KZ");
  CHECK(f[0]["kind"] == "border_crossing");
  CHECK(f[0]["visits"]["mean"] == 20); // 20 days, a truck a day
  CHECK(f[0]["visits"]["n"] == 2);
  CHECK(f[0]["time_h"]["mean"] == 5.0);
  CHECK(f[0]["time_h_p95"]["mean"] == 5.0);
  CHECK(f[0]["wait_h"]["mean"] == 2.0);
  CHECK(f[0]["service_h"]["mean"] == 3.0);
  CHECK(f[0]["cost_usd_per_teu"]["mean"] == 100.0);
  CHECK(f[1]["facility"] == "UZ_AF_BCP");
  CHECK(f[1]["country"] == "UZ");
  CHECK(f[1]["time_h"]["mean"] == 5.0);
  CHECK(f[1]["time_h_p95"]["mean"] == 5.0);
  CHECK(f[1]["wait_h"]["mean"] == 0.0);
  CHECK(f[1]["service_h"]["mean"] == 5.0);
  CHECK(f[1]["cost_usd_per_teu"]["mean"] == 60.0);

  const auto& s = route["sections"];
  REQUIRE(s.size() == 2);
  CHECK(s[0]["country"] == "KZ");
  CHECK(s[0]["distance_km"] == 160.0);
  CHECK(s[0]["moving_h"]["mean"] == 3.0);
  CHECK(s[0]["total_h"]["mean"] == 8.0);
  CHECK(s[0]["swod_kmh"]["mean"].get<double>() == Approx(160.0 / 3).epsilon(1e-8));
  CHECK(s[0]["swd_kmh"]["mean"] == 20.0);
  CHECK(s[1]["country"] == "UZ");
  CHECK(s[1]["distance_km"] == 190.0);
  CHECK(s[1]["moving_h"]["mean"] == 3.0);
  CHECK(s[1]["total_h"]["mean"] == 8.0);
  CHECK(s[1]["swod_kmh"]["mean"].get<double>() == Approx(190.0 / 3).epsilon(1e-8));
  CHECK(s[1]["swd_kmh"]["mean"] == 23.75);

  // A border is a vertical step: distance unchanged, time and cost jump.
  const auto& p = route["profile"];
  REQUIRE(p.size() == 6);
  const std::vector<std::tuple<std::string, std::string, double, double, double>> expected = {
      {"link", "A-B", 100, 2, 50},   {"facility", "KZ_UZ_BCP", 100, 7, 150},  {"link", "B-C", 160, 8, 180},
      {"link", "C-D", 310, 10, 255}, {"facility", "UZ_AF_BCP", 310, 15, 315}, {"link", "D-E", 350, 16, 335}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO(i);
    const auto& [kind, id, km, h, usd] = expected[i];
    CHECK(p[i]["kind"] == kind);
    CHECK(p[i]["id"] == id);
    CHECK(p[i]["distance_km"] == km);
    CHECK(p[i]["time_h"] == h);
    CHECK(p[i]["cost_usd_per_teu"] == usd);
  }

  // Every shipment: the same itemised costs, adding up to cost_usd.
  const std::string shipments = read_file(out / "shipments.csv");
  CHECK(shipments.find(",road_cost_usd,rail_cost_usd,sea_cost_usd,fee_cost_usd,handling_cost_usd,"
                       "empty_cost_usd,cost_usd,tons,time_value_usd,generalized_cost_usd\n") !=
        std::string::npos);
  CHECK(shipments.find("1,0,kz_to_af,\"road, \"\"direct\"\"\",1.000,12.000000,delivered,28.000000,16.000000,"
                       "6.000000,2.000000,8.000000,,350.000,175.00,0.00,0.00,160.00,0.00,0.00,335.00,0.000,"
                       "160.00,495.00\n") != std::string::npos);

  // The trace: one row per truck visit, 2 posts x 20 trucks x 2 replications.
  const std::string trace = read_file(out / "trace.csv");
  CHECK(std::count(trace.begin(), trace.end(), '\n') == 1 + 80);
  CHECK(
      trace.find("replication,facility,vehicle,service,route,leg,shipments,teu,tons,arrival_h,start_h,end_h,"
                 "wait_h\n1,KZ_UZ_BCP,1,truck,\"road, \"\"direct\"\"\",0,1,1.000,0.000,14.000000,16.000000,"
                 "19.000000,2.000000\n") == 0);
}

TEST_CASE("a route id with a comma and a double quote reads back with Python's csv module",
          "[cli][indicators]") {
  const auto out = fresh_dir("csv-round-trip");
  REQUIRE(run_corridor("run " + kTwoBorders + " --quiet --trace --replications 1 --out " + out.string())
              .exit_code == 0);
  const std::string script =
      "import csv, sys\n"
      "for name in ('shipments.csv', 'border_times.csv', 'sections.csv', 'trace.csv'):\n"
      "    with open(sys.argv[1] + '/' + name, newline='') as f:\n"
      "        rows = list(csv.DictReader(f))\n"
      "    assert rows and {r['route'] for r in rows} == {'road, \"direct\"'}, (name, rows[:1])\n"
      "    assert all(None not in r for r in rows), name  # no row longer than the header\n"
      "print('ok')\n";
  const fs::path script_path = out.parent_path() / "csv-round-trip.py";
  { std::ofstream(script_path) << script; }
  const CliResult python = run_command("python3 " + script_path.string() + " " + out.string() + " 2>&1");
  INFO(python.out);
  CHECK(python.exit_code == 0);
  CHECK(python.out == "ok\n");
}

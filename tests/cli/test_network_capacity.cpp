// capacity --network and plan on networks whose answers are computed by hand
// (tests/scenarios/network/*.yaml say how).
#include "cli_process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace {

double route_teu(const std::string& out, const std::string& route) {
  std::istringstream fields(out.substr(out.find("\n" + route + " ")));
  std::string id;
  double usd = 0, teu = 0;
  fields >> id >> usd >> teu;
  return teu;
}

} // namespace

TEST_CASE("a shared border makes the network carry less than its routes' capacities add up to",
          "[cli][capacity][network]") {
  const std::string scenario = test_file("scenarios/network/shared-border.yaml");
  // Each route alone: its own post binds, c = 0.85 x 8,760 h / 1 h = 7,446 TEU a year.
  const auto alone = run_corridor("capacity " + scenario + " --replications 1");
  REQUIRE(alone.exit_code == 0);
  const double c = 0.85 * 8760 / 1.0;
  for (const std::string route : {"one", "two"}) {
    // The search stops within 5%, on the sustained side; the probes of a route alone have Poisson
    // arrivals (capacity_scenario), whose utilization over 190 days is noisy by about 2%.
    CHECK(route_teu(alone.out, route) >= 0.93 * c);
    CHECK(route_teu(alone.out, route) <= c);
  }
  // Together: the shared post binds, min(2c, s) = s = 0.85 x 8,760 h / 0.8 h = 9,307.5 TEU a year.
  const auto out = fresh_dir("network-capacity");
  const auto network =
      run_corridor("capacity " + scenario + " --network --replications 1 --out " + out.string());
  REQUIRE(network.exit_code == 0);
  const double s = 0.85 * 8760 / 0.8;
  const auto json = nlohmann::json::parse(read_file(out / "capacity.json"));
  const auto& sustained = json["sustained"];
  const double teu = sustained["teu_per_year"].get<double>();
  CHECK(teu >= 0.95 * s);
  CHECK(teu <= s);
  CHECK(teu < 0.7 * (route_teu(alone.out, "one") + route_teu(alone.out, "two")));
  CHECK(sustained["trade_usd_per_year"].get<double>() == Approx(teu * 10000).epsilon(1e-9));
  // The posts are busy exactly lambda x S: SHARED at teu x 0.8 / 8,760, each own post half of teu x 1.
  for (const auto& r : sustained["resources"]) {
    const double expected = r["id"] == "SHARED" ? teu * 0.8 / 8760 : teu / 2 / 8760;
    CHECK(r["utilization"]["mean"].get<double>() == Approx(expected).epsilon(0.01));
  }
  CHECK(json["beyond"]["saturates_first"] == "SHARED");
  CHECK(json["beyond"]["teu_per_year"].get<double>() > s);
  CHECK(json["beyond"]["teu_per_year"].get<double>() <= 1.05 * teu * 1.0001);
  CHECK(network.out.find("saturates first (at $") != std::string::npos);
  CHECK(network.out.find("SHARED at 8") != std::string::npos); // 85% < its figure < 90%
  CHECK(network.out.find("capacity: probe ") != std::string::npos);
  CHECK(read_file(out / "capacity.csv")
            .starts_with(
                "volume,factor,trade_usd_per_year,teu_per_year,item,id,route,value,ci95_half_width,unit\n"));
  CHECK(read_file(out / "capacity.csv").find(",route_share,f1,one,1,0,") != std::string::npos);
}

TEST_CASE("growing one flow of the network leaves the shared border the rest", "[cli][capacity][network]") {
  // f2 stays at 1,000 TEU; f1 may grow until OWN_1 binds at 7,446 (SHARED: 8,446 x 0.8 / 8,760 = 77%).
  const auto r = run_corridor("capacity " + test_file("scenarios/network/shared-border.yaml") +
                              " --network --flow f1 --replications 1");
  REQUIRE(r.exit_code == 0);
  const auto at = r.out.find("sustained: $");
  REQUIRE(at != std::string::npos);
  const double teu = std::stod(r.out.substr(r.out.find('(', at) + 1));
  CHECK(teu >= 1000 + 0.95 * 7446);
  CHECK(teu <= 1000 + 7446);
  CHECK(r.out.find("saturates first (at $") != std::string::npos);
  CHECK(r.out.find("OWN_1 at ") != std::string::npos);
}

TEST_CASE("plan buys the cheapest change that relieves the bottleneck, not the decoy", "[cli][plan]") {
  const auto out = fresh_dir("plan");
  const auto r = run_corridor("plan " + test_file("scenarios/network/plan.yaml") +
                              " --target-usd 1.2e8 --replications 1 --out " + out.string());
  REQUIRE(r.exit_code == 0);
  const auto json = nlohmann::json::parse(read_file(out / "plan.json"));
  CHECK(json["reached"] == true);
  REQUIRE(json["steps"].size() == 1);
  CHECK(json["steps"][0]["candidate"] == "shared_lane");
  CHECK(json["cost_usd"].get<double>() == 1e6);
  CHECK(json["before"]["saturates_first"] == "SHARED");
  // After: two lanes at SHARED busy 12,000 x 0.8 / (2 x 8,760) = 55%; the own posts 6,000 / 8,760 = 68%.
  for (const auto& res : json["steps"][0]["after"]["resources"])
    CHECK(res["utilization"]["mean"].get<double>() ==
          Approx(res["id"] == "SHARED" ? 12000 * 0.8 / (2 * 8760) : 6000.0 / 8760).epsilon(0.01));
  CHECK(json["overrides"] == nlohmann::json::array({"facilities[SHARED].servers+=1"}));
  CHECK(read_file(out / "plan.csv") ==
        "step,candidate,times,cost_usd,total_cost_usd,sustained,saturates_first,value,ci95_half_width,"
        "max_utilization\n"
        "0,,0,0,0,false,SHARED,1,0,1\n"
        "1,shared_lane,1,1e+06,1e+06,true,none,0,0,0.684961\n");
}

TEST_CASE("plan says plainly when the target cannot be reached, and what still saturates", "[cli][plan]") {
  // 30,000 TEU: 15,000 a route needs two lanes at each own post; OWN_2 has no candidate.
  const auto r =
      run_corridor("plan " + test_file("scenarios/network/plan.yaml") + " --target-usd 3e8 --replications 1");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("NOT reached") != std::string::npos);
  CHECK(r.out.find("still saturates first: OWN_2 at 100%") != std::string::npos);
}

TEST_CASE("a plan candidate with a bad path or value is an error at its line", "[cli][plan]") {
  const auto dir = fresh_dir("bad-plan");
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "base.yaml") << read_file(test_file("scenarios/network/shared-border.yaml"));
  std::ofstream(dir / "bad.yaml")
      << "extends: base.yaml\n"
         "plan:\n"
         "  candidates:\n"
         "    - {id: a, cost_usd: 1, add: {\"facilities[NOPE].servers\": 1}}\n"
         "    - {id: b, cost_usd: 1, set: {\"facilities[SHARED].servers\": -2}}\n"
         "    - {id: c, cost_usd: 1, add: {\"facilities[SHARED].kind\": 1}}\n"
         "    - {id: d, cost_usd: 1, sett: {}}\n"
         "    - {id: e, cost_usd: 1, add: {\"facilities[SHARED].servers\": 1}, repeat: 0}\n";
  const auto r = run_corridor("validate " + (dir / "bad.yaml").string());
  CHECK(r.exit_code == 2);
  const std::string bad = (dir / "bad.yaml").string();
  CHECK(r.out.find(bad + ":4:34: error: plan.candidates[a].add: facilities[NOPE].servers: no item 'NOPE' in "
                         "facilities (by id or index)") != std::string::npos);
  CHECK(r.out.find(bad +
                   ":5:34: error: plan.candidates[b]: with this candidate applied, the scenario is invalid: "
                   "facilities[SHARED].servers: expected an integer >= 1, got '-2'") != std::string::npos);
  CHECK(r.out.find(bad + ":6:34: error: plan.candidates[c].add: facilities[SHARED].kind: cannot add to "
                         "'border_crossing': expected a number or an uncertain number") != std::string::npos);
  CHECK(r.out.find(bad + ":7:28: error: plan.candidates[d].sett: unknown key; did you mean 'set'?") !=
        std::string::npos);
  CHECK(r.out.find(bad + ":8:") != std::string::npos);
  CHECK(r.out.find("plan.candidates[e].repeat: expected an integer >= 1, got '0'") != std::string::npos);
}

TEST_CASE("an override PATH+=NUMBER adds to a number", "[cli][set]") {
  const auto r = run_corridor("routes " + test_file("scenarios/network/shared-border.yaml") +
                              " --set 'links[0].distance_km+=25'");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("\none                              175 ") != std::string::npos); // 75 + 50 + 50 km
  const auto bad = run_corridor("routes " + test_file("scenarios/network/shared-border.yaml") +
                                " --set 'facilities[SHARED].kind+=1'");
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.find("--set: error: facilities[SHARED].kind: cannot add to 'border_crossing'") !=
        std::string::npos);
}

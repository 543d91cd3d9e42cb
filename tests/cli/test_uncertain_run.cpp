// Runs with uncertain inputs (issue 14): one value per replication by Latin hypercube, the
// values reported, and each claim's probability of holding.
#include "cli_process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace {
const std::string kClaims = "scenarios/uncertain/claims.yaml";
}

TEST_CASE("each replication runs its own values of the uncertain inputs, the same with any --jobs",
          "[cli][uncertain]") {
  const auto one = fresh_dir("uncertain-jobs1"), two = fresh_dir("uncertain-jobs2");
  const auto a = run_corridor("run " + test_file(kClaims) + " --jobs 1 --out " + one.string());
  const auto b = run_corridor("run " + test_file(kClaims) + " --jobs 2 --out " + two.string());
  REQUIRE(a.exit_code == 0);
  REQUIRE(b.exit_code == 0);
  CHECK(read_file(one / "summary.json") == read_file(two / "summary.json"));
  CHECK(read_file(one / "inputs.csv") == read_file(two / "inputs.csv"));
  CHECK(read_file(one / "shipments.csv") == read_file(two / "shipments.csv"));

  const auto json = nlohmann::json::parse(read_file(one / "summary.json"));
  REQUIRE(json["uncertain_inputs"].size() == 1);
  const auto& input = json["uncertain_inputs"][0];
  CHECK(input["path"] == "links[AB].distance_km");
  CHECK(input["sources"] == nlohmann::json({"map 2019", "survey 2024"}));
  const auto values = input["values"].get<std::vector<double>>();
  REQUIRE(values.size() == 25);
  // Latin hypercube: one value in each 4 km stratum of [50, 150].
  std::vector<int> strata(25, 0);
  for (double d : values)
    ++strata[std::min(24, static_cast<int>((d - 50) / 4))];
  CHECK(std::count(strata.begin(), strata.end(), 1) == 25);
  // Every shipment of replication i on short takes d_i / 50 + 2 hours (no queue): the mean
  // over replications is the mean of those, in days.
  double expected_days = 0;
  for (double d : values)
    expected_days += (d / 50 + 2) / 24 / 25;
  int short_routes = 0;
  for (const auto& r : json["routes"])
    if (r["route"] == "short") {
      ++short_routes;
      CHECK(r["transit_days"]["mean"]["mean"].get<double>() == Approx(expected_days));
    }
  CHECK(short_routes == 1);
  const std::string csv = read_file(one / "inputs.csv");
  CHECK(csv.rfind("replication,path,value\n1,links[AB].distance_km,", 0) == 0);
}

TEST_CASE("a claim's probability of holding is the analytic one", "[cli][uncertain][claims]") {
  const auto out = fresh_dir("uncertain-claims");
  const auto run = run_corridor("run " + test_file(kClaims) + " --shipments none --out " + out.string());
  REQUIRE(run.exit_code == 0);
  const auto json = nlohmann::json::parse(read_file(out / "summary.json"));
  std::map<std::string, double> p;
  for (const auto& c : json["claims"])
    p[c["id"].get<std::string>()] = c["probability_holds"].get<double>();
  // The time ratio's band [62, 98] km of d falls on the strata's bounds (50 + 4k): exactly 9 of 25.
  CHECK(p.at("time_ratio") == Approx(0.36).margin(1e-12));
  // The distance's band [84, 116] km cuts two strata in half: 8 of 25, give or take one.
  CHECK(p.at("distance") == Approx(0.32).margin(1.0 / 25 + 1e-12));
  CHECK(run.out.find("P(holds)") != std::string::npos);
  CHECK(run.out.find("It holds in 36% of plausible inputs (9 of 25 replications") != std::string::npos);
  const std::string claims = read_file(out / "claims.csv");
  CHECK(claims.find(",probability_holds\n") != std::string::npos);
  CHECK(claims.find(",0.36\n") != std::string::npos);
}

TEST_CASE("without uncertain inputs, results have no probability and no inputs.csv", "[cli][uncertain]") {
  const auto out = fresh_dir("certain-claims");
  const auto run = run_corridor("run " + test_file(kClaims) +
                                " --set links[AB].distance_km=100 --replications 2 --shipments none --out " +
                                out.string());
  REQUIRE(run.exit_code == 0);
  const auto json = nlohmann::json::parse(read_file(out / "summary.json"));
  CHECK_FALSE(json.contains("uncertain_inputs"));
  CHECK_FALSE(json["claims"][0].contains("probability_holds"));
  CHECK_FALSE(std::filesystem::exists(out / "inputs.csv"));
  CHECK(read_file(out / "claims.csv").find("probability_holds") == std::string::npos);
  CHECK(run.out.find("P(holds)") == std::string::npos);
}

TEST_CASE("a trade-capacity claim's runs take the replication's values too", "[cli][uncertain][claims]") {
  const auto out = fresh_dir("uncertain-capacity");
  const auto run = run_corridor("run " + test_file("scenarios/uncertain/capacity.yaml") +
                                " --shipments none --out " + out.string());
  REQUIRE(run.exit_code == 0);
  // Lanes 1, 2, 3, one replication each (integers from thirds of [0.5, 3.5]): 10,000 TEU a year
  // overloads one lane (busy all its hours) and holds with two (0.571) or three (0.381).
  CHECK(read_file(out / "inputs.csv") ==
        "replication,path,value\n1,facilities[POST].servers,1\n2,facilities[POST].servers,2\n"
        "3,facilities[POST].servers,3\n");
  const auto json = nlohmann::json::parse(read_file(out / "summary.json"));
  const auto& claim = json["claims"][0];
  CHECK(claim["probability_holds"].get<double>() == Approx(2.0 / 3));
  // The mean utilization over the three: (1 + 10000/17520 + 10000/26280) / 3 = 0.651.
  CHECK(claim["simulated"]["mean"].get<double>() ==
        Approx((1 + 10000.0 / 17520 + 10000.0 / 26280) / 3).epsilon(0.03));
}

TEST_CASE("validate counts the uncertain inputs it checked at their nominal values", "[cli][uncertain]") {
  const auto result = run_corridor("validate " + test_file("scenarios/uncertain/border.yaml"));
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("1 flows, 3 uncertain inputs at their nominal values)") != std::string::npos);
}

// corridor sensitivity (issue 14): the tornado and the Morris screening rank an input that
// matters above one that cannot.
#include "cli_process.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

TEST_CASE("sensitivity ranks the border's service time above a fee on an unused route",
          "[cli][sensitivity]") {
  const auto out = fresh_dir("sensitivity");
  const auto result = run_corridor("sensitivity " + test_file("scenarios/uncertain/sensitivity.yaml") +
                                   " --trajectories 3 --out " + out.string());
  REQUIRE(result.exit_code == 0);
  // Budget: k = 2 inputs; the spread (nominal and Latin hypercube) and one at a time
  // 2 + 2k = 6 points, Morris r (k + 1) = 3 x 3 = 9 points; 2 replications each: (6 + 9) x 2 = 30 runs.
  CHECK(result.out.find(
            "spread and one at a time: 6 points, Morris: r = 3 trajectories x (k + 1) = 9 points") !=
        std::string::npos);
  CHECK(result.out.find("15 x 2 = 30 runs") != std::string::npos);
  CHECK(result.out.find("sensitivity: point 15/15:") != std::string::npos); // progress

  const auto json = nlohmann::json::parse(read_file(out / "sensitivity.json"));
  CHECK(json["budget"]["runs"] == 30);
  const std::string service = "facilities[POST].service_time_h.exponential.mean";
  const std::string fee = "facilities[FAR_POST].fees.usd_per_vehicle";
  bool seen = false;
  for (const auto& m : json["metrics"]) {
    if (m["metric"] != "route used: mean transit days") continue;
    seen = true;
    // The mean service goes from 0.5 to 3 h: at least 2.5 h = 0.104 days more per truck, with
    // the same draws (the exponential scales with its mean), plus the queue it makes; the fee
    // changes nothing, exactly, with the same seeds.
    REQUIRE(m["tornado"].size() == 2);
    CHECK(m["tornado"][0]["input"] == service);
    CHECK(m["tornado"][0]["swing"].get<double>() > 0.08);
    CHECK(m["tornado"][1]["input"] == fee);
    CHECK(m["tornado"][1]["swing"].get<double>() == 0);
    CHECK(m["morris"][0]["input"] == service);
    CHECK(m["morris"][0]["mu_star"].get<double>() > 0.05);
    CHECK(m["morris"][0]["effects"] == 3);
    CHECK(m["morris"][1]["input"] == fee);
    CHECK(m["morris"][1]["mu_star"].get<double>() == 0);
  }
  CHECK(seen);
  const std::string tornado = read_file(out / "tornado.csv");
  CHECK(tornado.find("route used: mean transit days,1," + service + ",0.5,3,") != std::string::npos);
  CHECK(read_file(out / "morris.csv").find("route used: mean transit days,1," + service + ",") !=
        std::string::npos);
}

TEST_CASE("sensitivity splits the spread over plausible inputs from the noise", "[cli][sensitivity]") {
  const auto out = fresh_dir("sensitivity-spread");
  const auto result = run_corridor("sensitivity " + test_file("scenarios/uncertain/claims.yaml") +
                                   " --trajectories 0 --replications 25 --out " + out.string());
  REQUIRE(result.exit_code == 0);
  const auto json = nlohmann::json::parse(read_file(out / "sensitivity.json"));
  std::map<std::string, nlohmann::json> spread;
  for (const auto& m : json["metrics"])
    spread[m["metric"].get<std::string>()] = m["spread"];
  // short takes d / 50 + 2 hours with d uniform on [50, 150] km and no noise (regular arrivals,
  // no queue): sd (2 / 24 days) / sqrt(12) = 0.02406 days over the inputs, 0 at nominal, all of
  // the variance from the input. Its distance d + 60 km: sd 100 / sqrt(12) = 28.87 km. A Latin
  // hypercube of 25 draws spreads almost exactly as the uniform, so its sample sd (n - 1 in the
  // denominator) is sd x sqrt(25 / 24): 0.02455 days and 29.46 km, within 2%.
  const auto& days = spread.at("route short: mean transit days");
  CHECK(days["sd_over_inputs"].get<double>() ==
        Approx(2.0 / 24 / std::sqrt(12.0) * std::sqrt(25.0 / 24)).epsilon(0.02));
  CHECK(days["sd_at_nominal"].get<double>() == Approx(0).margin(1e-9));
  CHECK(days["input_share"].get<double>() == Approx(1));
  const auto& km = spread.at("claim distance (route_distance_km)");
  CHECK(km["sd_over_inputs"].get<double>() ==
        Approx(100 / std::sqrt(12.0) * std::sqrt(25.0 / 24)).epsilon(0.02));
  CHECK(km["mean_over_inputs"].get<double>() == Approx(160).epsilon(0.01));
  CHECK(read_file(out / "spread.csv")
            .rfind("metric,mean_over_inputs,sd_over_inputs,sd_at_nominal,input_share\n", 0) == 0);
  CHECK(result.out.find("100% of the variance from the inputs") != std::string::npos);
}

TEST_CASE("sensitivity of a scenario without uncertain inputs is refused", "[cli][sensitivity]") {
  const auto result = run_corridor("sensitivity " + test_file("scenarios/golden/border.yaml") + " --out " +
                                   fresh_dir("sensitivity-none").string());
  CHECK(result.exit_code == 2);
  CHECK(result.out.find("no uncertain inputs") != std::string::npos);
}

// corridor sensitivity (issue 14): the tornado and the Morris screening rank an input that
// matters above one that cannot.
#include "cli_process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

TEST_CASE("sensitivity ranks the border's service time above a fee on an unused route",
          "[cli][sensitivity]") {
  const auto out = fresh_dir("sensitivity");
  const auto result = run_corridor("sensitivity " + test_file("scenarios/uncertain/sensitivity.yaml") +
                                   " --trajectories 3 --out " + out.string());
  REQUIRE(result.exit_code == 0);
  // Budget: k = 2 inputs; one at a time 1 + 2k = 5 points, Morris r (k + 1) = 3 x 3 = 9 points;
  // 2 replications each: (5 + 9) x 2 = 28 runs.
  CHECK(result.out.find("one at a time: 5 points, Morris: r = 3 trajectories x (k + 1) = 9 points") !=
        std::string::npos);
  CHECK(result.out.find("14 x 2 = 28 runs") != std::string::npos);
  CHECK(result.out.find("sensitivity: point 14/14:") != std::string::npos); // progress

  const auto json = nlohmann::json::parse(read_file(out / "sensitivity.json"));
  CHECK(json["budget"]["runs"] == 28);
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

TEST_CASE("sensitivity of a scenario without uncertain inputs is refused", "[cli][sensitivity]") {
  const auto result = run_corridor("sensitivity " + test_file("scenarios/golden/border.yaml") + " --out " +
                                   fresh_dir("sensitivity-none").string());
  CHECK(result.exit_code == 2);
  CHECK(result.out.find("no uncertain inputs") != std::string::npos);
}

// Claim checks on a scenario whose answers are computed by hand (see the comments in
// tests/scenarios/claims/known-answers.yaml).
#include "cli_process.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

TEST_CASE("each claim type gives the verdict and value computed by hand", "[cli][claims]") {
  const auto out = fresh_dir("claims");
  const auto run =
      run_corridor("run " + test_file("scenarios/claims/known-answers.yaml") + " --out " + out.string());
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("verdict") != std::string::npos); // the table is printed
  REQUIRE(std::filesystem::exists(out / "claims.csv"));

  const auto json = nlohmann::json::parse(read_file(out / "summary.json"));
  std::map<std::string, nlohmann::json> claims;
  for (const auto& c : json["claims"])
    claims[c["id"].get<std::string>()] = c;
  REQUIRE(claims.size() == 10);
  auto verdict = [&](const std::string& id) { return claims.at(id)["verdict"].get<std::string>(); };
  auto value = [&](const std::string& id) { return claims.at(id)["simulated"]["mean"].get<double>(); };

  CHECK(value("distance_holds") == 160);
  CHECK(verdict("distance_holds") == "holds");
  CHECK(verdict("distance_fails") == "fails: worse than stated"); // 160 km, not 100
  CHECK(value("distance_ratio") == Approx(1.0 / 3));
  CHECK(verdict("distance_ratio") == "holds");
  CHECK(value("half_the_time") == Approx(4.0 / 9)); // 4 h against 9 h: no queue at 100 TEU a year
  CHECK(verdict("half_the_time") == "fails: better than stated"); // 0.44, not 0.5
  CHECK(verdict("four_ninths_time") == "holds");
  CHECK(value("third_the_cost") == Approx(1.0 / 3));
  CHECK(verdict("third_the_cost") == "holds");

  // Capacity: 2 lanes x 8,760 h / 1 h = 17,520 trucks a year; 10,000 TEU -> 0.571, 16,000 -> 0.913.
  CHECK(value("carries_100M") == Approx(10000.0 / 17520).epsilon(0.03));
  CHECK(verdict("carries_100M") == "holds");
  CHECK(value("carries_160M") == Approx(16000.0 / 17520).epsilon(0.03));
  CHECK(verdict("carries_160M") == "fails: worse than stated");
  CHECK(verdict("carries_149M") == "inconclusive");
  CHECK(verdict("nobody_goes") == "not evaluated");
  // The explanation names the bottleneck and the units; the limit itself is `corridor capacity`'s.
  const std::string explained = claims.at("carries_100M")["explanation"].get<std::string>();
  CHECK(explained.find("POST") != std::string::npos);
  CHECK(explained.find("$100 M/yr = 10,000 TEU/yr") != std::string::npos);
  CHECK(explained.find("used at 57% of what it can do in its available hours") != std::string::npos);
  CHECK(claims.at("half_the_time")["explanation"].get<std::string>().find("better than stated") !=
        std::string::npos);
  CHECK(claims.at("nobody_goes")["explanation"].get<std::string>().find("No shipment") != std::string::npos);
  CHECK(claims.at("carries_100M")["note"].get<std::string>().find("corridor capacity") != std::string::npos);

  const std::string csv = read_file(out / "claims.csv");
  CHECK(csv.rfind("claim,metric,route,baseline,stated", 0) == 0);
  CHECK(csv.find("carries_160M,trade_capacity,short,,1.6e+08,USD/yr,") != std::string::npos);
  CHECK(run.out.find("$160 M/yr") != std::string::npos); // money with its unit in the table
}

TEST_CASE("a claim naming an unknown route is a validation error", "[cli][claims]") {
  const auto dir = fresh_dir("bad-claim");
  std::filesystem::create_directories(dir);
  std::string text = read_file(test_file("scenarios/claims/known-answers.yaml"));
  text.replace(text.find("route: short, stated: 150"), 12, "route: shrot");
  std::ofstream(dir / "bad.yaml") << text;
  const auto result = run_corridor("validate " + (dir / "bad.yaml").string());
  CHECK(result.exit_code == 2);
  CHECK(result.out.find("claims[distance_holds].route: unknown route 'shrot'; did you mean 'short'?") !=
        std::string::npos);
}

TEST_CASE("capacity finds by simulation the volume where the border reaches its limit", "[cli][capacity]") {
  // 2 lanes of 1 hour: 17,520 trucks a year; 85% of it is 14,892 TEU ($149 M at $10,000 per TEU).
  const auto result =
      run_corridor("capacity " + test_file("scenarios/claims/known-answers.yaml") + " --route short");
  REQUIRE(result.exit_code == 0);
  const auto line = result.out.substr(result.out.find("\nshort"));
  std::istringstream fields(line);
  std::string route;
  double usd = 0, teu = 0;
  fields >> route >> usd >> teu;
  CHECK(route == "short");
  CHECK(teu >= 0.90 * 14892); // the search stops within 5%, on the sustained side
  CHECK(teu <= 1.03 * 14892);
  CHECK(usd == Approx(teu * 10000).epsilon(0.01));
  CHECK(line.find("POST") != std::string::npos);
}

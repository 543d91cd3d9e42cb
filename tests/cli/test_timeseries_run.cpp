// corridor run's timeseries.csv against its own summary.json, and --step-days's errors.
#include "cli_process.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace fs = std::filesystem;

namespace {

const std::string kBorder = test_file("scenarios/golden/border.yaml");

// timeseries.csv's rows as column -> text (its ids hold no comma: no quoting to undo).
std::vector<std::map<std::string, std::string>> rows_of(const std::string& csv) {
  std::istringstream in(csv);
  std::string line;
  std::vector<std::string> columns;
  std::vector<std::map<std::string, std::string>> rows;
  for (bool header = true; std::getline(in, line); header = false) {
    std::vector<std::string> fields;
    std::stringstream fields_in(line);
    for (std::string field; std::getline(fields_in, field, ',');)
      fields.push_back(field);
    if (line.back() == ',') fields.emplace_back();
    if (header) {
      columns = fields;
      continue;
    }
    REQUIRE(fields.size() == columns.size());
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < fields.size(); ++i)
      row[columns[i]] = fields[i];
    rows.push_back(row);
  }
  return rows;
}

} // namespace

TEST_CASE("run's timeseries.csv: half-day steps that average to summary.json's measured figures",
          "[cli][timeseries]") {
  const auto out = fresh_dir("timeseries");
  const auto run =
      run_corridor("run " + kBorder + " --quiet --shipments none --step-days 0.5 --out " + out.string());
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find(out.string() + "/timeseries.csv") != std::string::npos);
  const std::string csv = read_file(out / "timeseries.csv");
  CHECK(csv.rfind("kind,id,flow,day,date,period,queue,busy_lanes,arrivals,departures,created,delivered,"
                  "in_transit,replications\n",
                  0) == 0);
  const auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  const auto& post = summary["facilities"][0];
  REQUIRE(post["id"] == "BORDER_POST");

  std::map<std::string, int> steps; // per kind and period
  double queue = 0, busy = 0, created = 0;
  for (const auto& row : rows_of(csv)) {
    ++steps[row.at("kind") + " " + row.at("period")];
    if (row.at("period") == "warmup") CHECK(row.at("replications") == "4");
    if (row.at("period") != "measured") continue;
    CHECK(row.at("replications") == "4"); // every run reaches the horizon
    if (row.at("kind") == "facility") {
      CHECK(row.at("created").empty());
      queue += std::stod(row.at("queue"));
      busy += std::stod(row.at("busy_lanes"));
    } else {
      CHECK(row.at("queue").empty());
      CHECK(row.at("flow") == "westbound");
      created += std::stod(row.at("created"));
    }
  }
  CHECK(steps["facility warmup"] == 20); // 10 days of half-day steps
  CHECK(steps["facility measured"] == 220);
  CHECK(steps["route measured"] == 220);
  CHECK(steps["facility drain"] >= 1);
  // Each value has 6 decimals: their mean is within 5e-7 of the exact one.
  CHECK(queue / 220 == Approx(post["mean_queue"]["mean"].get<double>()).margin(1e-6));
  CHECK(busy / 220 / 2 == Approx(post["utilization_all_hours"]["mean"].get<double>()).margin(1e-6));
  CHECK(created == Approx(summary["routes"][0]["shipments"]["mean"].get<double>()).margin(1e-3));
}

TEST_CASE("run --step-days must be a positive number of days, and not too fine for the run",
          "[cli][timeseries]") {
  const auto out = fresh_dir("timeseries-bad-step");
  for (const char* step : {"0", "-1", "nan"}) {
    INFO(step);
    const auto r = run_corridor("run " + kBorder + " --quiet --step-days " + step + " --out " + out.string());
    CHECK(r.exit_code == 2);
    CHECK(r.out.find("--step-days: expected a positive number of days, got") != std::string::npos);
  }
  // 120 days of horizon and 365 of drain in steps of 0.0001 days: 4.85 million steps.
  const auto fine = run_corridor("run " + kBorder + " --quiet --step-days 0.0001 --out " + out.string());
  CHECK(fine.exit_code == 2);
  CHECK(fine.out.find("--step-days 0.0001: 4.85e+06 steps over the run's 485 days (horizon + drain), at most "
                      "1e+06: give a longer step") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
}

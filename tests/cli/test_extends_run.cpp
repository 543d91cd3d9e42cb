// A what-if written as `extends` gives byte-for-byte the results of the same scenario written
// in full: only the metadata (its file and hash) differ.
#include "cli_process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

TEST_CASE("extends with set and added items gives the results of the full file", "[cli][extends]") {
  std::string outputs[2];
  nlohmann::json summaries[2];
  const char* files[2] = {"whatif.yaml", "whatif-full.yaml"};
  for (int i = 0; i < 2; ++i) {
    const auto dir = fresh_dir(std::string("extends-") + files[i]);
    const auto result = run_corridor("run " + test_file(std::string("scenarios/extends/") + files[i]) +
                                     " --out " + dir.string());
    REQUIRE(result.exit_code == 0);
    outputs[i] = read_file(dir / "shipments.csv");
    summaries[i] = nlohmann::json::parse(read_file(dir / "summary.json"));
    CHECK(summaries[i]["metadata"]["scenario_file"].get<std::string>().find(files[i]) != std::string::npos);
    summaries[i].erase("metadata");
  }
  CHECK(outputs[0].size() > 1000);
  CHECK(outputs[0] == outputs[1]);
  CHECK(summaries[0] == summaries[1]);
}

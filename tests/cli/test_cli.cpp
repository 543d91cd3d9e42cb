#include "cli_process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {
const std::string kBorder = test_file("scenarios/golden/border.yaml");
}

TEST_CASE("help and unknown commands", "[cli]") {
  auto help = run_corridor("--help");
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("usage: corridor <command>") != std::string::npos);
  auto run_help = run_corridor("run --help");
  CHECK(run_help.exit_code == 0);
  CHECK(run_help.out.find("--replications") != std::string::npos);
  auto unknown = run_corridor("simulate");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.out.find("unknown command 'simulate'") != std::string::npos);
  auto bad_option = run_corridor("run " + kBorder + " --replicatons 3");
  CHECK(bad_option.exit_code == 2);
  auto missing = run_corridor("validate /nonexistent/x.yaml");
  CHECK(missing.exit_code == 2);
  CHECK(missing.out.find("/nonexistent/x.yaml: error: cannot read the scenario: no such file") !=
        std::string::npos);
}

TEST_CASE("every invalid test scenario is rejected by validate with its message and exit code 2", "[cli]") {
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(test_file("scenarios/invalid"))) {
    if (entry.path().extension() != ".yaml") continue;
    auto expected_path = entry.path();
    expected_path.replace_extension(".expected");
    INFO(entry.path().string());
    REQUIRE(fs::exists(expected_path));
    std::string expected = read_file(expected_path);
    while (!expected.empty() && (expected.back() == '\n' || expected.back() == '\r'))
      expected.pop_back();
    const auto result = run_corridor("validate " + entry.path().string());
    CHECK(result.exit_code == 2);
    CHECK(result.out.find(expected) != std::string::npos);
    ++checked;
  }
  CHECK(checked >= 8);
}

TEST_CASE("run writes shipments.csv and summary.json, byte-identical for the same seed", "[cli]") {
  const auto a = fresh_dir("same-a"), b = fresh_dir("same-b"), c = fresh_dir("other-seed");
  auto first = run_corridor("run " + kBorder + " --quiet --jobs 2 --out " + a.string());
  REQUIRE(first.exit_code == 0);
  auto second = run_corridor("run " + kBorder + " --quiet --jobs 1 --out " + b.string());
  REQUIRE(second.exit_code == 0);
  auto other = run_corridor("run " + kBorder + " --quiet --seed 12345 --out " + c.string());
  REQUIRE(other.exit_code == 0);

  for (const char* file : {"shipments.csv", "summary.json", "timeseries.csv", "border_times.csv",
                           "sections.csv", "network.geojson"}) {
    INFO(file);
    REQUIRE(fs::exists(a / file));
    CHECK(read_file(a / file) == read_file(b / file)); // independent of --jobs and run order
  }
  CHECK(read_file(a / "shipments.csv") != read_file(c / "shipments.csv"));

  const auto summary = nlohmann::json::parse(read_file(a / "summary.json"));
  CHECK(summary["metadata"]["replications"] == 4);
  CHECK(summary["metadata"]["seed"] == 11);
  CHECK(summary["metadata"]["scenario_sha256"].get<std::string>().size() == 64);
  // No temporary file is left next to the results.
  for (const auto& entry : fs::directory_iterator(a)) {
    const auto name = entry.path().filename();
    CHECK((name == "shipments.csv" || name == "summary.json" || name == "timeseries.csv" ||
           name == "border_times.csv" || name == "sections.csv" || name == "network.geojson"));
  }
}

TEST_CASE("report writes one HTML page of a result set; run --report writes it into the set",
          "[cli][report]") {
  const auto dir = fresh_dir("report");
  REQUIRE(
      run_corridor("run " + kBorder + " --quiet --replications 1 --report --out " + dir.string()).exit_code ==
      0);
  const std::string html = read_file(dir / "report.html");
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<h1>one border post</h1>") != std::string::npos);
  // Again from the result set, elsewhere: the same page, and the set is still a results folder.
  const auto elsewhere = dir.string() + "-page.html";
  auto report = run_corridor("report " + dir.string() + " --out " + elsewhere);
  CHECK(report.exit_code == 0);
  CHECK(report.out == "wrote " + elsewhere + "\n");
  CHECK(read_file(elsewhere) == html);
  CHECK(run_corridor("run " + kBorder + " --quiet --replications 1 --out " + dir.string()).exit_code == 0);

  auto missing = run_corridor("report " + dir.string() + "-nothing");
  CHECK(missing.exit_code == 3);
  CHECK(missing.out == "corridor report: " + dir.string() + "-nothing: not a directory\n");
  auto no_vega = run_corridor("run " + kBorder + " --quiet --report --out " + dir.string() + "-x",
                              "CORRIDOR_VEGA_DIR=/none");
  CHECK(no_vega.exit_code == 3);
  CHECK(no_vega.out.find(
            "corridor run: --report: Vega's JavaScript not found: cannot read /none/vega-util.min.js "
            "(install Debian's libjs-vega") == 0);
  CHECK_FALSE(fs::exists(dir.string() + "-x")); // refused before simulating
}

TEST_CASE("a --set override changes the scenario and a bad --set is a clear error", "[cli]") {
  const auto out = fresh_dir("set");
  auto ok = run_corridor("run " + kBorder + " --quiet --replications 1 --out " + out.string() +
                         " --set 'facilities[BORDER_POST].servers=3'");
  CHECK(ok.exit_code == 0);
  auto bad = run_corridor("run " + kBorder + " --quiet --out " + out.string() +
                          " --set 'facilities[NOPE].servers=3'");
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.find("NOPE") != std::string::npos);
}

TEST_CASE("routes prints each route's distance and free-flow figures", "[cli]") {
  auto routes = run_corridor("routes " + kBorder);
  REQUIRE(routes.exit_code == 0);
  // 100 km + 60 km; free flow 2 h + 1 h + 1 h service = 4 h = 0.17 days
  CHECK(routes.out.find("road") != std::string::npos);
  CHECK(routes.out.find("160") != std::string::npos);
  CHECK(routes.out.find("0.17") != std::string::npos);
}

TEST_CASE("compare passes on identical results and fails naming the metric that moved", "[cli]") {
  const auto base = fresh_dir("cmp-base"), moved = fresh_dir("cmp-moved");
  REQUIRE(run_corridor("run " + kBorder + " --quiet --out " + base.string()).exit_code == 0);
  REQUIRE(run_corridor("run " + kBorder + " --quiet --out " + moved.string() +
                       " --set 'facilities[BORDER_POST].service_time_h={exponential: {mean: 1.5}}'")
              .exit_code == 0);
  auto same =
      run_corridor("compare " + (base / "summary.json").string() + " " + (base / "summary.json").string());
  CHECK(same.exit_code == 0);
  CHECK(same.out.find("0 regressions") != std::string::npos);
  auto changed =
      run_corridor("compare " + (base / "summary.json").string() + " " + (moved / "summary.json").string());
  CHECK(changed.exit_code == 1);
  CHECK(changed.out.find("facilities[BORDER_POST]") != std::string::npos);
  CHECK(changed.out.find("CHANGED") != std::string::npos);
}

TEST_CASE("reliability reproducers end in seconds with 0 or 2, never a hang, crash or internal error",
          "[cli][reliability]") {
  const auto out = fresh_dir("reliability");
  // A zero-width uniform is a constant: it used to loop forever inside Boost.
  auto uniform = run_corridor("run " + kBorder + " --quiet --replications 1 --out " + (out / "u").string() +
                              " --set 'facilities[BORDER_POST].service_time_h={uniform: {min: 1, max: 1}}'");
  CHECK(uniform.exit_code == 0);
  auto triangle =
      run_corridor("run " + kBorder + " --quiet --replications 1 --out " + (out / "t").string() +
                   " --set 'facilities[BORDER_POST].service_time_h={triangular: {min: 0, mode: 0, "
                   "max: 0}}'");
  CHECK(triangle.exit_code == 0);
  // An index beyond unsigned long used to escape as std::out_of_range from stoul (exit 4).
  auto index = run_corridor("run " + kBorder + " --quiet --out " + (out / "i").string() +
                            " --set 'nodes[99999999999999999999].kind=city'");
  CHECK(index.exit_code == 2);
  CHECK(index.out.find("--set: error: nodes[99999999999999999999].kind: no item") != std::string::npos);
  // A list as a route-share key: routing met route '' (exit 4); now an error at the key.
  auto list_key = run_corridor("routes " + test_file("scenarios/invalid/route-share-key-list.yaml"));
  CHECK(list_key.exit_code == 2);
  CHECK(list_key.out.find("route-share-key-list.yaml:34:14: error:") != std::string::npos);
  // Invalid UTF-8 used to pass validation, simulate, then fail writing summary.json (exit 3).
  auto latin1 = run_corridor("run " + test_file("scenarios/invalid/latin1-name.yaml") + " --quiet --out " +
                             (out / "l").string());
  CHECK(latin1.exit_code == 2);
  CHECK_FALSE(fs::exists(out / "l"));
}

TEST_CASE("compare refuses a deeply nested JSON file with exit 2 instead of overflowing the stack",
          "[cli][compare]") {
  const auto dir = fresh_dir("deep-json");
  fs::create_directories(dir);
  const auto deep = dir / "deep.json";
  std::ofstream(deep) << "{\"routes\":" << std::string(50000, '[') << std::string(50000, ']') << "}";
  auto result = run_corridor("compare " + test_file("golden/border.summary.json") + " " + deep.string());
  CHECK(result.exit_code == 2);
  CHECK(result.out.find("deep.json: not a result file: nested deeper than 64 levels") != std::string::npos);
}

TEST_CASE("a file with many errors prints the first 50 and counts the rest", "[cli]") {
  const auto dir = fresh_dir("many-errors");
  fs::create_directories(dir);
  std::string text = read_file(kBorder);
  std::string bad_nodes = "nodes:\n";
  for (int i = 0; i < 60; ++i)
    bad_nodes += "  - {id: N" + std::to_string(i) + ", kind: town}\n";
  text.replace(text.find("nodes:\n"), std::string("nodes:\n").size(), bad_nodes);
  std::ofstream(dir / "many.yaml") << text;
  auto result = run_corridor("validate " + (dir / "many.yaml").string());
  CHECK(result.exit_code == 2);
  std::size_t errors = 0;
  for (std::size_t at = 0; (at = result.out.find(": error: ", at)) != std::string::npos; ++at)
    ++errors;
  CHECK(errors == 50);
  CHECK(result.out.find("\n... and 10 more errors\n") != std::string::npos);
  CHECK(result.out.find("many.yaml: 60 errors") != std::string::npos);
}

TEST_CASE("commands that do not simulate do not load SimGrid; run loads the engine module",
          "[cli][startup]") {
  // The dynamic loader lists every library it loads (LD_DEBUG=files, on standard error).
  const auto version = run_corridor("--version >/dev/null; LD_DEBUG=files " + std::string(CORRIDOR_EXE) +
                                    " validate " + kBorder);
  CHECK(version.out.find("libsimgrid") == std::string::npos);
  CHECK(version.out.find("libyaml-cpp") != std::string::npos); // the loader did list its libraries
  const auto dir = fresh_dir("startup");
  const auto run = run_corridor("--version >/dev/null; LD_DEBUG=files " + std::string(CORRIDOR_EXE) +
                                " run " + kBorder + " -q --replications 1 --out " + dir.string());
  CHECK(run.out.find("corridor-engine.so") != std::string::npos);
  CHECK(run.out.find("libsimgrid") != std::string::npos);
}

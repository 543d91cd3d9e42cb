// corridor compare BASELINE CURRENT: which outputs moved, by how much, and beyond noise or not.
#include "corridor/compare.hpp"
#include "corridor/output.hpp"

#include "cli/commands.hpp"
#include "cli/options.hpp"

#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <sstream>

namespace corridor::cli {

namespace {

std::string number(const std::optional<Metric>& m) {
  return m ? fmt::format("{:.6g}", m->mean) : "-";
}

void print_table(const std::vector<Comparison>& rows, bool all) {
  std::cout << fmt::format("{:<64} {:>13} {:>13} {:>11} {:>10} {:>10}  {}\n", "metric", "baseline", "current",
                           "difference", "tolerance", "noise", "verdict");
  for (const Comparison& c : rows) {
    if (!all && c.verdict == Verdict::Same) continue;
    std::cout << fmt::format("{:<64} {:>13} {:>13} {:>11.4g} {:>10.4g} {:>10.4g}  {}\n", c.path,
                             number(c.baseline), number(c.current), c.difference, c.tolerance, c.noise,
                             to_string(c.verdict));
  }
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace

int compare_command(const Args& args) {
  po::options_description options("options");
  options.add_options()("baseline", po::value<std::string>()->required(),
                        "baseline summary.json or results.csv")(
      "current", po::value<std::string>()->required(), "current summary.json or results.csv")(
      "rtol", po::value<double>()->default_value(0.001), "relative tolerance (default 0.001 = 0.1%)")(
      "atol", po::value<double>()->default_value(1e-9), "absolute tolerance")(
      "metric", po::value<std::vector<std::string>>()->default_value({}, ""),
      "PATTERN=TOL: tolerance for metrics matching a glob (* and ?), TOL as 5% or 0.5 (repeatable)")(
      "update", "after comparing, replace the baseline with the current results")(
      "all", "list every metric, not only those that moved");
  po::positional_options_description positional;
  positional.add("baseline", 1).add("current", 1);
  po::variables_map vm;
  const std::string synopsis = "BASELINE CURRENT [--rtol X] [--atol Y] [--metric PATTERN=TOL]... [--update]";
  if (auto stop = parse_options("compare", synopsis, args, options, positional, vm)) return *stop;

  std::vector<MetricTolerance> per_metric;
  for (const auto& text : vm["metric"].as<std::vector<std::string>>()) {
    auto rule = parse_metric_tolerance(text);
    if (!rule) {
      std::cerr << "corridor compare: --metric: expected PATTERN=TOL with TOL like 5% or 0.5, got '" << text
                << "'\n";
      return kInvalidInput;
    }
    per_metric.push_back(*rule);
  }
  const Tolerance tolerance{vm["rtol"].as<double>(), vm["atol"].as<double>()};
  if (tolerance.relative < 0 || tolerance.absolute < 0) {
    std::cerr << "corridor compare: --rtol and --atol: expected numbers >= 0\n";
    return kInvalidInput;
  }
  const auto baseline_path = vm["baseline"].as<std::string>(), current_path = vm["current"].as<std::string>();

  std::vector<Comparison> rows;
  try {
    rows = compare_metrics(read_metrics(baseline_path), read_metrics(current_path), tolerance, per_metric);
  } catch (const BadResultFile& e) {
    std::cerr << "corridor compare: " << e.what() << "\n";
    return kInvalidInput;
  } catch (const std::exception& e) {
    std::cerr << "corridor compare: " << e.what() << "\n";
    return kIoError;
  }
  print_table(rows, vm.count("all") > 0);
  int regressions = 0, noise = 0, added = 0;
  for (const auto& c : rows) {
    regressions += c.is_regression();
    noise += c.verdict == Verdict::WithinNoise;
    added += c.verdict == Verdict::New;
  }
  std::cout << fmt::format("{} metrics: {} regressions, {} beyond tolerance but within noise, {} new\n",
                           rows.size(), regressions, noise, added);
  if (vm.count("update")) {
    write_file_atomically(baseline_path, read_file(current_path));
    std::cout << "updated " << baseline_path << " from " << current_path << "\n";
    return kOk;
  }
  if (regressions > 0) {
    std::cout << "regressions:";
    for (const auto& c : rows)
      if (c.is_regression()) std::cout << " " << c.path;
    std::cout << "\n";
    return kRegression;
  }
  return kOk;
}

} // namespace corridor::cli

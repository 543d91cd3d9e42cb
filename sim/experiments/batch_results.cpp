// results.csv and replications.csv from a batch directory's run files, in the fixed run order,
// so the same run files always give the same bytes (whatever the jobs, shards or run order).
#include "corridor/batch.hpp"
#include "corridor/csv.hpp"
#include "corridor/output.hpp"
#include "corridor/summary.hpp"

#include "experiments/batch_files.hpp"

#include <cmath>
#include <fmt/format.h>
#include <map>

namespace corridor {

namespace {

using batch::RunState;

// Every CSV of corridor quotes the same way (RFC 4180, corridor/csv.hpp): a failed run's
// error keeps its line breaks, inside quotes.
std::string csv_field(std::string_view text) {
  std::string field;
  append_csv_field(field, text);
  return field;
}

std::string number(double x) {
  return fmt::format("{:.10g}", x);
}

double sample_sd(const std::vector<double>& values, double mean) {
  double squares = 0;
  for (double v : values)
    squares += (v - mean) * (v - mean);
  return std::sqrt(squares / static_cast<double>(values.size() - 1));
}

struct RunRecord {
  RunState state = RunState::Missing;
  std::string error;
  std::vector<std::pair<std::size_t, double>> values; // metric index -> value
};

} // namespace

ResultsReport write_results(const std::string& dir, const Experiment& experiment) {
  const auto runs = enumerate_runs(experiment);
  ResultsReport report;
  report.runs = static_cast<int>(runs.size());

  // Metrics in order of first appearance over the runs in their fixed order.
  std::vector<std::string> names;
  std::map<std::string, std::size_t> index_of;
  std::vector<RunRecord> records(runs.size());
  for (const RunRef& run : runs) {
    const std::string stem = batch::run_stem(dir, experiment, run);
    RunRecord& record = records[run.index];
    record.state = batch::run_state(stem);
    if (record.state == RunState::Missing) {
      ++report.missing;
    } else if (record.state == RunState::Failed) {
      ++report.failed;
      record.error = batch::read_text(batch::error_path(stem));
      while (!record.error.empty() && record.error.back() == '\n')
        record.error.pop_back();
    } else {
      for (const auto& [name, value] : batch::read_run_metrics(batch::result_path(stem))) {
        auto [it, added] = index_of.emplace(name, names.size());
        if (added) names.push_back(name);
        if (value) record.values.emplace_back(it->second, *value);
      }
    }
  }
  if (report.missing > 0) return report;

  std::string header_start = "case";
  for (const std::string& factor : experiment.factors)
    header_start += "," + csv_field(factor);

  std::string results = header_start + ",replications,failures";
  for (const std::string& name : names)
    results +=
        "," + csv_field(name + ".mean") + "," + csv_field(name + ".sd") + "," + csv_field(name + ".ci95");
  results += "\n";
  std::string replications = header_start + ",replication,seed,status,error";
  for (const std::string& name : names)
    replications += "," + csv_field(name);
  replications += "\n";

  std::size_t next = 0;
  for (const ExperimentCase& c : experiment.cases) {
    std::string row_start = csv_field(c.id);
    for (const std::string& level : c.levels)
      row_start += "," + csv_field(level);
    std::vector<std::vector<double>> values(names.size());
    int succeeded = 0, failed = 0;
    for (int r = 0; r < c.replications; ++r, ++next) {
      const RunRecord& record = records[next];
      std::vector<std::string> cells(names.size());
      for (const auto& [metric, value] : record.values) {
        values[metric].push_back(value);
        cells[metric] = number(value);
      }
      const bool ok = record.state == RunState::Succeeded;
      (ok ? succeeded : failed) += 1;
      replications += row_start + "," + std::to_string(r + 1) + "," +
                      std::to_string(run_seed(experiment, runs[next])) +
                      (ok ? ",ok," : ",failed," + csv_field(record.error));
      for (const std::string& cell : cells)
        replications += "," + cell;
      replications += "\n";
    }
    results += row_start + "," + std::to_string(succeeded) + "," + std::to_string(failed);
    for (const auto& v : values) {
      if (v.empty()) {
        results += ",,,";
        continue;
      }
      const Estimate e = estimate(v);
      results += "," + number(e.mean);
      results += v.size() < 2 ? ",," : "," + number(sample_sd(v, e.mean)) + "," + number(e.ci95_half_width);
    }
    results += "\n";
  }
  write_file_atomically(dir + "/results.csv", results);
  write_file_atomically(dir + "/replications.csv", replications);
  return report;
}

} // namespace corridor

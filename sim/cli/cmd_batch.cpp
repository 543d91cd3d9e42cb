// corridor batch EXPERIMENT | SCENARIO...: every run in its own process, resumable and shardable.
#include "corridor/batch.hpp"
#include "corridor/diagnostics.hpp"
#include "corridor/experiment.hpp"
#include "corridor/limits.hpp"

#include "cli/commands.hpp"
#include "cli/options.hpp"

#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <unistd.h>

namespace corridor::cli {

namespace {

std::string duration_text(double seconds) {
  const long s = std::lround(seconds);
  if (s >= 3600) return fmt::format("{}h{:02}m", s / 3600, s / 60 % 60);
  if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

/** One redrawn line on a terminal; a plain line per finished run otherwise (logs, Slurm). */
class ProgressPrinter {
public:
  explicit ProgressPrinter(bool quiet) : quiet_(quiet), tty_(isatty(STDERR_FILENO) != 0) {}

  void operator()(const BatchProgress& p) {
    if (quiet_) return;
    if (tty_) {
      std::cerr << "\r" << line(p) << "\033[K" << std::flush;
      if (p.last && !p.last->ok) // keep each failure on screen
        std::cerr << "\r\033[K" << p.last->case_id << " rep " << p.last->run.replication + 1
                  << ": failed: " << first_line(p.last->error) << "\n"
                  << line(p) << std::flush;
      drawn_ = true;
    } else if (p.last) {
      std::cerr << fmt::format("[{}/{}] {} rep {}: {} ({:.1f} s)\n", p.done, p.total, p.last->case_id,
                               p.last->run.replication + 1,
                               p.last->ok ? "ok" : "failed: " + first_line(p.last->error), p.last->seconds);
    }
  }
  void finish() const {
    if (drawn_) std::cerr << "\n";
  }

private:
  // An error on one line: invalid cases give one diagnostic a line.
  static std::string first_line(std::string text) {
    while (!text.empty() && text.back() == '\n')
      text.pop_back();
    for (char& c : text)
      if (c == '\n') c = ' ';
    return text.size() > 300 ? text.substr(0, 300) + "…" : text;
  }
  static std::string line(const BatchProgress& p) {
    constexpr int width = 30;
    const int filled = p.total ? width * p.done / p.total : width;
    std::string text = "[" + std::string(static_cast<std::size_t>(filled), '#') +
                       std::string(static_cast<std::size_t>(width - filled), '.') + "] " +
                       fmt::format("{}/{} runs, {} failed", p.done, p.total, p.failed);
    const int ran = p.done - p.resumed;
    if (ran > 0 && p.done < p.total)
      text += ", ETA " + duration_text(p.elapsed_s / ran * (p.total - p.done));
    else if (p.done == p.total)
      text += ", " + duration_text(p.elapsed_s);
    return text;
  }

  bool quiet_, tty_;
  bool drawn_ = false;
};

std::optional<Experiment> read_inputs(const std::vector<std::string>& inputs, std::optional<int> replications,
                                      std::optional<std::uint64_t> seed) {
  try {
    if (inputs.size() == 1 && is_experiment_file(inputs.front())) {
      Experiment experiment = load_experiment(inputs.front());
      for (ExperimentCase& c : experiment.cases) {
        if (replications) c.replications = *replications;
        if (seed) c.seed = *seed;
      }
      return experiment;
    }
    for (const auto& input : inputs)
      if (is_experiment_file(input)) {
        std::cerr << "corridor batch: " << input
                  << ": an experiment file runs on its own, not with other files\n";
        return std::nullopt;
      }
    return experiment_from_scenarios(inputs, replications, seed);
  } catch (const ScenarioError& e) {
    std::cerr << diagnostics_text(e.diagnostics());
    const auto n = e.diagnostics().size();
    std::cerr << inputs.front() << ": " << n << (n == 1 ? " error" : " errors") << "\n";
    return std::nullopt;
  }
}

} // namespace

int batch_command(const Args& args) {
  po::options_description options("options");
  options.add_options()("input", po::value<std::vector<std::string>>()->required(),
                        "an experiment file, or scenario files (one case each)")(
      "jobs,j", jobs_value(), "runs at once, each in its own process")(
      "out,o", po::value<std::string>(), "output directory (default: results/<experiment file name>)")(
      "resume", "finish the batch in --out: run only the runs without a result")(
      "shard", po::value<std::string>(), "run shard K of N (K/N, 1-based): runs whose index % N == K-1")(
      "replications", po::value<int>(), "replications per case (default: the experiment's)")(
      "seed", po::value<std::uint64_t>(), "base seed (default: the experiment's)")(
      "run-timeout-s", po::value<double>()->default_value(0, "none"),
      "a run still going after this many seconds is stopped and fails, \"timed out\" (0: no limit)")(
      "run-memory-mb", po::value<std::size_t>()->default_value(0, "none"),
      "address space of each run's process in MiB; a run needing more fails, \"out of memory\" (0: no "
      "limit)")("quiet,q", "no progress output");
  po::positional_options_description positional;
  positional.add("input", -1);
  po::variables_map vm;
  if (auto stop = parse_options("batch", "EXPERIMENT | SCENARIO... [options]", args, options, positional, vm))
    return *stop;

  const auto inputs = vm["input"].as<std::vector<std::string>>();
  BatchOptions batch;
  batch.jobs = vm["jobs"].as<int>();
  if (batch.jobs < 1) {
    std::cerr << "corridor batch: --jobs: expected an integer >= 1, got " << batch.jobs << "\n";
    return kInvalidInput;
  }
  std::optional<int> replications;
  if (vm.count("replications")) {
    replications = vm["replications"].as<int>();
    if (*replications < 1 || *replications > limits::kMaxReplications) {
      std::cerr << "corridor batch: --replications: expected an integer from 1 to "
                << limits::kMaxReplications << ", got " << *replications << "\n";
      return kInvalidInput;
    }
  }
  if (vm.count("shard")) {
    const auto shard = parse_shard(vm["shard"].as<std::string>());
    if (!shard) {
      std::cerr << "corridor batch: --shard: expected K/N with 1 <= K <= N, got '"
                << vm["shard"].as<std::string>() << "'\n";
      return kInvalidInput;
    }
    batch.shard = *shard;
  }
  batch.resume = vm.count("resume") > 0;
  batch.run_timeout_s = vm["run-timeout-s"].as<double>();
  if (!(batch.run_timeout_s >= 0) || !std::isfinite(batch.run_timeout_s)) {
    std::cerr << "corridor batch: --run-timeout-s: expected a number of seconds >= 0, got "
              << batch.run_timeout_s << "\n";
    return kInvalidInput;
  }
  batch.run_memory_mb = vm["run-memory-mb"].as<std::size_t>();
  std::optional<std::uint64_t> seed;
  if (vm.count("seed")) seed = vm["seed"].as<std::uint64_t>();

  const auto experiment = read_inputs(inputs, replications, seed);
  if (!experiment) return kInvalidInput;
  double runs = 0;
  for (const ExperimentCase& c : experiment->cases)
    runs += c.replications;
  if (runs > limits::kMaxBatchRuns) {
    std::cerr << fmt::format(
        "corridor batch: {}: expected at most {:g} runs (cases × replications), got {:g}\n", inputs.front(),
        limits::kMaxBatchRuns, runs);
    return kInvalidInput;
  }
  batch.out_dir = vm.count("out") ? vm["out"].as<std::string>()
                                  : "results/" + (inputs.size() == 1
                                                      ? std::filesystem::path(inputs.front()).stem().string()
                                                      : std::string("batch"));
  ProgressPrinter printer(vm.count("quiet") > 0);
  batch.on_progress = [&printer](const BatchProgress& p) { printer(p); };

  BatchReport report;
  try {
    report = run_batch(*experiment, batch);
  } catch (const BatchError& e) {
    printer.finish();
    std::cerr << "corridor batch: " << e.what() << "\n";
    return kInvalidInput;
  } catch (const std::exception& e) {
    printer.finish();
    std::cerr << "corridor batch: " << e.what() << "\n";
    return kIoError;
  }
  printer.finish();

  const std::string& out = batch.out_dir;
  const std::string shard =
      batch.shard.count > 1 ? fmt::format("shard {}/{}: ", batch.shard.index, batch.shard.count) : "";
  if (report.interrupted) {
    std::cerr
        << "corridor batch: " << shard << "interrupted, " << report.unfinished
        << " runs unfinished; every finished run is kept. Continue with the same command and --resume.\n";
    return kInterrupted;
  }
  std::cout << fmt::format("{}{} runs ({} resumed, {} run now): {} ok, {} failed\n", shard, report.total,
                           report.resumed, report.started, report.total - report.failed, report.failed);
  if (report.wrote_results)
    std::cout << "wrote " << out << "/results.csv, " << out << "/replications.csv\n";
  else if (batch.shard.count > 1)
    std::cout << "results of this shard are in " << out
              << "/runs; combine the shards with: corridor merge DIR... --out DIR\n";
  return report.failed > 0 ? kSimulationFailed : kOk;
}

} // namespace corridor::cli

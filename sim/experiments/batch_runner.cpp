// run_batch: a pool of forked children, one per run, that survives interruption at any moment.
//
// Every result reaches its final name by an atomic rename, so after Ctrl-C or kill -9 a file is
// either complete or absent; --resume redoes the absent ones. Children die with the parent
// (PR_SET_PDEATHSIG), so no orphan is left writing after a kill -9.
#include "corridor/batch.hpp"
#include "corridor/engine.hpp"
#include "corridor/load.hpp"
#include "corridor/output.hpp"
#include "corridor/uncertainty.hpp"

#include "experiments/batch_files.hpp"
#include "experiments/engine_loader.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace corridor {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/**
 * Blocks SIGINT, SIGTERM and SIGCHLD while the batch runs: the parent takes them with
 * sigtimedwait, between launches, instead of in a handler. Restores everything on exit.
 */
class SignalGuard {
public:
  SignalGuard() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    sigaddset(&set_, SIGCHLD);
    // SIGCHLD's default is "ignore"; a handler guarantees it is kept pending for sigtimedwait.
    struct sigaction action {};
    action.sa_handler = [](int) {};
    sigemptyset(&action.sa_mask);
    sigaction(SIGCHLD, &action, &old_chld_);
    sigprocmask(SIG_BLOCK, &set_, &old_mask_);
  }
  ~SignalGuard() {
    sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
    sigaction(SIGCHLD, &old_chld_, nullptr);
  }
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;

  /** The next of our signals, or 0 after `timeout_s` without one. */
  int wait(int timeout_s) const {
    const timespec timeout{timeout_s, 0};
    const int signal = sigtimedwait(&set_, nullptr, &timeout);
    return signal < 0 ? 0 : signal;
  }
  /** In a new child: signals as the parent's caller had them. */
  void restore_in_child() const {
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    sigaction(SIGCHLD, &old_chld_, nullptr);
    sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
  }

private:
  sigset_t set_{}, old_mask_{};
  struct sigaction old_chld_ {};
};

struct Child {
  RunRef run;
  Clock::time_point start;
  bool timed_out = false; // killed by us after BatchOptions::run_timeout_s
};

/** Running children; any left when the batch unwinds (an exception) are stopped and reaped. */
class Children {
public:
  ~Children() {
    stop_all();
    for (const auto& [pid, child] : running_)
      waitpid(pid, nullptr, 0);
  }
  void stop_all() const {
    for (const auto& [pid, child] : running_)
      kill(pid, SIGTERM);
  }
  std::map<pid_t, Child>& running() { return running_; }

private:
  std::map<pid_t, Child> running_;
};

// The scenario of the case being launched: loaded once per case, in the parent.
struct LoadedCase {
  std::size_t index = static_cast<std::size_t>(-1);
  std::optional<Scenario> scenario;
  std::optional<RoutedScenario> routed;
  std::string error; // the diagnostics when the case is invalid
};

void load_case(const Experiment& experiment, std::size_t index, LoadedCase& loaded) {
  if (loaded.index == index) return;
  loaded = LoadedCase{};
  loaded.index = index;
  const ExperimentCase& c = experiment.cases[index];
  try {
    loaded.scenario = load_scenario(c.scenario, c.overrides);
    loaded.routed.emplace(*loaded.scenario);
  } catch (const ScenarioError& e) {
    loaded.scenario.reset();
    loaded.error = "invalid scenario:\n" + diagnostics_text(e.diagnostics());
    loaded.error.pop_back();
  } catch (const std::exception& e) {
    loaded.scenario.reset();
    loaded.error = std::string("invalid scenario: ") + e.what();
  }
}

[[noreturn]] void run_child(const SignalGuard& signals, int lock_fd, pid_t parent, const LoadedCase& loaded,
                            const SimulateFunction& simulate_fn, const std::string& case_id,
                            const RunRef& run, std::uint64_t seed, const std::vector<double>& input_values,
                            const std::string& stem, std::size_t memory_mb) {
  prctl(PR_SET_PDEATHSIG, SIGKILL); // die with the parent: a kill -9 leaves no orphan writing
  if (getppid() != parent) _exit(4);
  signals.restore_in_child();
  close(lock_fd); // the lock is the parent's alone
  if (memory_mb > 0) {
    const rlimit limit{static_cast<rlim_t>(memory_mb) << 20, static_cast<rlim_t>(memory_mb) << 20};
    setrlimit(RLIMIT_AS, &limit);
  }
  int status = 0;
  try {
    const Scenario& loaded_scenario = *loaded.scenario;
    std::optional<Scenario> sampled; // this run's values of the uncertain inputs, placed as --set places them
    std::optional<RoutedScenario> sampled_routes;
    if (!loaded_scenario.uncertain.empty()) {
      sampled = with_input_values(loaded_scenario, input_values);
      sampled_routes.emplace(*sampled);
    }
    const Scenario& scenario = sampled ? *sampled : loaded_scenario;
    const RoutedScenario& routed = sampled_routes ? *sampled_routes : *loaded.routed;
    const ReplicationResult result = simulate_fn(scenario, routed, seed);
    auto metrics = batch::run_metrics(scenario, routed, result);
    for (std::size_t k = 0; k < input_values.size(); ++k)
      metrics.emplace_back("uncertain_inputs." + loaded_scenario.uncertain[k].path, input_values[k]);
    write_file_atomically(batch::result_path(stem), batch::run_result_text(case_id, run, seed, metrics));
  } catch (const std::bad_alloc&) {
    status = 3;
    try {
      write_file_atomically(batch::error_path(stem),
                            memory_mb > 0
                                ? fmt::format("out of memory: the run needs more than the {} MiB of "
                                              "--run-memory-mb\n",
                                              memory_mb)
                                : std::string("out of memory\n"));
    } catch (...) {
    }
  } catch (const std::exception& e) {
    status = 3;
    try {
      write_file_atomically(batch::error_path(stem), e.what() + std::string("\n"));
    } catch (...) {
    }
  } catch (...) {
    status = 3;
  }
  _exit(status); // skip the parent's destructors and atexit handlers
}

std::string describe_end(int status) {
  if (WIFSIGNALED(status))
    return "crashed: killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
           strsignal(WTERMSIG(status)) + ")";
  return "exited with status " + std::to_string(WEXITSTATUS(status)) + " without a result";
}

// Makes `dir` a batch directory of `experiment`, or refuses: a batch never mixes experiments.
void prepare_directory(const Experiment& experiment, const BatchOptions& options) {
  const std::string& dir = options.out_dir;
  const std::string manifest = dir + "/" + batch::kExperimentFile;
  const std::string text = experiment_json_text(experiment);
  std::error_code error;
  if (fs::exists(manifest, error)) {
    if (!options.resume)
      throw BatchError(dir + ": holds a batch already; add --resume to finish it, or choose another --out");
    if (batch::read_text(manifest) != text)
      throw BatchError(dir +
                       ": holds a batch of a different experiment (its cases, levels, seeds or scenario "
                       "files differ); choose another --out");
    return;
  }
  if (!batch::is_empty_directory(dir))
    throw BatchError(dir + ": not empty and not a batch directory; choose another --out");
  write_file_atomically(manifest, text);
}

} // namespace

BatchReport run_batch(const Experiment& experiment, const BatchOptions& options) {
  std::error_code error;
  if (!options.resume && !batch::is_empty_directory(options.out_dir))
    throw BatchError(options.out_dir +
                     ": not empty; add --resume to continue the batch there, or choose another --out");
  fs::create_directories(options.out_dir, error);
  if (error) throw BatchError(options.out_dir + ": cannot create the directory: " + error.message());
  batch::DirectoryLock lock(options.out_dir);
  prepare_directory(experiment, options);
  batch::remove_stale_temporaries(options.out_dir);
  for (const ExperimentCase& c : experiment.cases) {
    fs::create_directories(options.out_dir + "/runs/" + c.id, error);
    if (error) throw BatchError(options.out_dir + "/runs/" + c.id + ": cannot create: " + error.message());
  }

  BatchReport report;
  BatchProgress progress;
  std::vector<RunRef> pending;
  for (const RunRef& run : enumerate_runs(experiment)) {
    if (!options.shard.contains(run)) continue;
    ++report.total;
    switch (batch::run_state(batch::run_stem(options.out_dir, experiment, run))) {
    case batch::RunState::Missing:
      pending.push_back(run);
      break;
    case batch::RunState::Failed:
      ++report.failed;
      [[fallthrough]];
    case batch::RunState::Succeeded:
      ++report.resumed;
      break;
    }
  }
  progress.total = report.total;
  progress.done = progress.resumed = report.resumed;
  progress.failed = report.failed;
  const auto start = Clock::now();
  auto report_progress = [&](std::optional<RunOutcome> outcome) {
    if (outcome) {
      ++progress.done;
      if (!outcome->ok) ++progress.failed, ++report.failed;
    }
    progress.elapsed_s = seconds_since(start);
    progress.last = std::move(outcome);
    if (options.on_progress) options.on_progress(progress);
  };
  report_progress(std::nullopt);

  if (!options.simulate) experiments::engine(); // loaded once here, inherited by every child
  const SimulateFunction simulate_fn =
      options.simulate ? options.simulate : SimulateFunction(experiments::simulate_keeping_records);
  const int jobs = std::max(1, options.jobs);
  const pid_t parent = getpid();
  SignalGuard signals;
  Children children;
  auto& running = children.running();
  LoadedCase loaded;
  bool stopping = false;
  std::size_t next = 0;

  while ((!stopping && next < pending.size()) || !running.empty()) {
    while (!stopping && next < pending.size() && static_cast<int>(running.size()) < jobs) {
      const RunRef run = pending[next++];
      const ExperimentCase& c = experiment.cases[run.case_index];
      const std::string stem = batch::run_stem(options.out_dir, experiment, run);
      load_case(experiment, run.case_index, loaded);
      if (!loaded.scenario) { // an invalid case fails each of its runs, and the others go on
        write_file_atomically(batch::error_path(stem), loaded.error + "\n");
        report_progress(RunOutcome{run, c.id, false, loaded.error, 0});
        continue;
      }
      // The case's Latin hypercube, drawn whole: a run's values do not depend on which runs a
      // shard or a resumed batch does.
      const std::vector<double> values =
          loaded.scenario->uncertain.empty()
              ? std::vector<double>{}
              : latin_hypercube(loaded.scenario->uncertain, case_seed(experiment, run.case_index),
                                c.replications)[static_cast<std::size_t>(run.replication)];
      std::fflush(nullptr); // do not let the child repeat buffered output
      const pid_t pid = fork();
      if (pid < 0) throw BatchError(std::string("cannot start a process: ") + std::strerror(errno));
      if (pid == 0)
        run_child(signals, lock.fd(), parent, loaded, simulate_fn, c.id, run, run_seed(experiment, run),
                  values, stem, options.run_memory_mb);
      running[pid] = Child{run, Clock::now()};
      ++report.started;
    }
    if (running.empty()) continue;

    const int signal = signals.wait(1);
    if ((signal == SIGINT || signal == SIGTERM) && !stopping) {
      stopping = true;
      report.interrupted = true;
      children.stop_all();
    }
    if (signal == 0 && options.on_progress) report_progress(std::nullopt); // a tick for the ETA
    if (options.run_timeout_s > 0)
      for (auto& [child_pid, child] : running)
        if (!child.timed_out && seconds_since(child.start) > options.run_timeout_s) {
          kill(child_pid, SIGKILL); // reaped below, or at the next wake (SIGCHLD)
          child.timed_out = true;
        }
    int status = 0;
    pid_t pid = 0;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
      auto it = running.find(pid);
      if (it == running.end()) continue; // not one of ours
      const Child child = it->second;
      running.erase(it);
      const ExperimentCase& c = experiment.cases[child.run.case_index];
      const std::string stem = batch::run_stem(options.out_dir, experiment, child.run);
      RunOutcome outcome{child.run, c.id, true, "", seconds_since(child.start)};
      const auto state = batch::run_state(stem);
      if (state == batch::RunState::Succeeded) {
        report_progress(outcome);
        continue;
      }
      if (state == batch::RunState::Failed) {
        outcome.ok = false;
        outcome.error = batch::read_text(batch::error_path(stem));
        report_progress(outcome);
        continue;
      }
      if (child.timed_out) {
        outcome.ok = false;
        outcome.error = fmt::format("timed out after {:g} s (--run-timeout-s)", options.run_timeout_s);
        write_file_atomically(batch::error_path(stem), outcome.error + "\n");
        report_progress(outcome);
        continue;
      }
      // Killed by an interruption (ours, or SIGINT/SIGTERM sent to the whole job): unfinished, not failed.
      if (WIFSIGNALED(status) && (WTERMSIG(status) == SIGINT || WTERMSIG(status) == SIGTERM || stopping)) {
        if (!stopping) {
          stopping = report.interrupted = true;
          children.stop_all();
        }
        continue;
      }
      outcome.ok = false;
      outcome.error = describe_end(status);
      write_file_atomically(batch::error_path(stem), outcome.error + "\n");
      report_progress(outcome);
    }
  }

  // Every child has ended; one stopped mid-write leaves its temporary file, which we own now.
  if (report.interrupted) batch::remove_stale_temporaries(options.out_dir);
  for (const RunRef& run : pending)
    if (batch::run_state(batch::run_stem(options.out_dir, experiment, run)) == batch::RunState::Missing)
      ++report.unfinished;
  if (!report.interrupted) report.wrote_results = write_results(options.out_dir, experiment).missing == 0;
  return report;
}

} // namespace corridor

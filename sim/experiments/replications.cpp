#include "corridor/replications.hpp"

#include "corridor/csv.hpp"
#include "corridor/engine.hpp"
#include "corridor/load.hpp"
#include "corridor/output.hpp"
#include "corridor/output_set.hpp"
#include "corridor/replication_io.hpp"
#include "corridor/uncertainty.hpp"

#include "experiments/background_sink.hpp"
#include "experiments/engine_loader.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace corridor {

namespace {

/**
 * A private folder for the children's digests, removed when the run ends. Its name carries the
 * parent's pid, so the next run removes what a killed one left.
 */
class ScratchDir {
public:
  /** In `dir`, which its owner removes; otherwise a folder of its own in $TMPDIR. */
  explicit ScratchDir(const std::string& dir) {
    if (!dir.empty()) {
      path_ = dir;
      owned_ = false;
      return;
    }
    const char* tmp = std::getenv("TMPDIR");
    const std::string base = tmp && *tmp ? tmp : "/tmp";
    remove_left_by_ended_runs(base, "corridor-");
    std::string pattern = base + "/corridor-" + std::to_string(getpid()) + "-XXXXXX";
    if (!mkdtemp(pattern.data()))
      throw ReplicationFailed("cannot create a scratch directory " + pattern + ": " + std::strerror(errno));
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    if (owned_)
      fs::remove_all(path_, ignored);
    else
      for (const auto& entry : fs::directory_iterator(path_, ignored))
        if (entry.path().filename().string().rfind(".replication-", 0) == 0)
          fs::remove(entry.path(), ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::string file(int replication, const char* extension) const {
    return path_ + "/.replication-" + std::to_string(replication) + extension;
  }

private:
  std::string path_;
  bool owned_ = true;
};

volatile std::sig_atomic_t interrupted = 0;

// SIGINT and SIGTERM stop the replications (and interrupt waitpid) instead of the process, so
// that the children are stopped and the partial results removed before it exits.
class InterruptGuard {
public:
  InterruptGuard() {
    interrupted = 0;
    struct sigaction action {};
    action.sa_handler = [](int) { interrupted = 1; };
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; // no SA_RESTART: waitpid returns EINTR
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
  }
  ~InterruptGuard() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
  struct sigaction old_int_ {
  }, old_term_{};
};

// Runs in the child: never returns.
[[noreturn]] void run_child(const Scenario& scenario, const RoutedScenario& routed, pid_t parent,
                            const ReplicationPlan& plan, const std::vector<std::vector<double>>& values,
                            int index, const std::string& digest_path, const std::string& error_path) {
  prctl(PR_SET_PDEATHSIG, SIGKILL); // die with the parent: a kill -9 leaves no orphan running
  if (getppid() != parent) _exit(4);
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  if (plan.memory_mb > 0) {
    const rlim_t bytes = static_cast<rlim_t>(plan.memory_mb) << 20;
    const rlimit limit{bytes, bytes};
    setrlimit(RLIMIT_AS, &limit);
  }
  int status = 0;
  try {
    const std::string rows = plan.shipments_dir.empty() ? "" : shipment_rows_path(plan.shipments_dir, index);
    const std::string trace = plan.trace_dir.empty() ? "" : rows_part_path(plan.trace_dir, "trace", index);
    const std::uint64_t seed = replication_seed(plan.seed, index);
    if (scenario.uncertain.empty()) {
      write_digest(digest_path,
                   run_replication(scenario, routed, index, seed, rows, plan.promise_days, trace));
    } else { // this replication's values of the uncertain inputs, placed as --set places them
      Scenario sampled = with_input_values(scenario, values.at(static_cast<std::size_t>(index)));
      if (plan.derive) sampled = plan.derive(std::move(sampled));
      const RoutedScenario sampled_routes(sampled);
      write_digest(digest_path,
                   run_replication(sampled, sampled_routes, index, seed, rows, plan.promise_days, trace));
    }
  } catch (const ScenarioError& e) {
    std::ofstream(error_path) << "its values of the uncertain inputs make the scenario invalid:\n"
                              << diagnostics_text(e.diagnostics());
    status = 3;
  } catch (const std::bad_alloc&) {
    std::ofstream(error_path) << "out of memory: it needed more than --run-memory-mb " << plan.memory_mb
                              << " MB";
    status = 3;
  } catch (const std::exception& e) {
    std::ofstream(error_path) << e.what()
                              << (plan.memory_mb > 0
                                      ? " (under --run-memory-mb " + std::to_string(plan.memory_mb) +
                                            ": the limit may be too low)"
                                      : std::string());
    status = 3;
  } catch (...) {
    std::ofstream(error_path) << "unknown error";
    status = 3;
  }
  std::fflush(nullptr);
  _exit(status); // skip the parent's atexit handlers and static destructors
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string describe_failure(int status, const std::string& error_path) {
  if (WIFSIGNALED(status))
    return std::string("killed by signal ") + std::to_string(WTERMSIG(status)) + " (" +
           strsignal(WTERMSIG(status)) + ")";
  std::string error = read_text(error_path);
  return error.empty() ? "exited with status " + std::to_string(WEXITSTATUS(status)) : error;
}

class File {
public:
  explicit File(const std::string& path)
      : fd_(open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) {
    if (fd_ < 0) throw std::runtime_error(path + ": cannot create: " + std::strerror(errno));
  }
  ~File() {
    if (fd_ >= 0) close(fd_);
  }
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  int fd() const { return fd_; }

private:
  int fd_;
};

} // namespace

ReplicationDigest run_replication(const Scenario& scenario, const RoutedScenario& routed, int index,
                                  std::uint64_t seed, const std::string& rows_path, double promise_days,
                                  const std::string& trace_path) {
  CohortStatistics statistics(scenario, promise_days);
  std::vector<ShipmentSink*> targets = {&statistics};
  std::optional<File> file;
  std::optional<ShipmentCsvWriter> csv;
  if (!rows_path.empty()) {
    file.emplace(rows_path);
    csv.emplace(scenario, index + 1, file->fd(), index == 0);
    targets.push_back(&*csv);
  }
  std::optional<File> trace_file;
  std::optional<TraceCsvWriter> trace;
  if (!trace_path.empty()) {
    trace_file.emplace(trace_path);
    trace.emplace(scenario, index + 1, trace_file->fd(), index == 0);
  }
  experiments::BackgroundSink background(targets, trace ? &*trace : nullptr);
  ReplicationResult result = experiments::engine()(scenario, routed, seed, background);
  background.finish();
  if (csv) csv->flush();
  if (trace) trace->flush();
  return statistics.finish(result);
}

std::vector<std::vector<double>> input_values(const Scenario& scenario, const ReplicationPlan& plan) {
  if (scenario.uncertain.empty()) return {};
  if (!plan.input_values.empty()) return plan.input_values;
  return latin_hypercube(scenario.uncertain, plan.seed, plan.replications);
}

std::vector<ReplicationDigest> run_replications(const Scenario& scenario, const RoutedScenario& routed,
                                                const ReplicationPlan& plan) {
  experiments::engine(); // loaded once here, inherited by every child
  const auto values = input_values(scenario, plan);
  if (!scenario.uncertain.empty() && values.size() < static_cast<std::size_t>(plan.replications))
    throw ReplicationFailed("the plan gives the uncertain inputs values for fewer replications than it runs");
  ScratchDir scratch(plan.scratch_dir);
  InterruptGuard guard;
  using Clock = std::chrono::steady_clock;
  struct Child {
    int replication;
    Clock::time_point started;
  };
  std::map<pid_t, Child> running;
  std::string first_failure;
  int next = 0, done = 0;
  const int jobs = std::max(1, plan.jobs);
  const pid_t parent = getpid();

  while (next < plan.replications || !running.empty()) {
    if (interrupted) {
      for (const auto& [pid, child] : running)
        kill(pid, SIGKILL);
      for (const auto& [pid, child] : running)
        waitpid(pid, nullptr, 0);
      throw ReplicationsInterrupted("interrupted");
    }
    while (first_failure.empty() && next < plan.replications && static_cast<int>(running.size()) < jobs) {
      std::fflush(nullptr); // do not let the child repeat buffered output
      const pid_t pid = fork();
      if (pid < 0) throw ReplicationFailed(std::string("cannot start a process: ") + std::strerror(errno));
      if (pid == 0)
        run_child(scenario, routed, parent, plan, values, next, scratch.file(next, ".bin"),
                  scratch.file(next, ".err"));
      running[pid] = Child{next++, Clock::now()};
    }
    if (running.empty()) break;
    int status = 0;
    // With a time limit, look every 10 ms (SIGCHLD would need a handler; runs take seconds).
    const pid_t pid = waitpid(-1, &status, plan.timeout_s > 0 ? WNOHANG : 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      throw ReplicationFailed(std::string("waiting for a replication: ") + std::strerror(errno));
    }
    if (pid == 0) {
      for (auto& [child_pid, child] : running)
        if (std::chrono::duration<double>(Clock::now() - child.started).count() > plan.timeout_s &&
            child.started != Clock::time_point{}) {
          kill(child_pid, SIGKILL);
          child.started = Clock::time_point{}; // killed: its end is reported as a time-out
        }
      usleep(10000);
      continue;
    }
    auto it = running.find(pid);
    if (it == running.end()) continue; // not one of ours
    const int replication = it->second.replication;
    const bool timed_out = it->second.started == Clock::time_point{};
    running.erase(it);
    ++done;
    if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0) && first_failure.empty())
      first_failure = "replication " + std::to_string(replication + 1) + " (seed " +
                      std::to_string(replication_seed(plan.seed, replication)) + ") failed: " +
                      (timed_out ? fmt::format("timed out after {:g} s (--run-timeout-s)", plan.timeout_s)
                                 : describe_failure(status, scratch.file(replication, ".err")));
    if (plan.on_progress) plan.on_progress(done, plan.replications);
  }
  if (!first_failure.empty()) throw ReplicationFailed(first_failure);

  std::vector<ReplicationDigest> digests;
  digests.reserve(static_cast<std::size_t>(plan.replications));
  for (int i = 0; i < plan.replications; ++i)
    digests.push_back(read_digest(scratch.file(i, ".bin")));
  return digests;
}

} // namespace corridor

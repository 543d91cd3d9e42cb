#include "corridor/replications.hpp"

#include "corridor/engine.hpp"
#include "corridor/replication_io.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace corridor {

namespace {

/** A private directory for the children's result files, removed when the run ends. */
class ScratchDir {
public:
  ScratchDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/corridor-XXXXXX";
    if (!mkdtemp(pattern.data()))
      throw ReplicationFailed("cannot create a scratch directory " + pattern + ": " + std::strerror(errno));
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::string file(int replication, const char* extension) const {
    return path_ + "/replication-" + std::to_string(replication) + extension;
  }

private:
  std::string path_;
};

// Runs in the child: never returns.
[[noreturn]] void run_child(const Scenario& scenario, const RoutedScenario& routed, std::uint64_t seed,
                            const std::string& result_path, const std::string& error_path) {
  int status = 0;
  try {
    write_replication(result_path, simulate(scenario, routed, seed));
  } catch (const std::exception& e) {
    std::ofstream(error_path) << e.what();
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

} // namespace

std::vector<ReplicationResult> run_replications(const Scenario& scenario, const RoutedScenario& routed,
                                                const ReplicationPlan& plan) {
  ScratchDir scratch;
  std::map<pid_t, int> running; // pid -> replication
  std::string first_failure;
  int next = 0, done = 0;
  const int jobs = std::max(1, plan.jobs);

  while (next < plan.replications || !running.empty()) {
    while (first_failure.empty() && next < plan.replications && static_cast<int>(running.size()) < jobs) {
      const std::uint64_t seed = replication_seed(plan.seed, next);
      std::fflush(nullptr); // do not let the child repeat buffered output
      const pid_t pid = fork();
      if (pid < 0) throw ReplicationFailed(std::string("cannot start a process: ") + std::strerror(errno));
      if (pid == 0) run_child(scenario, routed, seed, scratch.file(next, ".bin"), scratch.file(next, ".err"));
      running[pid] = next++;
    }
    if (running.empty()) break;
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      throw ReplicationFailed(std::string("waiting for a replication: ") + std::strerror(errno));
    }
    auto it = running.find(pid);
    if (it == running.end()) continue; // not one of ours
    const int replication = it->second;
    running.erase(it);
    ++done;
    if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0) && first_failure.empty())
      first_failure = "replication " + std::to_string(replication + 1) + " (seed " +
                      std::to_string(replication_seed(plan.seed, replication)) +
                      ") failed: " + describe_failure(status, scratch.file(replication, ".err"));
    if (plan.on_progress) plan.on_progress(done, plan.replications);
  }
  if (!first_failure.empty()) throw ReplicationFailed(first_failure);

  std::vector<ReplicationResult> results;
  results.reserve(static_cast<std::size_t>(plan.replications));
  for (int i = 0; i < plan.replications; ++i)
    results.push_back(read_replication(scratch.file(i, ".bin")));
  return results;
}

} // namespace corridor

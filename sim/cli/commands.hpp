#pragma once
// The subcommands of `corridor`, each in its own file, and what they share.
#include <string>
#include <vector>

namespace corridor::cli {

/** Exit codes, documented in docs/cli.md. */
enum ExitCode : int {
  kOk = 0,
  kSimulationFailed = 1, ///< a replication failed while simulating
  kRegression = 1,       ///< compare: some metric regressed
  kInvalidInput = 2,     ///< invalid scenario or command-line arguments
  kIoError = 3,          ///< a file could not be read or written
  kInternalError = 4,    ///< a bug in corridor: please report it
  kInterrupted = 130,    ///< SIGINT or SIGTERM: stopped cleanly, as a shell reports SIGINT
};

using Args = std::vector<std::string>;

int run_command(const Args& args);
int validate_command(const Args& args);
int routes_command(const Args& args);
int compare_command(const Args& args);
int capacity_command(const Args& args);
int batch_command(const Args& args);
int merge_command(const Args& args);
int sensitivity_command(const Args& args);
int plan_command(const Args& args);
int report_command(const Args& args);

/** The scenario `corridor run` uses when none is given. */
std::string default_scenario_path();

} // namespace corridor::cli

#pragma once
// Runs the corridor executable as a user would and captures what it printed.
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

struct CliResult {
  int exit_code = -1;
  std::string out; // stdout and stderr together
};

/** Runs a shell command and captures its standard output. */
inline CliResult run_command(const std::string& command) {
  CliResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe))
    result.out.append(buffer.data(), n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

/** Runs corridor with `arguments`, its stderr with its stdout; `environment` is put before it. */
inline CliResult run_corridor(const std::string& arguments, const std::string& environment = "") {
  return run_command(environment + " " + std::string(CORRIDOR_EXE) + " " + arguments + " 2>&1");
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("corridor-cli-test-" + name);
  std::filesystem::remove_all(dir);
  return dir;
}

inline std::string test_file(const std::string& relative) {
  return std::string(CORRIDOR_TEST_DIR) + "/" + relative;
}

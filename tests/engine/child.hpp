#pragma once
// Runs code in a forked child: SimGrid allows one engine per process, so a test that compares
// several runs makes each in a child of its own.
#include <catch2/catch.hpp>
#include <cstring>
#include <functional>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace corridor::test {

// Runs `numbers` in a child process (SimGrid allows one engine per process) and returns them.
inline std::vector<double> in_child(const std::function<std::vector<double>()>& numbers_of_run) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    const std::vector<double> numbers = numbers_of_run();
    const auto* bytes = reinterpret_cast<const char*>(numbers.data());
    std::size_t left = numbers.size() * sizeof(double);
    while (left > 0) {
      const ssize_t n = write(fds[1], bytes, left);
      if (n <= 0) _exit(1);
      bytes += n;
      left -= static_cast<std::size_t>(n);
    }
    _exit(0);
  }
  close(fds[1]);
  std::vector<char> bytes;
  char buffer[65536];
  for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;)
    bytes.insert(bytes.end(), buffer, buffer + n);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  std::vector<double> numbers(bytes.size() / sizeof(double));
  std::memcpy(numbers.data(), bytes.data(), numbers.size() * sizeof(double));
  return numbers;
}

} // namespace corridor::test

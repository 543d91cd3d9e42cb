#include "corridor/output_set.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <stdexcept>
#include <unistd.h>

namespace fs = std::filesystem;

namespace corridor {

namespace {

// ".NAME.corridor-PID.tmp": the pid tells a live run's staging folder from a dead one's.
std::string staging_prefix(const fs::path& dir) {
  return "." + dir.filename().string() + ".corridor-";
}

bool process_alive(long pid) {
  return pid > 0 && (kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

void sync_path(const std::string& path, bool directory) {
  const int fd = open(path.c_str(), (directory ? O_DIRECTORY : 0) | O_RDONLY);
  if (fd < 0) return;
  fsync(fd);
  close(fd);
}

} // namespace

void remove_left_by_ended_runs(const std::string& folder, const std::string& prefix) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::size_t end = name.find_first_not_of("0123456789", prefix.size());
    const std::size_t digits = (end == std::string::npos ? name.size() : end) - prefix.size();
    if (digits == 0 || digits > 9 || end == std::string::npos || (name[end] != '-' && name[end] != '.'))
      continue;
    if (!process_alive(std::stol(name.substr(prefix.size(), digits)))) fs::remove_all(entry.path(), ec);
  }
}

OutputSet::OutputSet(const std::string& dir, std::vector<std::string> files) : files_(std::move(files)) {
  fs::path path = fs::absolute(dir).lexically_normal();
  if (!path.has_filename()) path = path.parent_path(); // "out/" names "out"
  if (path.filename().empty() || path.filename() == "." || path.filename() == "..")
    throw std::runtime_error(dir + ": not usable as a results folder (name a folder of its own)");
  dir_ = path.string();
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) throw std::runtime_error(path.parent_path().string() + ": cannot create: " + ec.message());
  remove_left_by_ended_runs(path.parent_path().string(), staging_prefix(path));
  if (fs::exists(path, ec)) {
    if (!fs::is_directory(path, ec)) throw std::runtime_error(dir + ": exists and is not a folder");
    std::vector<std::string> foreign;
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      const std::string name = entry.path().filename().string();
      // Its own files, and the temporaries a killed older corridor left beside them.
      const bool own = std::any_of(files_.begin(), files_.end(), [&](const std::string& file) {
        return name == file || name.rfind(file + ".tmp-", 0) == 0;
      });
      if (!own) foreign.push_back(name);
    }
    if (!foreign.empty())
      throw std::runtime_error(
          dir + ": holds files corridor did not write (" + foreign.front() +
          (foreign.size() > 1 ? " and " + std::to_string(foreign.size() - 1) + " more" : "") +
          "); the results replace the whole folder: choose an empty or a results folder");
  }
  staging_ = (path.parent_path() / (staging_prefix(path) + std::to_string(getpid()) + ".tmp")).string();
  fs::remove_all(staging_, ec);
  if (!fs::create_directory(staging_, ec))
    throw std::runtime_error(path.parent_path().string() +
                             ": cannot write there: " + (ec ? ec.message() : "cannot create a folder"));
}

OutputSet::~OutputSet() {
  if (committed_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

std::string OutputSet::staged(const std::string& name) const {
  return staging_ + "/" + name;
}

void OutputSet::commit() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(staging_, ec))
    sync_path(entry.path().string(), false);
  sync_path(staging_, true);
  if (!fs::exists(dir_, ec)) {
    if (std::rename(staging_.c_str(), dir_.c_str()) != 0)
      throw std::runtime_error(dir_ + ": cannot move the results into place: " + std::strerror(errno));
  } else if (renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, dir_.c_str(), RENAME_EXCHANGE) != 0) {
    // A file system without atomic exchange: two renames, the old set moved aside first.
    const std::string aside = staging_.substr(0, staging_.size() - 4) + "-old.tmp";
    if (std::rename(dir_.c_str(), aside.c_str()) != 0 || std::rename(staging_.c_str(), dir_.c_str()) != 0)
      throw std::runtime_error(dir_ + ": cannot move the results into place: " + std::strerror(errno));
    fs::remove_all(aside, ec);
  } else {
    fs::remove_all(staging_, ec); // now the old set
  }
  sync_path(fs::path(dir_).parent_path().string(), true);
  committed_ = true;
}

} // namespace corridor

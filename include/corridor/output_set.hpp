#pragma once
/**
 * @file A results folder written as a whole. Every file of a run is made in a hidden staging
 * folder beside it; at the end the staging folder and the results folder trade places in one
 * rename, so a reader sees the old set or the new one, never a mix, and a killed run leaves
 * only its staging folder, which the next run into the same place removes.
 */
#include <string>
#include <vector>

namespace corridor {

/**
 * @brief Removes what killed runs left in `folder`: the entries named PREFIX, a process id, then
 * '-' or '.', whose process has ended.
 */
void remove_left_by_ended_runs(const std::string& folder, const std::string& prefix);

class OutputSet {
public:
  /**
   * @brief Prepares `dir`: removes staging folders that killed runs left beside it, checks it
   * can be written and holds nothing but corridor's own `files`, and creates the staging folder.
   * @throws std::runtime_error saying what is wrong, before any simulation is spent
   */
  OutputSet(const std::string& dir, std::vector<std::string> files);
  ~OutputSet(); ///< without commit(): the staging folder is removed
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;

  /** @brief Where to write `name` (one of the files) before commit(). */
  std::string staged(const std::string& name) const;
  const std::string& staging_dir() const { return staging_; }
  /** @brief Syncs the staged files and puts them in place of the folder's old contents. */
  void commit();

private:
  std::string dir_, staging_;
  std::vector<std::string> files_;
  bool committed_ = false;
};

} // namespace corridor

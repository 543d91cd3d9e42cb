#pragma once
/** @file Where a value came from in a scenario file, for error messages. */
#include <map>
#include <string>

namespace corridor {

/** @brief 1-based line and column in a file; line 0 means "no position known". */
struct SourceLoc {
  std::string file;
  int line = 0;
  int column = 0;
};

/** @brief Position of an element and of each of its keys, so semantic checks can point at a value. */
struct Locations {
  SourceLoc self;                          ///< the element's own mapping
  std::map<std::string, SourceLoc> fields; ///< key -> position of its value

  /** @brief Position of a key's value, or of the element when the key was absent. */
  const SourceLoc& of(const std::string& key) const {
    auto it = fields.find(key);
    return it == fields.end() ? self : it->second;
  }
};

} // namespace corridor

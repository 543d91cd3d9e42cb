#pragma once
/** @file Portable, seeded random streams: same seed, same draws with any compiler and library. */
#include <cstdint>
#include <random>
#include <string_view>

namespace corridor {

/** @brief Stable 64-bit hash of a name (FNV-1a), independent of the standard library. */
std::uint64_t stable_hash(std::string_view text);

/** @brief Mixes a seed with a salt (splitmix64); used to derive independent seeds. */
std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t salt);
/** @brief Seed of replication `index` (0-based) of a scenario with base seed `seed`. */
std::uint64_t replication_seed(std::uint64_t seed, int index);

/**
 * @brief One independent stream of random numbers.
 *
 * std::mt19937_64 is specified bit for bit by the standard, so the engine is portable; the
 * distributions on top of it are Boost.Random's or our own, never std::*_distribution.
 * Each source of randomness gets its own stream named after it, so adding a facility does not
 * shift the draws of another.
 */
class RandomStream {
public:
  RandomStream(std::uint64_t seed, std::string_view name) : engine_(mix_seed(seed, stable_hash(name))) {}

  /** @brief Uniform in [0, 1). */
  double uniform01();
  std::mt19937_64& engine() { return engine_; }

private:
  std::mt19937_64 engine_;
};

} // namespace corridor

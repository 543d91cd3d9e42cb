#include "corridor/random.hpp"

#include <boost/random/uniform_01.hpp>

namespace corridor {

std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL; // FNV-1a offset basis
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL; // FNV prime
  }
  return hash;
}

std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t salt) {
  // splitmix64 finaliser over both words: nearby seeds and salts give unrelated streams.
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (salt + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double RandomStream::uniform01() {
  return boost::random::uniform_01<double>()(engine_);
}

std::uint64_t replication_seed(std::uint64_t seed, int index) {
  return mix_seed(seed, static_cast<std::uint64_t>(index) + 0x5EEDULL);
}

} // namespace corridor

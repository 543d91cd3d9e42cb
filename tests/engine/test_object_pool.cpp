// ObjectPool: addresses that never move, objects constructed once and destroyed once.
#include "engine/object_pool.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

using corridor::engine::ObjectPool;

namespace {

struct Counted {
  static inline int alive = 0;
  std::uint64_t value = 7; // default-constructed, not left as the block's bytes
  char payload[200] = {};  // about a truck's size: a block holds ~10k of them
  Counted() { ++alive; }
  ~Counted() { --alive; }
};

} // namespace

TEST_CASE("an object pool keeps every object where it was made, over several blocks") {
  constexpr int n = 30'000; // three 2 MiB blocks of 208-byte objects
  {
    ObjectPool<Counted> pool;
    std::vector<Counted*> made;
    for (int i = 0; i < n; ++i) {
      Counted& c = pool.emplace_back();
      CHECK(c.value == 7);
      c.value = static_cast<std::uint64_t>(i);
      made.push_back(&c);
    }
    CHECK(pool.size() == static_cast<std::size_t>(n));
    CHECK(Counted::alive == n);
    for (int i = 0; i < n; ++i) // intact: no later object was made over an earlier one
      REQUIRE(made[static_cast<std::size_t>(i)]->value == static_cast<std::uint64_t>(i));
  }
  CHECK(Counted::alive == 0);
}

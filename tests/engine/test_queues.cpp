// The engine's queues against plain references: a std::priority_queue ordered by (time, push
// order) for TimeQueue, a vector of every server's free time for ServerTimes.
#include "engine/server_times.hpp"
#include "engine/time_queue.hpp"

#include <algorithm>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <catch2/catch.hpp>
#include <queue>
#include <tuple>

using corridor::engine::ServerTimes;
using corridor::engine::TimeQueue;

namespace {

using Reference =
    std::priority_queue<std::tuple<double, int>, std::vector<std::tuple<double, int>>, std::greater<>>;

// Pushes, looks and pops at random. Times never go before the last one popped (but may go
// before one only looked at), and fall on a coarse grid so that many are equal.
void compare_with_reference(std::uint32_t seed, int operations, int grid) {
  boost::random::mt19937 rng(seed);
  boost::random::uniform_int_distribution<int> op(0, 9), step(0, grid);
  TimeQueue<int> queue;
  Reference reference;
  double last_popped_h = 0;
  int pushed = 0;
  for (int i = 0; i < operations; ++i) {
    const int o = op(rng);
    if (o < 5 || reference.empty()) {
      const double at_h = last_popped_h + step(rng) * 0.25;
      queue.push(at_h, pushed);
      reference.emplace(at_h, pushed);
      ++pushed;
    } else if (o < 7) {
      REQUIRE(queue.top().at_h == std::get<0>(reference.top()));
      REQUIRE(queue.top().item == std::get<1>(reference.top()));
    } else {
      REQUIRE(queue.top().item == std::get<1>(reference.top()));
      last_popped_h = std::get<0>(reference.top());
      queue.pop();
      reference.pop();
    }
    REQUIRE(queue.size() == reference.size());
  }
  while (!reference.empty()) {
    REQUIRE(queue.top().item == std::get<1>(reference.top()));
    queue.pop();
    reference.pop();
  }
  REQUIRE(queue.empty());
}

} // namespace

TEST_CASE("TimeQueue: earliest first, first in first out at equal times", "[queues]") {
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    compare_with_reference(seed, 20000, 3);            // many ties
    compare_with_reference(seed + 100, 20000, 100000); // mostly distinct times
  }
}

TEST_CASE("TimeQueue: a time pushed after a look, earlier than what was seen, comes first", "[queues]") {
  TimeQueue<char> queue;
  queue.push(10, 'a');
  queue.push(20, 'b');
  REQUIRE(queue.top().item == 'a');
  queue.pop(); // the last time taken out is 10
  REQUIRE(queue.top().item == 'b');
  queue.push(15, 'c'); // later than 10, earlier than the 20 just seen
  queue.push(15, 'd');
  REQUIRE(queue.top().item == 'c');
  queue.pop();
  REQUIRE(queue.top().item == 'd');
  queue.pop();
  REQUIRE(queue.top().at_h == 20);
}

TEST_CASE("TimeQueue: a time before the last taken out is kept, and comes next", "[queues]") {
  TimeQueue<char> queue;
  queue.push(5, 'a');
  queue.push(9, 'b');
  queue.pop();
  queue.push(5 - 1e-12, 'c'); // SimGrid's clock a rounding error behind
  REQUIRE(queue.top().item == 'c');
  REQUIRE(queue.top().at_h == 5 - 1e-12);
}

TEST_CASE("ServerTimes: a vehicle starts when it arrives or when the first server frees", "[queues]") {
  boost::random::mt19937 rng(7);
  boost::random::uniform_int_distribution<int> gap(0, 3), service(1, 40);
  for (int servers : {1, 2, 5, 64}) {
    ServerTimes times(servers);
    std::vector<double> reference(static_cast<std::size_t>(servers), 0.0); // every server's free time
    double arrived_h = 0;
    for (int vehicle = 0; vehicle < 5000; ++vehicle) {
      arrived_h += gap(rng);
      const auto first_free = std::min_element(reference.begin(), reference.end());
      const double start_h = std::max(arrived_h, *first_free);
      REQUIRE(times.free_for(arrived_h) == start_h);
      const double end_h = start_h + service(rng);
      times.take(end_h);
      *first_free = end_h;
    }
  }
}

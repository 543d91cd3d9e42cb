#pragma once
// When a facility's servers are free. Only the busy servers are kept, on a 4-ary min-heap of the
// times they free; the idle ones are a count. A scaled border post has tens of thousands of
// servers but a few thousand busy at once: the heap stays small enough to stay in cache, so a
// vehicle's cost does not grow with the number of servers. (4-ary: half the depth of a binary
// heap, and a node's four children share a cache line.)
#include <cstddef>
#include <vector>

namespace corridor::engine {

class ServerTimes {
public:
  explicit ServerTimes(int servers = 0) : idle_(servers) {}

  /**
   * When a server is free for a vehicle that arrives at `arrived_h`: then, or when the first
   * busy server frees. Arrivals must come in time order (servers freed by then become idle).
   */
  double free_for(double arrived_h) {
    while (!busy_h_.empty() && busy_h_.front() <= arrived_h) {
      pop();
      ++idle_;
    }
    return idle_ > 0 ? arrived_h : busy_h_.front();
  }

  /** The server found by free_for takes the vehicle and is busy until `free_again_h`. */
  void take(double free_again_h) {
    if (idle_ > 0) {
      --idle_;
      busy_h_.push_back(free_again_h);
      sift_up(busy_h_.size() - 1);
    } else {
      sift_down(0, free_again_h);
    }
  }

private:
  void pop() {
    const double last = busy_h_.back();
    busy_h_.pop_back();
    if (!busy_h_.empty()) sift_down(0, last);
  }

  void sift_up(std::size_t at) {
    const double t = busy_h_[at];
    while (at > 0) {
      const std::size_t parent = (at - 1) / 4;
      if (busy_h_[parent] <= t) break;
      busy_h_[at] = busy_h_[parent];
      at = parent;
    }
    busy_h_[at] = t;
  }

  // Puts t at `at`, the root of a sub-heap whose old value leaves it.
  void sift_down(std::size_t at, double t) {
    const std::size_t n = busy_h_.size();
    for (;;) {
      const std::size_t first = 4 * at + 1;
      if (first >= n) break;
      std::size_t smallest = first;
      const std::size_t last = first + 4 < n ? first + 4 : n;
      for (std::size_t child = first + 1; child < last; ++child)
        if (busy_h_[child] < busy_h_[smallest]) smallest = child;
      if (busy_h_[smallest] >= t) break;
      busy_h_[at] = busy_h_[smallest];
      at = smallest;
    }
    busy_h_[at] = t;
  }

  long long idle_;
  std::vector<double> busy_h_;
};

} // namespace corridor::engine

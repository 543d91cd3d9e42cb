#pragma once
// Things due at times that never go back: earliest first, and first in, first out among things
// due at the same time. A radix heap (Ahuja, Mehlhorn, Orlin and Tarjan 1990) on the bits of
// the time: a thing goes in bucket b when its time first differs from the last time taken out
// at bit b-1. Putting in is an append; taking out scans and splits one bucket now and then, so
// each thing moves down a few buckets in all, reading memory in order. A binary heap instead
// reads a node at random on every level: with hundreds of thousands of trucks on their way,
// its deep levels miss the cache on every push and pop and the run's cost grows faster than
// its volume.
//
// A time before the last one taken out (a rounding error on SimGrid's clock) is queued as that
// last time, behind what is already due then; the entry keeps the time it was given.
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace corridor::engine {

template <class T> class TimeQueue {
public:
  struct Entry {
    double at_h;
    T item;
  };

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  void push(double at_h, T item) {
    const double queued_h = at_h > last_h_ ? at_h : last_h_; // also makes -0.0 into +0.0
    const std::uint64_t key = std::bit_cast<std::uint64_t>(queued_h);
    const std::size_t b = bucket_of(key);
    buckets_[b].push_back({key, {at_h, item}});
    if (b > 0) filled_ |= bit(b);
    ++size_;
    // Keep the earliest known: a bucket below it holds only earlier times.
    if (b > 0 && earliest_known_ &&
        (b < earliest_bucket_ || (b == earliest_bucket_ && key < earliest_slot().key))) {
      earliest_bucket_ = b;
      earliest_index_ = buckets_[b].size() - 1;
    }
  }

  /** The earliest entry (of the earliest, the first pushed). The queue must not be empty. */
  const Entry& top() {
    if (head_ < buckets_[0].size()) return buckets_[0][head_].entry;
    find_earliest();
    return earliest_slot().entry;
  }

  void pop() {
    if (head_ == buckets_[0].size()) refill();
    ++head_;
    --size_;
  }

private:
  struct Slot {
    std::uint64_t key; ///< the bits of the queued time: for times >= 0 they sort as the times do
    Entry entry;
  };

  std::size_t bucket_of(std::uint64_t key) const {
    return static_cast<std::size_t>(std::bit_width(key ^ last_key_));
  }

  static std::uint64_t bit(std::size_t bucket) { return std::uint64_t{1} << (bucket - 1); }

  const Slot& earliest_slot() const { return buckets_[earliest_bucket_][earliest_index_]; }

  // Bucket 0 is used up: every time in the lowest bucket that is not empty is earlier than any
  // in the buckets above it. top() only looks: what is pushed before the next pop may be
  // earlier still, and must not be queued as later than it is.
  void find_earliest() {
    if (earliest_known_) return;
    const std::size_t b = static_cast<std::size_t>(std::countr_zero(filled_)) + 1;
    const std::vector<Slot>& in = buckets_[b];
    std::size_t earliest = 0;
    for (std::size_t i = 1; i < in.size(); ++i)
      if (in[i].key < in[earliest].key) earliest = i;
    earliest_bucket_ = b;
    earliest_index_ = earliest;
    earliest_known_ = true;
  }

  // The earliest is taken out: it becomes the last time taken out, and the entries of its
  // bucket spread over lower buckets in the order they are in (which keeps entries due at the
  // same time first in, first out); those due then go to bucket 0.
  void refill() {
    find_earliest();
    buckets_[0].clear();
    head_ = 0;
    std::vector<Slot>& from = buckets_[earliest_bucket_];
    last_key_ = earliest_slot().key;
    last_h_ = std::bit_cast<double>(last_key_);
    earliest_known_ = false;
    filled_ &= ~bit(earliest_bucket_);
    for (const Slot& s : from) {
      const std::size_t b = bucket_of(s.key);
      buckets_[b].push_back(s);
      if (b > 0) filled_ |= bit(b);
    }
    from.clear();
  }

  std::array<std::vector<Slot>, 65> buckets_; ///< by the bit width of key ^ last_key_
  std::uint64_t filled_ = 0;                  ///< bit b-1: bucket b (b >= 1) is not empty
  std::size_t head_ = 0;                      ///< next in bucket 0 (all due at last_h_)
  std::size_t size_ = 0;
  std::uint64_t last_key_ = 0;
  double last_h_ = 0;
  bool earliest_known_ = false; ///< while bucket 0 is used up: where the earliest entry is
  std::size_t earliest_bucket_ = 0, earliest_index_ = 0;
};

} // namespace corridor::engine

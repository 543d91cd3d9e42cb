#pragma once
// Objects with stable addresses, in large blocks backed by huge pages where the system has them.
//
// Trucks and shipments on their way are touched at random, one per event. At Karachi-port
// volume they fill tens of megabytes; in 4 KiB pages that is more pages than the processor's
// TLB holds, and every touch pays a page walk on top of its cache miss (bench/memory_latency
// on the benchmark machine: a random read over 64 MiB takes 184-210 ns in 4 KiB pages,
// 165-185 ns in 2 MiB ones). A std::deque would spread them over small blocks from malloc.
#include <cstddef>
#include <cstdlib>
#include <new>
#include <sys/mman.h>
#include <vector>

namespace corridor::engine {

template <class T> class ObjectPool {
public:
  ObjectPool() = default;
  ObjectPool(const ObjectPool&) = delete;
  ObjectPool& operator=(const ObjectPool&) = delete;
  ~ObjectPool() {
    for (std::size_t i = 0; i < size_; ++i)
      slot(i)->~T();
    for (void* block : blocks_)
      std::free(block);
  }

  /** A new default-constructed object; its address never changes. */
  T& emplace_back() {
    if (size_ == blocks_.size() * kPerBlock) add_block();
    T* object = new (slot(size_)) T{};
    ++size_;
    return *object;
  }

  std::size_t size() const { return size_; }

  /** Calls f on every object made so far, in the order they were made. */
  template <class F> void for_each(F f) {
    for (std::size_t i = 0; i < size_; ++i)
      f(*slot(i));
  }

private:
  static constexpr std::size_t kBlockBytes = std::size_t{2} << 20; // one huge page
  static constexpr std::size_t kPerBlock = kBlockBytes / sizeof(T);
  static_assert(kPerBlock > 0 && alignof(T) <= kBlockBytes);

  // Where object i lives (or, for i == size_, will be made).
  T* slot(std::size_t i) { return static_cast<T*>(blocks_[i / kPerBlock]) + i % kPerBlock; }

  void add_block() {
    void* block = std::aligned_alloc(kBlockBytes, kBlockBytes);
    if (!block) throw std::bad_alloc();
    // Advice only: where transparent huge pages are off, the block stays in small pages.
    madvise(block, kBlockBytes, MADV_HUGEPAGE);
    blocks_.push_back(block);
  }

  std::vector<void*> blocks_;
  std::size_t size_ = 0;
};

} // namespace corridor::engine

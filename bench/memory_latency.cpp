// How long one random read takes, by the size of the memory read and the size of its pages:
// a pointer chase (each read gives the address of the next) over a random cycle of cache lines.
// The engine's trucks and shipments on their way are read like this, one per event; the
// figures explain why its cost per event grows with volume (docs/benchmarks.md).
//   memory_latency [MiB...]   (default 4 8 16 32 64)
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <random>
#include <sys/mman.h>
#include <vector>

namespace {

constexpr std::size_t kLine = 64;
constexpr std::size_t kHugePage = std::size_t{2} << 20;

double nanoseconds_per_read(std::size_t mebibytes, bool huge_pages) {
  const std::size_t bytes = mebibytes << 20, lines = bytes / kLine;
  char* memory = static_cast<char*>(std::aligned_alloc(kHugePage, bytes));
  if (!memory) return -1;
  if (huge_pages) madvise(memory, bytes, MADV_HUGEPAGE);
  std::vector<std::uint32_t> order(lines);
  std::iota(order.begin(), order.end(), 0u);
  std::shuffle(order.begin(), order.end(), std::mt19937_64(1)); // timing only: any shuffle does
  for (std::size_t i = 0; i < lines; ++i)
    *reinterpret_cast<char**>(memory + kLine * order[i]) = memory + kLine * order[(i + 1) % lines];
  constexpr std::size_t reads = 5'000'000;
  char* at = memory;
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < reads; ++i)
    at = *reinterpret_cast<char**>(at);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const bool ended_in_memory = at >= memory && at < memory + bytes; // keeps the chase
  std::free(memory);
  return ended_in_memory ? seconds / reads * 1e9 : -1;
}

} // namespace

int main(int argc, char** argv) {
  std::vector<std::size_t> sizes;
  for (int i = 1; i < argc; ++i)
    sizes.push_back(static_cast<std::size_t>(std::strtoul(argv[i], nullptr, 10)));
  if (sizes.empty()) sizes = {4, 8, 16, 32, 64};
  std::printf("| MiB read at random | ns per read, 4 KiB pages | ns per read, 2 MiB pages advised "
              "|\n|---|---|---|\n");
  for (std::size_t mebibytes : sizes)
    std::printf("| %zu | %.0f | %.0f |\n", mebibytes, nanoseconds_per_read(mebibytes, false),
                nanoseconds_per_read(mebibytes, true));
}

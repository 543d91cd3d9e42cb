// Benchmark: one replication of a scenario through the full engine, timed. With --scale K the
// demand and every capacity (servers, link capacities, scheduled vehicles' TEU, fleets) are
// multiplied by K, so the corridor stays in the same regime while its volume changes.
// Prints one line: model, events, wall time, events per second, peak memory, mean wait at the
// first facility and mean transit (the same line as bench/simpy/*.py and plain_loop), and how
// many times SimGrid's clock moved (each is at least one actor's wake-up).
// --set PATH=VALUE overrides the scenario as `corridor run --set` does (e.g. a longer horizon:
// more units at the same volume).
//   bench_engine SCENARIO [--scale K] [--set PATH=VALUE]... [--seed N]
#include "corridor/engine.hpp"
#include "corridor/load.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <simgrid/s4u/Engine.hpp>
#include <string>
#include <sys/resource.h>
#include <vector>

using namespace corridor;

namespace {

// The engine alone: records are summed as they stream by, nothing is kept or written.
class MeanTransit : public ShipmentSink {
public:
  void add(const ShipmentRecord& s) override {
    if (s.delivered()) sum_ += s.transit_h(), ++n_;
  }
  double mean_h() const { return n_ ? sum_ / static_cast<double>(n_) : 0; }

private:
  double sum_ = 0;
  std::size_t n_ = 0;
};

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_engine SCENARIO [--scale K] [--set PATH=VALUE]... [--seed N]\n");
    return 2;
  }
  const std::string path = argv[1];
  double scale = 1;
  std::vector<std::string> overrides;
  std::uint64_t seed = 1;
  for (int i = 2; i < argc; i += 2) {
    const std::string option = argv[i];
    if (i + 1 == argc) {
      std::fprintf(stderr, "bench_engine: %s needs a value\n", option.c_str());
      return 2;
    }
    if (option == "--scale")
      scale = std::atof(argv[i + 1]);
    else if (option == "--set")
      overrides.emplace_back(argv[i + 1]);
    else if (option == "--seed")
      seed = std::strtoull(argv[i + 1], nullptr, 10);
    else {
      std::fprintf(stderr, "bench_engine: unknown option %s\n", option.c_str());
      return 2;
    }
  }
  try {
    Scenario s = load_scenario(path, overrides);
    scale_volume(s, scale);
    const RoutedScenario routed(s);
    std::uint64_t clock_steps = 0;
    simgrid::s4u::Engine::on_time_advance_cb([&clock_steps](double) { ++clock_steps; });

    const auto start = std::chrono::steady_clock::now();
    MeanTransit transit;
    const ReplicationResult r = simulate(s, routed, seed, transit);
    const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);

    const FacilityStats first = r.facilities.empty() ? FacilityStats{} : r.facilities.front();
    std::printf("model=%s impl=corridor scale=%g units=%llu events=%llu wall_s=%.3f events_per_s=%.0f "
                "peak_rss_mb=%.0f mean_wait_h=%.4f mean_transit_h=%.4f simgrid_clock_steps=%llu\n",
                std::filesystem::path(path).stem().c_str(), scale, static_cast<unsigned long long>(r.created),
                static_cast<unsigned long long>(r.events), wall_s, static_cast<double>(r.events) / wall_s,
                static_cast<double>(usage.ru_maxrss) / 1024,
                first.vehicles ? first.total_wait_h / static_cast<double>(first.vehicles) : 0,
                transit.mean_h(), static_cast<unsigned long long>(clock_steps));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_engine: %s\n", e.what());
    return 1;
  }
  return 0;
}

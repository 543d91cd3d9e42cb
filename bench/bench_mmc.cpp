// Benchmark: a border post as an M/M/c queue (c = 5, utilization 0.8) through the full engine.
// Prints events per second, wall time, peak memory and the mean wait against Erlang C.
//   bench_mmc [TRUCKS=1000000] [SEED=1]
#include "corridor/engine.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sys/resource.h>

using namespace corridor;

namespace {

double erlang_c_wait(int c, double lambda, double mean_service) {
  const double a = lambda * mean_service;
  double term = 1, sum = 1;
  for (int k = 1; k < c; ++k) {
    term *= a / k;
    sum += term;
  }
  const double last = term * a / c / (1 - a / c);
  return last / (sum + last) / (c / mean_service - lambda);
}

Scenario mmc(int servers, double lambda_per_h, double mean_service_h, double trucks) {
  Scenario s;
  s.info.name = "bench-mmc";
  s.info.horizon_days = trucks / lambda_per_h / 24;
  for (const char* id : {"A", "B", "C"})
    s.nodes.push_back(Node{id, id, "", NodeKind::City, {}, {}, {}});
  for (auto [from, to] : {std::pair{"A", "B"}, std::pair{"B", "C"}}) {
    Link l;
    l.id = std::string(from) + to;
    l.from = from;
    l.to = to;
    l.distance_km = 1;
    l.speed_kmh = 1000;
    s.links.push_back(l);
  }
  Facility post;
  post.id = "POST";
  post.node = "B";
  post.servers = servers;
  post.service_time_h = Distribution::exponential(mean_service_h);
  s.facilities.push_back(post);
  Service truck;
  truck.id = "truck";
  truck.capacity_teu = 1;
  s.services.push_back(truck);
  s.routes.push_back(Route{"r", "r", {Leg{"truck", {"A", "B", "C"}, {}}}, {}});
  Flow f;
  f.id = "f";
  f.origin = "A";
  f.destination = "C";
  f.teu_per_year = lambda_per_h * 8760;
  f.routes = {{"r", 1}};
  s.flows.push_back(f);
  return s;
}

} // namespace

int main(int argc, char** argv) {
  const double trucks = argc > 1 ? std::atof(argv[1]) : 1e6;
  const std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
  const int c = 5;
  const double mean_service = 1.0, lambda = 0.8 * c / mean_service;
  const Scenario s = mmc(c, lambda, mean_service, trucks);
  const RoutedScenario routed(s);

  const auto start = std::chrono::steady_clock::now();
  const ReplicationResult r = simulate(s, routed, seed);
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);

  const FacilityStats& f = r.facilities[0];
  const double wait = f.total_wait_h / static_cast<double>(f.vehicles);
  const double expected = erlang_c_wait(c, lambda, mean_service);
  std::printf(
      "M/M/%d, utilization 0.8, %llu trucks: %llu events in %.2f s = %.0f events/s, %.2f us per truck, "
      "peak RSS %.0f MB\n",
      c, static_cast<unsigned long long>(r.created), static_cast<unsigned long long>(r.events), wall_s,
      static_cast<double>(r.events) / wall_s, wall_s * 1e6 / static_cast<double>(r.created),
      static_cast<double>(usage.ru_maxrss) / 1024);
  std::printf("mean wait %.4f h, Erlang C %.4f h (%+.2f%%)\n", wait, expected, 100 * (wait / expected - 1));
  return 0;
}

// libFuzzer target: every scenario that validates meets the engine's preconditions, and a short
// simulation of it runs to completion.
//
// SimGrid allows one engine per process, so each simulation runs in a forked child (as `corridor
// run` does) on a copy of the scenario cut to two days and a few thousand TEU a year, under a
// 20-second alarm. A child that crashes, throws or hangs makes this process abort, and libFuzzer
// keeps the input. The child's coverage does not guide the search; the loader's does.
#include "corridor/engine.hpp"
#include "corridor/limits.hpp"
#include "corridor/network.hpp"

#include "fuzz_input.hpp"

#include <algorithm>
#include <cmath>
#include <sys/wait.h>
#include <unistd.h>

namespace corridor::fuzz {
namespace {

void require(bool ok, const std::string& what) {
  if (!ok) fail(what);
}

bool finite_in(double x, double low, double high) {
  return std::isfinite(x) && x >= low && x <= high;
}

void check_distribution(const Distribution& d, const std::string& where) {
  const double top = limits::kMaxDistributionValue;
  switch (d.kind) {
  case DistributionKind::Constant:
    require(finite_in(d.value, 0, top), where + ": constant out of range");
    break;
  case DistributionKind::Uniform:
  case DistributionKind::Triangular:
    require(finite_in(d.min, 0, top) && finite_in(d.max, d.min, top), where + ": min/max out of range");
    if (d.kind == DistributionKind::Triangular)
      require(finite_in(d.mode, d.min, d.max), where + ": mode outside [min, max]");
    break;
  case DistributionKind::Exponential:
  case DistributionKind::Normal:
  case DistributionKind::Lognormal:
    require(d.mean_param > 0 && finite_in(d.mean_param, 0, top) && finite_in(d.sd, 0, top),
            where + ": mean or sd out of range");
    break;
  case DistributionKind::Empirical:
    require(!d.table_values.empty() && d.table_values.size() == d.table_weights.size(),
            where + ": empty table");
    for (std::size_t i = 0; i < d.table_values.size(); ++i)
      require(finite_in(d.table_values[i], 0, top) && d.table_weights[i] > 0 &&
                  finite_in(d.table_weights[i], 0, limits::kMaxNumber),
              where + ": bad table row");
    break;
  }
  require(finite_in(d.mean(), 0, top), where + ": mean not finite");
  RandomStream rng(1, "fuzz");
  for (int i = 0; i < 8; ++i) // draws end (no rejection loop without exit) and are in range
    require(finite_in(d.sample(rng), 0, top), where + ": a draw out of range: " + d.describe());
}

// What the engine takes for granted of a validated scenario.
void check_preconditions(const Scenario& s) {
  require(finite_in(s.info.horizon_days, 0, limits::kMaxHorizonDays) && s.info.horizon_days > 0, "horizon");
  require(finite_in(s.info.warmup_days, 0, s.info.horizon_days) && s.info.warmup_days < s.info.horizon_days,
          "warm-up");
  require(s.info.replications >= 1 && s.info.replications <= limits::kMaxReplications, "replications");
  for (const Link& l : s.links) {
    require(finite_in(l.distance_km, 0, limits::kMaxDistanceKm), "link distance");
    require(l.speed_kmh.has_value() != l.travel_time_h.has_value(), "link speed or travel time");
    if (l.speed_kmh) require(finite_in(*l.speed_kmh, limits::kMinSpeedKmh, limits::kMaxNumber), "link speed");
    if (l.travel_time_h) check_distribution(*l.travel_time_h, "link " + l.id);
    if (l.capacity_vehicles_per_day)
      require(*l.capacity_vehicles_per_day > 0 && std::isfinite(*l.capacity_vehicles_per_day),
              "link capacity");
  }
  for (const Facility& f : s.facilities) {
    require(f.servers >= 1 && f.servers <= limits::kMaxServers, "servers");
    check_distribution(f.service_time_h, "facility " + f.id);
    if (f.dwell_h) check_distribution(*f.dwell_h, "dwell " + f.id);
  }
  for (const Service& v : s.services) {
    require(v.capacity_teu > 0 && std::isfinite(v.capacity_teu), "capacity_teu");
    if (v.fleet) require(*v.fleet >= 1 && *v.fleet <= limits::kMaxFleet, "fleet");
    if (v.departures.every_h)
      require(s.horizon_h() / *v.departures.every_h <= limits::kMaxDeparturesPerRun, "departures");
  }
  double shipments = 0;
  for (const Flow& f : s.flows) {
    require(finite_in(f.teu_per_year, 0, limits::kMaxNumber), "teu_per_year");
    check_distribution(f.shipment_teu, "shipment_teu of " + f.id);
    require(f.shipment_teu.mean() > 0, "shipment mean");
    shipments += f.teu_per_year / f.shipment_teu.mean() * s.info.horizon_days / 365;
    for (const RouteShare& r : f.routes)
      require(r.share > 0 && std::isfinite(r.share) && !r.route.empty(), "route share");
  }
  require(shipments <= limits::kMaxShipmentsPerRun, "expected shipments");
  for (const Disruption& d : s.disruptions)
    if (d.kind == DisruptionKind::Breakdown)
      require(d.mtbf_h > 0 && d.mttr_h > 0 &&
                  (s.horizon_h() + limits::kCalendarMarginH) / (d.mtbf_h + d.mttr_h) <=
                      limits::kMaxBreakdownWindows,
              "breakdown windows");
  try {
    const RoutedScenario routed(s);
    for (const RoutedRoute& r : routed.routes)
      require(std::isfinite(r.free_flow_h) && std::isfinite(r.free_flow_usd_per_teu), "free-flow figures");
  } catch (const std::exception& e) {
    fail(std::string("routing a validated scenario threw: ") + e.what());
  }
}

// Small enough to simulate in milliseconds, with the same structure.
Scenario shortened(Scenario s) {
  s.info.horizon_days = std::min(s.info.horizon_days, 2.0);
  s.info.warmup_days = 0;
  s.info.drain_days = std::min(s.info.drain_days, 5.0); // the drain runs with the same actors
  for (Flow& f : s.flows) {
    const double per_year = f.teu_per_year / f.shipment_teu.mean(); // shipments a year
    if (per_year > 5000) f.teu_per_year *= 5000 / per_year;
    f.teu_per_year = std::min(f.teu_per_year, 5000.0);
  }
  for (Service& v : s.services)
    if (v.departures.every_h) v.departures.every_h = std::max(*v.departures.every_h, 0.5);
  for (Disruption& d : s.disruptions)
    d.mtbf_h = std::max(d.mtbf_h, 1.0), d.mttr_h = std::max(d.mttr_h, 0.1);
  return s;
}

void simulate_in_child(const Scenario& scenario) {
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) return; // no process to spare: skip, not a finding
  if (pid == 0) {
    alarm(20);
    int status = 0;
    try {
      const Scenario s = shortened(scenario);
      simulate(s, RoutedScenario(s), 1);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "fuzz: simulate threw: %s\n", e.what());
      status = 3;
    }
    std::fflush(nullptr);
    _exit(status);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return;
  if (WIFSIGNALED(status))
    fail(WTERMSIG(status) == SIGALRM ? std::string("the simulation did not end within 20 s")
                                     : "the simulation died of signal " + std::to_string(WTERMSIG(status)));
  if (WEXITSTATUS(status) != 0) fail("the simulation of a valid scenario failed");
}

} // namespace
} // namespace corridor::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace corridor::fuzz;
  const auto scenario = load(split_input(data, size));
  if (!scenario) return 0;
  check_preconditions(*scenario);
  simulate_in_child(*scenario);
  return 0;
}

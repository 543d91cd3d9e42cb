// simulate(): builds the state, starts the actors on one host, runs to the horizon, collects.
#include "corridor/engine.hpp"
#include "corridor/limits.hpp"

#include "engine/state.hpp"
#include "engine/trip.hpp"

#include <algorithm>
#include <boost/random/exponential_distribution.hpp>
#include <map>
#include <xbt/log.h>

namespace corridor {

namespace engine {

namespace {

// Random up/down cycles: exponential up times (mtbf) then exponential repairs (mttr).
std::vector<Interval> breakdown_windows(const Disruption& d, std::uint64_t seed, double until_h) {
  RandomStream rng(seed, "breakdown:" + d.target);
  boost::random::exponential_distribution<double> up(1 / d.mtbf_h), repair(1 / d.mttr_h);
  std::vector<Interval> windows;
  for (double t = 0; t < until_h;) {
    const double start = t + up(rng.engine());
    t = start + repair(rng.engine());
    windows.push_back({start, t});
  }
  return windows;
}

// Closures that start at random (Poisson, in calendar time) and last a drawn duration; ones
// that overlap merge in the calendar. `stream` names the disruption's own random stream.
std::vector<Interval> random_closure_windows(const Disruption& d, const std::string& stream,
                                             std::uint64_t seed, double until_h) {
  RandomStream rng(seed, stream);
  boost::random::exponential_distribution<double> gap(d.rate_per_year / (365 * 24));
  std::vector<Interval> windows;
  for (double t = gap(rng.engine()); t < until_h; t += gap(rng.engine())) {
    const double duration_h = d.duration_h.sample(rng);
    if (duration_h > 0) windows.push_back({t, t + duration_h});
  }
  return windows;
}

struct ClosureSet {
  std::vector<Closure> closures;
  std::vector<Interval> extra;
};

// Disruptions land on facilities and links; a node's disruption closes everything at it.
void collect_disruptions(const Scenario& s, const Network& net, std::uint64_t seed, double until_h,
                         std::vector<ClosureSet>& facility_sets, std::vector<ClosureSet>& link_sets) {
  std::map<std::string, int> random_closures_of; // per target: a second one draws its own stream
  for (const Disruption& d : s.disruptions) {
    std::vector<ClosureSet*> targets;
    if (auto f = net.facility(d.target))
      targets.push_back(&facility_sets[*f]);
    else if (auto l = net.link(d.target))
      targets.push_back(&link_sets[*l]);
    else if (auto n = net.node(d.target)) {
      for (std::size_t at : net.facilities_at(*n))
        targets.push_back(&facility_sets[at]);
      for (std::size_t li = 0; li < s.links.size(); ++li)
        if (s.links[li].from == d.target || s.links[li].to == d.target) targets.push_back(&link_sets[li]);
    }
    std::vector<Interval> windows;
    if (d.kind == DisruptionKind::Breakdown) windows = breakdown_windows(d, seed, until_h);
    if (d.kind == DisruptionKind::RandomClosures) {
      const int k = ++random_closures_of[d.target];
      const std::string stream = "random_closures:" + d.target + (k > 1 ? "#" + std::to_string(k) : "");
      windows = random_closure_windows(d, stream, seed, until_h);
    }
    for (ClosureSet* t : targets) {
      if (d.kind == DisruptionKind::Window)
        t->closures.push_back(d.window);
      else
        t->extra.insert(t->extra.end(), windows.begin(), windows.end());
    }
  }
}

std::unique_ptr<BackgroundState> make_background(const Scenario& s, const Facility& f, std::uint64_t seed) {
  const BackgroundTraffic& spec = *f.background;
  auto b = std::make_unique<BackgroundState>(
      BackgroundState{spec.service_time_h ? &*spec.service_time_h : &f.service_time_h,
                      {},
                      RandomStream(seed, "facility:" + f.id + ":background"),
                      RandomStream(seed, "facility:" + f.id + ":background_service"),
                      0,
                      0,
                      s.info.start_date.year,
                      s.info.start_date.month - 1,
                      0});
  double peak = 1;
  if (!spec.monthly_factors.empty()) {
    peak = *std::max_element(spec.monthly_factors.begin(), spec.monthly_factors.end());
    for (double factor : spec.monthly_factors)
      b->factors.push_back(factor / peak);
  }
  b->peak_per_h = spec.vehicles_per_day * peak / 24;
  const Date start = s.info.start_date;
  const Date next_month =
      start.month == 12 ? Date{start.year + 1, 1, 1} : Date{start.year, start.month + 1, 1};
  b->month_end_h = 24.0 * static_cast<double>(next_month.days_since_epoch() - start.days_since_epoch());
  boost::random::exponential_distribution<double> gap(b->peak_per_h);
  b->next_h = gap(b->arrival_rng.engine());
  return b;
}

double free_flow_return_h(const Scenario& s, const RoutedLeg& leg) {
  double hours = 0;
  for (const RouteStep& step : leg.steps) {
    const Link& l = s.links[step.link.link];
    hours += l.travel_time_h ? l.travel_time_h->mean() : l.distance_km / *l.speed_kmh;
  }
  return hours;
}

} // namespace

Simulation::Simulation(const Scenario& s, const RoutedScenario& r, std::uint64_t seed_, ShipmentSink& sink_)
    : scenario(s), routed(r), seed(seed_), warmup_h(s.warmup_h()), horizon_h(s.horizon_h()), end_h(s.end_h()),
      sink(sink_),
      series(s.info.series_step_days * 24, end_h, s.facilities.size(), s.flows.size(), r.routes.size()) {
  const double until_h = end_h + limits::kCalendarMarginH; // calendars reach well past the end
  std::vector<ClosureSet> facility_sets(s.facilities.size()), link_sets(s.links.size());
  collect_disruptions(s, r.network, seed, until_h, facility_sets, link_sets);

  for (std::size_t i = 0; i < s.facilities.size(); ++i) {
    const Facility& f = s.facilities[i];
    auto closures = f.closures;
    closures.insert(closures.end(), facility_sets[i].closures.begin(), facility_sets[i].closures.end());
    facilities.emplace_back(
        FacilityState{&f,
                      Calendar(s.info.start_date, f.opening_hours, closures, facility_sets[i].extra, until_h),
                      RandomStream(seed, "facility:" + f.id + ":service"),
                      RandomStream(seed, "facility:" + f.id + ":dwell"),
                      ServerTimes(f.servers),
                      {},
                      {},
                      {},
                      {},
                      {}});
    if (f.background) facilities.back().background = make_background(s, f, seed);
    for (const DirectedServiceTime& d : f.service_time_h_from)
      facilities.back().service_from.emplace_back(*r.network.node(d.from_node), &d.service_time_h);
  }
  for (std::size_t i = 0; i < s.links.size(); ++i) {
    const Link& l = s.links[i];
    auto closures = l.closures;
    closures.insert(closures.end(), link_sets[i].closures.begin(), link_sets[i].closures.end());
    links.push_back(LinkState{&l,
                              Calendar(s.info.start_date, {}, closures, link_sets[i].extra, until_h),
                              RandomStream(seed, "link:" + l.id + ":travel"),
                              {0, 0},
                              {},
                              {}});
  }
  legs.resize(r.routes.size());
  for (std::size_t ri = 0; ri < r.routes.size(); ++ri)
    for (std::size_t li = 0; li < r.routes[ri].legs.size(); ++li) {
      LegQueue q;
      q.route = ri;
      q.leg = li;
      q.routed = &r.routes[ri].legs[li];
      q.service = &s.services[q.routed->service];
      q.stats.route = static_cast<std::uint32_t>(ri);
      q.stats.leg = static_cast<std::uint32_t>(li);
      q.stats.capacity_teu = q.service->capacity_teu;
      q.cargo = std::make_shared<Signal>();
      q.job = std::make_shared<Signal>();
      q.fleet_limit = q.service->fleet_for(s.routes[ri].legs[li].path.front());
      if (q.fleet_limit) {
        q.fleet = sg4::Semaphore::create(static_cast<unsigned>(*q.fleet_limit));
        q.return_h = free_flow_return_h(s, *q.routed);
      }
      legs[ri].push_back(std::move(q));
    }
  for (FacilityState& f : facilities)
    f.stats.available_server_h = f.spec->servers * f.calendar.open_hours_between(warmup_h, horizon_h);
  for (LinkState& l : links)
    l.stats.open_h = l.calendar.open_hours_between(warmup_h, horizon_h);
  route_choosers.resize(s.flows.size());
  for (std::uint32_t i = 0; i < s.flows.size(); ++i)
    if (s.flows[i].choice == RouteChoice::Logit) route_choosers[i] = std::make_unique<LogitChooser>(*this, i);
  result.seed = seed;
  result.warmup_h = warmup_h;
  result.horizon_h = horizon_h;
  result.facilities.resize(s.facilities.size());
  result.links.resize(s.links.size());
  indicators.resize(r.routes.size() * s.flows.size());
  trace = sink.visit_sink();
}

void start_actor(Simulation& sim, const std::string& name, std::function<void()> body, bool daemon) {
  auto actor = sg4::Actor::create(name, sim.host, [&sim, name, body = std::move(body)] {
    resumed(sim);
    try {
      body();
    } catch (const simgrid::ForcefulKillException&) {
      throw; // SimGrid's way of ending an actor: never swallow it
    } catch (const std::exception& e) {
      if (!sim.first_error)
        sim.first_error = std::make_exception_ptr(SimulationError("in actor " + name + ": " + e.what()));
      sg4::Actor::kill_all();
    } catch (...) {
      if (!sim.first_error) sim.first_error = std::make_exception_ptr(SimulationError("in actor " + name));
      sg4::Actor::kill_all();
    }
  });
  resumed(sim); // from an actor, each SimGrid call lets the others run before it goes on
  if (daemon) {
    actor->daemonize();
    resumed(sim);
  }
}

} // namespace engine

namespace engine {
namespace {

// The one regular actor: when it ends, every daemon (vehicles, generators, dispatchers) is
// killed and the run stops there. After the horizon it looks once a day whether the cohort
// is all delivered.
void run_clock(Simulation& sim) {
  sleep_until(sim, sim.horizon_h);
  while (sim.cohort_in_transit > 0 && sim.now() < sim.end_h)
    sleep_until(sim, std::min(sim.now() + 24, sim.end_h));
}

// Shipments of the cohort still on their way: censored at the end, in order of id.
void report_censored(Simulation& sim) {
  std::vector<const Shipment*> left;
  sim.shipments.for_each([&](const Shipment& s) {
    if (s.live && s.measured) left.push_back(&s);
  });
  std::sort(left.begin(), left.end(), [](const Shipment* a, const Shipment* b) { return a->id < b->id; });
  for (const Shipment* s : left)
    sim.sink.add(started_record(*s));
}

} // namespace
} // namespace engine

ReplicationResult simulate(const Scenario& scenario, const RoutedScenario& routed, std::uint64_t seed,
                           ShipmentSink& sink) {
  using namespace engine;
  xbt_log_control_set("root.thresh:warning");
  // The context factory is chosen when the engine starts, so it goes in through argv.
  // 256 KiB stacks: our actors are shallow, and small stacks are cheap to create. Guard pages
  // stay: without them SimGrid zeroes whole stacks (9x the memory at 0.25x Karachi volume),
  // with them a run holds at most ~32k actors (vm.max_map_count), i.e. trucks on the road.
  std::vector<std::string> args = {"corridor", "--cfg=contexts/stack-size:256"};
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(args.size());
  xbt_log_control_set("xbt_cfg.thresh:warning"); // no "Configuration change" lines
  sg4::Engine e(&argc, argv.data());

  auto* zone = sg4::create_full_zone("world");
  Simulation sim(scenario, routed, seed, sink);
  sim.host = zone->create_host("world", 1.0);
  zone->seal();

  start_leg_services(sim);
  start_road(sim);
  start_actor(
      sim, "clock", [&sim] { run_clock(sim); }, false);
  e.run();
  if (sim.first_error) std::rethrow_exception(sim.first_error);
  ReplicationResult& r = sim.result;
  r.end_h = std::max({sg4::Engine::get_clock(), sim.last_delivery_h, sim.horizon_h});
  // The background is drawn when corridor vehicles come: bring it to the end, so that the
  // post's utilization covers the whole measured period, and its busy servers the time series
  // (what comes after the horizon changes no measured figure).
  for (FacilityState& f : sim.facilities)
    if (f.background) serve_background(sim, f, r.end_h);
  sink.run_ended(r.end_h);
  report_censored(sim);

  for (std::size_t i = 0; i < sim.facilities.size(); ++i) {
    r.facilities[i] = sim.facilities[i].stats;
  }
  for (std::size_t i = 0; i < sim.links.size(); ++i)
    r.links[i] = sim.links[i].stats;
  for (const auto& route_legs : sim.legs)
    for (const LegQueue& q : route_legs)
      r.legs.push_back(q.stats);
  r.in_transit = r.created - r.delivered;
  // Pairs in flow then route order, as the cohort's figures are.
  const std::size_t flows = scenario.flows.size();
  for (std::size_t flow = 0; flow < flows; ++flow)
    for (std::size_t route = 0; route < routed.routes.size(); ++route) {
      const PairIndicators& pi = sim.indicators[route * flows + flow];
      r.facility_visits.insert(r.facility_visits.end(), pi.visits.begin(), pi.visits.end());
      r.link_steps.insert(r.link_steps.end(), pi.steps.begin(), pi.steps.end());
    }
  r.series = sim.series.finish(r.end_h);
  return std::move(r);
}

ReplicationResult simulate(const Scenario& scenario, const RoutedScenario& routed, std::uint64_t seed) {
  RecordList kept;
  ReplicationResult r = simulate(scenario, routed, seed, kept);
  r.shipments = std::move(kept).by_id();
  return r;
}

} // namespace corridor

// The whole network at once: every flow grown together, shared facilities counted once.
#include "corridor/capacity.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>

namespace corridor {

double trade_usd_per_year(const Scenario& s) {
  double usd = 0;
  for (const Flow& f : s.flows) {
    auto c = std::find_if(s.commodities.begin(), s.commodities.end(),
                          [&](const Commodity& x) { return x.name == f.commodity; });
    if (c == s.commodities.end()) continue; // no price: no value
    const double tons =
        f.tons_per_year ? *f.tons_per_year : f.teu_per_year * f.tons_per_teu.value_or(c->tons_per_teu);
    usd += tons * c->usd_per_ton;
  }
  return usd;
}

double flow_teu_per_year(const Scenario& s) {
  double teu = 0;
  for (const Flow& f : s.flows)
    teu += f.bulk ? f.tons_per_year.value_or(0) / f.tons_per_teu.value_or(1) : f.teu_per_year;
  return teu;
}

Scenario network_load_scenario(const Scenario& scenario, double factor, const std::string& flow) {
  Scenario s = scenario;
  s.uncertain.clear(); // the search runs the nominal values of uncertain inputs
  s.claims.clear();
  s.info.drain_days = 0; // the check ends at the horizon: utilization and cargo carried by then
  for (Flow& f : s.flows) {
    if (!flow.empty() && f.id != flow) continue;
    f.teu_per_year *= factor;
    if (f.tons_per_year) *f.tons_per_year *= factor;
  }
  return s;
}

NetworkProbe probe_network(const Scenario& scenario, double factor, const std::string& flow,
                           const CapacityOptions& options) {
  const Scenario variant = network_load_scenario(scenario, factor, flow);
  const RoutedScenario routed(variant);
  NetworkProbe p;
  p.factor = factor;
  p.usd_per_year = trade_usd_per_year(variant);
  p.teu_per_year = flow_teu_per_year(variant);
  p.check = check_network(variant, run_replications(variant, routed, options.plan));
  if (options.progress) {
    const double limit = options.max_utilization;
    const std::string volume =
        variant.commodities.empty()
            ? fmt::format("{:.0f} TEU a year", p.teu_per_year)
            : fmt::format("${:.0f} M a year ({:.0f} TEU)", p.usd_per_year / 1e6, p.teu_per_year);
    const std::string binding = p.check.binding(limit);
    options.progress(fmt::format("probe {:.3g}x: {}: busiest {} {:.0f}%: {}", factor, volume, p.check.busiest,
                                 100 * p.check.max_utilization.mean,
                                 p.check.sustained(limit) ? "sustained"
                                 : binding.rfind("flow ", 0) == 0
                                     ? fmt::format("not sustained ({} carries {:.0f}%)", binding,
                                                   100 * p.check.binding_value(limit).mean)
                                     : "not sustained"));
  }
  return p;
}

NetworkCapacity find_network_capacity(const Scenario& scenario, const std::string& flow,
                                      const CapacityOptions& options) {
  std::map<double, NetworkProbe> probes;
  auto probe = [&](double factor) {
    NetworkProbe p = probe_network(scenario, factor, flow, options);
    const auto verdict =
        std::make_pair(p.check.sustained(options.max_utilization), p.check.max_utilization.mean);
    probes[factor] = std::move(p);
    return verdict;
  };
  // Factors of the scenario's own volume, from that volume.
  const auto [low, high] = search_sustained(probe, 1, options.max_utilization);
  NetworkCapacity out;
  out.found = low > 0;
  if (out.found) out.at = probes[low];
  out.beyond = probes[high];
  out.probes = static_cast<int>(probes.size());
  return out;
}

} // namespace corridor

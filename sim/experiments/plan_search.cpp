// `corridor plan`: which candidate changes to buy so the network sustains a target volume.
#include "corridor/load.hpp"
#include "corridor/plan.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <limits>
#include <map>

namespace corridor {

Scenario with_changes(const Scenario& scenario, const std::vector<std::string>& overrides) {
  std::vector<std::string> all = scenario.overrides;
  all.insert(all.end(), overrides.begin(), overrides.end());
  Scenario s = load_scenario(scenario.file, all);
  s.info.seed = scenario.info.seed;
  s.info.replications = scenario.info.replications;
  return s;
}

namespace {

struct Option {
  const PlanCandidate* candidate = nullptr;
  int times = 1;
  double cost_usd() const { return candidate->cost_usd * times; }
};

class PlanSearch {
public:
  PlanSearch(const Scenario& s, double factor, const CapacityOptions& o)
      : scenario_(s), factor_(factor), options_(o) {
    // Each probe's line says what it tried.
    if (o.progress)
      options_.progress = [this, told = o.progress](const std::string& line) { told(trying_ + ": " + line); };
  }
  PlanSearch(const PlanSearch&) = delete;
  PlanSearch& operator=(const PlanSearch&) = delete;

  // The network at the target with `bought[c]` of each candidate.
  NetworkProbe probe(const std::map<std::string, int>& bought) {
    std::vector<std::string> overrides = changes(bought);
    const Scenario s = overrides.empty() ? scenario_ : with_changes(scenario_, overrides);
    return probe_network(s, factor_, "", options_);
  }

  std::vector<std::string> changes(const std::map<std::string, int>& bought) const {
    std::vector<std::string> out;
    for (const PlanCandidate& c : scenario_.candidates) // the file's order: the same plan, the same tree
      if (auto it = bought.find(c.id); it != bought.end())
        for (int t = 0; t < it->second; ++t)
          out.insert(out.end(), c.changes.begin(), c.changes.end());
    return out;
  }

  // Whether `after` relieves what bound in `before`.
  bool relieves(const NetworkCheck& before, const NetworkCheck& after) const {
    const double limit = options_.max_utilization;
    const std::string what = before.binding(limit);
    if (what == "none") return true;
    if (what.rfind("flow ", 0) == 0) {
      for (const FlowCheck& f : after.flows)
        if ("flow " + f.flow == what) return f.keeps_up();
      return false;
    }
    const Estimate u = after.utilization(what);
    return u.n > 0 && u.mean <= limit;
  }

  PlanResult run() {
    const double limit = options_.max_utilization;
    PlanResult result;
    result.target_factor = factor_;
    std::map<std::string, int> bought;
    NetworkProbe now = probe(bought);
    result.before = now;
    std::vector<std::pair<Option, NetworkProbe>> taken;
    while (!now.check.sustained(limit)) {
      std::vector<Option> options;
      for (const PlanCandidate& c : scenario_.candidates)
        for (int t = 1; t <= c.repeat - bought[c.id]; ++t)
          options.push_back(Option{&c, t});
      // Cheapest first; the file's order among equal costs.
      std::stable_sort(options.begin(), options.end(),
                       [](const Option& a, const Option& b) { return a.cost_usd() < b.cost_usd(); });
      std::optional<std::pair<Option, NetworkProbe>> pick;
      double best_gain = 0;
      std::optional<std::pair<Option, NetworkProbe>> best;
      const double shortfall = now.check.shortfall(limit);
      for (const Option& o : options) {
        std::map<std::string, int> trial = bought;
        trial[o.candidate->id] += o.times;
        trying_ = fmt::format("step {}: try {} x{} (${:.3g} M)", taken.size() + 1, o.candidate->id, o.times,
                              o.cost_usd() / 1e6);
        NetworkProbe p = probe(trial);
        if (relieves(now.check, p.check)) {
          pick.emplace(o, std::move(p));
          break;
        }
        const double gain = (shortfall - p.check.shortfall(limit)) / std::max(o.cost_usd(), 1.0);
        if (shortfall - p.check.shortfall(limit) > 1e-3 && gain > best_gain) {
          best_gain = gain;
          best.emplace(o, std::move(p));
        }
      }
      if (!pick) pick = std::move(best);
      if (!pick) break; // nothing helps
      bought[pick->first.candidate->id] += pick->first.times;
      now = pick->second;
      taken.push_back(std::move(*pick));
    }
    result.reached = now.check.sustained(limit);
    // A later step may make an earlier one unneeded: try without each, dearest first.
    if (result.reached && taken.size() > 1) {
      std::vector<std::size_t> order(taken.size());
      for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return taken[a].first.cost_usd() > taken[b].first.cost_usd();
      });
      std::vector<bool> kept(taken.size(), true);
      for (std::size_t i : order) {
        std::map<std::string, int> without = bought;
        without[taken[i].first.candidate->id] -= taken[i].first.times;
        trying_ = fmt::format("without {} x{}", taken[i].first.candidate->id, taken[i].first.times);
        NetworkProbe p = probe(without);
        if (p.check.sustained(limit)) {
          kept[i] = false;
          bought = without;
          now = p;
          result.dropped.push_back(fmt::format("{} x{}", taken[i].first.candidate->id, taken[i].first.times));
        }
      }
      std::vector<std::pair<Option, NetworkProbe>> remaining;
      for (std::size_t i = 0; i < taken.size(); ++i)
        if (kept[i]) remaining.push_back(taken[i]);
      if (remaining.size() < taken.size()) {
        // The steps' states changed: measure them again in order.
        std::map<std::string, int> so_far;
        trying_ = "again, the steps kept";
        for (auto& [o, p] : remaining) {
          so_far[o.candidate->id] += o.times;
          p = probe(so_far);
        }
      }
      taken = std::move(remaining);
    }
    for (const auto& [o, p] : taken) {
      result.steps.push_back(PlanStep{o.candidate->id, o.times, o.cost_usd(), p});
      result.cost_usd += o.cost_usd();
    }
    result.final_state = taken.empty() ? result.before : taken.back().second;
    result.overrides = changes(bought);
    return result;
  }

private:
  const Scenario& scenario_;
  double factor_;
  CapacityOptions options_;
  std::string trying_ = "nothing bought";
};

} // namespace

PlanResult find_plan(const Scenario& scenario, double target_factor, const CapacityOptions& options) {
  return PlanSearch(scenario, target_factor, options).run();
}

} // namespace corridor

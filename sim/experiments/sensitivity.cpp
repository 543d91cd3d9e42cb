// corridor sensitivity's design and analysis: the tornado and Morris screening of a scenario's
// uncertain inputs (include/corridor/sensitivity.hpp). The command only prints and writes.
#include "corridor/sensitivity.hpp"

#include "corridor/claims.hpp"
#include "corridor/load.hpp"
#include "corridor/network.hpp"
#include "corridor/random.hpp"
#include "corridor/replications.hpp"
#include "corridor/summary.hpp"
#include "corridor/uncertainty.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <fmt/format.h>
#include <map>
#include <numeric>
#include <optional>

namespace corridor {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The figures of one design point (every input at a given value): each claim's simulated value
// and each route's mean transit days and cost per TEU, over the same replications (same seeds).
class Evaluator {
public:
  Evaluator(const Scenario& scenario, const SensitivityPlan& plan, int points)
      : scenario_(scenario), routed_(scenario), progress_(plan.progress), points_(points) {
    plan_.seed = scenario.info.seed; // the same seeds at every point: common random numbers
    plan_.replications = plan.replications;
    plan_.jobs = plan.jobs;
    plan_.scratch_dir = plan.scratch_dir;
    for (const Claim& c : scenario.claims)
      names_.push_back(fmt::format("claim {} ({})", c.id, to_string(c.metric)));
    for (const Route& r : scenario.routes) { // RoutedScenario keeps the scenario's route order
      names_.push_back("route " + r.id + ": mean transit days");
      names_.push_back("route " + r.id + ": USD per TEU");
    }
  }
  const std::vector<std::string>& names() const { return names_; }
  int runs() const { return runs_; }

  std::vector<double> at(const std::vector<double>& values, const std::string& what) {
    std::vector<double> means;
    for (const Estimate& e : figures(values, what))
      means.push_back(e.n > 0 ? e.mean : kNaN);
    return means;
  }

  /**
   * Each figure's mean and 95% interval over the replications: with `values`, every replication
   * runs them; without, each its own Latin-hypercube draw, as `corridor run` does.
   */
  std::vector<Estimate> figures(const std::optional<std::vector<double>>& values, const std::string& what) {
    ++done_;
    if (progress_) progress_(done_, points_, what);
    ReplicationPlan plan = plan_;
    if (values) plan.input_values.assign(static_cast<std::size_t>(plan.replications), *values);
    const auto drawn = input_values(scenario_, plan);
    const auto digests = run_replications(scenario_, routed_, plan);
    runs_ += plan.replications;
    std::map<std::string, std::vector<ReplicationDigest>> capacity_runs;
    for (const Claim& claim : scenario_.claims)
      if (claim.metric == ClaimMetric::TradeCapacity) {
        const Scenario variant = capacity_scenario(scenario_, claim);
        plan.derive = [claim](Scenario s) { return capacity_scenario(s, claim); };
        capacity_runs[claim.id] = run_replications(variant, RoutedScenario(variant), plan);
        runs_ += plan.replications;
      }
    // Distances are the scenario's, not the runs': at one point they are those of its values.
    const Scenario here = with_input_values(scenario_, values ? *values : drawn.front());
    const RoutedScenario routed(here);
    std::vector<Estimate> out;
    for (ClaimVerdict& v : evaluate_claims(here, routed, digests, capacity_runs)) {
      if (!std::isfinite(v.simulated.mean)) v.simulated = Estimate{};
      out.push_back(v.simulated);
    }
    if (!values) // each replication its own distances
      for (std::size_t c = 0; c < scenario_.claims.size(); ++c) {
        const Claim& claim = scenario_.claims[c];
        if (claim.metric != ClaimMetric::RouteDistanceKm && claim.metric != ClaimMetric::DistanceRatio)
          continue;
        std::vector<double> per_replication;
        for (const auto& row : drawn) {
          const RoutedScenario r(with_input_values(scenario_, row));
          const double km = r.routes[*r.network.route(claim.route)].distance_km;
          per_replication.push_back(claim.metric == ClaimMetric::RouteDistanceKm
                                        ? km
                                        : km / r.routes[*r.network.route(claim.baseline)].distance_km);
        }
        out[c] = estimate(per_replication);
      }
    for (std::size_t r = 0; r < routed.routes.size(); ++r) {
      std::vector<double> days, cost;
      for (const ReplicationDigest& d : digests)
        if (const CohortFigures* f = d.route_figures(r); f && f->delivered > 0) {
          days.push_back(f->mean_h.value / 24);
          if (f->delivered_teu > 0) cost.push_back(f->cost_usd / f->delivered_teu);
        }
      out.push_back(estimate(days));
      out.push_back(estimate(cost));
    }
    return out;
  }

private:
  const Scenario& scenario_;
  RoutedScenario routed_;
  ReplicationPlan plan_;
  std::function<void(int, int, const std::string&)> progress_;
  std::vector<std::string> names_;
  int points_ = 0, done_ = 0, runs_ = 0;
};

// The spread of one value per replication, from its 95% interval: ci95 = t(0.975, n - 1) sd / sqrt(n).
double sd_of(const Estimate& e) {
  if (e.n < 2 || !std::isfinite(e.ci95_half_width)) return kNaN;
  const boost::math::students_t t(e.n - 1);
  return e.ci95_half_width * std::sqrt(e.n) / boost::math::quantile(boost::math::complement(t, 0.025));
}

// Largest first; a figure that could not be measured (NaN) last; ties keep the inputs' order.
template <typename T, typename Key> std::vector<T> ranked(std::vector<T> items, Key key) {
  std::stable_sort(items.begin(), items.end(), [&](const T& a, const T& b) {
    const double x = key(a), y = key(b);
    if (std::isnan(x) || std::isnan(y)) return !std::isnan(x) && std::isnan(y);
    return x > y;
  });
  return items;
}

InputEffect effect_of(std::size_t input, const std::vector<double>& effects) {
  InputEffect e{input};
  e.n = static_cast<int>(effects.size());
  if (effects.empty()) return e;
  double abs_sum = 0, sum = 0;
  for (double x : effects)
    abs_sum += std::abs(x), sum += x;
  e.mu_star = abs_sum / static_cast<double>(effects.size());
  e.mu = sum / static_cast<double>(effects.size());
  double squares = 0;
  for (double x : effects)
    squares += (x - e.mu) * (x - e.mu);
  e.sigma = effects.size() > 1 ? std::sqrt(squares / static_cast<double>(effects.size() - 1)) : 0;
  return e;
}

} // namespace

double FigureSpread::input_share() const {
  if (!std::isfinite(sd_total) || !std::isfinite(sd_noise) || sd_total <= 0) return kNaN;
  return std::clamp(1 - (sd_noise * sd_noise) / (sd_total * sd_total), 0.0, 1.0);
}

std::vector<InputEffect> FigureSensitivity::ranked_morris() const {
  return ranked(morris, [](const InputEffect& e) { return e.mu_star; });
}

int sensitivity_points(std::size_t k, int trajectories) {
  return 2 + 2 * static_cast<int>(k) + trajectories * (static_cast<int>(k) + 1);
}

SensitivityResult run_sensitivity(const Scenario& scenario, const SensitivityPlan& plan) {
  const std::vector<UncertainInput>& inputs = scenario.uncertain;
  const std::size_t k = inputs.size();
  std::vector<double> nominal;
  for (const UncertainInput& in : inputs)
    nominal.push_back(in.nominal());
  SensitivityResult result;
  result.one_at_a_time_points = 2 + 2 * static_cast<int>(k); // with the Latin hypercube of `run`
  result.morris_points = plan.trajectories * (static_cast<int>(k) + 1);
  Evaluator evaluate(scenario, plan, result.one_at_a_time_points + result.morris_points);
  const std::size_t m = evaluate.names().size();
  result.figures.resize(m);
  std::vector<std::vector<InputSwing>> swings(m); // [figure][input]
  std::vector<std::vector<std::vector<double>>> effects(m, std::vector<std::vector<double>>(k));

  // The spread of `run`: over its Latin hypercube (inputs and noise), and at the nominal inputs
  // (noise alone), with the same seeds.
  const auto nominal_figures = evaluate.figures(nominal, "every input at its nominal value");
  const auto spread_figures =
      evaluate.figures(std::nullopt, "each replication its own Latin-hypercube draw, as run does");
  for (std::size_t j = 0; j < m; ++j) {
    FigureSensitivity& f = result.figures[j];
    f.name = evaluate.names()[j];
    f.at_nominal = nominal_figures[j].n > 0 ? nominal_figures[j].mean : kNaN;
    f.spread = FigureSpread{spread_figures[j].n > 0 ? spread_figures[j].mean : kNaN, sd_of(spread_figures[j]),
                            sd_of(nominal_figures[j])};
  }
  for (std::size_t i = 0; i < k; ++i) {
    std::vector<double> low = nominal, high = nominal;
    low[i] = inputs[i].low;
    high[i] = inputs[i].high;
    const auto y_low = evaluate.at(low, inputs[i].path + " at its low");
    const auto y_high = evaluate.at(high, inputs[i].path + " at its high");
    for (std::size_t j = 0; j < m; ++j)
      swings[j].push_back(InputSwing{i, y_low[j], y_high[j]});
  }
  // Each trajectory starts at a random level of every input's probability and moves one input
  // at a time by ±2/3 of it, in a random order: k + 1 points give one effect per input.
  RandomStream stream(scenario.info.seed, "sensitivity morris");
  for (int t = 0; t < plan.trajectories; ++t) {
    std::vector<double> u(k);
    for (double& x : u)
      x = boost::random::uniform_int_distribution<int>(0, kMorrisLevels - 1)(stream.engine()) /
          static_cast<double>(kMorrisLevels - 1);
    std::vector<std::size_t> order(k);
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t i = k; i > 1; --i)
      std::swap(order[i - 1],
                order[boost::random::uniform_int_distribution<std::size_t>(0, i - 1)(stream.engine())]);
    auto values = [&] {
      std::vector<double> v(k);
      for (std::size_t i = 0; i < k; ++i)
        v[i] = input_quantile(inputs[i], u[i]);
      return v;
    };
    auto before =
        evaluate.at(values(), fmt::format("Morris trajectory {}/{}, start", t + 1, plan.trajectories));
    for (std::size_t i : order) {
      const double step = u[i] + kMorrisDelta <= 1 + 1e-12 ? kMorrisDelta : -kMorrisDelta;
      u[i] = std::clamp(u[i] + step, 0.0, 1.0);
      auto after = evaluate.at(
          values(), fmt::format("Morris trajectory {}/{}, {}", t + 1, plan.trajectories, inputs[i].path));
      for (std::size_t j = 0; j < m; ++j)
        if (std::isfinite(before[j]) && std::isfinite(after[j]))
          effects[j][i].push_back((after[j] - before[j]) / step);
      before = std::move(after);
    }
  }
  for (std::size_t j = 0; j < m; ++j) {
    FigureSensitivity& f = result.figures[j];
    f.tornado = ranked(swings[j], [](const InputSwing& s) { return s.swing(); });
    for (std::size_t i = 0; i < k; ++i)
      f.morris.push_back(effect_of(i, effects[j][i]));
  }
  result.runs = evaluate.runs();
  return result;
}

} // namespace corridor

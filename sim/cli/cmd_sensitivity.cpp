// corridor sensitivity SCENARIO: which uncertain inputs move the claims and the routes' figures.
// One input at a time to its low and high (a tornado), then Morris elementary effects over
// random trajectories (a global screening that sees interactions the tornado cannot).
#include "corridor/claims.hpp"
#include "corridor/csv.hpp"
#include "corridor/limits.hpp"
#include "corridor/load.hpp"
#include "corridor/network.hpp"
#include "corridor/output.hpp"
#include "corridor/output_set.hpp"
#include "corridor/random.hpp"
#include "corridor/replications.hpp"
#include "corridor/summary.hpp"
#include "corridor/uncertainty.hpp"

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/scenario_input.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>
#include <numeric>
#include <thread>

namespace corridor::cli {

namespace {

using Json = nlohmann::ordered_json;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Morris: p = 4 levels of each input's probability, steps of p / (2 (p - 1)) = 2/3.
constexpr int kMorrisLevels = 4;
constexpr double kMorrisDelta = kMorrisLevels / (2.0 * (kMorrisLevels - 1));

// The figures of one design point (every input at a given value): each claim's simulated value
// and each route's mean transit days and cost per TEU, over the same replications (same seeds).
class Evaluator {
public:
  Evaluator(const Scenario& scenario, const ReplicationPlan& plan, int points)
      : scenario_(scenario), routed_(scenario), plan_(plan), points_(points) {
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
    std::cerr << fmt::format("sensitivity: point {}/{}: {}\n", done_, points_, what) << std::flush;
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
  std::vector<std::string> names_;
  int points_ = 0, done_ = 0, runs_ = 0;
};

// The spread of one value per replication, from its 95% interval: ci95 = t(0.975, n - 1) sd / sqrt(n).
double sd_of(const Estimate& e) {
  if (e.n < 2 || !std::isfinite(e.ci95_half_width)) return kNaN;
  const boost::math::students_t t(e.n - 1);
  return e.ci95_half_width * std::sqrt(e.n) / boost::math::quantile(boost::math::complement(t, 0.025));
}

struct Swing {
  std::size_t input = 0;
  double at_low = kNaN, at_high = kNaN;
  double swing() const {
    return std::isfinite(at_low) && std::isfinite(at_high) ? std::abs(at_high - at_low) : kNaN;
  }
};

struct Spread {
  double mean = kNaN, sd_total = kNaN, sd_noise = kNaN;
  /** The share of the variance over plausible inputs that the noise alone does not make. */
  double input_share() const {
    if (!std::isfinite(sd_total) || !std::isfinite(sd_noise) || sd_total <= 0) return kNaN;
    return std::clamp(1 - (sd_noise * sd_noise) / (sd_total * sd_total), 0.0, 1.0);
  }
};

struct Effect {
  std::size_t input = 0;
  double mu_star = kNaN, mu = kNaN, sigma = kNaN;
  int n = 0;
};

// Largest first; a figure that could not be measured (NaN) last; ties keep the inputs' order.
template <typename T, typename Key> std::vector<T> ranked(std::vector<T> items, Key key) {
  std::stable_sort(items.begin(), items.end(), [&](const T& a, const T& b) {
    const double x = key(a), y = key(b);
    if (std::isnan(x) || std::isnan(y)) return !std::isnan(x) && std::isnan(y);
    return x > y;
  });
  return items;
}

std::string number(double x) {
  return std::isfinite(x) ? fmt::format("{:.6g}", x) : std::string();
}

Json json_number(double x) {
  return std::isfinite(x) ? Json(x) : Json(nullptr);
}

} // namespace

int sensitivity_command(const Args& args) {
  po::options_description options("options");
  options.add_options()("scenario", po::value<std::string>()->required(),
                        "scenario file with uncertain inputs")(
      "replications", po::value<int>(), "replications at each design point (default: the scenario's)")(
      "trajectories", po::value<int>()->default_value(4), "Morris trajectories r (0: the tornado alone)")(
      "seed", po::value<std::uint64_t>(), "base seed (default: the scenario's)")(
      "out", po::value<std::string>(), "output directory (default: results/<scenario name>-sensitivity)")(
      "set", po::value<std::vector<std::string>>()->default_value({}, ""),
      "override PATH=VALUE (repeatable)")(
      "jobs",
      po::value<int>()->default_value(static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))),
      "replications run at once");
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm;
  if (auto stop = parse_options("sensitivity", "SCENARIO [--replications N] [--trajectories R] [--out DIR]",
                                args, options, positional, vm))
    return *stop;
  const std::string path = vm["scenario"].as<std::string>();
  auto scenario = load_or_report(path, vm["set"].as<std::vector<std::string>>());
  if (!scenario) return kInvalidInput;
  if (scenario->uncertain.empty()) {
    std::cerr << path << ": no uncertain inputs: nothing to rank (write a number as {uncertain: {low, high, "
              << "sources}}, docs/scenario-format.md)\n";
    return kInvalidInput;
  }
  if (vm.count("seed")) scenario->info.seed = vm["seed"].as<std::uint64_t>();
  const int replications =
      vm.count("replications") ? vm["replications"].as<int>() : scenario->info.replications;
  const int trajectories = vm["trajectories"].as<int>();
  if (replications < 1 || replications > limits::kMaxReplications || trajectories < 0 ||
      trajectories > 1000 || vm["jobs"].as<int>() < 1) {
    std::cerr << "corridor sensitivity: expected --replications from 1 to " << limits::kMaxReplications
              << ", --trajectories from 0 to 1000 and --jobs >= 1\n";
    return kInvalidInput;
  }
  scenario->info.replications = replications;
  const std::string out_dir = vm.count("out")
                                  ? vm["out"].as<std::string>()
                                  : "results/" + std::filesystem::path(path).stem().string() + "-sensitivity";
  std::optional<OutputSet> output;
  try {
    output.emplace(out_dir,
                   std::vector<std::string>{"tornado.csv", "morris.csv", "spread.csv", "sensitivity.json"});
  } catch (const std::exception& e) {
    std::cerr << "corridor sensitivity: --out: " << e.what() << "\n";
    return kIoError;
  }

  const std::vector<UncertainInput>& inputs = scenario->uncertain;
  const std::size_t k = inputs.size();
  std::vector<double> nominal;
  for (const UncertainInput& in : inputs)
    nominal.push_back(in.nominal());
  const int oat_points = 2 + 2 * static_cast<int>(k); // with the Latin hypercube of `run`
  const int morris_points = trajectories * (static_cast<int>(k) + 1);
  ReplicationPlan plan;
  plan.seed = scenario->info.seed; // the same seeds at every point: common random numbers
  plan.replications = replications;
  plan.jobs = vm["jobs"].as<int>();
  plan.scratch_dir = output->staging_dir();
  const std::string budget =
      fmt::format("{} uncertain inputs; spread and one at a time: {} points, Morris: r = {} trajectories x "
                  "(k + 1) = {} points; "
                  "{} replications a point, the same seeds at every point: {} x {} = {} runs",
                  k, oat_points, trajectories, morris_points, replications, oat_points + morris_points,
                  replications, (oat_points + morris_points) * replications);
  std::cerr << "sensitivity: " << budget << "\n";

  Evaluator evaluate(*scenario, plan, oat_points + morris_points);
  const std::size_t m = evaluate.names().size();
  std::vector<double> at_nominal;
  std::vector<Spread> spreads;               // [metric]
  std::vector<std::vector<Swing>> swings(m); // [metric][input]
  std::vector<std::vector<std::vector<double>>> effects(m, std::vector<std::vector<double>>(k));
  try {
    // The spread of `run`: over its Latin hypercube (inputs and noise), and at the nominal
    // inputs (noise alone), with the same seeds.
    const auto nominal_figures = evaluate.figures(nominal, "every input at its nominal value");
    const auto spread_figures =
        evaluate.figures(std::nullopt, "each replication its own Latin-hypercube draw, as run does");
    for (std::size_t j = 0; j < m; ++j) {
      at_nominal.push_back(nominal_figures[j].n > 0 ? nominal_figures[j].mean : kNaN);
      spreads.push_back(Spread{spread_figures[j].n > 0 ? spread_figures[j].mean : kNaN,
                               sd_of(spread_figures[j]), sd_of(nominal_figures[j])});
    }
    for (std::size_t i = 0; i < k; ++i) {
      std::vector<double> low = nominal, high = nominal;
      low[i] = inputs[i].low;
      high[i] = inputs[i].high;
      const auto y_low = evaluate.at(low, inputs[i].path + " at its low");
      const auto y_high = evaluate.at(high, inputs[i].path + " at its high");
      for (std::size_t j = 0; j < m; ++j)
        swings[j].push_back(Swing{i, y_low[j], y_high[j]});
    }
    // Each trajectory starts at a random level of every input's probability and moves one input
    // at a time by ±2/3 of it, in a random order: k + 1 points give one effect per input.
    RandomStream stream(scenario->info.seed, "sensitivity morris");
    for (int t = 0; t < trajectories; ++t) {
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
      auto before = evaluate.at(values(), fmt::format("Morris trajectory {}/{}, start", t + 1, trajectories));
      for (std::size_t i : order) {
        const double step = u[i] + kMorrisDelta <= 1 + 1e-12 ? kMorrisDelta : -kMorrisDelta;
        u[i] = std::clamp(u[i] + step, 0.0, 1.0);
        auto after = evaluate.at(
            values(), fmt::format("Morris trajectory {}/{}, {}", t + 1, trajectories, inputs[i].path));
        for (std::size_t j = 0; j < m; ++j)
          if (std::isfinite(before[j]) && std::isfinite(after[j]))
            effects[j][i].push_back((after[j] - before[j]) / step);
        before = std::move(after);
      }
    }
  } catch (const ReplicationFailed& e) {
    std::cerr << path << ": error: " << e.what() << "\n";
    return kSimulationFailed;
  } catch (const ReplicationsInterrupted&) {
    std::cerr << "corridor sensitivity: interrupted, " << out_dir << " left as it was\n";
    return kInterrupted;
  } catch (const ScenarioError& e) {
    std::cerr << diagnostics_text(e.diagnostics());
    return kInvalidInput;
  }

  std::string tornado_csv = csv_row({"metric", "rank", "input", "input_low", "input_high", "metric_at_low",
                                     "metric_at_nominal", "metric_at_high", "swing"});
  std::string morris_csv = csv_row({"metric", "rank", "input", "mu_star", "mu", "sigma", "effects"});
  std::string spread_csv =
      csv_row({"metric", "mean_over_inputs", "sd_over_inputs", "sd_at_nominal", "input_share"});
  Json metrics = Json::array();
  std::cout
      << "sensitivity of " << scenario->info.name << ": " << budget << "\n"
      << "swing: |figure with the input at its high - at its low|, the others at nominal; mu*: mean "
         "|elementary effect| over the Morris trajectories, per whole range of the input's probability\n";
  std::size_t width = 20;
  for (const UncertainInput& in : inputs)
    width = std::max(width, fmt::format("{} ({:g} .. {:g})", in.path, in.low, in.high).size());
  for (std::size_t j = 0; j < m; ++j) {
    const std::string& name = evaluate.names()[j];
    std::vector<Effect> morris;
    for (std::size_t i = 0; i < k; ++i) {
      Effect e{i};
      const auto& ee = effects[j][i];
      e.n = static_cast<int>(ee.size());
      if (!ee.empty()) {
        double abs_sum = 0, sum = 0;
        for (double x : ee)
          abs_sum += std::abs(x), sum += x;
        e.mu_star = abs_sum / static_cast<double>(ee.size());
        e.mu = sum / static_cast<double>(ee.size());
        double squares = 0;
        for (double x : ee)
          squares += (x - e.mu) * (x - e.mu);
        e.sigma = ee.size() > 1 ? std::sqrt(squares / static_cast<double>(ee.size() - 1)) : 0;
      }
      morris.push_back(e);
    }
    const auto tornado = ranked(swings[j], [](const Swing& s) { return s.swing(); });
    const auto screening = ranked(morris, [](const Effect& e) { return e.mu_star; });
    const bool measured = std::any_of(tornado.begin(), tornado.end(), [](const Swing& s) {
      return std::isfinite(s.at_low) || std::isfinite(s.at_high);
    });
    std::cout << fmt::format("\n{} (at nominal: {})\n", name,
                             std::isfinite(at_nominal[j]) ? fmt::format("{:.4g}", at_nominal[j])
                                                          : "not measured");
    const Spread& spread = spreads[j];
    spread_csv += csv_row({name, number(spread.mean), number(spread.sd_total), number(spread.sd_noise),
                           number(spread.input_share())});
    if (std::isfinite(spread.sd_total) && std::isfinite(spread.sd_noise))
      std::cout << fmt::format(
          "  spread over plausible inputs: sd {:.4g}; at the nominal inputs (noise alone): sd "
          "{:.4g}{}\n",
          spread.sd_total, spread.sd_noise,
          std::isfinite(spread.input_share())
              ? fmt::format(": {:.0f}% of the variance from the inputs", 100 * spread.input_share())
              : "");
    if (measured)
      std::cout << fmt::format("  {:>4}  {:<{}} {:>12} {:>12} {:>12}   {:>10}\n", "rank",
                               "input (low .. high)", width, "at low", "at high", "swing", "Morris mu*");
    else
      std::cout << "  no shipment took this route at any point: nothing to rank\n";
    Json tornado_json = Json::array(), morris_json = Json::array();
    for (std::size_t r = 0; r < tornado.size(); ++r) {
      const Swing& s = tornado[r];
      const UncertainInput& in = inputs[s.input];
      const Effect& e = morris[s.input];
      if (measured)
        std::cout << fmt::format("  {:>4}  {:<{}} {:>12} {:>12} {:>12}   {:>10}\n", r + 1,
                                 fmt::format("{} ({:g} .. {:g})", in.path, in.low, in.high), width,
                                 number(s.at_low), number(s.at_high), number(s.swing()), number(e.mu_star));
      tornado_csv += csv_row({name, std::to_string(r + 1), in.path, number(in.low), number(in.high),
                              number(s.at_low), number(at_nominal[j]), number(s.at_high), number(s.swing())});
      tornado_json.push_back({{"input", in.path},
                              {"low", in.low},
                              {"high", in.high},
                              {"at_low", json_number(s.at_low)},
                              {"at_high", json_number(s.at_high)},
                              {"swing", json_number(s.swing())}});
    }
    for (std::size_t r = 0; r < screening.size(); ++r) {
      const Effect& e = screening[r];
      morris_csv += csv_row({name, std::to_string(r + 1), inputs[e.input].path, number(e.mu_star),
                             number(e.mu), number(e.sigma), std::to_string(e.n)});
      morris_json.push_back({{"input", inputs[e.input].path},
                             {"mu_star", json_number(e.mu_star)},
                             {"mu", json_number(e.mu)},
                             {"sigma", json_number(e.sigma)},
                             {"effects", e.n}});
    }
    metrics.push_back({{"metric", name},
                       {"at_nominal", json_number(at_nominal[j])},
                       {"spread",
                        {{"mean_over_inputs", json_number(spread.mean)},
                         {"sd_over_inputs", json_number(spread.sd_total)},
                         {"sd_at_nominal", json_number(spread.sd_noise)},
                         {"input_share", json_number(spread.input_share())}}},
                       {"tornado", tornado_json},
                       {"morris", morris_json}});
  }
  Json inputs_json = Json::array();
  for (const UncertainInput& in : inputs)
    inputs_json.push_back({{"path", in.path},
                           {"low", in.low},
                           {"mode", in.mode ? Json(*in.mode) : Json(nullptr)},
                           {"high", in.high},
                           {"nominal", in.nominal()},
                           {"sources", in.sources}});
  const Json json = {{"scenario", scenario->info.name},
                     {"scenario_file", path},
                     {"seed", scenario->info.seed},
                     {"budget",
                      {{"inputs", k},
                       {"replications_per_point", replications},
                       {"one_at_a_time_points", oat_points},
                       {"morris_trajectories", trajectories},
                       {"morris_levels", kMorrisLevels},
                       {"morris_step", kMorrisDelta},
                       {"morris_points", morris_points},
                       {"runs", evaluate.runs()}}},
                     {"inputs", inputs_json},
                     {"metrics", metrics}};
  try {
    write_file_atomically(output->staged("tornado.csv"), tornado_csv);
    write_file_atomically(output->staged("morris.csv"), morris_csv);
    write_file_atomically(output->staged("spread.csv"), spread_csv);
    write_file_atomically(output->staged("sensitivity.json"), json.dump(2) + "\n");
    output->commit();
  } catch (const std::exception& e) {
    std::cerr << "corridor sensitivity: cannot write results to " << out_dir << ": " << e.what() << "\n";
    return kIoError;
  }
  std::cout << "\nwrote " << out_dir << "/tornado.csv, " << out_dir << "/morris.csv, " << out_dir
            << "/spread.csv, " << out_dir << "/sensitivity.json\n";
  return kOk;
}

} // namespace corridor::cli

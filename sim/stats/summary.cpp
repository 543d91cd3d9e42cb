#include "corridor/summary.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <openssl/evp.h>
#include <stdexcept>

namespace corridor {

Estimate estimate(const std::vector<double>& values) {
  Estimate e;
  e.n = static_cast<int>(values.size());
  if (values.empty()) return e;
  double sum = 0;
  for (double v : values)
    sum += v;
  e.mean = sum / e.n;
  if (e.n < 2) return e;
  double squares = 0;
  for (double v : values)
    squares += (v - e.mean) * (v - e.mean);
  const double sd = std::sqrt(squares / (e.n - 1));
  const boost::math::students_t t(e.n - 1);
  e.ci95_half_width = boost::math::quantile(boost::math::complement(t, 0.025)) * sd / std::sqrt(e.n);
  return e;
}

double quantile_sorted(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (position - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

namespace {

// One replication's figures for one (flow, route) pair.
struct PairFigures {
  std::vector<double> transit_days;
  double teu = 0, teu_km = 0, cost = 0, moving = 0, waiting = 0, handling = 0;
  std::size_t delivered = 0;
};

} // namespace

Summary summarize(const Scenario& scenario, const RoutedScenario& routed,
                  const std::vector<ReplicationResult>& results) {
  Summary summary;
  summary.scenario_name = scenario.info.name;
  summary.replications = static_cast<int>(results.size());
  const double measured_h = scenario.horizon_h() - scenario.warmup_h();
  summary.measured_days = measured_h / 24;
  const double years = measured_h / (365 * 24);

  // Per (flow, route): one set of figures per replication.
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<PairFigures>> pairs;
  for (std::size_t r = 0; r < results.size(); ++r)
    for (const ShipmentRecord& s : results[r].shipments) {
      auto& per_rep = pairs[{s.flow, s.route}];
      per_rep.resize(results.size());
      if (!s.delivered()) continue;
      PairFigures& p = per_rep[r];
      p.transit_days.push_back(s.transit_h() / 24);
      p.teu += s.teu;
      p.teu_km += s.teu * s.distance_km;
      p.cost += s.cost_usd();
      p.moving += s.moving_h / 24;
      p.waiting += s.waiting_h / 24;
      p.handling += s.handling_h / 24;
      ++p.delivered;
    }
  for (auto& [key, per_rep] : pairs) {
    RouteSummary rs;
    rs.flow = scenario.flows[key.first].id;
    rs.route = scenario.routes[key.second].id;
    rs.distance_km = routed.routes[key.second].distance_km;
    std::vector<double> delivered, teu_year, mean, p50, p90, p95, moving, waiting, handling, per_teu,
        per_teu_km;
    for (PairFigures& p : per_rep) {
      delivered.push_back(static_cast<double>(p.delivered));
      teu_year.push_back(p.teu / years);
      if (p.delivered == 0) continue; // no transit figures from a replication that delivered nothing
      std::sort(p.transit_days.begin(), p.transit_days.end());
      const double n = static_cast<double>(p.delivered);
      double total = 0;
      for (double d : p.transit_days)
        total += d;
      mean.push_back(total / n);
      p50.push_back(quantile_sorted(p.transit_days, 0.50));
      p90.push_back(quantile_sorted(p.transit_days, 0.90));
      p95.push_back(quantile_sorted(p.transit_days, 0.95));
      moving.push_back(p.moving / n);
      waiting.push_back(p.waiting / n);
      handling.push_back(p.handling / n);
      per_teu.push_back(p.cost / p.teu);
      per_teu_km.push_back(p.teu_km > 0 ? p.cost / p.teu_km : 0);
    }
    rs.delivered = estimate(delivered);
    rs.delivered_teu_per_year = estimate(teu_year);
    rs.transit_days_mean = estimate(mean);
    rs.transit_days_p50 = estimate(p50);
    rs.transit_days_p90 = estimate(p90);
    rs.transit_days_p95 = estimate(p95);
    rs.moving_days = estimate(moving);
    rs.waiting_days = estimate(waiting);
    rs.handling_days = estimate(handling);
    rs.cost_usd_per_teu = estimate(per_teu);
    rs.cost_usd_per_teu_km = estimate(per_teu_km);
    summary.routes.push_back(rs);
  }

  for (std::size_t f = 0; f < scenario.facilities.size(); ++f) {
    FacilitySummary fs;
    fs.id = scenario.facilities[f].id;
    std::vector<double> utilization, queue, max_queue, wait, per_day;
    for (const auto& r : results) {
      const FacilityStats& st = r.facilities[f];
      utilization.push_back(st.busy_server_h / (scenario.facilities[f].servers * measured_h));
      queue.push_back(st.queue_area_h / measured_h);
      max_queue.push_back(static_cast<double>(st.max_queue));
      wait.push_back(st.vehicles ? st.total_wait_h / static_cast<double>(st.vehicles) : 0);
      per_day.push_back(static_cast<double>(st.vehicles) / summary.measured_days);
    }
    fs.utilization = estimate(utilization);
    fs.mean_queue = estimate(queue);
    fs.max_queue = estimate(max_queue);
    fs.mean_wait_h = estimate(wait);
    fs.vehicles_per_day = estimate(per_day);
    summary.facilities.push_back(fs);
  }

  for (std::size_t l = 0; l < scenario.links.size(); ++l) {
    const Link& link = scenario.links[l];
    LinkSummary ls;
    ls.id = link.id;
    std::vector<double> per_day, teu, utilization;
    for (const auto& r : results) {
      const LinkStats& st = r.links[l];
      per_day.push_back(static_cast<double>(st.vehicles) / summary.measured_days);
      teu.push_back(st.teu / years);
      utilization.push_back(st.occupied_h / (measured_h * (link.two_way ? 2 : 1)));
    }
    ls.vehicles_per_day = estimate(per_day);
    ls.teu_per_year = estimate(teu);
    if (link.capacity_vehicles_per_day) ls.utilization = estimate(utilization);
    summary.links.push_back(ls);
  }

  std::vector<double> created, delivered, in_transit, teu_year;
  for (const auto& r : results) {
    created.push_back(static_cast<double>(r.created));
    delivered.push_back(static_cast<double>(r.delivered));
    in_transit.push_back(static_cast<double>(r.in_transit));
    teu_year.push_back(r.delivered_teu_measured / years);
  }
  summary.created = estimate(created);
  summary.delivered = estimate(delivered);
  summary.in_transit = estimate(in_transit);
  summary.delivered_teu_per_year = estimate(teu_year);
  return summary;
}

std::string sha256_of_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read the file to hash it");
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  EVP_DigestInit_ex(context, EVP_sha256(), nullptr);
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0)
    EVP_DigestUpdate(context, buffer, static_cast<std::size_t>(in.gcount()));
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context, digest, &length);
  EVP_MD_CTX_free(context);
  static const char* hex = "0123456789abcdef";
  std::string text;
  for (unsigned int i = 0; i < length; ++i) {
    text += hex[digest[i] >> 4];
    text += hex[digest[i] & 15];
  }
  return text;
}

RunMetadata make_run_metadata(const Scenario& scenario, const std::string& scenario_path,
                              const std::vector<std::string>& overrides) {
  RunMetadata m;
  m.scenario_name = scenario.info.name;
  m.scenario_file = scenario_path;
  m.scenario_sha256 = sha256_of_file(scenario_path);
  m.corridor_version = CORRIDOR_VERSION;
  m.seed = scenario.info.seed;
  m.replications = scenario.info.replications;
  m.overrides = overrides;
  return m;
}

} // namespace corridor

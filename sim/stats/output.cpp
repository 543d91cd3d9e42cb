#include "corridor/output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace corridor {

void write_file_atomically(const std::string& path, const std::string& content) {
  std::string temp = path + ".tmp-XXXXXX";
  const int fd = mkstemp(temp.data());
  if (fd < 0) throw std::runtime_error(path + ": cannot create a temporary file: " + std::strerror(errno));
  auto fail = [&](const char* what) {
    const int error = errno;
    close(fd);
    std::remove(temp.c_str());
    throw std::runtime_error(path + ": cannot " + what + ": " + std::strerror(error));
  };
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t n = write(fd, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("write");
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  if (fchmod(fd, 0644) != 0) fail("set permissions");
  if (fsync(fd) != 0) fail("sync");
  if (close(fd) != 0) {
    std::remove(temp.c_str());
    throw std::runtime_error(path + ": cannot close: " + std::strerror(errno));
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    std::remove(temp.c_str());
    throw std::runtime_error(path + ": cannot rename into place: " + std::strerror(error));
  }
}

std::string shipments_csv_text(const Scenario& scenario, const std::vector<ReplicationResult>& results) {
  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out),
                 "replication,id,flow,route,created_h,delivered_h,transit_h,moving_h,"
                 "waiting_h,handling_h,distance_km,cost_usd,teu\n");
  for (std::size_t r = 0; r < results.size(); ++r)
    for (const ShipmentRecord& s : results[r].shipments) {
      fmt::format_to(std::back_inserter(out), "{},{},{},{},{:.6f},", r + 1, s.id, scenario.flows[s.flow].id,
                     scenario.routes[s.route].id, s.created_h);
      if (s.delivered())
        fmt::format_to(std::back_inserter(out), "{:.6f},{:.6f},{:.6f},{:.6f},{:.6f},{:.3f},{:.2f},{:.6g}\n",
                       s.delivered_h, s.transit_h(), s.moving_h, s.waiting_h, s.handling_h, s.distance_km,
                       s.cost_usd(), s.teu);
      else
        fmt::format_to(std::back_inserter(out), ",,,,,,,{:.6g}\n", s.teu);
    }
  return fmt::to_string(out);
}

namespace {

using Json = nlohmann::ordered_json;

// Rounded to 9 significant digits: stable text, far below any tolerance that matters.
double tidy(double x) {
  return std::isfinite(x) ? std::stod(fmt::format("{:.9g}", x)) : 0;
}

Json to_json(const Estimate& e) {
  return Json{{"mean", tidy(e.mean)}, {"ci95", tidy(e.ci95_half_width)}, {"n", e.n}};
}

} // namespace

std::string summary_json_text(const RunMetadata& m, const Summary& s) {
  Json json;
  json["metadata"] = {{"scenario", m.scenario_name},
                      {"scenario_file", m.scenario_file},
                      {"scenario_sha256", m.scenario_sha256},
                      {"seed", m.seed},
                      {"replications", m.replications},
                      {"overrides", m.overrides},
                      {"corridor_version", m.corridor_version},
                      {"measured_days", tidy(s.measured_days)}};
  Json routes = Json::array();
  for (const RouteSummary& r : s.routes)
    routes.push_back({{"flow", r.flow},
                      {"route", r.route},
                      {"distance_km", tidy(r.distance_km)},
                      {"delivered", to_json(r.delivered)},
                      {"delivered_teu_per_year", to_json(r.delivered_teu_per_year)},
                      {"transit_days",
                       {{"mean", to_json(r.transit_days_mean)},
                        {"p50", to_json(r.transit_days_p50)},
                        {"p90", to_json(r.transit_days_p90)},
                        {"p95", to_json(r.transit_days_p95)}}},
                      {"moving_days", to_json(r.moving_days)},
                      {"waiting_days", to_json(r.waiting_days)},
                      {"handling_days", to_json(r.handling_days)},
                      {"cost_usd_per_teu", to_json(r.cost_usd_per_teu)},
                      {"cost_usd_per_teu_km", to_json(r.cost_usd_per_teu_km)}});
  json["routes"] = routes;
  Json facilities = Json::array();
  for (const FacilitySummary& f : s.facilities)
    facilities.push_back({{"id", f.id},
                          {"utilization", to_json(f.utilization)},
                          {"mean_queue", to_json(f.mean_queue)},
                          {"max_queue", to_json(f.max_queue)},
                          {"mean_wait_h", to_json(f.mean_wait_h)},
                          {"vehicles_per_day", to_json(f.vehicles_per_day)}});
  json["facilities"] = facilities;
  Json links = Json::array();
  for (const LinkSummary& l : s.links)
    links.push_back({{"id", l.id},
                     {"vehicles_per_day", to_json(l.vehicles_per_day)},
                     {"teu_per_year", to_json(l.teu_per_year)},
                     {"utilization", l.utilization ? to_json(*l.utilization) : Json(nullptr)}});
  json["links"] = links;
  json["totals"] = {{"created", to_json(s.created)},
                    {"delivered", to_json(s.delivered)},
                    {"in_transit_at_end", to_json(s.in_transit)},
                    {"delivered_teu_per_year", to_json(s.delivered_teu_per_year)}};
  if (!s.claims.empty()) {
    Json claims = Json::array();
    for (const ClaimVerdict& c : s.claims)
      claims.push_back({{"id", c.id},
                        {"text", c.text},
                        {"metric", c.metric},
                        {"route", c.route},
                        {"baseline", c.baseline},
                        {"stated", tidy(c.stated)},
                        {"band_low", tidy(c.band_low)},
                        {"band_high", tidy(c.band_high)},
                        {"simulated", to_json(c.simulated)},
                        {"verdict", c.verdict},
                        {"note", c.note}});
    json["claims"] = claims;
  }
  return json.dump(2) + "\n";
}

void write_shipments_csv(const std::string& dir, const Scenario& scenario,
                         const std::vector<ReplicationResult>& results) {
  write_file_atomically(dir + "/shipments.csv", shipments_csv_text(scenario, results));
}

void write_summary_json(const std::string& dir, const RunMetadata& metadata, const Summary& summary) {
  write_file_atomically(dir + "/summary.json", summary_json_text(metadata, summary));
}

namespace {
std::string with_ci(const Estimate& e, int precision) {
  if (e.n < 2) return fmt::format("{:.{}f}", e.mean, precision);
  return fmt::format("{:.{}f} ± {:.{}f}", e.mean, precision, e.ci95_half_width, precision);
}
} // namespace

void print_summary_table(std::ostream& out, const Summary& s) {
  out << fmt::format("{} — {} replication{}, {:.0f} measured days (± = 95% confidence half-width)\n\n",
                     s.scenario_name, s.replications, s.replications == 1 ? "" : "s", s.measured_days);
  out << fmt::format("{:<46} {:>8} {:>9} {:>16} {:>8} {:>16} {:>10}\n", "flow / route", "km", "delivered",
                     "transit days", "p95", "USD per TEU", "USD/TEU-km");
  for (const RouteSummary& r : s.routes)
    out << fmt::format("{:<46} {:>8.0f} {:>9.0f} {:>16} {:>8.1f} {:>16} {:>10.3f}\n",
                       r.flow + " / " + r.route, r.distance_km, r.delivered.mean,
                       with_ci(r.transit_days_mean, 1), r.transit_days_p95.mean,
                       with_ci(r.cost_usd_per_teu, 0), r.cost_usd_per_teu_km.mean);

  std::vector<const FacilitySummary*> busiest;
  for (const auto& f : s.facilities)
    busiest.push_back(&f);
  std::stable_sort(busiest.begin(), busiest.end(), [](const FacilitySummary* a, const FacilitySummary* b) {
    return a->utilization.mean > b->utilization.mean;
  });
  if (busiest.size() > 10) busiest.resize(10);
  if (!busiest.empty()) {
    out << fmt::format("\n{:<46} {:>16} {:>12} {:>14} {:>12}\n", "facility (busiest first)", "utilization",
                       "mean queue", "mean wait h", "vehicles/day");
    for (const FacilitySummary* f : busiest)
      out << fmt::format("{:<46} {:>16} {:>12.2f} {:>14.2f} {:>12.1f}\n", f->id, with_ci(f->utilization, 3),
                         f->mean_queue.mean, f->mean_wait_h.mean, f->vehicles_per_day.mean);
  }
  out << fmt::format("\nshipments created {:.0f}, delivered {:.0f}, in transit at the end {:.0f}; "
                     "delivered {} TEU a year\n",
                     s.created.mean, s.delivered.mean, s.in_transit.mean,
                     with_ci(s.delivered_teu_per_year, 0));
}

} // namespace corridor

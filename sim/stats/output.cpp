#include "corridor/output.hpp"

#include "corridor/csv.hpp"
#include "corridor/uncertainty.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace corridor {

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

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
  if (!write_all(fd, content.data(), content.size())) fail("write");
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

std::string rows_part_path(const std::string& dir, const std::string& stem, int index) {
  return dir + "/." + stem + "-" + std::to_string(index + 1) + ".csv";
}

std::string shipment_rows_path(const std::string& dir, int index) {
  return rows_part_path(dir, "shipments", index);
}

void join_shipment_rows(const std::string& rows_dir, int replications, const std::string& path) {
  join_rows(rows_dir, "shipments", replications, path);
}

void join_rows(const std::string& rows_dir, const std::string& stem, int replications,
               const std::string& path) {
  const std::string first = rows_part_path(rows_dir, stem, 0);
  if (replications > 1) {
    // Not O_APPEND: copy_file_range refuses a file opened for appending.
    const int out = open(first.c_str(), O_WRONLY | O_CLOEXEC);
    if (out < 0 || lseek(out, 0, SEEK_END) < 0)
      throw std::runtime_error(first + ": cannot open: " + std::strerror(errno));
    for (int i = 1; i < replications; ++i) {
      const std::string part = rows_part_path(rows_dir, stem, i);
      const int in = open(part.c_str(), O_RDONLY | O_CLOEXEC);
      if (in < 0) {
        close(out);
        throw std::runtime_error(part + ": cannot open: " + std::strerror(errno));
      }
      for (;;) {
        const ssize_t n = copy_file_range(in, nullptr, out, nullptr, std::size_t{1} << 30, 0);
        if (n == 0) break;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
          const int error = errno;
          close(in);
          close(out);
          throw std::runtime_error(path + ": cannot write: " + std::strerror(error));
        }
      }
      close(in);
      std::remove(part.c_str());
    }
    close(out);
  }
  if (std::rename(first.c_str(), path.c_str()) != 0)
    throw std::runtime_error(path + ": cannot rename into place: " + std::strerror(errno));
}

namespace {

using Json = nlohmann::ordered_json;

// Rounded to 9 significant digits: stable text, far below any tolerance that matters.
Json tidy(double x) {
  if (!std::isfinite(x)) return Json(nullptr);
  return std::stod(fmt::format("{:.9g}", x));
}

Json to_json(const Estimate& e) {
  Json j{{"mean", tidy(e.mean)}, {"ci95", tidy(e.ci95_half_width)}, {"n", e.n}};
  if (e.lower_bound) j["lower_bound"] = true; // the true value is at least the mean
  return j;
}

Json to_json(const std::optional<Estimate>& e) {
  return e ? to_json(*e) : Json(nullptr);
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
                      {"measured_days", tidy(s.measured_days)},
                      {"drain_days", tidy(s.drain_days_limit)}};
  Json routes = Json::array();
  for (const RouteSummary& r : s.routes) {
    Json route = {{"flow", r.flow},
                  {"route", r.route},
                  {"distance_km", tidy(r.distance_km)},
                  {"keeps_up", r.keeps_up},
                  {"shipments", to_json(r.shipments)},
                  {"delivered", to_json(r.delivered)},
                  {"censored", to_json(r.censored)},
                  {"censored_share", to_json(r.censored_share)},
                  {"carried_share", to_json(r.carried_share)},
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
                  {"cost_usd_per_teu_km", to_json(r.cost_usd_per_teu_km)}};
    if (r.delivered_tons_per_year) { // absent without weights: files without them stay as they were
      route["delivered_tons_per_year"] = to_json(*r.delivered_tons_per_year);
      route["cost_usd_per_ton"] = to_json(*r.cost_usd_per_ton);
    }
    // Only for flows that price time or choose by logit: otherwise it is cost_usd_per_teu.
    if (r.generalized_cost_usd_per_teu)
      route["generalized_cost_usd_per_teu"] = to_json(*r.generalized_cost_usd_per_teu);
    route["promise_days"] = r.promise_days ? tidy(*r.promise_days) : Json(nullptr);
    route["on_time_share"] = to_json(r.on_time_share);
    // Arrays of records, not objects keyed by id: json_normalize(record_path=...) reads them.
    Json facilities = Json::array();
    for (const RouteFacilitySummary& f : r.facilities)
      facilities.push_back({{"facility", f.facility},
                            {"node", f.node},
                            {"country", f.country},
                            {"kind", f.kind},
                            {"visits", to_json(f.visits)},
                            {"time_h", to_json(f.time_h)},
                            {"time_h_p95", to_json(f.time_h_p95)},
                            {"wait_h", to_json(f.wait_h)},
                            {"service_h", to_json(f.service_h)},
                            {"cost_usd_per_teu", to_json(f.cost_usd_per_teu)}});
    route["facilities"] = facilities;
    Json sections = Json::array();
    for (const RouteSectionSummary& c : r.sections)
      sections.push_back({{"country", c.country},
                          {"distance_km", tidy(c.distance_km)},
                          {"moving_h", to_json(c.moving_h)},
                          {"total_h", to_json(c.total_h)},
                          {"swod_kmh", to_json(c.swod_kmh)},
                          {"swd_kmh", to_json(c.swd_kmh)}});
    route["sections"] = sections;
    Json profile = Json::array();
    for (const ProfilePoint& p : r.profile)
      profile.push_back(
          {{"kind", p.kind},
           {"id", p.id},
           {"country", p.country},
           {"distance_km", tidy(p.distance_km)},
           {"time_h", tidy(p.time_h)},
           {"cost_usd_per_teu", p.cost_usd_per_teu ? tidy(*p.cost_usd_per_teu) : Json(nullptr)}});
    route["profile"] = profile;
    routes.push_back(route);
  }
  json["routes"] = routes;
  Json facilities = Json::array();
  for (const FacilitySummary& f : s.facilities) {
    facilities.push_back({{"id", f.id},
                          {"utilization", to_json(f.utilization)},
                          {"utilization_all_hours", to_json(f.utilization_all_hours)},
                          {"open_share", to_json(f.open_share)},
                          {"saturated", f.saturated},
                          {"mean_queue", to_json(f.mean_queue)},
                          {"max_queue", to_json(f.max_queue)},
                          {"mean_wait_h", to_json(f.mean_wait_h)},
                          {"vehicles_per_day", to_json(f.vehicles_per_day)}});
    // Only where there is background traffic: other summaries keep their fields.
    if (f.background_vehicles_per_day)
      facilities.back()["background_vehicles_per_day"] = to_json(*f.background_vehicles_per_day);
  }
  json["facilities"] = facilities;
  Json links = Json::array();
  for (const LinkSummary& l : s.links)
    links.push_back({{"id", l.id},
                     {"vehicles_per_day", to_json(l.vehicles_per_day)},
                     {"teu_per_year", to_json(l.teu_per_year)},
                     {"utilization", to_json(l.utilization)},
                     {"utilization_forward", to_json(l.utilization_forward)},
                     {"utilization_backward", to_json(l.utilization_backward)},
                     {"saturated", l.saturated}});
  json["links"] = links;
  if (!s.legs.empty()) { // only with empty running or reverse legs: other summaries stay as they were
    Json legs = Json::array();
    for (const LegSummary& l : s.legs)
      legs.push_back({{"route", l.route},
                      {"leg", l.leg},
                      {"service", l.service},
                      {"from", l.from},
                      {"to", l.to},
                      {"departures", to_json(l.departures)},
                      {"empty_returns", to_json(l.empty_returns)},
                      {"backhauls", to_json(l.backhauls)},
                      {"backhaul_share", to_json(l.backhaul_share)}});
    json["legs"] = legs;
  }
  json["totals"] = {{"created", to_json(s.created)},
                    {"delivered", to_json(s.delivered)},
                    {"in_transit_at_end", to_json(s.in_transit)},
                    {"cohort", to_json(s.cohort)},
                    {"cohort_censored", to_json(s.cohort_censored)},
                    {"drain_days_used", to_json(s.drain_days_used)},
                    {"delivered_teu_per_year", to_json(s.delivered_teu_per_year)}};
  json["warnings"] = s.warnings;
  if (!s.claims.empty()) {
    Json claims = Json::array();
    for (const ClaimVerdict& c : s.claims)
      claims.push_back({{"id", c.id},
                        {"text", c.text},
                        {"metric", c.metric},
                        {"route", c.route},
                        {"baseline", c.baseline},
                        {"stated", tidy(c.stated)},
                        {"stated_unit", c.stated_unit},
                        {"tested", c.tested},
                        {"unit", c.unit},
                        {"band_low", tidy(c.band_low)},
                        {"band_high", tidy(c.band_high)},
                        {"simulated", to_json(c.simulated)},
                        {"verdict", to_string(c.state)},
                        {"explanation", c.explanation},
                        {"note", c.note}});
    if (!s.uncertain_inputs.empty()) // only with uncertain inputs: other summaries stay as they were
      for (std::size_t i = 0; i < s.claims.size(); ++i)
        claims[i]["probability_holds"] =
            s.claims[i].probability_holds ? Json(tidy(*s.claims[i].probability_holds)) : Json(nullptr);
    json["claims"] = claims;
  }
  if (!s.uncertain_inputs.empty()) { // only with uncertain inputs: other summaries stay as they were
    Json inputs = Json::array();
    for (std::size_t k = 0; k < s.uncertain_inputs.size(); ++k) {
      const UncertainInput& in = s.uncertain_inputs[k];
      Json values = Json::array();
      for (const auto& row : s.input_values)
        values.push_back(in.integer ? Json(static_cast<long long>(row[k])) : Json(row[k]));
      inputs.push_back({{"path", in.path},
                        {"distribution", in.mode ? "triangular" : "uniform"},
                        {"low", in.low},
                        {"mode", in.mode ? Json(*in.mode) : Json(nullptr)},
                        {"high", in.high},
                        {"nominal", in.nominal()},
                        {"integer", in.integer},
                        {"sources", in.sources},
                        {"values", values}});
    }
    json["uncertain_inputs"] = inputs;
  }
  return json.dump(2) + "\n";
}

std::string inputs_csv_text(const Summary& s) {
  std::string csv = csv_row({"replication", "path", "value"});
  for (std::size_t r = 0; r < s.input_values.size(); ++r)
    for (std::size_t k = 0; k < s.uncertain_inputs.size(); ++k)
      csv += csv_row({std::to_string(r + 1), s.uncertain_inputs[k].path,
                      input_value_text(s.uncertain_inputs[k], s.input_values[r][k])});
  return csv;
}

namespace {

std::string number(double x, int decimals) {
  std::string text;
  append_fixed(text, x, decimals);
  return text;
}

// The mean of an estimate that exists and has replications; empty otherwise.
std::string mean_text(const std::optional<Estimate>& e, int decimals) {
  return e && e->n > 0 ? number(e->mean, decimals) : "";
}

} // namespace

std::string border_times_csv_text(const Summary& s) {
  std::string csv =
      csv_row({"flow", "route", "facility", "node", "country", "kind", "visits", "time_h_mean", "time_h_ci95",
               "time_h_p95", "wait_h_mean", "service_h_mean", "cost_usd_per_teu_mean"});
  for (const RouteSummary& r : s.routes)
    for (const RouteFacilitySummary& f : r.facilities)
      csv += csv_row({r.flow, r.route, f.facility, f.node, f.country, f.kind, number(f.visits.mean, 3),
                      mean_text(f.time_h, 6), f.time_h.n > 0 ? number(f.time_h.ci95_half_width, 6) : "",
                      mean_text(f.time_h_p95, 6), mean_text(f.wait_h, 6), mean_text(f.service_h, 6),
                      mean_text(f.cost_usd_per_teu, 2)});
  return csv;
}

std::string sections_csv_text(const Summary& s) {
  std::string csv = csv_row(
      {"flow", "route", "country", "distance_km", "moving_h_mean", "total_h_mean", "swod_kmh", "swd_kmh"});
  for (const RouteSummary& r : s.routes)
    for (const RouteSectionSummary& c : r.sections)
      csv += csv_row({r.flow, r.route, c.country, number(c.distance_km, 3), mean_text(c.moving_h, 6),
                      mean_text(c.total_h, 6), mean_text(c.swod_kmh, 3), mean_text(c.swd_kmh, 3)});
  return csv;
}

namespace {

std::string with_ci(const Estimate& e, int precision) {
  const std::string bound = e.lower_bound ? "> " : "";
  if (e.n < 2) return fmt::format("{}{:.{}f}", bound, e.mean, precision);
  return fmt::format("{}{:.{}f} ± {:.{}f}", bound, e.mean, precision, e.ci95_half_width, precision);
}

std::string percent(const Estimate& e) {
  return fmt::format("{:.0f}%", 100 * e.mean);
}

} // namespace

void print_summary_table(std::ostream& out, const Summary& s) {
  out << fmt::format("{} — {} replication{}, {:.0f} measured days (± = 95% confidence half-width)\n\n",
                     s.scenario_name, s.replications, s.replications == 1 ? "" : "s", s.measured_days);
  out << fmt::format("{:<46} {:>7} {:>9} {:>9} {:>14} {:>9} {:>8} {:>14} {:>8}\n", "flow / route", "km",
                     "shipments", "in trans.", "transit days", "p95", "on time", "USD per TEU", "USD/TEU-km");
  for (const RouteSummary& r : s.routes)
    out << fmt::format(
        "{:<46} {:>7.0f} {:>9.0f} {:>9} {:>14} {:>9} {:>8} {:>14} {:>8.3f}{}\n", r.flow + " / " + r.route,
        r.distance_km, r.shipments.mean, r.censored.mean > 0 ? percent(r.censored_share) : "0",
        with_ci(r.transit_days_mean, 1),
        fmt::format("{}{:.1f}", r.transit_days_p95.lower_bound ? "> " : "", r.transit_days_p95.mean),
        r.on_time_share
            ? fmt::format("{}{}", r.on_time_share->lower_bound ? ">" : "", percent(*r.on_time_share))
            : "-",
        with_ci(r.cost_usd_per_teu, 0), r.cost_usd_per_teu_km.mean, r.keeps_up ? "" : "  !");

  std::vector<const FacilitySummary*> busiest;
  for (const auto& f : s.facilities)
    busiest.push_back(&f);
  auto busy = [](const FacilitySummary* f) { return f->utilization ? f->utilization->mean : -1; };
  std::stable_sort(busiest.begin(), busiest.end(),
                   [&](const FacilitySummary* a, const FacilitySummary* b) { return busy(a) > busy(b); });
  if (busiest.size() > 10) busiest.resize(10);
  if (!busiest.empty()) {
    out << fmt::format("\n{:<46} {:>16} {:>10} {:>12} {:>12} {:>12}\n", "facility (busiest first)",
                       "busy/open hours", "open", "mean queue", "mean wait h", "vehicles/day");
    for (const FacilitySummary* f : busiest)
      out << fmt::format("{:<46} {:>16} {:>10} {:>12.2f} {:>12.2f} {:>12.1f}{}\n", f->id,
                         f->utilization ? with_ci(*f->utilization, 3) : "never open", percent(f->open_share),
                         f->mean_queue.mean, f->mean_wait_h.mean, f->vehicles_per_day.mean,
                         f->saturated ? "  !" : "");
  }
  if (!s.legs.empty()) {
    out << fmt::format("\n{:<46} {:>12} {:>14} {:>12} {:>14}\n", "truck leg (route: from -> to)",
                       "departures", "empty returns", "backhauls", "backhaul share");
    for (const LegSummary& l : s.legs)
      out << fmt::format("{:<46} {:>12.0f} {:>14.0f} {:>12.0f} {:>14}\n",
                         fmt::format("{}: {} -> {}", l.route, l.from, l.to), l.departures.mean,
                         l.empty_returns.mean, l.backhauls.mean,
                         l.backhaul_share ? percent(*l.backhaul_share) : "-");
  }
  out << fmt::format("\nmeasured cohort {:.0f} shipments, {:.0f} still in transit when the run ended ({:.0f} "
                     "drain days used of {:.0f}); delivered {} TEU a year in the measured period\n",
                     s.cohort.mean, s.cohort_censored.mean, s.drain_days_used.mean, s.drain_days_limit,
                     with_ci(s.delivered_teu_per_year, 0));
  out << "transit days cover the whole cohort; \"> x\": at least x, cargo still in transit "
         "(docs/outputs.md); "
         "cost and time split over delivered shipments; !: does not keep up\n";
  for (const std::string& w : s.warnings)
    out << "warning: " << w << "\n";
}

} // namespace corridor

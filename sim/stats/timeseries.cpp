// timeseries.csv: each replication's step series averaged over the replications that reached
// the step (runs end at different times in the drain). A time average in a replication's last
// step is over the part of the step it ran; its counts are what happened in that part.
#include "corridor/timeseries.hpp"

#include "corridor/csv.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

namespace corridor {

namespace {

const char* period_of(const Scenario& s, double start_h) {
  if (start_h < s.warmup_h()) return "warmup";
  return start_h < s.horizon_h() ? "measured" : "drain";
}

// Days with as many decimals as they need (at most 6): 3, 1.5, 0.25.
std::string days_text(double days) {
  std::string text;
  append_fixed(text, days, 6);
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.') text.pop_back();
  return text;
}

std::string iso_date(const Date& start, double days) {
  namespace chr = std::chrono;
  const auto day = start.days_since_epoch() + static_cast<long>(std::floor(days + 1e-9));
  const chr::year_month_day ymd{chr::sys_days{chr::days{day}}};
  return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
              static_cast<int>(static_cast<unsigned>(ymd.day()))}
      .to_string();
}

// One mean over the replications that reached a step; `value` of replication r, or nothing.
struct Mean {
  double sum = 0;
  int n = 0;
  void add(double x) { sum += x, ++n; }
  double value() const { return n ? sum / n : 0; }
};

class Table {
public:
  Table(const Scenario& s, double step_h) : scenario_(s), step_h_(step_h) {
    text_ = csv_row(timeseries_columns());
  }
  // kind, id, flow, day, date, period: the step's key.
  void key(const char* kind, const std::string& id, const std::string& flow, std::size_t step) {
    const double start_h = static_cast<double>(step) * step_h_;
    const double days = start_h / 24;
    for (const std::string& field :
         {std::string(kind), id, flow, days_text(days), iso_date(scenario_.info.start_date, days),
          std::string(period_of(scenario_, start_h))}) {
      append_csv_field(text_, field);
      text_ += ',';
    }
  }
  void values(std::initializer_list<const Mean*> means, int replications) {
    for (const Mean* m : means) {
      if (m) append_fixed(text_, m->value(), 6);
      text_ += ',';
    }
    text_ += std::to_string(replications);
    text_ += '\n';
  }
  std::string text() && { return std::move(text_); }

private:
  const Scenario& scenario_;
  double step_h_;
  std::string text_;
};

} // namespace

const std::vector<std::string>& timeseries_columns() {
  static const std::vector<std::string> columns = {
      "kind",       "id",       "flow",       "day",     "date",      "period",     "queue",
      "busy_lanes", "arrivals", "departures", "created", "delivered", "in_transit", "replications"};
  return columns;
}

std::string timeseries_csv_text(const Scenario& scenario, const std::vector<ReplicationDigest>& digests) {
  const double step_h = digests.empty() ? 24 : digests.front().series.step_h;
  std::uint64_t steps = 0;
  for (const auto& d : digests)
    steps = std::max(steps, d.series.steps);
  Table table(scenario, step_h);
  // The hours of step k replication d ran: the whole step but in its last one.
  auto covered_h = [step_h](const ReplicationDigest& d, std::size_t k) {
    return std::min(step_h, d.end_h - static_cast<double>(k) * step_h);
  };

  for (std::size_t f = 0; f < scenario.facilities.size(); ++f)
    for (std::size_t k = 0; k < steps; ++k) {
      Mean queue, busy, arrivals, departures;
      for (const auto& d : digests) {
        if (k >= d.series.steps) continue;
        const FacilitySeries& s = d.series.facilities.at(f);
        const double hours = covered_h(d, k);
        queue.add(s.queue_area_h[k] / hours);
        busy.add(s.busy_server_h[k] / hours);
        arrivals.add(s.arrivals[k]);
        departures.add(s.departures[k]);
      }
      table.key("facility", scenario.facilities[f].id, "", k);
      table.values({&queue, &busy, &arrivals, &departures, nullptr, nullptr, nullptr}, queue.n);
    }

  // Every (flow, route) pair that created cargo in some replication; none in one is zeros there.
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<const RouteSeries*>> pairs;
  for (std::size_t r = 0; r < digests.size(); ++r)
    for (const RouteSeries& s : digests[r].series.routes) {
      auto& per_rep = pairs[{s.flow, s.route}];
      per_rep.resize(digests.size());
      per_rep[r] = &s;
    }
  for (const auto& [key, per_rep] : pairs) {
    std::vector<double> in_transit(digests.size(), 0); // created less delivered so far, per replication
    for (std::size_t k = 0; k < steps; ++k) {
      Mean created, delivered, on_the_way;
      for (std::size_t r = 0; r < digests.size(); ++r) {
        if (k >= digests[r].series.steps) continue;
        const RouteSeries* s = per_rep[r];
        const double c = s ? s->created[k] : 0, dl = s ? s->delivered[k] : 0;
        in_transit[r] += c - dl;
        created.add(c);
        delivered.add(dl);
        on_the_way.add(in_transit[r]);
      }
      table.key("route", scenario.routes[key.second].id, scenario.flows[key.first].id, k);
      table.values({nullptr, nullptr, nullptr, nullptr, &created, &delivered, &on_the_way}, created.n);
    }
  }
  return std::move(table).text();
}

} // namespace corridor

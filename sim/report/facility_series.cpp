// Queues and busy lanes over time from timeseries.csv, for the facilities worth a look: the
// busiest, by mean queue over the run, then by mean busy lanes.
#include "corridor/csv_reader.hpp"
#include "corridor/report.hpp"

#include "report/report_parts.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>

namespace corridor::report {

namespace {

std::optional<double> number(const std::string& text) {
  if (text.empty()) return std::nullopt; // not applicable to this row
  try {
    return std::stod(text);
  } catch (const std::logic_error&) {
    return std::nullopt;
  }
}

struct Day {
  double day = 0;
  std::string period;
  std::optional<double> queue, busy_lanes;
};

} // namespace

std::vector<Json> read_small_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ReportError(path + ": cannot open the file");
  std::vector<std::string> header, fields;
  std::vector<Json> rows;
  try {
    if (!read_csv_record(in, header)) return rows;
    while (read_csv_record(in, fields)) {
      if (fields.size() == 1 && fields[0].empty()) continue;
      Json row = Json::object();
      for (std::size_t i = 0; i < header.size(); ++i)
        row[header[i]] = i < fields.size() ? fields[i] : "";
      rows.push_back(std::move(row));
    }
  } catch (const std::runtime_error& e) {
    throw ReportError(path + ": " + e.what());
  }
  return rows;
}

Json read_busiest_facility_series(const std::string& path, std::size_t count) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ReportError(path + ": cannot open the file");
  std::vector<std::string> header, fields;
  if (!read_csv_record(in, header)) return Json::array();
  auto column = [&](const std::string& name) -> std::size_t {
    const auto at = std::find(header.begin(), header.end(), name);
    if (at == header.end()) throw ReportError(path + ": not a timeseries.csv: no column '" + name + "'");
    return static_cast<std::size_t>(at - header.begin());
  };
  const std::size_t kind = column("kind"), id = column("id"), flow = column("flow"), day = column("day"),
                    period = column("period"), queue = column("queue"), busy = column("busy_lanes");
  std::vector<std::string> order;
  std::map<std::string, std::vector<Day>> by_facility;
  try {
    while (read_csv_record(in, fields)) {
      // Facility rows for all flows together: a queue is the facility's, not a flow's.
      if (fields.size() != header.size() || fields[kind] != "facility" || !fields[flow].empty()) continue;
      const auto d = number(fields[day]);
      if (!d) continue;
      auto [it, added] = by_facility.try_emplace(fields[id]);
      if (added) order.push_back(fields[id]);
      it->second.push_back({*d, fields[period], number(fields[queue]), number(fields[busy])});
    }
  } catch (const std::runtime_error& e) {
    throw ReportError(path + ": " + e.what());
  }

  struct Load {
    std::string id;
    double queue = 0, busy = 0;
  };
  std::vector<Load> loads;
  for (const std::string& facility : order) {
    Load load{facility};
    for (const Day& d : by_facility[facility]) {
      load.queue += d.queue.value_or(0);
      load.busy += d.busy_lanes.value_or(0);
    }
    const auto days = static_cast<double>(by_facility[facility].size());
    load.queue /= days;
    load.busy /= days;
    loads.push_back(load);
  }
  std::stable_sort(loads.begin(), loads.end(), [](const Load& a, const Load& b) {
    return a.queue != b.queue ? a.queue > b.queue : a.busy > b.busy;
  });
  if (loads.size() > count) loads.resize(count);

  Json rows = Json::array();
  for (const Load& load : loads)
    for (const Day& d : by_facility[load.id])
      rows.push_back({{"facility", load.id},
                      {"day", d.day},
                      {"period", d.period},
                      {"queue", d.queue ? Json(*d.queue) : Json()},
                      {"busy_lanes", d.busy_lanes ? Json(*d.busy_lanes) : Json()}});
  return rows;
}

} // namespace corridor::report

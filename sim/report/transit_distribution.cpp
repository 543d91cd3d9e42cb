// Transit-time distributions from shipments.csv, streamed row by row (the file may hold
// millions of rows): only each route's delivered transit times are kept, as floats.
#include "corridor/csv_reader.hpp"
#include "corridor/report.hpp"

#include "report/report_parts.hpp"

#include <algorithm>
#include <fstream>
#include <map>

namespace corridor::report {

namespace {

constexpr std::size_t kCurvePoints = 200; // enough for a smooth curve, small in the page

struct RouteTimes {
  std::vector<float> delivered_h;
  std::size_t in_transit = 0;
};

std::size_t column(const std::vector<std::string>& header, const std::string& name, const std::string& path) {
  const auto at = std::find(header.begin(), header.end(), name);
  if (at == header.end()) throw ReportError(path + ": not a shipments.csv: no column '" + name + "'");
  return static_cast<std::size_t>(at - header.begin());
}

} // namespace

TransitDistribution read_transit_distribution(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ReportError(path + ": cannot open the file");
  std::vector<char> buffer(std::size_t{1} << 20);
  in.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  std::vector<std::string> header, fields;
  if (!read_csv_record(in, header)) throw ReportError(path + ": empty file");
  const std::size_t route_col = column(header, "route", path), status_col = column(header, "status", path),
                    transit_col = column(header, "transit_h", path);
  std::vector<std::string> order; // routes in order of first appearance
  std::map<std::string, RouteTimes> by_route;
  std::size_t row = 1;
  try {
    while (read_csv_record(in, fields)) {
      ++row;
      if (fields.size() != header.size()) {
        if (fields.size() == 1 && fields[0].empty()) continue;
        throw ReportError(path + ":" + std::to_string(row) + ": expected " + std::to_string(header.size()) +
                          " fields, got " + std::to_string(fields.size()));
      }
      auto [it, added] = by_route.try_emplace(fields[route_col]);
      if (added) order.push_back(fields[route_col]);
      if (fields[status_col] == "delivered")
        it->second.delivered_h.push_back(std::stof(fields[transit_col]));
      else
        ++it->second.in_transit;
    }
  } catch (const std::logic_error&) { // std::stof
    throw ReportError(path + ":" + std::to_string(row) + ": expected a number of hours in transit_h");
  } catch (const ReportError&) {
    throw;
  } catch (const std::runtime_error& e) { // a quote left open
    throw ReportError(path + ": " + e.what());
  }

  TransitDistribution result;
  for (const std::string& route : order) {
    RouteTimes& times = by_route[route];
    std::sort(times.delivered_h.begin(), times.delivered_h.end());
    const std::size_t delivered = times.delivered_h.size(), cohort = delivered + times.in_transit;
    result.routes.push_back(
        {{"route", route},
         {"shipments", cohort},
         {"delivered", delivered},
         {"in_transit", times.in_transit},
         {"censored_share", static_cast<double>(times.in_transit) / static_cast<double>(cohort)}});
    if (delivered == 0) continue;
    // The share of the whole cohort delivered within t: exact while t is below every censored
    // shipment's follow-up, and it stops short of 1 by the share still in transit.
    auto point = [&](double hours, double share) {
      result.curves.push_back({{"route", route}, {"days", hours / 24}, {"share", share}});
    };
    point(times.delivered_h.front(), 0);
    const std::size_t points = std::min(delivered, kCurvePoints);
    for (std::size_t i = 0; i < points; ++i) {
      const std::size_t k = points == 1 ? delivered - 1 : (i * (delivered - 1)) / (points - 1);
      point(times.delivered_h[k], static_cast<double>(k + 1) / static_cast<double>(cohort));
    }
  }
  return result;
}

} // namespace corridor::report

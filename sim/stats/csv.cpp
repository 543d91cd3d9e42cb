#include "corridor/csv.hpp"

#include "corridor/generalized_cost.hpp"
#include "corridor/output.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <unistd.h>

namespace corridor {

void append_csv_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

namespace {

constexpr std::size_t kMaxFixedChars = 400; // 309 digits of 1e308, the point, the decimals
constexpr std::size_t kFlushBytes = std::size_t{1} << 20;
constexpr std::uint64_t kPowersOfTen[] = {1,      10,      100,      1000,      10000,
                                          100000, 1000000, 10000000, 100000000, 1000000000};

// Integer arithmetic instead of printf: ten times faster, and the same on every machine (the
// scaled value is rounded half to even, IEEE's default). Writes at most kMaxFixedChars.
char* put_fixed(char* out, double x, int decimals) {
  if (!std::isfinite(x)) {
    const char* text = std::isnan(x) ? "nan" : (x > 0 ? "inf" : "-inf");
    const std::size_t n = std::strlen(text);
    std::memcpy(out, text, n);
    return out + n;
  }
  const double scaled = std::nearbyint(std::fabs(x) * static_cast<double>(kPowersOfTen[decimals]));
  if (scaled >= 9e18) // beyond 64 bits: no fixed digits worth having
    return std::to_chars(out, out + kMaxFixedChars, x, std::chars_format::fixed, decimals).ptr;
  // Digits written backwards into a small buffer, the point among them: one pass.
  auto v = static_cast<std::uint64_t>(scaled);
  const bool negative = x < 0 && v != 0; // no "-0.000"
  char text[48];
  char* const end = text + sizeof text;
  char* p = end;
  for (int i = 0; i < decimals; ++i, v /= 10)
    *--p = static_cast<char>('0' + v % 10);
  if (decimals > 0) *--p = '.';
  do {
    *--p = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  if (negative) *--p = '-';
  std::memcpy(out, p, static_cast<std::size_t>(end - p));
  return out + (end - p);
}

} // namespace

void append_fixed(std::string& out, double x, int decimals) {
  char text[kMaxFixedChars];
  out.append(text, put_fixed(text, x, decimals));
}

std::string csv_row(const std::vector<std::string>& fields) {
  std::string row;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) row += ',';
    append_csv_field(row, fields[i]);
  }
  row += '\n';
  return row;
}

const char* ShipmentCsvWriter::header() {
  return "replication,id,flow,route,teu,created_h,status,delivered_h,transit_h,moving_h,waiting_h,"
         "handling_h,in_transit_h,distance_km,road_cost_usd,rail_cost_usd,sea_cost_usd,fee_cost_usd,"
         "handling_cost_usd,empty_cost_usd,cost_usd,tons,time_value_usd,generalized_cost_usd\n";
}

ShipmentCsvWriter::ShipmentCsvWriter(const Scenario& scenario, int replication, int fd, bool with_header)
    : flows_(scenario.flows), fd_(fd) {
  std::size_t longest = 0;
  for (const Flow& f : scenario.flows) {
    flow_ids_.emplace_back();
    append_csv_field(flow_ids_.back(), f.id);
    longest = std::max(longest, flow_ids_.back().size());
  }
  for (const Route& r : scenario.routes) {
    route_ids_.emplace_back();
    append_csv_field(route_ids_.back(), r.id);
    longest = std::max(longest, route_ids_.back().size());
  }
  prefix_ = std::to_string(replication) + ",";
  // A row: the prefix, two ids, 20 numbers and a few words at most.
  max_row_ = prefix_.size() + 2 * longest + 20 * (kMaxFixedChars + 1) + 64;
  buffer_.resize(kFlushBytes + max_row_);
  if (with_header) {
    const std::string_view header = ShipmentCsvWriter::header();
    std::memcpy(buffer_.data(), header.data(), header.size()); // far shorter than a flush's worth
    used_ = header.size();
  }
}

ShipmentCsvWriter::~ShipmentCsvWriter() = default;

namespace {
char* put(char* p, const std::string& text) {
  std::memcpy(p, text.data(), text.size());
  return p + text.size();
}
char* put(char* p, const char* text, std::size_t n) {
  std::memcpy(p, text, n);
  return p + n;
}

// A whole number of cents as dollars with two decimals.
char* put_cents(char* p, std::int64_t cents) {
  if (cents < 0) {
    *p++ = '-';
    cents = -cents;
  }
  p = std::to_chars(p, p + 24, cents / 100).ptr;
  *p++ = '.';
  *p++ = static_cast<char>('0' + cents / 10 % 10);
  *p++ = static_cast<char>('0' + cents % 10);
  return p;
}

std::int64_t to_cents(double usd) {
  return std::isfinite(usd) && std::fabs(usd) < 9e15 ? static_cast<std::int64_t>(std::nearbyint(usd * 100))
                                                     : 0;
}

} // namespace

void cents_that_add_up(const double* usd, std::size_t n, std::int64_t* cents, std::int64_t& total) {
  // Largest remainder: each part rounded down, then the cents the total still needs go to the
  // parts with the largest fractions (the first on a tie). Every part is within a cent of its
  // value, the total is the total rounded, and the printed parts add up to it.
  double sum = 0;
  std::int64_t floors = 0;
  double fraction[16];
  for (std::size_t i = 0; i < n; ++i) {
    const double scaled = usd[i] * 100;
    sum += usd[i];
    cents[i] = static_cast<std::int64_t>(std::floor(scaled));
    fraction[i] = scaled - static_cast<double>(cents[i]);
    floors += cents[i];
  }
  total = to_cents(sum);
  std::int64_t missing = std::clamp<std::int64_t>(total - floors, 0, static_cast<std::int64_t>(n));
  total = floors + missing;
  while (missing-- > 0) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < n; ++i)
      if (fraction[i] > fraction[best]) best = i;
    ++cents[best];
    fraction[best] = -1;
  }
}

void ShipmentCsvWriter::add(const ShipmentRecord& s) {
  char* p = buffer_.data() + used_;
  p = put(p, prefix_);
  p = std::to_chars(p, p + 24, s.id).ptr;
  *p++ = ',';
  p = put(p, flow_ids_[s.flow]);
  *p++ = ',';
  p = put(p, route_ids_[s.route]);
  *p++ = ',';
  p = put_fixed(p, s.teu, 3);
  *p++ = ',';
  p = put_fixed(p, s.created_h, 6);
  if (s.delivered()) {
    p = put(p, ",delivered,", 11);
    for (double h : {s.delivered_h, s.transit_h(), s.moving_h, s.waiting_h, s.handling_h}) {
      p = put_fixed(p, h, 6);
      *p++ = ',';
    }
    *p++ = ',';
    p = put_fixed(p, s.distance_km, 3);
    // Printed in cents that add up to cost_usd, and cost_usd and the time value to the
    // generalized cost, on every row.
    const double parts[] = {s.road_cost_usd, s.rail_cost_usd,     s.sea_cost_usd,
                            s.fee_cost_usd,  s.handling_cost_usd, s.empty_cost_usd};
    std::int64_t cents[6], total = 0;
    cents_that_add_up(parts, 6, cents, total);
    for (std::int64_t c : cents) {
      *p++ = ',';
      p = put_cents(p, c);
    }
    *p++ = ',';
    p = put_cents(p, total);
    *p++ = ',';
    p = put_fixed(p, s.tons, 3);
    const std::int64_t time_value = to_cents(time_value_usd(flows_[s.flow], s.teu, s.tons, s.transit_h()));
    *p++ = ',';
    p = put_cents(p, time_value);
    *p++ = ',';
    p = put_cents(p, total + time_value);
    *p++ = '\n';
  } else {
    // In transit when the run ended: how long it had been on its way (right-censored).
    p = put(p, ",in_transit,,,,,,", 17);
    p = put_fixed(p, end_h_ - s.created_h, 6);
    p = put(p, ",,,,,,,,,,", 10); // distance and costs: not known until it is delivered
    p = put_fixed(p, s.tons, 3);  // known from the start, like teu
    p = put(p, ",,\n", 3);        // nor its time's value
  }
  used_ = static_cast<std::size_t>(p - buffer_.data());
  if (used_ >= kFlushBytes) flush();
}

void ShipmentCsvWriter::flush() {
  if (!write_all(fd_, buffer_.data(), used_))
    throw std::runtime_error(std::string("cannot write shipments.csv: ") + std::strerror(errno));
  // Start writing it to disk now, on this (background) thread, so that the fsync before the
  // results are put in place finds little left to do.
  const off_t end = lseek(fd_, 0, SEEK_CUR);
  if (end > 0)
    sync_file_range(fd_, end - static_cast<off_t>(used_), static_cast<off_t>(used_), SYNC_FILE_RANGE_WRITE);
  used_ = 0;
}

const char* TraceCsvWriter::header() {
  return "replication,facility,vehicle,service,route,leg,shipments,teu,tons,arrival_h,start_h,end_h,wait_h\n";
}

TraceCsvWriter::TraceCsvWriter(const Scenario& scenario, int replication, int fd, bool with_header)
    : fd_(fd) {
  auto quoted = [](const std::string& id) {
    std::string text;
    append_csv_field(text, id);
    return text;
  };
  for (const Facility& f : scenario.facilities)
    facility_ids_.push_back(quoted(f.id));
  for (const Route& r : scenario.routes)
    route_ids_.push_back(quoted(r.id));
  for (const Service& v : scenario.services)
    service_ids_.push_back(quoted(v.id));
  prefix_ = std::to_string(replication) + ",";
  if (with_header) buffer_ = header();
}

void TraceCsvWriter::add(const VisitRecord& v) {
  std::string& b = buffer_;
  b += prefix_;
  b += facility_ids_[v.facility];
  b += ',';
  b += std::to_string(v.vehicle);
  b += ',';
  b += service_ids_[v.service];
  b += ',';
  b += route_ids_[v.route];
  b += ',';
  b += std::to_string(v.leg);
  b += ',';
  b += std::to_string(v.shipments);
  for (const auto& [x, decimals] : {std::pair{v.teu, 3},
                                    {v.tons, 3},
                                    {v.arrival_h, 6},
                                    {v.start_h, 6},
                                    {v.end_h, 6},
                                    {v.start_h - v.arrival_h, 6}}) {
    b += ',';
    append_fixed(b, x, decimals);
  }
  b += '\n';
  if (b.size() >= kFlushBytes) flush();
}

void TraceCsvWriter::flush() {
  if (!write_all(fd_, buffer_.data(), buffer_.size()))
    throw std::runtime_error(std::string("cannot write trace.csv: ") + std::strerror(errno));
  buffer_.clear();
}

} // namespace corridor

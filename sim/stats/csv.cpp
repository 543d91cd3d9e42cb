#include "corridor/csv.hpp"

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

constexpr std::uint64_t kPowersOfTen[] = {1,      10,      100,      1000,      10000,
                                          100000, 1000000, 10000000, 100000000, 1000000000};

void append_integer(std::string& out, std::uint64_t v) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, v).ptr;
  out.append(digits, end);
}

} // namespace

// Integer arithmetic instead of printf: ten times faster, and the same on every machine (the
// scaled value is rounded half to even, IEEE's default).
void append_fixed(std::string& out, double x, int decimals) {
  if (!std::isfinite(x)) {
    out += std::isnan(x) ? "nan" : (x > 0 ? "inf" : "-inf");
    return;
  }
  const std::uint64_t scale = kPowersOfTen[decimals];
  const double scaled = std::nearbyint(std::fabs(x) * static_cast<double>(scale));
  if (scaled >= 9e18) { // beyond 64 bits: no fixed digits worth having
    char text[400];     // up to 309 digits before the point
    const auto end = std::to_chars(text, text + sizeof text, x, std::chars_format::fixed, decimals).ptr;
    out.append(text, end);
    return;
  }
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
  out.append(p, end);
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
         "handling_h,in_transit_h,distance_km,link_cost_usd,fee_cost_usd,handling_cost_usd,cost_usd\n";
}

ShipmentCsvWriter::ShipmentCsvWriter(const Scenario& scenario, int replication, int fd) : fd_(fd) {
  for (const Flow& f : scenario.flows) {
    flow_ids_.emplace_back();
    append_csv_field(flow_ids_.back(), f.id);
  }
  for (const Route& r : scenario.routes) {
    route_ids_.emplace_back();
    append_csv_field(route_ids_.back(), r.id);
  }
  prefix_ = std::to_string(replication) + ",";
  buffer_.reserve(1 << 20);
}

ShipmentCsvWriter::~ShipmentCsvWriter() = default;

void ShipmentCsvWriter::add(const ShipmentRecord& s) {
  std::string& out = buffer_;
  out += prefix_;
  append_integer(out, s.id);
  out += ',';
  out += flow_ids_[s.flow];
  out += ',';
  out += route_ids_[s.route];
  out += ',';
  append_fixed(out, s.teu, 3);
  out += ',';
  append_fixed(out, s.created_h, 6);
  if (s.delivered()) {
    out += ",delivered,";
    for (double h : {s.delivered_h, s.transit_h(), s.moving_h, s.waiting_h, s.handling_h}) {
      append_fixed(out, h, 6);
      out += ',';
    }
    out += ',';
    append_fixed(out, s.distance_km, 3);
    for (double usd : {s.link_cost_usd, s.fee_cost_usd, s.handling_cost_usd, s.cost_usd()}) {
      out += ',';
      append_fixed(out, usd, 2);
    }
    out += '\n';
  } else {
    // In transit when the run ended: how long it had been on its way (right-censored).
    out += ",in_transit,,,,,,";
    append_fixed(out, end_h_ - s.created_h, 6);
    out += ",,,,,\n";
  }
  if (out.size() >= (1 << 20)) flush();
}

void ShipmentCsvWriter::flush() {
  const char* data = buffer_.data();
  std::size_t left = buffer_.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error(std::string("cannot write shipments.csv: ") + std::strerror(errno));
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  // Start writing it to disk now, on this (background) thread, so that the fsync before the
  // results are put in place finds little left to do.
  const off_t end = lseek(fd_, 0, SEEK_CUR);
  if (end > 0)
    sync_file_range(fd_, end - static_cast<off_t>(buffer_.size()), static_cast<off_t>(buffer_.size()),
                    SYNC_FILE_RANGE_WRITE);
  buffer_.clear();
}

} // namespace corridor

// A compact binary form of ReplicationDigest: raw little-endian fields, no text rounding, so
// the parent sees exactly the doubles the child computed.
#include "corridor/replication_io.hpp"

#include "corridor/output.hpp"

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <type_traits>

namespace corridor {

namespace {

constexpr char kMagic[8] = {'C', 'O', 'R', 'R', 'D', 'I', 'G', '3'}; // 3: step series, visit and step sums

class Writer {
public:
  template <typename T> void put(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    bytes_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  template <typename T> void put_all(const std::vector<T>& values) {
    put(static_cast<std::uint64_t>(values.size()));
    for (const T& v : values)
      put(v);
  }
  void put_series(const StepSeries& s) {
    put(s.step_h);
    put(s.steps);
    put(static_cast<std::uint64_t>(s.facilities.size()));
    for (const FacilitySeries& f : s.facilities)
      for (const auto* v : {&f.queue_area_h, &f.busy_server_h, &f.arrivals, &f.departures})
        put_all(*v);
    put(static_cast<std::uint64_t>(s.routes.size()));
    for (const RouteSeries& r : s.routes) {
      put(r.flow);
      put(r.route);
      put_all(r.created);
      put_all(r.delivered);
    }
  }
  std::string bytes_;
};

class Reader {
public:
  Reader(std::string bytes, std::string path) : bytes_(std::move(bytes)), path_(std::move(path)) {}
  template <typename T> T get() {
    T value;
    if (at_ + sizeof value > bytes_.size()) throw std::runtime_error(path_ + ": truncated replication file");
    std::memcpy(&value, bytes_.data() + at_, sizeof value);
    at_ += sizeof value;
    return value;
  }
  template <typename T> std::vector<T> get_all() {
    const auto n = get<std::uint64_t>();
    if (n > (bytes_.size() - at_) / sizeof(T))
      throw std::runtime_error(path_ + ": truncated replication file");
    std::vector<T> values(n);
    for (auto& v : values)
      v = get<T>();
    return values;
  }
  StepSeries get_series() {
    StepSeries s;
    s.step_h = get<double>();
    s.steps = get<std::uint64_t>();
    s.facilities.resize(count(4 * sizeof(std::uint64_t)));
    for (FacilitySeries& f : s.facilities)
      for (auto* v : {&f.queue_area_h, &f.busy_server_h, &f.arrivals, &f.departures})
        *v = get_steps(s.steps);
    s.routes.resize(count(2 * sizeof(std::uint32_t) + 2 * sizeof(std::uint64_t)));
    for (RouteSeries& r : s.routes) {
      r.flow = get<std::uint32_t>();
      r.route = get<std::uint32_t>();
      r.created = get_steps(s.steps);
      r.delivered = get_steps(s.steps);
    }
    return s;
  }
  bool done() const { return at_ == bytes_.size(); }

private:
  // A count of items at least `item_bytes` long each: more than the bytes left is a broken file.
  std::size_t count(std::size_t item_bytes) {
    const auto n = get<std::uint64_t>();
    if (n > (bytes_.size() - at_) / item_bytes)
      throw std::runtime_error(path_ + ": truncated replication file");
    return static_cast<std::size_t>(n);
  }
  std::vector<double> get_steps(std::uint64_t steps) {
    std::vector<double> v = get_all<double>();
    if (v.size() != steps) throw std::runtime_error(path_ + ": a time series of the wrong length");
    return v;
  }
  std::string bytes_, path_;
  std::size_t at_ = 0;
};

} // namespace

void write_digest(const std::string& path, const ReplicationDigest& d) {
  Writer w;
  w.bytes_.append(kMagic, sizeof kMagic);
  w.put(d.seed);
  w.put(d.warmup_h);
  w.put(d.horizon_h);
  w.put(d.end_h);
  w.put(d.created);
  w.put(d.delivered);
  w.put(d.in_transit);
  w.put(d.cohort);
  w.put(d.delivered_teu_measured);
  w.put(d.events);
  w.put_all(d.pairs);
  w.put_all(d.routes);
  w.put_all(d.facilities);
  w.put_all(d.links);
  w.put_all(d.legs);
  w.put_all(d.facility_visits);
  w.put_all(d.link_steps);
  w.put_series(d.series);
  write_file_atomically(path, w.bytes_);
}

ReplicationDigest read_digest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read the replication file");
  std::ostringstream text;
  text << in.rdbuf();
  const std::string bytes = text.str();
  if (bytes.size() < sizeof kMagic || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
    throw std::runtime_error(path + ": not a corridor replication file");
  Reader rd(bytes.substr(sizeof kMagic), path);
  ReplicationDigest d;
  d.seed = rd.get<std::uint64_t>();
  d.warmup_h = rd.get<double>();
  d.horizon_h = rd.get<double>();
  d.end_h = rd.get<double>();
  d.created = rd.get<std::uint64_t>();
  d.delivered = rd.get<std::uint64_t>();
  d.in_transit = rd.get<std::uint64_t>();
  d.cohort = rd.get<std::uint64_t>();
  d.delivered_teu_measured = rd.get<double>();
  d.events = rd.get<std::uint64_t>();
  d.pairs = rd.get_all<CohortFigures>();
  d.routes = rd.get_all<CohortFigures>();
  d.facilities = rd.get_all<FacilityStats>();
  d.links = rd.get_all<LinkStats>();
  d.legs = rd.get_all<LegStats>();
  d.facility_visits = rd.get_all<FacilityVisitSums>();
  d.link_steps = rd.get_all<LinkStepSums>();
  d.series = rd.get_series();
  if (!rd.done()) throw std::runtime_error(path + ": trailing bytes in the replication file");
  return d;
}

} // namespace corridor

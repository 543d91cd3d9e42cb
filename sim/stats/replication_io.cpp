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

constexpr char kMagic[8] = {'C', 'O', 'R', 'R', 'D', 'I', 'G', '2'};

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
  bool done() const { return at_ == bytes_.size(); }

private:
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
  if (!rd.done()) throw std::runtime_error(path + ": trailing bytes in the replication file");
  return d;
}

} // namespace corridor

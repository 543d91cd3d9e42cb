// A compact binary form of ReplicationResult: raw little-endian fields, no text rounding, so
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

constexpr char kMagic[8] = {'C', 'O', 'R', 'R', 'R', 'E', 'P', '2'}; // 2: with leg statistics

class Writer {
public:
  template <typename T> void put(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    bytes_.append(reinterpret_cast<const char*>(&value), sizeof value);
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
  bool done() const { return at_ == bytes_.size(); }

private:
  std::string bytes_, path_;
  std::size_t at_ = 0;
};

} // namespace

void write_replication(const std::string& path, const ReplicationResult& r) {
  Writer w;
  w.bytes_.append(kMagic, sizeof kMagic);
  w.put(r.seed);
  w.put(r.warmup_h);
  w.put(r.horizon_h);
  w.put(r.created);
  w.put(r.delivered);
  w.put(r.in_transit);
  w.put(r.delivered_teu_measured);
  w.put(r.events);
  w.put(static_cast<std::uint64_t>(r.shipments.size()));
  for (const ShipmentRecord& s : r.shipments)
    w.put(s);
  w.put(static_cast<std::uint64_t>(r.facilities.size()));
  for (const FacilityStats& f : r.facilities)
    w.put(f);
  w.put(static_cast<std::uint64_t>(r.links.size()));
  for (const LinkStats& l : r.links)
    w.put(l);
  w.put(static_cast<std::uint64_t>(r.legs.size()));
  for (const LegStats& l : r.legs)
    w.put(l);
  write_file_atomically(path, w.bytes_);
}

ReplicationResult read_replication(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read the replication file");
  std::ostringstream text;
  text << in.rdbuf();
  const std::string bytes = text.str();
  if (bytes.size() < sizeof kMagic || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
    throw std::runtime_error(path + ": not a corridor replication file");
  Reader rd(bytes.substr(sizeof kMagic), path);
  ReplicationResult r;
  r.seed = rd.get<std::uint64_t>();
  r.warmup_h = rd.get<double>();
  r.horizon_h = rd.get<double>();
  r.created = rd.get<std::uint64_t>();
  r.delivered = rd.get<std::uint64_t>();
  r.in_transit = rd.get<std::uint64_t>();
  r.delivered_teu_measured = rd.get<double>();
  r.events = rd.get<std::uint64_t>();
  r.shipments.resize(rd.get<std::uint64_t>());
  for (auto& s : r.shipments)
    s = rd.get<ShipmentRecord>();
  r.facilities.resize(rd.get<std::uint64_t>());
  for (auto& f : r.facilities)
    f = rd.get<FacilityStats>();
  r.links.resize(rd.get<std::uint64_t>());
  for (auto& l : r.links)
    l = rd.get<LinkStats>();
  r.legs.resize(rd.get<std::uint64_t>());
  for (auto& l : r.legs)
    l = rd.get<LegStats>();
  if (!rd.done()) throw std::runtime_error(path + ": trailing bytes in the replication file");
  return r;
}

} // namespace corridor

#include "corridor/scenario.hpp"

#include <algorithm>
#include <cmath>

namespace corridor {

std::string to_string(Mode mode) {
  switch (mode) {
  case Mode::Road:
    return "road";
  case Mode::Rail:
    return "rail";
  case Mode::Sea:
    return "sea";
  }
  return "?";
}

std::string to_string(NodeKind kind) {
  switch (kind) {
  case NodeKind::City:
    return "city";
  case NodeKind::Terminal:
    return "terminal";
  case NodeKind::DryPort:
    return "dry_port";
  case NodeKind::Border:
    return "border";
  case NodeKind::Port:
    return "port";
  case NodeKind::Yard:
    return "yard";
  }
  return "?";
}

std::string to_string(FacilityKind kind) {
  switch (kind) {
  case FacilityKind::BorderCrossing:
    return "border_crossing";
  case FacilityKind::GaugeChange:
    return "gauge_change";
  case FacilityKind::Port:
    return "port";
  case FacilityKind::Terminal:
    return "terminal";
  case FacilityKind::DryPort:
    return "dry_port";
  }
  return "?";
}

std::string to_string(ServiceKind kind) {
  switch (kind) {
  case ServiceKind::Truck:
    return "truck";
  case ServiceKind::Train:
    return "train";
  case ServiceKind::Ship:
    return "ship";
  }
  return "?";
}

Mode mode_of(ServiceKind kind) {
  switch (kind) {
  case ServiceKind::Truck:
    return Mode::Road;
  case ServiceKind::Train:
    return Mode::Rail;
  case ServiceKind::Ship:
    return Mode::Sea;
  }
  return Mode::Road;
}

std::string to_string(ClaimMetric metric) {
  switch (metric) {
  case ClaimMetric::RouteDistanceKm:
    return "route_distance_km";
  case ClaimMetric::DistanceRatio:
    return "distance_ratio";
  case ClaimMetric::TransitTimeRatio:
    return "transit_time_ratio";
  case ClaimMetric::CostRatio:
    return "cost_ratio";
  case ClaimMetric::TradeCapacity:
    return "trade_capacity";
  }
  return "?";
}

double UncertainInput::nominal() const {
  if (mode) return *mode;
  const double middle = (low + high) / 2;
  return integer ? std::round(middle) : middle;
}

double Scenario::teu_per_year_for_value(double usd_per_year) const {
  // Each commodity's value share becomes tons at its price, then TEU at its load per TEU.
  double teu_per_usd = 0;
  for (const Commodity& c : commodities)
    teu_per_usd += c.share_of_value / (c.usd_per_ton * c.tons_per_teu);
  return usd_per_year * teu_per_usd;
}

bool is_handling(FacilityKind kind) {
  return kind != FacilityKind::BorderCrossing;
}

std::optional<int> Service::fleet_for(const std::string& node) const {
  if (auto it = fleet_at.find(node); it != fleet_at.end()) return it->second;
  return fleet;
}

bool Facility::serves(Mode mode) const {
  return modes.empty() || std::find(modes.begin(), modes.end(), mode) != modes.end();
}

const Distribution& Facility::service_time_from(const std::string& from_node) const {
  for (const DirectedServiceTime& d : service_time_h_from)
    if (d.from_node == from_node) return d.service_time_h;
  return service_time_h;
}

namespace {

// Every draw of `d` times k: each parameter is a value of the variable (or a spread of it).
void scale_draws(Distribution& d, double k) {
  for (double* p : {&d.value, &d.min, &d.max, &d.mode, &d.mean_param, &d.sd})
    *p *= k;
  for (double& v : d.table_values)
    v *= k;
}

} // namespace

void scale_volume(Scenario& s, double k) {
  for (Flow& f : s.flows) {
    f.teu_per_year *= k;
    if (f.tons_per_year) *f.tons_per_year *= k; // bulk flows' volume
  }
  // A facility that serves per vehicle gets k times the servers for k times the vehicles. One
  // that serves per TEU holds a server for the whole of a vehicle's load, and a train or ship
  // carries k times the TEU: it keeps its servers and serves each TEU k times faster, so that a
  // train's service takes as long as before and a yard stays as busy.
  for (Facility& f : s.facilities) {
    if (f.service_per == ServicePer::Teu) {
      scale_draws(f.service_time_h, 1 / k);
      for (DirectedServiceTime& d : f.service_time_h_from)
        scale_draws(d.service_time_h, 1 / k);
    } else {
      f.servers = static_cast<int>(std::ceil(f.servers * k));
      // The other traffic grows with the lanes, or it would take a smaller share of them.
      if (f.background) f.background->vehicles_per_day *= k;
    }
  }
  for (Link& l : s.links)
    if (l.capacity_vehicles_per_day) *l.capacity_vehicles_per_day *= k;
  for (Service& v : s.services) {
    if (v.kind != ServiceKind::Truck) {
      v.capacity_teu *= k;
      if (v.payload_tons) *v.payload_tons *= k;
    }
    if (v.fleet) *v.fleet = static_cast<int>(std::ceil(*v.fleet * k));
    for (auto& [node, vehicles] : v.fleet_at)
      vehicles = static_cast<int>(std::ceil(vehicles * k));
  }
}

} // namespace corridor

#include "corridor/scenario.hpp"

#include <algorithm>

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

bool Facility::serves(Mode mode) const {
  return modes.empty() || std::find(modes.begin(), modes.end(), mode) != modes.end();
}

} // namespace corridor

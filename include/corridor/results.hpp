#pragma once
/** @file What one replication produces: shipment records and facility and link statistics. */
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace corridor {

/** @brief One shipment. Hours add up: transit_h = moving_h + waiting_h + handling_h. */
struct ShipmentRecord {
  std::uint64_t id = 0;
  std::uint32_t flow = 0;  ///< index into Scenario::flows
  std::uint32_t route = 0; ///< index into Scenario::routes
  double teu = 0;
  double created_h = 0;
  double delivered_h = -1; ///< -1 while still in transit at the end
  double moving_h = 0;     ///< on links
  double waiting_h = 0;    ///< queues, closures, opening hours, departures, link headways
  double handling_h = 0;   ///< service at facilities and dwell
  double distance_km = 0;
  double link_cost_usd = 0;     ///< link costs per TEU-km and shared vehicle-km costs
  double fee_cost_usd = 0;      ///< border crossing fees
  double handling_cost_usd = 0; ///< fees of handling facilities (ports, yards, terminals)

  bool delivered() const { return delivered_h >= 0; }
  double transit_h() const { return delivered_h - created_h; }
  double cost_usd() const { return link_cost_usd + fee_cost_usd + handling_cost_usd; }
};

/** @brief A facility over the measured period (after warm-up). */
struct FacilityStats {
  double busy_server_h = 0;   ///< server-hours spent serving
  double queue_area_h = 0;    ///< integral of the number of vehicles waiting, in vehicle-hours
  std::size_t max_queue = 0;  ///< most vehicles waiting at once
  double total_wait_h = 0;    ///< summed waits of vehicles that started service
  std::uint64_t vehicles = 0; ///< vehicles that started service
  double teu = 0;             ///< TEU on those vehicles
};

/** @brief A link over the measured period (after warm-up). */
struct LinkStats {
  std::uint64_t vehicles = 0; ///< entries, both directions
  double teu = 0;
  double occupied_h = 0; ///< headway-hours used (capacitated links), for utilization
};

/** @brief One leg of one route over the measured period: vehicles that left and what they carried. */
struct LegStats {
  std::uint32_t route = 0, leg = 0; ///< indices into Scenario::routes and the route's legs
  std::uint64_t departures = 0;     ///< vehicles that left (trains and ships leave even empty)
  double teu = 0;                   ///< TEU on them
  double capacity_teu = 0;          ///< of one vehicle
};

/** @brief Everything one replication measured. Facility and link vectors follow scenario order. */
struct ReplicationResult {
  std::uint64_t seed = 0;
  double warmup_h = 0;
  double horizon_h = 0;
  std::vector<ShipmentRecord> shipments; ///< created at or after warm-up, in creation order
  std::uint64_t created = 0;             ///< all shipments created over the whole horizon
  std::uint64_t delivered = 0;           ///< of those, delivered by the horizon
  std::uint64_t in_transit = 0;          ///< of those, not delivered at the horizon
  double delivered_teu_measured = 0;     ///< TEU delivered after warm-up
  std::vector<FacilityStats> facilities;
  std::vector<LinkStats> links;
  std::vector<LegStats> legs; ///< every leg of every route, in route then leg order
  std::uint64_t events = 0;   ///< simulation events handled (for benchmarks)
};

} // namespace corridor

#include "corridor/claims.hpp"
#include "corridor/csv.hpp"
#include "corridor/csv_reader.hpp"
#include "corridor/generalized_cost.hpp"
#include "corridor/network.hpp"
#include "corridor/output.hpp"
#include "corridor/replication_io.hpp"
#include "corridor/summary.hpp"
#include "corridor/survival.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace corridor;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

fs::path fresh_dir(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("corridor-stats-test-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// One border post between A and C, 10 days measured after 5 of warm-up.
Scenario tiny_scenario() {
  Scenario s;
  s.info.name = "tiny";
  s.info.horizon_days = 15;
  s.info.warmup_days = 5;
  for (const char* id : {"A", "B", "C"})
    s.nodes.push_back(Node{id, id, "", NodeKind::City, {}, {}, {}});
  Link ab;
  ab.id = "AB";
  ab.from = "A";
  ab.to = "B";
  ab.distance_km = 100;
  ab.speed_kmh = 50;
  ab.capacity_vehicles_per_day = 12;
  Link bc = ab;
  bc.id = "BC";
  bc.from = "B";
  bc.to = "C";
  bc.capacity_vehicles_per_day.reset();
  s.links = {ab, bc};
  Facility post;
  post.id = "POST";
  post.node = "B";
  post.servers = 2;
  post.service_time_h = Distribution::constant(1);
  s.facilities = {post};
  Service truck;
  truck.id = "truck";
  s.services = {truck};
  Route r;
  r.id = "road";
  r.legs = {Leg{"truck", {"A", "B", "C"}, {}}};
  s.routes = {r};
  Flow f;
  f.id = "f";
  f.origin = "A";
  f.destination = "C";
  f.routes = {{"road", 1}};
  s.flows = {f};
  return s;
}

ShipmentRecord shipment(std::uint64_t id, double created, double transit, double cost) {
  ShipmentRecord s;
  s.id = id;
  s.teu = 1;
  s.created_h = created;
  s.delivered_h = created + transit;
  s.moving_h = 4;
  s.handling_h = 1;
  s.waiting_h = transit - 5;
  s.distance_km = 200;
  s.road_cost_usd = cost;
  return s;
}

ReplicationResult replication(double transit_a, double transit_b, double busy_h) {
  ReplicationResult r;
  r.warmup_h = 120;
  r.horizon_h = 360;
  r.shipments = {shipment(0, 130, transit_a, 100), shipment(1, 140, transit_b, 300)};
  r.created = 3;
  r.delivered = 2;
  r.in_transit = 1;
  r.delivered_teu_measured = 2;
  FacilityStats f;
  f.busy_server_h = busy_h;
  f.available_server_h = 2 * 240; // two lanes open the whole measured period
  f.queue_area_h = 24;
  f.max_queue = 3;
  f.total_wait_h = 6;
  f.vehicles = 2;
  f.teu = 2;
  r.facilities = {f};
  LinkStats l;
  l.vehicles = 2;
  l.teu = 2;
  l.occupied_h[0] = 4; // forward only
  l.open_h = 240;
  r.links = {l, l};
  return r;
}

ReplicationDigest digest(const ReplicationResult& r) {
  return digest_of(tiny_scenario(), r);
}

} // namespace

TEST_CASE("estimates: mean and Student-t 95% half-width by hand", "[stats]") {
  const Estimate e = estimate({1, 2, 3});
  CHECK(e.mean == 2);
  CHECK(e.n == 3);
  // sd = 1, t(0.975, 2 df) = 4.302653
  CHECK(e.ci95_half_width == Approx(4.302653 / std::sqrt(3.0)).epsilon(1e-6));
  CHECK(estimate(std::vector<double>{5}).ci95_half_width == 0);
  CHECK(estimate(std::vector<double>{}).n == 0);
}

TEST_CASE("quantiles interpolate between order statistics", "[stats]") {
  const std::vector<double> v = {1, 2, 3, 4, 5};
  CHECK(quantile_sorted(v, 0.5) == 3);
  CHECK(quantile_sorted(v, 0.9) == Approx(4.6));
  CHECK(quantile_sorted(v, 0.95) == Approx(4.8));
  CHECK(quantile_sorted({7}, 0.95) == 7);
}

TEST_CASE("summaries of routes, facilities, links and totals, by hand", "[stats]") {
  const Scenario s = tiny_scenario();
  const RoutedScenario routed(s);
  const auto summary =
      summarize(s, routed, {digest(replication(24, 48, 96)), digest(replication(48, 72, 144))});
  REQUIRE(summary.routes.size() == 1);
  const RouteSummary& r = summary.routes[0];
  CHECK(r.route == "road");
  CHECK(r.distance_km == 200);
  CHECK(r.transit_days_mean.mean == Approx((1.5 + 2.5) / 2)); // replication means 1.5 and 2.5 days
  CHECK(r.transit_days_mean.n == 2);
  CHECK(r.transit_days_p50.mean == Approx(2.0));
  CHECK(r.cost_usd_per_teu.mean == Approx(200)); // (100 + 300) / 2 TEU
  CHECK(r.cost_usd_per_teu_km.mean == Approx(1.0));
  const double measured_h = 240;
  const FacilitySummary& f = summary.facilities[0];
  REQUIRE(f.utilization);
  CHECK(f.utilization->mean == Approx((96 + 144) / 2.0 / (2 * measured_h)));
  CHECK(f.mean_queue.mean == Approx(24 / measured_h));
  CHECK(f.mean_wait_h.mean == 3);
  CHECK(f.vehicles_per_day.mean == Approx(0.2));
  REQUIRE(summary.links[0].utilization);
  CHECK(summary.links[0].utilization->mean == Approx(4 / measured_h)); // the busier direction
  CHECK_FALSE(summary.links[1].utilization);
  CHECK(summary.created.mean == 3);
  CHECK(summary.in_transit.mean == 1);
  CHECK(summary.delivered_teu_per_year.mean == Approx(2 / (measured_h / 8760)));
}

TEST_CASE("a route's tons carried and cost per ton, only when its cargo has a weight", "[stats][cargo]") {
  const Scenario s = tiny_scenario();
  const RoutedScenario routed(s);
  // Without weights (the records' tons are 0) the figures are absent, as in files before them.
  const auto plain = summarize(s, routed, {digest(replication(24, 48, 96))});
  CHECK_FALSE(plain.routes[0].delivered_tons_per_year);
  CHECK_FALSE(plain.routes[0].cost_usd_per_ton);
  // Two delivered TEU of 22 t and 10 t, costing 100 and 300 USD, over 240 measured hours:
  // 32 t / (240 / 8760) years = 1168 t a year, and 400 USD / 32 t = 12.5 USD a ton.
  ReplicationResult r = replication(24, 48, 96);
  r.shipments[0].tons = 22;
  r.shipments[1].tons = 10;
  const auto weighed = summarize(s, routed, {digest(r)});
  REQUIRE(weighed.routes[0].delivered_tons_per_year);
  CHECK(weighed.routes[0].delivered_tons_per_year->mean == Approx(32 * 8760 / 240.0));
  CHECK(weighed.routes[0].cost_usd_per_ton->mean == Approx(12.5));
  CHECK(weighed.routes[0].cost_usd_per_teu.mean == Approx(200)); // unchanged: (100 + 300) / 2 TEU
  // Bulk (no TEU): no cost per TEU, and the first half-period's cargo is counted in tons: of
  // 22 t and 10 t created at 130 and 140 h (first half: before 240 h), the 10 t arrive after the
  // horizon (140 + 300 > 360 h): 22 / 32 carried.
  ReplicationResult b = replication(24, 300, 96);
  b.shipments[0].tons = 22;
  b.shipments[1].tons = 10;
  for (ShipmentRecord& x : b.shipments)
    x.teu = 0;
  const auto bulk = summarize(s, routed, {digest(b)});
  CHECK(bulk.routes[0].cost_usd_per_teu.n == 0);
  CHECK(bulk.routes[0].cost_usd_per_ton->mean == Approx(12.5));
  CHECK(bulk.routes[0].carried_share.mean == Approx(22.0 / 32));
}

TEST_CASE("shipments.csv rows have exact, stable text; ids are quoted as RFC 4180 asks", "[stats][csv]") {
  Scenario s = tiny_scenario();
  s.routes[0].id = "road, \"north\"";
  const auto dir = fresh_dir("csv");
  const auto path = (dir / "rows.csv").string();
  auto r = replication(24, 48, 96);
  {
    std::FILE* file = std::fopen(path.c_str(), "w");
    ShipmentCsvWriter csv(s, 1, fileno(file), false);
    ShipmentRecord heavy = r.shipments[0];
    heavy.tons = 22.5; // the weight comes last, after the existing columns
    csv.add(heavy);
    csv.run_ended(360);
    ShipmentRecord censored = r.shipments[1];
    censored.delivered_h = -1; // still in transit when the run ended at 360 h
    csv.add(censored);
    csv.flush();
    std::fclose(file);
  }
  CHECK(read(path) ==
        "1,0,f,\"road, \"\"north\"\"\",1.000,130.000000,delivered,154.000000,24.000000,4.000000,"
        "19.000000,1.000000,,200.000,100.00,0.00,0.00,100.00,0.00,22.500\n"
        "1,1,f,\"road, \"\"north\"\"\",1.000,140.000000,in_transit,,,,,,220.000000,,,,,,,0.000\n");
  // Every row has the header's 20 columns (commas outside quotes), delivered or in transit.
  auto columns = [](const std::string& line) {
    int n = 1;
    bool quoted = false;
    for (char c : line) {
      if (c == '"') quoted = !quoted;
      if (c == ',' && !quoted) ++n;
    }
    return n;
  };
  const std::string header = ShipmentCsvWriter::header();
  CHECK(columns(header) == 20);
  std::istringstream rows(read(path));
  for (std::string row; std::getline(rows, row);)
    CHECK(columns(row) == 20);
}

TEST_CASE("fixed notation: rounding, signs, padding", "[stats][csv]") {
  auto fixed = [](double x, int decimals) {
    std::string out;
    append_fixed(out, x, decimals);
    return out;
  };
  CHECK(fixed(0, 6) == "0.000000");
  CHECK(fixed(1.5, 0) == "2");
  CHECK(fixed(2.5, 0) == "2"); // half to even
  CHECK(fixed(0.000042, 6) == "0.000042");
  CHECK(fixed(-3.25, 2) == "-3.25");
  CHECK(fixed(-0.0000001, 6) == "0.000000"); // no "-0"
  CHECK(fixed(123456.789, 3) == "123456.789");
  CHECK(fixed(1e300, 2).size() == 304); // 301 digits, the point and 2 decimals
}

TEST_CASE("summary.json holds metadata, routes, facilities, links and totals", "[stats]") {
  const Scenario s = tiny_scenario();
  const RoutedScenario routed(s);
  const auto summary =
      summarize(s, routed, {digest(replication(24, 48, 96)), digest(replication(48, 72, 144))});
  RunMetadata m;
  m.scenario_name = "tiny";
  m.seed = 9;
  m.replications = 2;
  const auto json = nlohmann::json::parse(summary_json_text(m, summary));
  CHECK(json["metadata"]["seed"] == 9);
  CHECK(json["routes"][0]["flow"] == "f");
  CHECK(json["routes"][0]["transit_days"]["mean"]["mean"] == 2.0);
  CHECK(json["routes"][0]["transit_days"]["mean"]["n"] == 2);
  CHECK(json["facilities"][0]["id"] == "POST");
  CHECK(json["links"][1]["utilization"].is_null());
  CHECK(json["totals"]["created"]["mean"] == 3.0);
}

TEST_CASE("atomic writes replace a file whole and leave no temporary file", "[stats][output]") {
  const auto dir = fresh_dir("atomic");
  const auto path = (dir / "out.txt").string();
  write_file_atomically(path, "first version, longer than the second\n");
  write_file_atomically(path, "second\n");
  CHECK(read(path) == "second\n");
  int files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir))
    ++files;
  CHECK(files == 1);
  CHECK_THROWS_WITH(write_file_atomically((dir / "missing" / "x.txt").string(), "x"),
                    Catch::Contains("cannot create a temporary file"));
}

TEST_CASE("replication digests round-trip bit for bit and reject truncation", "[stats][io]") {
  const auto dir = fresh_dir("io");
  const auto path = (dir / "r.bin").string();
  auto r = replication(24.123456789012345, 48, 96);
  r.seed = 123456789;
  r.events = 42;
  r.legs = {LegStats{0, 0, 3, 12.5, 80, 0}};
  const ReplicationDigest d = digest(r);
  write_digest(path, d);
  const ReplicationDigest back = read_digest(path);
  CHECK(back.seed == r.seed);
  CHECK(back.events == 42);
  REQUIRE(back.pairs.size() == 1);
  CHECK(back.pairs[0].mean_h.value == d.pairs[0].mean_h.value);
  CHECK(back.pairs[0].delivered == 2);
  CHECK(back.facilities[0].busy_server_h == 96);
  CHECK(back.links.size() == 2);
  REQUIRE(back.legs.size() == 1);
  CHECK(back.legs[0].departures == 3);
  CHECK(back.legs[0].teu == 12.5);
  CHECK(back.legs[0].capacity_teu == 80);

  const std::string bytes = read(path);
  std::ofstream(path, std::ios::binary) << bytes.substr(0, bytes.size() - 3);
  CHECK_THROWS_WITH(read_digest(path), Catch::Contains("truncated"));
  std::ofstream(path, std::ios::binary) << "not a replication";
  CHECK_THROWS_WITH(read_digest(path), Catch::Contains("not a corridor replication file"));
}

TEST_CASE("SHA-256 of a known text", "[stats]") {
  const auto dir = fresh_dir("sha");
  std::ofstream(dir / "abc.txt") << "abc";
  CHECK(sha256_of_file((dir / "abc.txt").string()) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("a train's load factor counts as a utilization in capacity checks", "[stats][claims]") {
  Scenario s = tiny_scenario(); // one border post; link AB has a capacity of 12 vehicles a day
  s.services[0].kind = ServiceKind::Train;
  s.services[0].capacity_teu = 80;
  s.services[0].departures.every_h = 168;
  for (Link& l : s.links) {
    l.mode = Mode::Rail;
    l.gauge_mm = 1520;
  }
  const RoutedScenario routed(s);
  ReplicationResult r = replication(10, 20, 48); // POST: 48 server-hours of 2 x 240 = 0.1
  r.links[0].occupied_h[0] = 72;                 // AB: 72 headway-hours of 240 = 0.3
  r.legs = {LegStats{0, 0, 10, 760, 80, 0}};     // 10 departures carrying 760 of 800 TEU
  // Every shipment of the first half is delivered, yet the weekly train leaves 95% full.
  CapacityCheck check = check_capacity(s, routed, 0, {digest_of(s, r)});
  CHECK(check.carried_share.mean == 1);
  CHECK(check.max_utilization.mean == Approx(0.95));
  CHECK(check.bottleneck == "service truck");
  CHECK_FALSE(check.sustained(0.85));

  r.legs[0].teu = 200; // a quarter full: the link is now the busiest
  check = check_capacity(s, routed, 0, {digest_of(s, r)});
  CHECK(check.max_utilization.mean == Approx(0.3));
  CHECK(check.bottleneck == "link AB");
  CHECK(check.sustained(0.85));

  // With a payload, a train full by weight is busy: 10 departures of 2,000 t carrying 18,000 t.
  s.services[0].payload_tons = 2000;
  r.legs[0].tons = 18000;
  check = check_capacity(s, routed, 0, {digest_of(s, r)});
  CHECK(check.max_utilization.mean == Approx(0.9));
  CHECK(check.bottleneck == "service truck");
}

TEST_CASE("transit figures with censoring: exact below every follow-up, else a lower bound",
          "[stats][censoring]") {
  const TransitDistribution none({4, 1, 3, 2}, {});
  CHECK(none.mean().value == 2.5);
  CHECK_FALSE(none.mean().lower_bound);
  CHECK(none.quantile(0.5).value == 2.5); // type 7, as without censoring before
  CHECK(none.share_within(2).value == 0.5);

  const TransitDistribution late({3, 1, 2}, {10}); // one shipment still on its way after 10 h
  CHECK(late.mean().value == 4);                   // (1 + 2 + 3 + 10) / 4: it takes at least 10 h
  CHECK(late.mean().lower_bound);
  CHECK(late.quantile(0.5).value == 2); // the 2nd of 4: below 10 h, exact
  CHECK_FALSE(late.quantile(0.5).lower_bound);
  CHECK(late.quantile(0.95).value == 10); // the 4th of 4: the censored one, > 10 h
  CHECK(late.quantile(0.95).lower_bound);
  CHECK(late.share_within(5).value == 0.75); // 3 of 4 within 5 h, the 4th certainly not
  CHECK_FALSE(late.share_within(5).lower_bound);
  CHECK(late.share_within(20).lower_bound); // the 4th might arrive by 20 h

  const TransitDistribution early({1, 5}, {3}); // censored at 3 h, before the delivery at 5 h
  CHECK(early.quantile(0.5).value == 3);        // 2nd of {1, >3, 5}: at least 3
  CHECK(early.quantile(0.5).lower_bound);
  CHECK(early.quantile(0.3).value == 1); // 1st: exact
  CHECK(early.max_observed_h() == 5);
}

TEST_CASE("per-leg backhaul share: backhauls over departures, averaged over replications", "[stats][legs]") {
  Scenario s = tiny_scenario();
  const auto plain = summarize(s, RoutedScenario(s), {digest(replication(24, 48, 96))});
  CHECK(plain.legs.empty()); // no empty cost and no reverse leg: no legs section
  Route back;
  back.id = "back";
  back.legs = {Leg{"truck", {"C", "B", "A"}, {}}};
  s.routes.push_back(back);
  const RoutedScenario routed(s);
  auto with_legs = [&](std::uint64_t road_departures, std::uint64_t road_backhauls,
                       std::uint64_t back_departures, std::uint64_t back_backhauls) {
    ReplicationResult r = replication(24, 48, 96);
    LegStats road_leg, back_leg;
    road_leg.route = 0;
    road_leg.departures = road_departures;
    road_leg.backhauls = road_backhauls;
    road_leg.empty_returns = 1;
    back_leg.route = 1;
    back_leg.departures = back_departures;
    back_leg.backhauls = back_backhauls;
    r.legs = {road_leg, back_leg};
    return digest_of(s, r);
  };
  // Replication 1: road 1 backhaul in 4 departures (0.25), back 1 in 2 (0.5); replication 2:
  // road 0 in 2 (0), back 3 in 4 (0.75). Means 0.125 and 0.625.
  const auto summary = summarize(s, routed, {with_legs(4, 1, 2, 1), with_legs(2, 0, 4, 3)});
  REQUIRE(summary.legs.size() == 2);
  const LegSummary& road = summary.legs[0];
  CHECK(road.route == "road");
  CHECK(road.from == "A");
  CHECK(road.to == "C");
  CHECK(road.departures.mean == 3);
  CHECK(road.backhauls.mean == 0.5);
  CHECK(road.empty_returns.mean == 1);
  REQUIRE(road.backhaul_share);
  CHECK(road.backhaul_share->mean == Approx(0.125));
  REQUIRE(summary.legs[1].backhaul_share);
  CHECK(summary.legs[1].backhaul_share->mean == Approx(0.625));
  CHECK(summary.legs[1].backhaul_share->n == 2);
  const auto json = nlohmann::json::parse(summary_json_text(RunMetadata{}, summary));
  CHECK(json["legs"][1]["route"] == "back");
  CHECK(json["legs"][1]["backhaul_share"]["mean"] == 0.625);
  CHECK(json["legs"][0]["empty_returns"]["mean"] == 1.0);
  CHECK_FALSE(nlohmann::json::parse(summary_json_text(RunMetadata{}, plain)).contains("legs"));
  std::ostringstream table;
  print_summary_table(table, summary);
  CHECK(table.str().find("\nback: C -> A                                              3              0       "
                         "     2            62%\n") != std::string::npos);
}

TEST_CASE("read_csv_record reads back what csv_row writes, RFC 4180", "[stats][csv]") {
  const std::vector<std::string> fields = {"plain", "a,b", "say \"hi\"", "two\nlines", "", "cr\r\nlf"};
  std::istringstream in(csv_row(fields) + "x,y\r\nlast,line");
  std::vector<std::string> read;
  REQUIRE(read_csv_record(in, read));
  CHECK(read == fields);
  REQUIRE(read_csv_record(in, read));
  CHECK(read == std::vector<std::string>{"x", "y"}); // CRLF ends a row too
  REQUIRE(read_csv_record(in, read));
  CHECK(read == std::vector<std::string>{"last", "line"}); // no final line feed
  CHECK_FALSE(read_csv_record(in, read));
  std::istringstream open_quote("a,\"never closed\n");
  CHECK_THROWS_WITH(read_csv_record(open_quote, read), Catch::Contains("not closed"));
}

TEST_CASE("generalized cost: money plus value of time, per shipment and per TEU of a route", "[stats][gc]") {
  Flow f;
  f.value_of_time_usd_per_teu_h = 2;
  f.reliability_usd_per_teu_h = 5;
  CHECK(generalized_cost_usd(f, 100, 2, 0, 24) == 100 + 2 * 24 * 2);
  CHECK(generalized_cost_usd_per_teu(f, 50, 10, 16) == 50 + 2 * 10 + 5 * 6);
  CHECK(generalized_cost_usd_per_teu(f, 50, 10, 9) == 70); // no bonus for a p90 below the mean
  f.bulk = true;
  f.tons_per_teu = 25;
  CHECK(time_value_teu(f, 0, 50) == 2); // 50 t of bulk are 2 TEU-equivalents
  f.tons_per_teu.reset();
  CHECK(time_value_usd(f, 0, 50, 10) == 0); // bulk with no TEU-equivalent: its time is not priced
}

TEST_CASE("a route's generalized cost per TEU, by hand, only for flows that price time", "[stats][gc]") {
  Scenario s = tiny_scenario();
  const RoutedScenario routed(s);
  CHECK_FALSE(summarize(s, routed, {digest(replication(24, 48, 96))}).routes[0].generalized_cost_usd_per_teu);
  // Two delivered TEU, 24 h and 48 h, 100 and 300 USD: money 200 USD a TEU, mean 36 h, p90 45.6 h
  // (interpolated). At 2 USD a TEU-hour and 5 USD a TEU-hour of spread: 200 + 72 + 5 x 9.6 = 320.
  s.flows[0].value_of_time_usd_per_teu_h = 2;
  s.flows[0].reliability_usd_per_teu_h = 5;
  const auto summary = summarize(s, routed, {digest_of(s, replication(24, 48, 96))});
  REQUIRE(summary.routes[0].generalized_cost_usd_per_teu);
  CHECK(summary.routes[0].generalized_cost_usd_per_teu->mean == Approx(320));
  const auto json = nlohmann::json::parse(summary_json_text(RunMetadata{}, summary));
  CHECK(json["routes"][0]["generalized_cost_usd_per_teu"]["mean"] == 320);
}

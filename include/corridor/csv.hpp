#pragma once
/**
 * @file The one way corridor writes CSV: RFC 4180 (a field holding a comma, a double quote, CR
 * or LF is quoted, its quotes doubled; rows end in LF), numbers in fixed notation.
 */
#include "corridor/results.hpp"
#include "corridor/scenario.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace corridor {

/** @brief Appends `field`, quoted when RFC 4180 requires it. */
void append_csv_field(std::string& out, std::string_view field);
/** @brief Appends x with `decimals` digits after the point (0 to 9), rounded to nearest. */
void append_fixed(std::string& out, double x, int decimals);
/** @brief One row of fields, separated by commas, ended by a line feed. */
std::string csv_row(const std::vector<std::string>& fields);

/**
 * @brief Rounds `n` (at most 16) amounts in USD to cents so that the cents add up to `total`,
 * the sum rounded: each part is rounded down, and the missing cents go to the largest fractions.
 */
void cents_that_add_up(const double* usd, std::size_t n, std::int64_t* cents, std::int64_t& total);

/**
 * @brief shipments.csv, streamed: one row per shipment of the measured cohort, in the order
 * the run finished with them (delivered first, as they arrived; then those still in transit).
 */
class ShipmentCsvWriter : public ShipmentSink {
public:
  static const char* header();
  /**
   * @param fd an open file, written from its current position, not closed here
   * @param with_header start with the header line (the first replication's part of the file)
   */
  ShipmentCsvWriter(const Scenario& scenario, int replication, int fd, bool with_header);
  ~ShipmentCsvWriter() override;
  ShipmentCsvWriter(const ShipmentCsvWriter&) = delete;
  ShipmentCsvWriter& operator=(const ShipmentCsvWriter&) = delete;

  void add(const ShipmentRecord& record) override;
  void run_ended(double end_h) override { end_h_ = end_h; }
  /** @brief Writes what is buffered. @throws std::runtime_error when the file cannot be written */
  void flush();

private:
  std::vector<std::string> flow_ids_, route_ids_; // already quoted where needed
  std::vector<Flow> flows_;                       // for the time value (generalized_cost.hpp)
  std::string prefix_;                            // "replication,"
  std::vector<char> buffer_;                      // rows not yet written, then room for one more
  std::size_t used_ = 0, max_row_ = 0;
  int fd_;
  double end_h_ = 0;
};

/**
 * @brief trace.csv (corridor run --trace), streamed: one row per vehicle visit to a facility, in
 * the order the engine handles them (arrival order at each facility). Written on the engine's
 * thread: a trace costs run time, so it is off unless asked for.
 */
class TraceCsvWriter : public VisitSink {
public:
  static const char* header();
  /** @param fd an open file, written from its current position, not closed here */
  TraceCsvWriter(const Scenario& scenario, int replication, int fd, bool with_header);
  void add(const VisitRecord& visit) override;
  /** @brief Writes what is buffered. @throws std::runtime_error when the file cannot be written */
  void flush();

private:
  std::vector<std::string> facility_ids_, route_ids_, service_ids_; // quoted where needed
  std::string prefix_, buffer_;
  int fd_;
};

} // namespace corridor

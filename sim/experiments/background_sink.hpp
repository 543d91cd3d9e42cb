#pragma once
// Hands a run's shipment records to other sinks on a second thread, in order, so formatting
// shipments.csv and the cohort's statistics run beside the engine instead of after it (a
// replication alone otherwise leaves one of two cores idle). The engine's thread only copies
// each record into a chunk; a full chunk goes to the worker.
#include "corridor/results.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace corridor::experiments {

class BackgroundSink : public ShipmentSink {
public:
  /** @param visits where the engine's vehicle visits go, on the engine's thread (nullptr: none) */
  explicit BackgroundSink(std::vector<ShipmentSink*> targets, VisitSink* visits = nullptr);
  ~BackgroundSink() override;
  BackgroundSink(const BackgroundSink&) = delete;
  BackgroundSink& operator=(const BackgroundSink&) = delete;

  void add(const ShipmentRecord& record) override {
    current_.records.push_back(record);
    if (current_.records.size() == kChunk) hand_over();
  }
  void run_ended(double end_h) override;
  VisitSink* visit_sink() override { return visits_; }
  /** Waits until the worker has passed on everything; rethrows the first error of a target. */
  void finish();

private:
  static constexpr std::size_t kChunk = 4096; // records: 384 KiB
  static constexpr std::size_t kMaxQueued = 8;
  struct Chunk {
    std::vector<ShipmentRecord> records;
    bool ends_run = false; // run_ended(end_h) comes before these records
    double end_h = 0;
  };
  void hand_over();
  void work();

  std::vector<ShipmentSink*> targets_;
  VisitSink* visits_ = nullptr;
  Chunk current_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Chunk> queue_;
  std::vector<std::vector<ShipmentRecord>> spare_; // emptied chunks, reused
  bool closing_ = false;
  std::exception_ptr error_;
  std::thread worker_;
};

} // namespace corridor::experiments

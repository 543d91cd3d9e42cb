#include "experiments/background_sink.hpp"

namespace corridor::experiments {

BackgroundSink::BackgroundSink(std::vector<ShipmentSink*> targets, VisitSink* visits)
    : targets_(std::move(targets)), visits_(visits) {
  current_.records.reserve(kChunk);
  worker_ = std::thread([this] { work(); });
}

BackgroundSink::~BackgroundSink() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  changed_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void BackgroundSink::hand_over() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return queue_.size() < kMaxQueued; }); // the worker is behind: wait
  queue_.push_back(std::move(current_));
  current_ = Chunk{};
  if (!spare_.empty()) {
    current_.records = std::move(spare_.back());
    spare_.pop_back();
  } else {
    current_.records.reserve(kChunk);
  }
  lock.unlock();
  changed_.notify_all();
}

void BackgroundSink::run_ended(double end_h) {
  hand_over(); // the records before the end go first
  current_.ends_run = true;
  current_.end_h = end_h;
}

void BackgroundSink::finish() {
  hand_over();
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  changed_.notify_all();
  worker_.join();
  if (error_) std::rethrow_exception(error_);
}

void BackgroundSink::work() {
  for (;;) {
    Chunk chunk;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return !queue_.empty() || closing_; });
      if (queue_.empty()) return;
      chunk = std::move(queue_.front());
      queue_.pop_front();
    }
    changed_.notify_all();
    if (!error_) try {
        for (ShipmentSink* t : targets_) {
          if (chunk.ends_run) t->run_ended(chunk.end_h);
          for (const ShipmentRecord& r : chunk.records)
            t->add(r);
        }
      } catch (...) {
        error_ = std::current_exception(); // finish() rethrows it; later chunks are dropped
      }
    chunk.records.clear();
    std::lock_guard lock(mutex_);
    spare_.push_back(std::move(chunk.records));
  }
}

} // namespace corridor::experiments

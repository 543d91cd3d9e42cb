// The delay line: one actor that holds shipments for their dwell time, so that no shipment
// needs an actor of its own. A min-heap ordered by (time, sequence) keeps ties FIFO.
#include "engine/state.hpp"

#include <limits>
#include <queue>

namespace corridor::engine {

namespace {

struct Pending : Stamp {
  Shipment* shipment;
};

} // namespace

struct DelayLine {
  std::priority_queue<Pending, std::vector<Pending>, std::greater<>> heap;
  std::uint64_t next_sequence = 0;
  Signal changed;
  double wakes_h = 0; ///< when the line wakes by itself (infinity: only when woken)
};

namespace {

void run_delay_line(Simulation& sim, DelayLine& line) {
  for (;;) {
    if (line.heap.empty()) {
      line.wakes_h = std::numeric_limits<double>::infinity();
      line.changed.wait(sim);
    } else if (line.heap.top().at_h > sim.now()) {
      line.wakes_h = line.heap.top().at_h;
      line.changed.wait_until(sim, line.wakes_h);
    }
    ++sim.result.events;
    while (!line.heap.empty() && line.heap.top().at_h <= sim.now()) {
      Shipment* s = line.heap.top().shipment;
      line.heap.pop();
      board(sim, *s);
    }
  }
}

} // namespace

void start_delay_line(Simulation& sim) {
  sim.delay_line = std::make_shared<DelayLine>();
  start_actor(sim, "delay-line", [&sim] { run_delay_line(sim, *sim.delay_line); });
}

void after_dwell(Simulation& sim, Shipment& shipment, double t) {
  if (t <= sim.now()) {
    board(sim, shipment);
    return;
  }
  DelayLine& line = *sim.delay_line;
  line.heap.push({{t, line.next_sequence++}, &shipment});
  // The line wakes by itself before t: no need to wake it (nor, for the road, to stop).
  if (t < line.wakes_h) line.changed.notify_all(sim);
}

} // namespace corridor::engine

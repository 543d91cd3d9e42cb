#include "engine/waits.hpp"

#include "engine/state.hpp"

#include <limits>
#include <optional>

namespace corridor::engine {

namespace {

// Holds an actor's wake-up time in Simulation::due_wakes while it waits (also when the wait
// ends by a kill at the end of the run).
class DueWake {
public:
  DueWake(Simulation& sim, double t_h) : sim_(sim), entry_(sim.due_wakes.insert(t_h)) {}
  ~DueWake() { sim_.due_wakes.erase(entry_); }
  DueWake(const DueWake&) = delete;
  DueWake& operator=(const DueWake&) = delete;

private:
  Simulation& sim_;
  std::multiset<double>::iterator entry_;
};

} // namespace

void resumed(Simulation& sim) {
  if (!sim.road_running) ++sim.others_ran;
}

double next_other_wake_h(const Simulation& sim) {
  return sim.due_wakes.empty() ? std::numeric_limits<double>::infinity() : *sim.due_wakes.begin();
}

void Signal::wait(Simulation& sim) {
  block(sim, std::nullopt);
}

void Signal::wait_until(Simulation& sim, double t_h) {
  block(sim, t_h);
}

// Each SimGrid call (lock, wait, unlock) lets the other actors run before this one goes on.
void Signal::block(Simulation& sim, std::optional<double> until_h) {
  std::unique_lock lock(*mutex_);
  resumed(sim);
  {
    std::optional<DueWake> due;
    if (until_h) due.emplace(sim, *until_h);
    ++waiters_;
    if (until_h)
      condition_->wait_until(lock, *until_h);
    else
      condition_->wait(lock);
    --waiters_;
  }
  resumed(sim);
  lock.unlock();
  resumed(sim);
}

void Signal::notify_all(Simulation& sim) {
  if (waiters_ == 0) return;
  if (sim.road_running) road_wakes_another(sim);
  condition_->notify_all();
  resumed(sim);
}

void sleep_until(Simulation& sim, double t_h) {
  {
    DueWake due(sim, t_h);
    sg4::this_actor::sleep_until(t_h);
  }
  resumed(sim);
}

void sleep_for(Simulation& sim, double duration_h) {
  {
    DueWake due(sim, sim.now() + duration_h);
    sg4::this_actor::sleep_for(duration_h);
  }
  resumed(sim);
}

void acquire(Simulation& sim, sg4::Semaphore& semaphore) {
  semaphore.acquire();
  resumed(sim);
}

void release(Simulation& sim, sg4::Semaphore& semaphore) {
  semaphore.release();
  resumed(sim);
}

} // namespace corridor::engine

#pragma once
// How actors wait and wake each other.
//
// The road (road.cpp) handles its own items back to back, without a SimGrid wake-up for each,
// as long as no other actor can act before them. To know that, every other actor waits through
// these functions: they record when it is due to wake (Simulation::due_wakes) and count each
// time it runs again (Simulation::others_ran). When the road wakes another actor (a Signal's
// notify_all), it first brings SimGrid's clock to its own time and stops running ahead.
#include <optional>
#include <simgrid/s4u.hpp>

namespace corridor::engine {

namespace sg4 = simgrid::s4u;
struct Simulation;

/** A condition to wait on (SimGrid condition variable and its mutex) that knows its waiters. */
class Signal {
public:
  void wait(Simulation& sim);
  void wait_until(Simulation& sim, double t_h);
  void notify_all(Simulation& sim); ///< does nothing, and costs nothing, when nobody waits

private:
  void block(Simulation& sim, std::optional<double> until_h);

  sg4::MutexPtr mutex_ = sg4::Mutex::create();
  sg4::ConditionVariablePtr condition_ = sg4::ConditionVariable::create();
  int waiters_ = 0;
};

void sleep_until(Simulation& sim, double t_h);
void sleep_for(Simulation& sim, double duration_h);
void acquire(Simulation& sim, sg4::Semaphore& semaphore);
void release(Simulation& sim, sg4::Semaphore& semaphore);

/** The calling actor runs again: counted unless it is the road. */
void resumed(Simulation& sim);

/** The road is about to wake another actor (road.cpp). */
void road_wakes_another(Simulation& sim);

/** The earliest time another actor is due to wake, or infinity. */
double next_other_wake_h(const Simulation& sim);

} // namespace corridor::engine

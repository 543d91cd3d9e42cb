#pragma once
// The run step by step (ReplicationResult::series): facility queues and busy servers, vehicles
// in and out, shipments created and delivered, bucketed by step as the engine goes.
#include "corridor/results.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

namespace corridor::engine {

class StepSampler {
public:
  /**
   * @param step_h the step, > 0; 0: no series (every call does nothing)
   * @param limit_h nothing after this is kept: the latest the run can end (horizon + drain)
   */
  StepSampler(double step_h, double limit_h, std::size_t facilities, std::size_t flows, std::size_t routes);

  /** @brief A corridor vehicle arrived, waited over [arrived, start) and is served over [start, end). */
  void corridor_visit(std::size_t facility, double arrived_h, double start_h, double end_h);
  /** @brief A background vehicle: only its service counts (busy servers). */
  void background_visit(std::size_t facility, double arrived_h, double start_h, double end_h);
  void created(std::uint32_t flow, std::uint32_t route, double t_h);
  void delivered(std::uint32_t flow, std::uint32_t route, double t_h);

  /** @brief The series up to the run's end: what the engine already knew of later is taken out. */
  StepSeries finish(double end_h);

private:
  // Waits and services that may reach past the run's end: a vehicle's start and end are known
  // when it arrives, and the run may stop before them. Pruned as arrivals pass them by.
  struct Service {
    double start_h, end_h;
    bool corridor;
  };
  struct Facility {
    std::deque<std::pair<double, double>> waits; // [arrived, start): starts nondecreasing (FIFO)
    /// In start order (FIFO), ends in any order: pruned from the front, and all through when
    /// a long service at the front has let it double (a deque, not a heap: half the cost).
    std::deque<Service> services;
    std::size_t services_kept = 0; ///< its size after the last pruning all through
  };

  [[gnu::always_inline]] inline std::size_t step_of(double t_h) const;
  std::size_t find_step(double t_h) const;
  // Inline (defined in series.cpp before their use): a call to a member of the engine module
  // otherwise goes through its PLT, the default for a shared object's functions.
  inline std::vector<double>& grown(std::vector<double>& v, std::size_t step);
  inline void add_span(std::vector<double>& v, double from_h, double to_h, double weight);
  inline void add_count(std::vector<double>& v, double t_h, double n);
  inline void passed(Facility& f, double t_h);
  RouteSeries& pair(std::uint32_t flow, std::uint32_t route);

  bool on_;
  double step_h_, limit_h_;
  // step_of's guess: the step of the time before, and its bounds.
  mutable std::size_t last_step_ = 0;
  mutable double last_from_h_ = 0, last_to_h_ = 0;
  std::size_t routes_;
  std::vector<FacilitySeries> series_;
  std::vector<Facility> pending_;
  std::vector<int> pair_of_; // [flow x routes + route]: index into pairs_, -1 none yet
  std::vector<RouteSeries> pairs_;
};

} // namespace corridor::engine

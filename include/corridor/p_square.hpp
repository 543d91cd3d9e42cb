#pragma once
/**
 * @file One quantile of a stream in constant memory: the P² algorithm (Jain and Chlamtac,
 * "The P² algorithm for dynamic calculation of quantiles and histograms without storing
 * observations", CACM 28(10), 1985).
 *
 * Why P²: a replication's per-(route, facility) visit times can number millions; keeping them
 * for an exact quantile would make memory follow the cohort, and a histogram fine enough for
 * 1% accuracy over hours to weeks needs thousands of bins per facility. P² keeps five markers
 * (a few dozen bytes, trivially copyable into the replication file), is exact with five
 * observations or fewer and when all observations are equal, and within a few percent of the
 * sample quantile on smooth distributions (tests/model/test_p_square.cpp states the tolerance).
 * Deterministic: the same observations in the same order give the same estimate.
 */
#include <cstdint>

namespace corridor {

struct PSquareQuantile {
  double p = 0.95;
  std::uint64_t count = 0;
  double height[5] = {0, 0, 0, 0, 0};   ///< marker heights (the first five observations, sorted)
  double position[5] = {1, 2, 3, 4, 5}; ///< marker positions, 1-based
  double desired[5] = {0, 0, 0, 0, 0};  ///< desired positions

  explicit PSquareQuantile(double quantile = 0.95) : p(quantile) {}
  void add(double x);
  /** @brief The estimate: with five observations or fewer, the sample quantile (type 7); 0 with none. */
  double value() const;
};

} // namespace corridor

#pragma once
/** @file Comparing two result sets metric by metric, with tolerances and confidence intervals. */
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace corridor {

/** @brief One number of a result set: its mean and, for replicated results, 95% CI half-width. */
struct Metric {
  std::string path; ///< e.g. "routes[kz_exports/trans_afghan_road].transit_days.p95"
  double mean = 0;
  double ci95 = 0; ///< 0 when unknown or not replicated
  int n = 1;       ///< replications behind the mean
};

/** @brief Reads every metric of a summary.json (or any corridor JSON result) or a batch results.csv. */
/// @throws BadResultFile when the file is not a result file (bad JSON, nested too deep);
/// std::runtime_error when it cannot be read.
std::vector<Metric> read_metrics(const std::string& path);

/** @brief A file that is there but is no result file: bad input (exit 2), not a file error. */
class BadResultFile : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/** @brief A tolerance: |current - baseline| <= absolute + relative * |baseline| is no change. */
struct Tolerance {
  double relative = 0;
  double absolute = 0;
};

/** @brief A tolerance for the metrics whose path matches a glob pattern (`*` any text, `?` one character). */
struct MetricTolerance {
  std::string pattern;
  Tolerance tolerance;
};

/** @brief Parses `PATTERN=TOL`, TOL being `5%` (relative) or `0.5` (absolute). */
std::optional<MetricTolerance> parse_metric_tolerance(const std::string& text);

enum class Verdict {
  Same,        ///< within tolerance
  WithinNoise, ///< beyond tolerance, but the confidence intervals cannot tell the difference
  Changed,     ///< beyond tolerance and beyond noise: a regression
  Missing,     ///< in the baseline, not in the current results: a regression
  New,         ///< only in the current results: reported, not a regression
};

struct Comparison {
  std::string path;
  std::optional<Metric> baseline, current;
  double difference = 0;
  double tolerance = 0; ///< the absolute bound used for this metric
  double noise = 0;     ///< sqrt(ci95_baseline^2 + ci95_current^2)
  Verdict verdict = Verdict::Same;

  bool is_regression() const { return verdict == Verdict::Changed || verdict == Verdict::Missing; }
};

/**
 * @brief Compares metric by metric. The last matching `--metric` pattern sets a metric's
 * tolerance, else `default_tolerance`. A difference beyond tolerance is a change only when it
 * is also beyond the noise sqrt(h_b^2 + h_c^2) of the two 95% half-widths (when both are
 * replicated): the two intervals, combined, do not cover it.
 */
std::vector<Comparison> compare_metrics(const std::vector<Metric>& baseline,
                                        const std::vector<Metric>& current,
                                        const Tolerance& default_tolerance,
                                        const std::vector<MetricTolerance>& per_metric);

std::string to_string(Verdict verdict);

} // namespace corridor

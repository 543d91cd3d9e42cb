#pragma once
/**
 * @file Calendar time: opening hours and closures turned into "when is it open next?".
 *
 * Simulated time is in hours from 00:00 of the scenario's start_date (t = 0). Days start at
 * midnight; there are no time zones and no daylight-saving shifts.
 */
#include <limits>
#include <string>
#include <vector>

namespace corridor {

struct Date {
  int year = 2025, month = 1, day = 1;
  /** @brief 0 = Monday … 6 = Sunday. */
  int weekday() const;
  /** @brief Days from 1970-01-01. */
  long days_since_epoch() const;
  /** @brief "YYYY-MM-DD". */
  std::string to_string() const;
  bool operator==(const Date&) const = default;
};

/** @brief Parses "YYYY-MM-DD"; returns false on anything else or an impossible date. */
bool parse_date(const std::string& text, Date& out);

/** @brief True when month/day is a date in every year, so any real day but 02-29. */
bool exists_every_year(int month, int day);

inline constexpr double kNever = std::numeric_limits<double>::infinity();

/** @brief A half-open interval [start_h, end_h) of simulated hours. */
struct Interval {
  double start_h = 0;
  double end_h = 0;
};

/** @brief One daily window, in hours of the day: [open_h, close_h). close_h < open_h spans midnight. */
struct DailyWindow {
  double open_h = 0;
  double close_h = 24;
};

/** @brief When a facility works. Empty `daily` means around the clock. */
struct OpeningHours {
  std::vector<DailyWindow> daily;
  /// 0 = Monday … 6 = Sunday. A day off closes its calendar day 00:00-24:00 whole, and nothing
  /// else: a window spanning midnight into it is cut at 00:00, and its own window spanning
  /// midnight still opens the next day's early hours unless that day is off too.
  std::vector<int> days_off;
  bool always_open() const { return daily.empty() && days_off.empty(); }
};

/**
 * @brief A closure. Yearly: from month/day to month/day inclusive, every year (may wrap over
 * New Year); both days must exist every year (exists_every_year), so never 02-29: there is no
 * day to put in its place that would not change what the closure means in non-leap years.
 * Dated: [from_h, to_h) in simulated hours (the loader converts dates and times).
 */
struct Closure {
  bool yearly = false;
  int from_month = 1, from_day = 1, to_month = 1, to_day = 1; ///< yearly only, both days inclusive
  double from_h = 0, to_h = 0;                                ///< dated only
  std::string reason;
};

/**
 * @brief Open/closed state of one facility or link over the simulated period.
 *
 * Built once from opening hours and closures (plus any extra closed intervals such as random
 * breakdowns) over [0, until_h); answers in O(log n). After until_h it is open: callers pass a
 * until_h well past the simulated horizon.
 */
class Calendar {
public:
  Calendar() = default; // always open
  /** @throws std::invalid_argument for a yearly closure on a day missing in some years (02-29). */
  Calendar(const Date& start, const OpeningHours& hours, const std::vector<Closure>& closures,
           const std::vector<Interval>& extra_closed, double until_h);

  bool is_open(double t_h) const;
  /** @brief Smallest t' >= t_h at which it is open; kNever if it never opens again. */
  double next_open(double t_h) const;
  /** @brief Hours in [a, b) during which it is open. */
  double open_hours_between(double a_h, double b_h) const;
  /** @brief The merged, sorted closed intervals (for tests and reports). */
  const std::vector<Interval>& closed() const { return closed_; }

private:
  std::vector<Interval> closed_; // sorted, disjoint, merged
};

} // namespace corridor

#include "corridor/calendar.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <utility>

namespace corridor {

namespace {

// Howard Hinnant's days_from_civil: proleptic Gregorian calendar, exact for any year here.
long days_from_civil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

int days_in_month(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

void merge(std::vector<Interval>& intervals) {
  std::sort(intervals.begin(), intervals.end(),
            [](const Interval& a, const Interval& b) { return a.start_h < b.start_h; });
  std::vector<Interval> merged;
  for (const Interval& i : intervals) {
    if (i.end_h <= i.start_h) continue;
    if (!merged.empty() && i.start_h <= merged.back().end_h)
      merged.back().end_h = std::max(merged.back().end_h, i.end_h);
    else
      merged.push_back(i);
  }
  intervals = std::move(merged);
}

// Hours a facility is open from the windows of the day starting at `day_start_h`, as intervals.
void add_open_windows(const OpeningHours& hours, double day_start_h, std::vector<Interval>& open) {
  if (hours.daily.empty()) {
    open.push_back({day_start_h, day_start_h + 24});
    return;
  }
  for (const DailyWindow& w : hours.daily) {
    if (w.close_h > w.open_h)
      open.push_back({day_start_h + w.open_h, day_start_h + w.close_h});
    else // spans midnight: open until close_h the next day
      open.push_back({day_start_h + w.open_h, day_start_h + 24 + w.close_h});
  }
}

int weekday_of(long days_since_epoch) {
  return static_cast<int>((days_since_epoch % 7 + 7 + 3) % 7); // 1970-01-01 was a Thursday
}

bool is_day_off(const OpeningHours& hours, long days_since_epoch) {
  const int weekday = weekday_of(days_since_epoch);
  return std::find(hours.days_off.begin(), hours.days_off.end(), weekday) != hours.days_off.end();
}

// The gaps between `intervals` within [from_h, until_h).
std::vector<Interval> complement(std::vector<Interval> intervals, double from_h, double until_h) {
  merge(intervals);
  std::vector<Interval> gaps;
  double cursor = from_h;
  for (const Interval& i : intervals) {
    if (i.start_h > cursor) gaps.push_back({cursor, i.start_h});
    cursor = std::max(cursor, i.end_h);
  }
  if (cursor < until_h) gaps.push_back({cursor, until_h});
  return gaps;
}

// Closed intervals from opening hours over days [-1, days) from the start. A day off closes its
// calendar day 00:00-24:00 and nothing else, so every day's windows are laid down first and the
// days off are cut out afterwards: a window spanning midnight into a day off is cut at 00:00, and
// the day off's own window still opens the next day's early hours if that day works.
std::vector<Interval> closed_by_hours(const OpeningHours& hours, long start_day, long days, double until_h) {
  std::vector<Interval> open;
  for (long d = -1; d < days; ++d)
    add_open_windows(hours, d * 24.0, open);
  std::vector<Interval> closed = complement(std::move(open), -24, until_h);
  for (long d = -1; d < days; ++d)
    if (is_day_off(hours, start_day + d)) closed.push_back({d * 24.0, d * 24.0 + 24});
  return closed;
}

std::string month_day(int month, int day) {
  char text[8];
  std::snprintf(text, sizeof text, "%02d-%02d", month, day);
  return text;
}

// A yearly closure names days that must exist every year. 02-29 is refused, not moved: in three
// years out of four either substitute (02-28 or 03-01) would close a day nobody named.
void check_yearly(const Closure& c) {
  for (const auto& [month, day] : {std::pair{c.from_month, c.from_day}, std::pair{c.to_month, c.to_day}})
    if (!exists_every_year(month, day))
      throw std::invalid_argument("yearly closure " + month_day(c.from_month, c.from_day) + " to " +
                                  month_day(c.to_month, c.to_day) + ": " + month_day(month, day) +
                                  " is not a day of every year");
}

long day_number(int year, int month, int day) {
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

// One closed interval per year from the year before the start until `until_h`.
void add_yearly_closure(const Closure& c, const Date& start, double until_h, std::vector<Interval>& closed) {
  check_yearly(c);
  const long start_day = start.days_since_epoch();
  const bool wraps = c.to_month < c.from_month || (c.to_month == c.from_month && c.to_day < c.from_day);
  for (int year = start.year - 1; (day_number(year, 1, 1) - start_day) * 24.0 < until_h; ++year) {
    const int to_year = wraps ? year + 1 : year;
    closed.push_back({(day_number(year, c.from_month, c.from_day) - start_day) * 24.0,
                      (day_number(to_year, c.to_month, c.to_day) - start_day + 1) * 24.0}); // to: inclusive
  }
}

} // namespace

int Date::weekday() const {
  return weekday_of(days_since_epoch());
}

long Date::days_since_epoch() const {
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

std::string Date::to_string() const {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
  return text;
}

bool parse_date(const std::string& text, Date& out) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (text[i] < '0' || text[i] > '9') return false;
  Date d{std::stoi(text.substr(0, 4)), std::stoi(text.substr(5, 2)), std::stoi(text.substr(8, 2))};
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month)) return false;
  out = d;
  return true;
}

bool exists_every_year(int month, int day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(2023, month); // not a leap year
}

Calendar::Calendar(const Date& start, const OpeningHours& hours, const std::vector<Closure>& closures,
                   const std::vector<Interval>& extra_closed, double until_h) {
  const long start_day = start.days_since_epoch();
  const long days = static_cast<long>(std::ceil(until_h / 24)) + 1;

  if (!hours.always_open()) closed_ = closed_by_hours(hours, start_day, days, until_h);

  for (const Closure& c : closures) {
    if (c.yearly)
      add_yearly_closure(c, start, until_h, closed_);
    else
      closed_.push_back({c.from_h, c.to_h});
  }
  closed_.insert(closed_.end(), extra_closed.begin(), extra_closed.end());
  for (Interval& i : closed_)
    i.end_h = std::min(i.end_h, until_h);
  merge(closed_);
  std::erase_if(closed_, [](const Interval& i) { return i.end_h <= 0; });
}

bool Calendar::is_open(double t_h) const {
  return next_open(t_h) == t_h;
}

double Calendar::next_open(double t_h) const {
  // The first closed interval ending after t: if it has started, t is inside it.
  auto it = std::upper_bound(closed_.begin(), closed_.end(), t_h,
                             [](double t, const Interval& i) { return t < i.end_h; });
  if (it != closed_.end() && it->start_h <= t_h) return it->end_h;
  return t_h;
}

double Calendar::open_hours_between(double a_h, double b_h) const {
  if (b_h <= a_h) return 0;
  double closed = 0;
  for (const Interval& i : closed_)
    closed += std::max(0.0, std::min(b_h, i.end_h) - std::max(a_h, i.start_h));
  return (b_h - a_h) - closed;
}

} // namespace corridor

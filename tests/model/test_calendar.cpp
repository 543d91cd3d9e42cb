#include "corridor/calendar.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>

using namespace corridor;

namespace {
const Date kStart{2025, 1, 1}; // a Wednesday
constexpr double kYear = 365 * 24;

Closure yearly(int from_month, int from_day, int to_month, int to_day) {
  Closure c;
  c.yearly = true;
  c.from_month = from_month;
  c.from_day = from_day;
  c.to_month = to_month;
  c.to_day = to_day;
  return c;
}

// Hours from 00:00 on `start` to 00:00 on `date`.
double hours_to(const Date& start, const Date& date) {
  return (date.days_since_epoch() - start.days_since_epoch()) * 24.0;
}

// Hours from 00:00 on kStart to hour:minute of day `day` (day 0 = kStart).
constexpr double at(int day, int hour, int minute = 0) {
  return day * 24.0 + hour + minute / 60.0;
}
} // namespace

TEST_CASE("dates parse strictly and know their weekday", "[calendar]") {
  Date d;
  REQUIRE(parse_date("2025-01-01", d));
  CHECK(d.weekday() == 2); // Wednesday
  CHECK(d.to_string() == "2025-01-01");
  REQUIRE(parse_date("2024-02-29", d));
  CHECK_FALSE(parse_date("2025-02-29", d));
  CHECK_FALSE(parse_date("2025-13-01", d));
  CHECK_FALSE(parse_date("2025-1-01", d));
  CHECK_FALSE(parse_date("yesterday!", d));
  CHECK(Date{1970, 1, 1}.days_since_epoch() == 0);
  CHECK(Date{2025, 1, 1}.days_since_epoch() == 20089);
}

TEST_CASE("daily opening hours: closed before 08:00 and from 20:00", "[calendar]") {
  OpeningHours hours;
  hours.daily = {{8, 20}};
  const Calendar c(kStart, hours, {}, {}, kYear);
  CHECK_FALSE(c.is_open(0));
  CHECK(c.next_open(0) == 8);
  CHECK(c.is_open(8));
  CHECK(c.is_open(19.99));
  CHECK(c.next_open(21) == 24 + 8); // a truck arriving at 21:00 waits for 08:00 next day
  CHECK(c.open_hours_between(0, 48) == Approx(24));
}

TEST_CASE("overnight windows and days off", "[calendar]") {
  OpeningHours hours;
  hours.daily = {{22, 6}};
  hours.days_off = {4}; // Friday: 2025-01-03 is day 2
  const Calendar c(kStart, hours, {}, {}, kYear);
  CHECK(c.is_open(2)); // 02:00 Wednesday: the window opened Tuesday 22:00
  CHECK_FALSE(c.is_open(12));
  CHECK(c.next_open(12) == 22);
  CHECK(c.is_open(24 + 23));         // Thursday 23:00
  CHECK_FALSE(c.is_open(48 + 3));    // Friday 03:00: a day off closes Thursday's window at midnight
  CHECK_FALSE(c.is_open(48 + 23));   // Friday 23:00: day off
  CHECK(c.next_open(48 + 23) == 72); // Saturday 00:00: Friday's window, on a working day
}

TEST_CASE("a yearly closure wraps over New Year, both days inclusive", "[calendar]") {
  Closure winter;
  winter.yearly = true;
  winter.from_month = 12;
  winter.from_day = 1;
  winter.to_month = 3;
  winter.to_day = 31;
  const Calendar c(kStart, {}, {winter}, {}, 2 * kYear);
  CHECK_FALSE(c.is_open(0));                    // 1 January 2025: closed since 1 Dec 2024
  const double april_1 = (31 + 28 + 31) * 24.0; // 00:00 on 1 April 2025
  CHECK(c.next_open(0) == april_1);
  CHECK(c.is_open(april_1));
  const double december_1 = 334 * 24.0;
  CHECK(c.is_open(december_1 - 1));
  CHECK_FALSE(c.is_open(december_1));
  CHECK(c.next_open(december_1) == april_1 + 365 * 24);
}

TEST_CASE("dated closures and extra closed intervals merge", "[calendar]") {
  Closure dated;
  dated.from_h = 100;
  dated.to_h = 200;
  const Calendar c(kStart, {}, {dated}, {{150, 250}, {300, 310}}, kYear);
  REQUIRE(c.closed().size() == 2);
  CHECK(c.next_open(120) == 250);
  CHECK(c.next_open(305) == 310);
  CHECK(c.next_open(99) == 99);
  CHECK(c.open_hours_between(0, 400) == Approx(400 - 150 - 10));
}

TEST_CASE("a day off closes its calendar day whole, even under a window spanning midnight", "[calendar]") {
  // 22:00-06:00 with Sunday off. Saturday's window is cut at Sunday 00:00; Sunday's own window
  // is not opened, but its early hours on Monday stay open because Monday is not a day off.
  OpeningHours hours;
  hours.daily = {{22, 6}};
  hours.days_off = {6};
  const Calendar c(kStart, hours, {}, {}, kYear);
  constexpr int sat = 3, sun = 4, mon = 5; // 2025-01-04 … 2025-01-06

  CHECK_FALSE(c.is_open(at(sat, 21, 59)));
  CHECK(c.next_open(at(sat, 21, 59)) == at(sat, 22));
  CHECK(c.is_open(at(sat, 22)));
  CHECK(c.is_open(at(sat, 23, 59)));

  for (const double t : {at(sun, 0), at(sun, 5, 59), at(sun, 6), at(sun, 23, 59)}) {
    INFO("Sunday at hour " << t - at(sun, 0));
    CHECK_FALSE(c.is_open(t));
    CHECK(c.next_open(t) == at(mon, 0));
  }

  CHECK(c.is_open(at(mon, 0)));
  CHECK(c.next_open(at(mon, 0)) == at(mon, 0));
  CHECK(c.is_open(at(mon, 5, 59)));
  CHECK_FALSE(c.is_open(at(mon, 6)));
  CHECK(c.next_open(at(mon, 6)) == at(mon, 22));

  CHECK(c.open_hours_between(at(sat, 0), at(sat, 22)) == Approx(6)); // Friday's window until 06:00
  CHECK(c.open_hours_between(at(sat, 21, 59), at(sun, 0)) == Approx(2));
  CHECK(c.open_hours_between(at(sun, 0), at(mon, 0)) == 0);
  CHECK(c.open_hours_between(at(sun, 5, 59), at(sun, 6)) == 0);
  CHECK(c.open_hours_between(at(sun, 23, 59), at(mon, 0, 1)) == Approx(1.0 / 60));
  CHECK(c.open_hours_between(at(mon, 0), at(mon, 6)) == Approx(6));
  CHECK(c.open_hours_between(at(sat, 0), at(sat + 7, 0)) == Approx(6 * 8)); // a week: six days of 6 + 2 hours
}

TEST_CASE("consecutive days off under a window spanning midnight", "[calendar]") {
  OpeningHours hours;
  hours.daily = {{22, 6}};
  hours.days_off = {5, 6}; // the weekend
  const Calendar c(kStart, hours, {}, {}, kYear);
  constexpr int fri = 2, sat = 3, mon = 5;
  CHECK(c.is_open(at(fri, 23, 59)));
  CHECK_FALSE(c.is_open(at(sat, 0)));
  CHECK(c.next_open(at(sat, 0)) == at(mon, 0));
  CHECK(c.open_hours_between(at(fri, 0), at(mon, 6)) == Approx(6 + 2 + 6));
}

TEST_CASE("days off around the clock close exactly their calendar day", "[calendar]") {
  OpeningHours hours;
  hours.days_off = {6};
  const Calendar c(kStart, hours, {}, {}, kYear);
  constexpr int sun = 4;
  CHECK(c.is_open(at(sun - 1, 23, 59)));
  CHECK_FALSE(c.is_open(at(sun, 0)));
  CHECK(c.next_open(at(sun, 23, 59)) == at(sun + 1, 0));
  CHECK(c.open_hours_between(0, 7 * 24) == Approx(6 * 24));
}

TEST_CASE("a yearly closure may not start or end on 02-29, in any year", "[calendar]") {
  // 29 February is missing three years in four; moving it to 02-28 or 03-01 would close a day
  // the user did not name, so it is refused rather than guessed.
  for (const Date start : {Date{2024, 1, 1}, Date{2025, 1, 1}}) {
    INFO("start " << start.to_string());
    CHECK_THROWS_AS(Calendar(start, {}, {yearly(2, 29, 3, 10)}, {}, 2 * kYear), std::invalid_argument);
    CHECK_THROWS_AS(Calendar(start, {}, {yearly(12, 1, 2, 29)}, {}, 2 * kYear), std::invalid_argument);
    CHECK_THROWS_AS(Calendar(start, {}, {yearly(2, 29, 2, 29)}, {}, 2 * kYear), std::invalid_argument);
    CHECK_NOTHROW(Calendar(start, {}, {yearly(2, 28, 3, 1)}, {}, 2 * kYear));
  }
  CHECK_FALSE(exists_every_year(2, 29));
  CHECK(exists_every_year(2, 28));
  CHECK(exists_every_year(3, 1));
  CHECK(exists_every_year(12, 31));
  CHECK_FALSE(exists_every_year(4, 31));
  CHECK_FALSE(exists_every_year(13, 1));
  CHECK_FALSE(exists_every_year(1, 0));
}

TEST_CASE("a yearly closure 02-28 to 03-01 covers 29 February only in leap years", "[calendar]") {
  const Date start{2024, 1, 1};
  const Calendar c(start, {}, {yearly(2, 28, 3, 1)}, {}, 3 * kYear);
  const double feb28_2024 = hours_to(start, {2024, 2, 28}), mar2_2024 = hours_to(start, {2024, 3, 2});
  CHECK(c.is_open(feb28_2024 - 0.01));
  CHECK_FALSE(c.is_open(feb28_2024));
  CHECK_FALSE(c.is_open(hours_to(start, {2024, 2, 29})));
  CHECK(c.next_open(feb28_2024) == mar2_2024);
  CHECK(c.open_hours_between(0, hours_to(start, {2025, 1, 1})) == Approx((366 - 3) * 24));

  const double feb28_2025 = hours_to(start, {2025, 2, 28}), mar2_2025 = hours_to(start, {2025, 3, 2});
  CHECK(c.is_open(feb28_2025 - 0.01));
  CHECK_FALSE(c.is_open(feb28_2025));
  CHECK(c.next_open(feb28_2025) == mar2_2025);
  CHECK(c.open_hours_between(hours_to(start, {2025, 1, 1}), hours_to(start, {2026, 1, 1})) ==
        Approx((365 - 2) * 24));
}

TEST_CASE("a yearly closure ending 02-28 leaves 29 February open in leap years", "[calendar]") {
  const Date start{2024, 1, 1};
  const Calendar c(start, {}, {yearly(12, 1, 2, 28)}, {}, 3 * kYear); // wraps over New Year
  CHECK_FALSE(c.is_open(0));                                          // since 1 December 2023
  CHECK(c.next_open(0) == hours_to(start, {2024, 2, 29}));
  CHECK(c.is_open(hours_to(start, {2024, 2, 29})));
  CHECK_FALSE(c.is_open(hours_to(start, {2024, 12, 1})));
  CHECK(c.next_open(hours_to(start, {2024, 12, 1})) == hours_to(start, {2025, 3, 1})); // no 29th
}

TEST_CASE("a yearly closure wrapping over New Year into a leap February", "[calendar]") {
  const Date start{2023, 6, 1};
  const Calendar c(start, {}, {yearly(12, 15, 3, 1)}, {}, 3 * kYear);
  const double from = hours_to(start, {2023, 12, 15});
  CHECK(c.is_open(from - 0.01));
  CHECK(c.next_open(from) == hours_to(start, {2024, 3, 2}));
  CHECK(c.open_hours_between(from, hours_to(start, {2024, 3, 2})) == 0);
  CHECK(c.open_hours_between(hours_to(start, {2024, 12, 15}), hours_to(start, {2025, 3, 2})) == 0);
  CHECK(c.next_open(hours_to(start, {2024, 12, 15})) == hours_to(start, {2025, 3, 2}));
  CHECK(c.open_hours_between(from - 24, hours_to(start, {2024, 3, 3})) == Approx(2 * 24)); // 14 Dec, 2 Mar
}

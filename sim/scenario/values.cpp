#include "scenario/values.hpp"

#include <fmt/format.h>

namespace corridor::scenario {

namespace {

const std::vector<std::string> kDistributionKinds = {"constant", "uniform",   "triangular", "exponential",
                                                     "normal",   "lognormal", "empirical"};

bool two_digits(const std::string& s, std::size_t at) {
  return at + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[at])) &&
         std::isdigit(static_cast<unsigned char>(s[at + 1]));
}

std::optional<double> parse_hhmm(const std::string& s) {
  if (s.size() != 5 || s[2] != ':' || !two_digits(s, 0) || !two_digits(s, 3)) return std::nullopt;
  const int h = std::stoi(s.substr(0, 2)), m = std::stoi(s.substr(3, 2));
  if (h > 24 || m > 59 || (h == 24 && m != 0)) return std::nullopt;
  return h + m / 60.0;
}

double hours_from(const Date& start, const Date& date) {
  return static_cast<double>(date.days_since_epoch() - start.days_since_epoch()) * 24;
}

// 02-29 in a yearly closure is refused rather than moved: 02-28 or 03-01 in its place would close,
// three years in four, a day the scenario does not name.
bool every_year(Report& report, const YAML::Node& node, const std::string& path, int month, int day) {
  if (exists_every_year(month, day)) return true;
  report.error(node, path,
               "expected a day every year has (02-29 is only in leap years: use 02-28 or 03-01, or a dated "
               "closure such as 2028-02-29), got " +
                   describe(node));
  return false;
}

// Both ends are checked so that one pass reports both when both are 02-29.
bool yearly_days_exist(Report& report, const Fields& f, const Closure& c) {
  const bool from = every_year(report, f.get("from"), f.path("from"), c.from_month, c.from_day);
  const bool to = every_year(report, f.get("to"), f.path("to"), c.to_month, c.to_day);
  return from && to;
}

} // namespace

namespace {

// A constant the sources disagree on, written where a number of hours or TEU goes.
std::optional<Distribution> uncertain_constant(Report& report, const YAML::Node& node,
                                               const std::string& path) {
  const auto x = read_uncertain(
      report, node, path,
      [&](const YAML::Node& v, const std::string& p) -> std::optional<double> {
        double y = 0;
        if (!v.IsScalar() || !YAML::convert<double>::decode(v, y) || !(y >= 0) ||
            !(y <= limits::kMaxDistributionValue)) {
          report.error(v, p,
                       fmt::format("expected a number from 0 to {:g}, got {}", limits::kMaxDistributionValue,
                                   describe(v)));
          return std::nullopt;
        }
        return y;
      },
      false);
  return x ? std::optional<Distribution>(Distribution::constant(*x)) : std::nullopt;
}

} // namespace

std::optional<Distribution> read_distribution(Report& report, const YAML::Node& node,
                                              const std::string& path) {
  Distribution d;
  if (is_uncertain(node)) return uncertain_constant(report, node, path);
  if (node.IsScalar()) {
    double x = 0;
    if (!YAML::convert<double>::decode(node, x) || !std::isfinite(x) || x < 0) {
      report.error(node, path,
                   "expected a number >= 0 or a distribution such as {exponential: {mean: 2}}, got " +
                       describe(node));
      return std::nullopt;
    }
    if (x > limits::kMaxDistributionValue) {
      report.error(
          node, path,
          fmt::format("expected a number <= {:g}, got {}", limits::kMaxDistributionValue, describe(node)));
      return std::nullopt;
    }
    return Distribution::constant(x);
  }
  if (!node.IsMap() || node.size() != 1) {
    report.error(
        node, path,
        "expected a number or a one-key mapping of constant, uniform, triangular, exponential, normal, "
        "lognormal or empirical, got " +
            describe(node));
    return std::nullopt;
  }
  const std::string kind = node.begin()->first.Scalar();
  const YAML::Node params = node.begin()->second;
  const std::string where = path + "." + kind;
  const std::size_t errors = report.count();
  if (kind == "constant" && is_uncertain(params)) return uncertain_constant(report, params, where);
  if (kind == "constant") {
    double x = 0;
    // NaN compares false with everything: test for the valid range, not against the invalid one.
    if (!params.IsScalar() || !YAML::convert<double>::decode(params, x) || !(x >= 0) ||
        !(x <= limits::kMaxDistributionValue)) {
      report.error(params, where,
                   fmt::format("expected a number from 0 to {:g}, got {}", limits::kMaxDistributionValue,
                               describe(params)));
      return std::nullopt;
    }
    return Distribution::constant(x);
  }
  if (kind == "empirical") {
    d.kind = DistributionKind::Empirical;
    if (!params.IsSequence() || params.size() == 0) {
      report.error(params, where, "expected a list of [value, weight] rows, got " + describe(params));
      return std::nullopt;
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      const YAML::Node row = params[i];
      double value = 0, weight = 0;
      if (!row.IsSequence() || row.size() != 2 || !YAML::convert<double>::decode(row[0], value) ||
          !YAML::convert<double>::decode(row[1], weight) || !(value >= 0) ||
          !(value <= limits::kMaxDistributionValue) || !(weight > 0) || !(weight <= limits::kMaxNumber)) {
        report.error(row, fmt::format("{}[{}]", where, i),
                     fmt::format("expected a row [value from 0 to {:g}, weight > 0], got {}",
                                 limits::kMaxDistributionValue, describe(row)));
        continue;
      }
      d.table_values.push_back(value);
      d.table_weights.push_back(weight);
    }
    if (report.count() > errors) return std::nullopt;
    return d;
  }
  std::vector<std::string> keys;
  if (kind == "uniform")
    keys = {"min", "max"}, d.kind = DistributionKind::Uniform;
  else if (kind == "triangular")
    keys = {"min", "mode", "max"}, d.kind = DistributionKind::Triangular;
  else if (kind == "exponential")
    keys = {"mean"}, d.kind = DistributionKind::Exponential;
  else if (kind == "normal")
    keys = {"mean", "sd"}, d.kind = DistributionKind::Normal;
  else if (kind == "lognormal")
    keys = {"mean", "sd"}, d.kind = DistributionKind::Lognormal;
  else {
    report.error(node.begin()->first, path,
                 "unknown distribution '" + kind + "'" + did_you_mean(kind, kDistributionKinds) +
                     " (valid: constant, uniform, triangular, exponential, normal, lognormal, empirical)");
    return std::nullopt;
  }
  Fields f(report, params, where, keys);
  if (!f.ok()) return std::nullopt;
  auto get = [&](const char* key) {
    return f.number(key, true, 0, true, limits::kMaxDistributionValue).value_or(0);
  };
  if (d.kind == DistributionKind::Uniform) d.min = get("min"), d.max = get("max");
  if (d.kind == DistributionKind::Triangular) d.min = get("min"), d.mode = get("mode"), d.max = get("max");
  if (d.kind == DistributionKind::Exponential || d.kind == DistributionKind::Normal ||
      d.kind == DistributionKind::Lognormal)
    d.mean_param = get("mean");
  if (d.kind == DistributionKind::Normal || d.kind == DistributionKind::Lognormal) d.sd = get("sd");
  f.finish();
  if (report.count() > errors) return std::nullopt;
  if (d.kind == DistributionKind::Uniform && d.min > d.max)
    report.error(params, where, fmt::format("expected min <= max, got min {} and max {}", d.min, d.max));
  if (d.kind == DistributionKind::Triangular && !(d.min <= d.mode && d.mode <= d.max))
    report.error(
        params, where,
        fmt::format("expected min <= mode <= max, got min {}, mode {}, max {}", d.min, d.mode, d.max));
  if (d.kind != DistributionKind::Uniform && d.kind != DistributionKind::Triangular && d.mean_param <= 0)
    report.error(f.get("mean"), where + ".mean",
                 "expected a positive number, got " + describe(f.get("mean")));
  if (report.count() > errors) return std::nullopt;
  return d;
}

std::optional<double> read_time_of_day(Report& report, const YAML::Node& node, const std::string& path) {
  auto h = node.IsScalar() ? parse_hhmm(node.Scalar()) : std::nullopt;
  if (!h) report.error(node, path, "expected a time of day HH:MM, got " + describe(node));
  return h;
}

std::optional<OpeningHours> read_opening_hours(Report& report, const YAML::Node& node,
                                               const std::string& path) {
  static const std::vector<std::string> days = {"monday", "tuesday",  "wednesday", "thursday",
                                                "friday", "saturday", "sunday"};
  Fields f(report, node, path, {"daily", "days_off"});
  if (!f.ok()) return std::nullopt;
  OpeningHours hours;
  const std::size_t errors = report.count();
  if (f.has("daily")) {
    const YAML::Node daily = f.get("daily");
    if (!daily.IsSequence())
      report.error(daily, f.path("daily"), "expected a list of HH:MM-HH:MM, got " + describe(daily));
    else
      for (std::size_t i = 0; i < daily.size(); ++i) {
        const std::string text = daily[i].IsScalar() ? daily[i].Scalar() : "";
        const bool shaped = text.size() == 11 && text[5] == '-';
        const double open = shaped ? parse_hhmm(text.substr(0, 5)).value_or(-1) : -1;
        const double close = shaped ? parse_hhmm(text.substr(6, 5)).value_or(-1) : -1;
        if (open < 0 || close < 0 || open >= 24 || open == close)
          report.error(daily[i], fmt::format("{}.daily[{}]", path, i),
                       "expected a window HH:MM-HH:MM (e.g. 08:00-20:00; 22:00-06:00 spans midnight), got " +
                           describe(daily[i]));
        else
          hours.daily.push_back({open, close == 0 ? 24 : close});
      }
  }
  if (f.has("days_off")) {
    const YAML::Node off = f.get("days_off");
    if (!off.IsSequence())
      report.error(off, f.path("days_off"), "expected a list of days, got " + describe(off));
    else
      for (std::size_t i = 0; i < off.size(); ++i) {
        const std::string day = off[i].IsScalar() ? off[i].Scalar() : "";
        auto it = std::find(days.begin(), days.end(), day);
        if (it == days.end())
          report.error(off[i], fmt::format("{}.days_off[{}]", path, i),
                       "expected a day monday … sunday, got " + describe(off[i]) + did_you_mean(day, days));
        else
          hours.days_off.push_back(static_cast<int>(it - days.begin()));
      }
  }
  f.finish();
  if (report.count() > errors) return std::nullopt;
  return hours;
}

std::optional<double> read_instant(Report& report, const YAML::Node& node, const std::string& path,
                                   const Date& start, bool end_of_day) {
  const std::string text = node.IsScalar() ? node.Scalar() : "";
  Date date;
  if (text.size() == 10 && parse_date(text, date)) return hours_from(start, date) + (end_of_day ? 24 : 0);
  if (text.size() == 16 && text[10] == ' ' && parse_date(text.substr(0, 10), date))
    if (auto h = parse_hhmm(text.substr(11, 5))) return hours_from(start, date) + *h;
  report.error(node, path, "expected a date YYYY-MM-DD or \"YYYY-MM-DD HH:MM\", got " + describe(node));
  return std::nullopt;
}

std::vector<Closure> read_closures(Report& report, const YAML::Node& node, const std::string& path,
                                   const Date& start) {
  std::vector<Closure> closures;
  if (!node.IsDefined() || node.IsNull()) return closures;
  if (!node.IsSequence()) {
    report.error(node, path, "expected a list of closures {from, to, reason}, got " + describe(node));
    return closures;
  }
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string item = fmt::format("{}[{}]", path, i);
    Fields f(report, node[i], item, {"from", "to", "reason"});
    if (!f.ok()) continue;
    Closure c;
    c.reason = f.string("reason", false).value_or("");
    auto from = f.string("from", true), to = f.string("to", true);
    f.finish();
    if (!from || !to) continue;
    auto month_day = [](const std::string& s, int& month, int& day) {
      if (s.size() != 5 || s[2] != '-' || !two_digits(s, 0) || !two_digits(s, 3)) return false;
      month = std::stoi(s.substr(0, 2));
      day = std::stoi(s.substr(3, 2));
      Date check;
      return parse_date(fmt::format("2024-{:02}-{:02}", month, day), check); // 02-29 gets its own error
    };
    if (from->size() == 5 || to->size() == 5) {
      c.yearly = true;
      if (!month_day(*from, c.from_month, c.from_day))
        report.error(f.get("from"), item + ".from",
                     "expected MM-DD (every year) or YYYY-MM-DD (once), got " + describe(f.get("from")));
      else if (!month_day(*to, c.to_month, c.to_day))
        report.error(f.get("to"), item + ".to",
                     "expected MM-DD like 'from' (every year), got " + describe(f.get("to")));
      else if (yearly_days_exist(report, f, c))
        closures.push_back(c);
      continue;
    }
    auto from_h = read_instant(report, f.get("from"), item + ".from", start, false);
    auto to_h = read_instant(report, f.get("to"), item + ".to", start, true);
    if (!from_h || !to_h) continue;
    if (*to_h <= *from_h) {
      report.error(f.get("to"), item + ".to",
                   "expected an end after the start 'from', got " + describe(f.get("to")));
      continue;
    }
    c.from_h = *from_h;
    c.to_h = *to_h;
    closures.push_back(c);
  }
  return closures;
}

} // namespace corridor::scenario

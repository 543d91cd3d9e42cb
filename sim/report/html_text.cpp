// Escaping: every name in a report comes from a scenario someone else wrote.
#include "report/report_parts.hpp"

#include <cmath>
#include <fmt/format.h>

namespace corridor::report {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string script_json(const Json& value) {
  // In JSON these characters occur only inside strings, where \u003c means the same: the
  // parsed value is unchanged, and the HTML parser never sees `</script` or `<!--`.
  const std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '<')
      out += "\\u003c";
    else if (c == '>')
      out += "\\u003e";
    else if (c == '&')
      out += "\\u0026";
    else
      out += c;
  }
  return out;
}

std::string format_number(double x, int digits) {
  if (!std::isfinite(x)) return "—";
  const double magnitude = std::fabs(x);
  // Large numbers as whole numbers with thousands separators; small ones to `digits` figures.
  if (magnitude >= std::pow(10.0, digits - 1)) {
    const std::string digits_text = std::to_string(std::llround(magnitude));
    std::string grouped = x < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits_text.size(); ++i) {
      if (i > 0 && (digits_text.size() - i) % 3 == 0) grouped += ',';
      grouped += digits_text[i];
    }
    return grouped;
  }
  return fmt::format("{:.{}g}", x, digits);
}

std::string format_figure(const Json& figure, int digits) {
  if (figure.is_number()) return format_number(figure.get<double>(), digits);
  if (!figure.is_object() || !figure.contains("mean") || !figure["mean"].is_number()) return "—";
  const double mean = figure["mean"].get<double>();
  const bool lower_bound = figure.value("lower_bound", false);
  std::string text = (lower_bound ? "&gt; " : "") + format_number(mean, digits);
  const double ci95 = figure.value("ci95", 0.0);
  if (ci95 > 0) text += " ± " + format_number(ci95, 2);
  return text;
}

} // namespace corridor::report

// The one CSV reader, the inverse of append_csv_field: what corridor writes reads back the same.
#include "corridor/csv_reader.hpp"

#include <stdexcept>

namespace corridor {

bool read_csv_record(std::istream& in, std::vector<std::string>& fields) {
  fields.clear();
  std::string field;
  bool quoted = false, any = false;
  for (int c; (c = in.get()) != std::char_traits<char>::eof();) {
    any = true;
    if (quoted) {
      if (c != '"') {
        field += static_cast<char>(c);
      } else if (in.peek() == '"') { // a doubled quote is one quote
        field += '"';
        in.get();
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      fields.push_back(std::move(field));
      return true;
    } else if (c != '\r') {
      field += static_cast<char>(c);
    }
  }
  if (quoted) throw std::runtime_error("a quoted field is not closed at the end of the file");
  if (!any) return false;
  fields.push_back(std::move(field)); // a last line without its line feed
  return true;
}

} // namespace corridor

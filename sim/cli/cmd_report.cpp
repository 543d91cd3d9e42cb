// corridor report RESULTS_DIR [--out FILE]: one self-contained HTML page of a result set.
#include "corridor/report.hpp"

#include "cli/commands.hpp"
#include "cli/options.hpp"

#include <iostream>

namespace corridor::cli {

int report_command(const Args& args) {
  po::options_description options("options");
  options.add_options()("results", po::value<std::string>()->required(), "a result set of corridor run")(
      "out,o", po::value<std::string>(), "the HTML file to write (default: RESULTS_DIR/report.html)");
  po::positional_options_description positional;
  positional.add("results", 1);
  po::variables_map vm;
  if (auto stop = parse_options("report", "RESULTS_DIR [--out FILE]", args, options, positional, vm))
    return *stop;

  const std::string dir = vm["results"].as<std::string>();
  const std::string out = vm.count("out") ? vm["out"].as<std::string>() : dir + "/report.html";
  try {
    write_report(dir, out);
  } catch (const std::exception& e) { // ReportError, or the page cannot be written
    std::cerr << "corridor report: " << e.what() << "\n";
    return kIoError;
  }
  std::cout << "wrote " << out << "\n";
  return kOk;
}

} // namespace corridor::cli

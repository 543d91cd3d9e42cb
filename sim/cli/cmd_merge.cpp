// corridor merge DIR... --out DIR: the shards of one batch, combined; same bytes as one batch.
#include "corridor/batch.hpp"

#include "cli/commands.hpp"
#include "cli/options.hpp"

#include <fmt/format.h>
#include <iostream>

namespace corridor::cli {

int merge_command(const Args& args) {
  po::options_description options("options");
  options.add_options()("dir", po::value<std::vector<std::string>>()->required(),
                        "batch directories (shards)")("out,o", po::value<std::string>()->required(),
                                                      "new directory for the merged batch");
  po::positional_options_description positional;
  positional.add("dir", -1);
  po::variables_map vm;
  if (auto stop = parse_options("merge", "DIR... --out DIR", args, options, positional, vm)) return *stop;

  const auto dirs = vm["dir"].as<std::vector<std::string>>();
  const std::string out = vm["out"].as<std::string>();
  ResultsReport report;
  try {
    report = merge_batches(dirs, out);
  } catch (const BatchError& e) {
    std::cerr << "corridor merge: " << e.what() << "\n";
    return kInvalidInput;
  } catch (const std::exception& e) {
    std::cerr << "corridor merge: " << e.what() << "\n";
    return kIoError;
  }
  std::cout << fmt::format("merged {} directories into {}: {} runs, {} failed, {} missing\n", dirs.size(),
                           out, report.runs, report.failed, report.missing);
  if (report.missing > 0) {
    std::cerr << "corridor merge: " << report.missing
              << " runs have no result in any directory (a shard did not finish); run them with "
                 "`corridor batch EXPERIMENT --out "
              << out << " --resume`\n";
    return kSimulationFailed;
  }
  std::cout << "wrote " << out << "/results.csv, " << out << "/replications.csv\n";
  return report.failed > 0 ? kSimulationFailed : kOk;
}

} // namespace corridor::cli

#include "cli/options.hpp"

#include <algorithm>
#include <iostream>
#include <thread>

namespace corridor::cli {

std::optional<int> parse_options(const std::string& command, const std::string& synopsis, const Args& args,
                                 const po::options_description& options,
                                 const po::positional_options_description& positional,
                                 po::variables_map& vm) {
  po::options_description all = options;
  all.add_options()("help,h", "show this help");
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << "usage: corridor " << command << " " << synopsis << "\n\n" << all;
      return kOk;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "corridor " << command << ": " << e.what() << "\n"
              << "usage: corridor " << command << " " << synopsis << "\n";
    return kInvalidInput;
  }
  return std::nullopt;
}

po::typed_value<int>* jobs_value() {
  return po::value<int>()->default_value(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
}

po::typed_value<std::vector<std::string>>* overrides_value() {
  return po::value<std::vector<std::string>>()->default_value({}, "");
}

} // namespace corridor::cli

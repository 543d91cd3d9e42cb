#pragma once
// Parsing a subcommand's options with Boost.Program_options, with one way of reporting errors.
#include "cli/commands.hpp"

#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

namespace corridor::cli {

namespace po = boost::program_options;

/**
 * Parses `args` for `command`. Returns the exit code to stop with (after printing help or an
 * error), or nothing when the command should go on with `vm` filled.
 */
std::optional<int> parse_options(const std::string& command, const std::string& synopsis, const Args& args,
                                 const po::options_description& options,
                                 const po::positional_options_description& positional, po::variables_map& vm);

/** The value of --jobs: as many at once as the machine has cores (at least 1) by default. */
po::typed_value<int>* jobs_value();

/** The value of --set: repeatable PATH=VALUE overrides, none by default. */
po::typed_value<std::vector<std::string>>* overrides_value();

} // namespace corridor::cli

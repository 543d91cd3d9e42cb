#pragma once
/**
 * @file Sampling a scenario's uncertain inputs: one value per replication, by Latin hypercube.
 *
 * Each input's range is cut into N strata of equal probability; replication r takes stratum
 * perm(r) of a seeded permutation, at a uniform offset inside it. The values depend only on
 * the seed, N and the input's path: the same with any --jobs, shard or order of runs, and an
 * input added to the scenario does not move the others' values.
 */
#include "corridor/scenario.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace corridor {

/** @brief The value of `input` at probability `u` in [0, 1]: its quantile (integers rounded). */
double input_quantile(const UncertainInput& input, double u);

/** @brief values[replication][input] for `replications` replications of base seed `seed`. */
std::vector<std::vector<double>> latin_hypercube(const std::vector<UncertainInput>& inputs,
                                                 std::uint64_t seed, int replications);

/** @brief The value as a `--set` value reads it back exactly ("57", "57.25", "0.1"). */
std::string input_value_text(const UncertainInput& input, double value);

/** @brief `PATH=VALUE` for each input, to reload the scenario with these values. */
std::vector<std::string> input_overrides(const std::vector<UncertainInput>& inputs,
                                         const std::vector<double>& values);

} // namespace corridor

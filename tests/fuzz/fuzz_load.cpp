// libFuzzer target: the scenario loader with `--set` overrides. Any input must end in a scenario
// or in ScenarioError diagnostics: no crash, hang, sanitizer report or other exception.
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  corridor::fuzz::load(corridor::fuzz::split_input(data, size));
  return 0;
}

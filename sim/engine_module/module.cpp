// The engine as a module the command line loads on demand (sim/experiments/engine_loader.cpp):
// SimGrid and the thirty libraries it brings are then loaded only by the commands that
// simulate, not by validate, routes, compare, merge or --version.
#include "corridor/engine.hpp"

extern "C" [[gnu::visibility("default")]] corridor::SimulateFunctionPointer corridor_engine_simulate_v1() {
  return &corridor::simulate;
}

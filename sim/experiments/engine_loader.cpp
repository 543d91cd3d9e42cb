#include "experiments/engine_loader.hpp"

#include <algorithm>
#include <dlfcn.h>
#include <filesystem>
#include <stdexcept>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace corridor::experiments {

namespace {

constexpr const char* kModule = "corridor-engine.so";

// Beside the executable (an installed or built corridor), then where this build put it (tests,
// whose programs live in a folder of their own).
std::vector<std::string> candidates() {
  std::vector<std::string> paths;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) paths.push_back((exe.parent_path() / kModule).string());
  paths.push_back(std::string(CORRIDOR_ENGINE_MODULE));
  return paths;
}

SimulateFunctionPointer load() {
  std::string tried;
  for (const std::string& path : candidates()) {
    void* module = dlopen(path.c_str(), RTLD_LAZY | RTLD_LOCAL);
    if (!module) {
      tried += "\n  " + std::string(dlerror());
      continue;
    }
    using Entry = SimulateFunctionPointer (*)();
    auto entry = reinterpret_cast<Entry>(dlsym(module, "corridor_engine_simulate_v1"));
    if (!entry)
      throw std::runtime_error(path + ": not corridor's engine module (no corridor_engine_simulate_v1)");
    return entry();
  }
  throw std::runtime_error(std::string("cannot load the simulation engine ") + kModule + ":" + tried);
}

} // namespace

SimulateFunctionPointer engine() {
  static const SimulateFunctionPointer loaded = load();
  return loaded;
}

ReplicationResult simulate_keeping_records(const Scenario& scenario, const RoutedScenario& routed,
                                           std::uint64_t seed) {
  RecordList kept;
  ReplicationResult r = engine()(scenario, routed, seed, kept);
  r.shipments = std::move(kept).by_id();
  return r;
}

} // namespace corridor::experiments

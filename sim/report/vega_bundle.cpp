// Vega from Debian's libjs-vega, which ships each module of Vega as its own UMD file and no
// bundle. Loaded as browser globals, each would replace `vega` with its own exports; loaded as
// CommonJS against a small registry, they link as they do under Node, and the modules' exports
// make up the `vega` namespace, as Vega's own index.js does.
#include "corridor/report.hpp"

#include "report/report_parts.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace corridor {

std::string vega_directory() {
  if (const char* dir = std::getenv("CORRIDOR_VEGA_DIR"); dir && *dir) return dir;
  return CORRIDOR_VEGA_DIR;
}

namespace report {
std::string vega_javascript(const std::string& directory);
}

void require_vega() {
  report::vega_javascript(vega_directory());
}

namespace report {

namespace {

// In dependency order: each module's requires are above it.
constexpr const char* kModules[] = {"vega-util",       "vega-canvas",     "vega-time",
                                    "vega-format",     "vega-loader",     "vega-dataflow",
                                    "vega-statistics", "vega-scale",      "vega-scenegraph",
                                    "vega-expression", "vega-selection",  "vega-event-selector",
                                    "vega-functions",  "vega-runtime",    "vega-view",
                                    "vega-parser",     "vega-transforms", "vega-view-transforms",
                                    "vega-encode",     "vega-projection", "vega-geo"};
// Modules whose exports are data-flow transforms (Vega's index.js registers the same way).
constexpr const char* kTransformModules[] = {"vega-transforms", "vega-view-transforms", "vega-encode",
                                             "vega-geo"};

std::string read_module(const std::string& directory, const std::string& name) {
  const std::string path = directory + "/" + name + ".min.js";
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ReportError("Vega's JavaScript not found: cannot read " + path +
                      " (install Debian's libjs-vega, or set CORRIDOR_VEGA_DIR to its folder)");
  std::ostringstream text;
  text << in.rdbuf();
  std::string js = text.str();
  // The page is offline: a source map comment would only make the browser ask for a file.
  if (const auto map = js.rfind("//# sourceMappingURL="); map != std::string::npos) js.erase(map);
  // Inside a <script> element "</script" would end it; "<\/script" means the same to JavaScript.
  for (std::size_t at = 0; (at = js.find("</script", at)) != std::string::npos; at += 2)
    js.replace(at, 2, "<\\/");
  return js;
}

} // namespace

std::string vega_javascript(const std::string& directory) {
  std::string js = "var corridorVegaModules = {\n"
                   // Needed only by projections and transforms the report does not use.
                   "  'd3-geo-projection': {}, 'd3-delaunay': {}\n"
                   "};\n"
                   "function corridorVegaRequire(name) {\n"
                   "  if (!(name in corridorVegaModules)) throw new Error('Vega module missing: ' + name);\n"
                   "  return corridorVegaModules[name];\n"
                   "}\n";
  for (const char* name : kModules) {
    js += std::string("(function () { var module = {exports: {}}, exports = module.exports, require = "
                      "corridorVegaRequire;\n") +
          read_module(directory, name) + "\n;corridorVegaModules['" + name + "'] = module.exports; })();\n";
    // vega-functions asks for it under its package's former name.
    if (std::string(name) == "vega-selection")
      js += "corridorVegaModules['vega-selections'] = corridorVegaModules['vega-selection'];\n";
  }
  js += "var vega = {};\n"
        "Object.keys(corridorVegaModules).forEach(function (name) {\n"
        "  if (name.indexOf('vega-') === 0) Object.assign(vega, corridorVegaModules[name]);\n"
        "});\n";
  for (const char* name : kTransformModules)
    js +=
        std::string("Object.assign(corridorVegaModules['vega-dataflow'].transforms, corridorVegaModules['") +
        name + "']);\n";
  return js;
}

} // namespace report

} // namespace corridor

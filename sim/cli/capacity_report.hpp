#pragma once
// What `capacity --network` and `plan` print and write about a probed volume of the network.
#include "corridor/capacity.hpp"

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

namespace corridor::cli {

/** "$1,234 M a year (56,789 TEU)", or "56,789 TEU a year" without a trade section. */
std::string volume_text(const Scenario& scenario, const NetworkProbe& probe);
/** "TORKHAM_BCP at 97% (95% CI 95% to 99%)", or "flow kz_exports carries 80% of its cargo". */
std::string binding_text(const NetworkProbe& probe, double limit);
/** Each flow's carried share and route split, indented, one flow a line. */
void print_route_split(std::ostream& out, const NetworkProbe& probe);
/** The probe as JSON: volume, busiest, binding, resources, flows with their route split. */
nlohmann::ordered_json probe_json(const NetworkProbe& probe, double limit);
/** capacity.csv rows of a probe, `volume` naming it (sustained, beyond, ...). */
std::string probe_csv_rows(const std::string& volume, const NetworkProbe& probe);
/** The header of probe_csv_rows. */
std::string probe_csv_header();

} // namespace corridor::cli

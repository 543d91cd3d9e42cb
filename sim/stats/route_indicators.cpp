#include "stats/route_indicators.hpp"

#include <map>

namespace corridor::stats {

namespace {

struct Step {
  const RouteStep* step = nullptr;
  double distance_km = 0;
};

std::vector<Step> steps_of(const Scenario& s, const RoutedRoute& route) {
  std::vector<Step> steps;
  for (const RoutedLeg& leg : route.legs)
    for (const RouteStep& step : leg.steps)
      steps.push_back(Step{&step, s.links[step.link.link].distance_km});
  return steps;
}

template <class T>
std::vector<const T*> of_pair(const std::vector<T>& all, std::uint32_t flow, std::uint32_t route) {
  std::vector<const T*> out;
  for (const T& x : all)
    if (x.flow == flow && x.route == route) out.push_back(&x);
  return out;
}

double ratio(double a, double b) {
  return b > 0 ? a / b : 0;
}

} // namespace

void add_route_indicators(RouteSummary& rs, const Scenario& s, const RoutedScenario& routed,
                          std::uint32_t flow, std::uint32_t route,
                          const std::vector<ReplicationDigest>& digests) {
  const RoutedRoute& rr = routed.routes[route];
  const std::vector<Step> steps = steps_of(s, rr);
  auto country_of = [&](std::size_t node) { return s.nodes[node].country; };

  // Sections: countries in order of first entry.
  std::vector<std::string> countries;
  std::map<std::string, std::size_t> section_of;
  auto section = [&](const std::string& c) {
    auto [it, added] = section_of.try_emplace(c, countries.size());
    if (added) countries.push_back(c);
    return it->second;
  };
  std::vector<std::size_t> step_section, slot_section;
  for (const Step& st : steps)
    step_section.push_back(section(country_of(st.step->departure_node)));
  for (const RouteSlot& slot : rr.slots)
    slot_section.push_back(section(country_of(slot.node)));
  std::vector<double> section_km(countries.size(), 0);
  for (std::size_t i = 0; i < steps.size(); ++i)
    section_km[step_section[i]] += steps[i].distance_km;

  const std::size_t n_slots = rr.slots.size(), n_steps = steps.size(), n_sections = countries.size();
  std::vector<std::vector<double>> visits(n_slots), time(n_slots), p95(n_slots), wait(n_slots),
      service(n_slots), cost(n_slots);
  std::vector<std::vector<double>> moving(n_sections), total(n_sections), swod(n_sections), swd(n_sections);
  std::vector<double> step_time(n_steps, 0), step_cost(n_steps, 0), slot_time(n_slots, 0),
      slot_cost(n_slots, 0);
  std::vector<int> step_n(n_steps, 0), slot_n(n_slots, 0), step_cost_n(n_steps, 0), slot_cost_n(n_slots, 0);

  for (const ReplicationDigest& d : digests) {
    const auto pv = of_pair(d.facility_visits, flow, route);
    const auto ps = of_pair(d.link_steps, flow, route);
    std::vector<double> sec_moving(n_sections, 0), sec_total(n_sections, 0);
    bool any = false;
    for (std::size_t i = 0; i < n_slots; ++i) {
      const FacilityVisitSums* v = i < pv.size() ? pv[i] : nullptr;
      visits[i].push_back(v ? static_cast<double>(v->visits) : 0);
      if (!v || v->visits == 0) continue; // no time from a replication without a visit
      any = true;
      const double n = static_cast<double>(v->visits);
      time[i].push_back((v->wait_h + v->service_h) / n);
      p95[i].push_back(v->time_h_p95.value());
      wait[i].push_back(v->wait_h / n);
      service[i].push_back(v->service_h / n);
      sec_total[slot_section[i]] += (v->wait_h + v->service_h) / n;
      slot_time[i] += (v->wait_h + v->service_h) / n;
      ++slot_n[i];
      if (v->teu > 0) {
        cost[i].push_back(v->cost_usd / v->teu);
        slot_cost[i] += v->cost_usd / v->teu;
        ++slot_cost_n[i];
      }
    }
    for (std::size_t i = 0; i < n_steps; ++i) {
      const LinkStepSums* l = i < ps.size() ? ps[i] : nullptr;
      if (!l || l->crossings == 0) continue;
      any = true;
      const double n = static_cast<double>(l->crossings);
      sec_moving[step_section[i]] += l->moving_h / n;
      sec_total[step_section[i]] += l->time_h / n;
      step_time[i] += l->time_h / n;
      ++step_n[i];
      if (l->teu > 0) {
        step_cost[i] += l->cost_usd / l->teu;
        ++step_cost_n[i];
      }
    }
    if (!any) continue;
    for (std::size_t c = 0; c < n_sections; ++c) {
      moving[c].push_back(sec_moving[c]);
      total[c].push_back(sec_total[c]);
      if (sec_moving[c] > 0) swod[c].push_back(section_km[c] / sec_moving[c]);
      if (sec_total[c] > 0) swd[c].push_back(section_km[c] / sec_total[c]);
    }
  }

  for (std::size_t i = 0; i < n_slots; ++i) {
    const RouteSlot& slot = rr.slots[i];
    RouteFacilitySummary f;
    f.facility = s.facilities[slot.facility].id;
    f.node = s.nodes[slot.node].id;
    f.country = country_of(slot.node);
    f.kind = to_string(s.facilities[slot.facility].kind);
    f.visits = estimate(visits[i]);
    f.time_h = estimate(time[i]);
    f.time_h_p95 = estimate(p95[i]);
    f.wait_h = estimate(wait[i]);
    f.service_h = estimate(service[i]);
    if (!cost[i].empty()) f.cost_usd_per_teu = estimate(cost[i]);
    rs.facilities.push_back(f);
  }
  for (std::size_t c = 0; c < n_sections; ++c) {
    RouteSectionSummary sec;
    sec.country = countries[c];
    sec.distance_km = section_km[c];
    sec.moving_h = estimate(moving[c]);
    sec.total_h = estimate(total[c]);
    sec.swod_kmh = estimate(swod[c]);
    sec.swd_kmh = estimate(swd[c]);
    rs.sections.push_back(sec);
  }
  // The profile: per step and visit the mean over replications that had it, added up in order.
  double km = 0, hours = 0, usd = 0;
  std::size_t slot = 0;
  bool priced = false; // bulk has no TEU to price per
  for (int n : step_cost_n)
    priced = priced || n > 0;
  auto so_far = [&]() { return priced ? std::optional<double>(usd) : std::nullopt; };
  for (std::size_t i = 0; i < n_steps; ++i) {
    km += steps[i].distance_km;
    hours += ratio(step_time[i], step_n[i]);
    usd += ratio(step_cost[i], step_cost_n[i]);
    rs.profile.push_back(ProfilePoint{"link", s.links[steps[i].step->link.link].id,
                                      country_of(steps[i].step->departure_node), km, hours, so_far()});
    for (; slot < n_slots && rr.slots[slot].step == i; ++slot) {
      hours += ratio(slot_time[slot], slot_n[slot]);
      usd += ratio(slot_cost[slot], slot_cost_n[slot]);
      rs.profile.push_back(ProfilePoint{"facility", s.facilities[rr.slots[slot].facility].id,
                                        country_of(rr.slots[slot].node), km, hours, so_far()});
    }
  }
}

} // namespace corridor::stats

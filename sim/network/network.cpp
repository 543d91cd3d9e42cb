#include "corridor/network.hpp"

namespace corridor {

namespace {
template <typename Items> void index_ids(const Items& items, std::map<std::string, std::size_t>& index) {
  for (std::size_t i = 0; i < items.size(); ++i)
    index.emplace(items[i].id, i); // first wins: duplicates are reported by validation
}

std::optional<std::size_t> lookup(const std::map<std::string, std::size_t>& index, const std::string& id) {
  auto it = index.find(id);
  if (it == index.end()) return std::nullopt;
  return it->second;
}
} // namespace

Network::Network(const Scenario& scenario) {
  index_ids(scenario.nodes, nodes_);
  index_ids(scenario.links, links_);
  index_ids(scenario.facilities, facilities_);
  index_ids(scenario.services, services_);
  index_ids(scenario.routes, routes_);

  // Links written in their own direction win over two-way links used backwards.
  for (std::size_t i = 0; i < scenario.links.size(); ++i) {
    const Link& l = scenario.links[i];
    auto from = node(l.from), to = node(l.to);
    if (from && to) link_by_ends_.emplace(std::tuple{*from, *to, l.mode}, LinkTraversal{i, true});
  }
  for (std::size_t i = 0; i < scenario.links.size(); ++i) {
    const Link& l = scenario.links[i];
    auto from = node(l.from), to = node(l.to);
    if (from && to && l.two_way)
      link_by_ends_.emplace(std::tuple{*to, *from, l.mode}, LinkTraversal{i, false});
  }

  facilities_at_.resize(scenario.nodes.size());
  for (std::size_t i = 0; i < scenario.facilities.size(); ++i)
    if (auto n = node(scenario.facilities[i].node)) facilities_at_[*n].push_back(i);
}

std::optional<std::size_t> Network::node(const std::string& id) const {
  return lookup(nodes_, id);
}
std::optional<std::size_t> Network::link(const std::string& id) const {
  return lookup(links_, id);
}
std::optional<std::size_t> Network::facility(const std::string& id) const {
  return lookup(facilities_, id);
}
std::optional<std::size_t> Network::service(const std::string& id) const {
  return lookup(services_, id);
}
std::optional<std::size_t> Network::route(const std::string& id) const {
  return lookup(routes_, id);
}

std::optional<LinkTraversal> Network::find_link(std::size_t from_node, std::size_t to_node, Mode mode) const {
  auto it = link_by_ends_.find(std::tuple{from_node, to_node, mode});
  if (it == link_by_ends_.end()) return std::nullopt;
  return it->second;
}

} // namespace corridor

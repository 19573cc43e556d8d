#pragma once
// The compiled part of attain/core/hierarchy.hpp (see attain/core/config.hpp).
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "attain/core/hierarchy.hpp"
#include "attain/core/measure.hpp"

namespace attain {

ATTAIN_FUNC hierarchy::hierarchy(std::vector<std::string> names, const std::vector<std::string>& parents,
                                 std::vector<std::string> levels)
    : names_(std::move(names)), levels_(std::move(levels)) {
  detail::require_same_length("parents", parents.size(), "units", names_.size());
  const auto n = static_cast<std::int32_t>(names_.size());
  index_.reserve(names_.size());
  for (std::int32_t i = 0; i < n; ++i) {
    if (names_[i].empty()) detail::fail<invalid_argument>("units[", i, "] is an empty name");
    auto [it, inserted] = index_.emplace(names_[i], i);
    if (!inserted)
      detail::fail<duplicate_key>("unit '", names_[i], "' is named twice (units[", it->second, "] and units[", i, "])");
  }
  if (levels_.empty()) levels_.assign(names_.size(), std::string{});
  detail::require_same_length("levels", levels_.size(), "units", names_.size());
  for (std::size_t i = 0; i < levels_.size(); ++i)
    validate_name_text(levels_[i], detail::concat("unit '", names_[i], "': level"));
  parent_.assign(names_.size(), -1);
  for (std::int32_t i = 0; i < n; ++i) {
    if (parents[i].empty()) continue;
    auto it = index_.find(parents[i]);
    if (it == index_.end())
      detail::fail<hierarchy_error>("unit '", names_[i], "' names parent '", parents[i], "', which is not a unit");
    parent_[i] = it->second;
  }
  compute_depths_or_throw_on_cycle();
  build_children();
}

ATTAIN_FUNC std::optional<std::int32_t> hierarchy::find(const std::string& name) const {
  auto it = index_.find(name);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

ATTAIN_FUNC std::vector<std::int32_t> hierarchy::units_at_level(std::string_view name) const {
  std::vector<std::int32_t> out;
  if (name.empty()) return out;
  for (std::size_t i = 0; i < levels_.size(); ++i)
    if (levels_[i] == name) out.push_back(static_cast<std::int32_t>(i));
  return out;
}

ATTAIN_FUNC void hierarchy::compute_depths_or_throw_on_cycle() {
  const std::size_t n = names_.size();
  depth_.assign(n, -1);
  std::vector<char> on_path(n, 0);
  std::vector<std::int32_t> path;
  for (std::size_t start = 0; start < n; ++start) {
    path.clear();
    auto u = static_cast<std::int32_t>(start);
    while (u >= 0 && depth_[u] < 0) {
      if (on_path[u]) throw_cycle(path, u);
      on_path[u] = 1;
      path.push_back(u);
      u = parent_[u];
    }
    int d = u >= 0 ? depth_[u] : -1;
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
      depth_[*it] = ++d;
      on_path[*it] = 0;
    }
  }
}

ATTAIN_FUNC void hierarchy::throw_cycle(const std::vector<std::int32_t>& path, std::int32_t repeated) const {
  std::string cycle;
  auto first = std::find(path.begin(), path.end(), repeated);
  for (auto it = first; it != path.end(); ++it) cycle += "'" + names_[*it] + "' -> ";
  detail::fail<hierarchy_error>("the unit hierarchy has a cycle: ", cycle, "'", names_[repeated], "'");
}

ATTAIN_FUNC void hierarchy::build_children() {
  const std::size_t n = names_.size();
  child_begin_.assign(n + 1, 0);
  for (auto p : parent_)
    if (p >= 0) ++child_begin_[static_cast<std::size_t>(p) + 1];
  for (std::size_t i = 0; i < n; ++i) child_begin_[i + 1] += child_begin_[i];
  children_.resize(child_begin_[n]);
  std::vector<std::size_t> fill(child_begin_.begin(), child_begin_.end() - 1);
  for (std::size_t i = 0; i < n; ++i)
    if (parent_[i] >= 0) children_[fill[static_cast<std::size_t>(parent_[i])]++] = static_cast<std::int32_t>(i);
  bottom_up_.resize(n);
  for (std::size_t i = 0; i < n; ++i) bottom_up_[i] = static_cast<std::int32_t>(i);
  std::stable_sort(bottom_up_.begin(), bottom_up_.end(), [&](auto a, auto b) { return depth_[a] > depth_[b]; });
}

}  // namespace attain

#pragma once
/// @file attain/core/hierarchy.hpp
/// @brief A unit hierarchy (officer -> branch -> province, any depth): each unit has at most
/// one parent; units without a parent are roots. Validated on construction: unit names are
/// unique, every parent is a unit, and there is no cycle.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "attain/core/error.hpp"

namespace attain {

class hierarchy {
 public:
  hierarchy() = default;

  /// @brief Units @p names; @p parents[i] is the name of unit i's parent, "" for a root.
  hierarchy(std::vector<std::string> names, const std::vector<std::string>& parents) : names_(std::move(names)) {
    detail::require_same_length("parents", parents.size(), "units", names_.size());
    const auto n = static_cast<std::int32_t>(names_.size());
    index_.reserve(names_.size());
    for (std::int32_t i = 0; i < n; ++i) {
      if (names_[i].empty()) detail::fail<invalid_argument>("units[", i, "] is an empty name");
      auto [it, inserted] = index_.emplace(names_[i], i);
      if (!inserted)
        detail::fail<duplicate_key>("unit '", names_[i], "' is named twice (units[", it->second, "] and units[", i,
                                    "])");
    }
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

  [[nodiscard]] std::size_t size() const noexcept { return names_.size(); }
  [[nodiscard]] const std::string& name(std::int32_t unit) const { return names_.at(static_cast<std::size_t>(unit)); }
  [[nodiscard]] const std::vector<std::string>& names() const noexcept { return names_; }
  /// @brief The parent's index, -1 for a root.
  [[nodiscard]] std::int32_t parent(std::int32_t unit) const { return parent_.at(static_cast<std::size_t>(unit)); }
  [[nodiscard]] const std::vector<std::int32_t>& parents() const noexcept { return parent_; }
  /// @brief Distance from the root (roots have depth 0).
  [[nodiscard]] int depth(std::int32_t unit) const { return depth_.at(static_cast<std::size_t>(unit)); }
  [[nodiscard]] std::span<const std::int32_t> children(std::int32_t unit) const {
    const auto u = static_cast<std::size_t>(unit);
    return {children_.data() + child_begin_.at(u), children_.data() + child_begin_.at(u + 1)};
  }
  [[nodiscard]] bool is_leaf(std::int32_t unit) const { return children(unit).empty(); }
  /// @brief Every unit, children before their parents (deepest first).
  [[nodiscard]] const std::vector<std::int32_t>& bottom_up() const noexcept { return bottom_up_; }

  [[nodiscard]] std::optional<std::int32_t> find(const std::string& name) const {
    auto it = index_.find(name);
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }
  /// @brief The index of unit @p name; throws attain::unknown_key.
  [[nodiscard]] std::int32_t index_of(const std::string& name) const {
    if (auto i = find(name)) return *i;
    detail::fail<unknown_key>("unit '", name, "' is not in the hierarchy");
  }

 private:
  void compute_depths_or_throw_on_cycle() {
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

  [[noreturn]] void throw_cycle(const std::vector<std::int32_t>& path, std::int32_t repeated) const {
    std::string cycle;
    auto first = std::find(path.begin(), path.end(), repeated);
    for (auto it = first; it != path.end(); ++it) cycle += "'" + names_[*it] + "' -> ";
    detail::fail<hierarchy_error>("the unit hierarchy has a cycle: ", cycle, "'", names_[repeated], "'");
  }

  void build_children() {
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

  std::vector<std::string> names_;
  std::vector<std::int32_t> parent_;
  std::vector<int> depth_;
  std::vector<std::size_t> child_begin_;
  std::vector<std::int32_t> children_;
  std::vector<std::int32_t> bottom_up_;
  std::unordered_map<std::string, std::int32_t> index_;
};

}  // namespace attain

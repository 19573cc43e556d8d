#pragma once
/// @file attain/core/hierarchy.hpp
/// @brief A unit hierarchy (officer -> branch -> province, any depth): each unit has at most
/// one parent; units without a parent are roots. Validated on construction: unit names are
/// unique, every parent is a unit, and there is no cycle.
///
/// Each unit may declare its level ("national", "province", "district", "officer"; "company",
/// "region", "rep"): a name of at most 64 bytes with no control character, "" = not declared.
/// Reports take their vocabulary from it, never from guesses at unit names.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "attain/core/config.hpp"
#include "attain/core/error.hpp"

namespace attain {

class hierarchy {
 public:
  hierarchy() = default;

  /// @brief Units @p names; @p parents[i] is the name of unit i's parent, "" for a root;
  /// @p levels[i] unit i's level ("" = not declared; an empty vector: none declared).
  hierarchy(std::vector<std::string> names, const std::vector<std::string>& parents,
            std::vector<std::string> levels = {});

  [[nodiscard]] std::size_t size() const noexcept { return names_.size(); }
  [[nodiscard]] const std::string& name(std::int32_t unit) const { return names_.at(static_cast<std::size_t>(unit)); }
  [[nodiscard]] const std::vector<std::string>& names() const noexcept { return names_; }
  /// @brief The parent's index, -1 for a root.
  [[nodiscard]] std::int32_t parent(std::int32_t unit) const { return parent_.at(static_cast<std::size_t>(unit)); }
  [[nodiscard]] const std::vector<std::int32_t>& parents() const noexcept { return parent_; }
  /// @brief Distance from the root (roots have depth 0).
  [[nodiscard]] int depth(std::int32_t unit) const { return depth_.at(static_cast<std::size_t>(unit)); }
  /// @brief The unit's declared level; "" when not declared.
  [[nodiscard]] const std::string& level(std::int32_t unit) const { return levels_.at(static_cast<std::size_t>(unit)); }
  /// @brief Every unit's declared level ("" = not declared), by unit index.
  [[nodiscard]] const std::vector<std::string>& levels() const noexcept { return levels_; }
  /// @brief Whether any unit declares a level.
  [[nodiscard]] bool has_levels() const noexcept {
    return std::any_of(levels_.begin(), levels_.end(), [](const auto& l) { return !l.empty(); });
  }
  /// @brief The units whose declared level is @p name, in unit order (none for "").
  [[nodiscard]] std::vector<std::int32_t> units_at_level(std::string_view name) const;
  [[nodiscard]] std::span<const std::int32_t> children(std::int32_t unit) const {
    const auto u = static_cast<std::size_t>(unit);
    return {children_.data() + child_begin_.at(u), children_.data() + child_begin_.at(u + 1)};
  }
  [[nodiscard]] bool is_leaf(std::int32_t unit) const { return children(unit).empty(); }
  /// @brief Every unit, children before their parents (deepest first).
  [[nodiscard]] const std::vector<std::int32_t>& bottom_up() const noexcept { return bottom_up_; }

  [[nodiscard]] std::optional<std::int32_t> find(const std::string& name) const;
  /// @brief The index of unit @p name; throws attain::unknown_key.
  [[nodiscard]] std::int32_t index_of(const std::string& name) const {
    if (auto i = find(name)) return *i;
    detail::fail<unknown_key>("unit '", name, "' is not in the hierarchy");
  }

 private:
  void compute_depths_or_throw_on_cycle();

  [[noreturn]] void throw_cycle(const std::vector<std::int32_t>& path, std::int32_t repeated) const;

  void build_children();

  std::vector<std::string> names_;
  std::vector<std::int32_t> parent_;
  std::vector<int> depth_;
  std::vector<std::string> levels_;
  std::vector<std::size_t> child_begin_;
  std::vector<std::int32_t> children_;
  std::vector<std::int32_t> bottom_up_;
  std::unordered_map<std::string, std::int32_t> index_;
};

}  // namespace attain

#ifdef ATTAIN_HEADER_ONLY
#include "attain/core/detail/hierarchy-inl.hpp"
#endif

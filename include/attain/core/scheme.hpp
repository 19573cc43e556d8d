#pragma once
/// @file attain/core/scheme.hpp
/// @brief Status schemes: which case statuses count as done (numerator and denominator), as
/// pending (denominator only) or as excluded (neither), per measure. A scheme is data: C++
/// builds the struct, the Python layer reads it from JSON or a dict (presets in
/// python/attain/presets/).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "attain/core/error.hpp"

namespace attain {

/// @brief Where a status puts a case.
enum class status_role : std::int8_t {
  done = 0,      ///< completed: in the numerator and the denominator
  pending = 1,   ///< eligible, not completed: in the denominator only
  excluded = 2,  ///< not eligible (e.g. without conditions to enforce, entrusted elsewhere)
};

/// @brief The roles of integer codes (0 done, 1 pending, 2 excluded), as role tables arrive
/// from another language; throws invalid_argument naming the first code that is not a role.
inline std::vector<status_role> roles_from_codes(std::span<const int> codes) {
  std::vector<status_role> roles;
  roles.reserve(codes.size());
  for (std::size_t k = 0; k < codes.size(); ++k) {
    if (codes[k] < 0 || codes[k] > 2)
      fail<invalid_argument>("roles[", k, "] = ", codes[k], " is not a status role (0..2)");
    roles.push_back(static_cast<status_role>(codes[k]));
  }
  return roles;
}

/// @brief "done", "pending" or "excluded"; throws attain::invalid_argument naming @p status otherwise.
inline status_role parse_role(std::string_view name, std::string_view status) {
  if (name == "done") return status_role::done;
  if (name == "pending") return status_role::pending;
  if (name == "excluded") return status_role::excluded;
  detail::fail<invalid_argument>("status '", status, "' has role '", name, "'; roles are done, pending, excluded");
}

/// @brief "done", "pending" or "excluded".
inline const char* role_name(status_role role) noexcept {
  return role == status_role::done ? "done" : role == status_role::pending ? "pending" : "excluded";
}

/// @brief The two measures a case contributes to.
enum class case_measure : std::uint8_t { count = 0, amount = 1 };

/// @brief "count" or "amount"; throws attain::invalid_argument otherwise.
inline case_measure parse_case_measure(std::string_view name) {
  if (name == "count") return case_measure::count;
  if (name == "amount") return case_measure::amount;
  detail::fail<invalid_argument>("measure '", name, "' is not 'count' or 'amount'");
}

/// @brief Status categories and their role for the count and the amount measure.
///
/// Example (the founding domain): `{{"thi_hanh_xong", done, done}, {"dinh_chi", done, done},
/// {"dang_thi_hanh", pending, pending}, {"chua_co_dieu_kien", excluded, excluded}}`.
struct status_scheme {
  /// @brief One status category.
  struct entry {
    std::string status;
    status_role count;
    status_role amount;
  };
  std::vector<entry> statuses;
  std::optional<status_role> unknown;  ///< role of statuses not listed; none: they are an error

  /// @brief The role of @p status for @p measure; throws attain::unknown_key naming the status
  /// (and @p row when given) if the scheme does not list it and gives unknown statuses no role.
  [[nodiscard]] status_role role(std::string_view status, case_measure measure, std::ptrdiff_t row = -1) const {
    if (auto r = find(status, measure)) return *r;
    if (row >= 0) detail::fail<unknown_key>("case ", row, ": status '", status, "' is not in the scheme");
    detail::fail<unknown_key>("status '", status, "' is not in the scheme");
  }

  /// @brief The role of @p status for @p measure: the listed one, else the unknown statuses'
  /// role, else none.
  [[nodiscard]] std::optional<status_role> find(std::string_view status, case_measure measure) const {
    for (const auto& e : statuses)
      if (e.status == status) return measure == case_measure::count ? e.count : e.amount;
    return unknown;
  }

  /// @brief Role codes (status_role as int8) per case, the column case_tallies() takes.
  template <class String>
  [[nodiscard]] std::vector<std::int8_t> roles(std::span<const String> case_statuses, case_measure measure) const {
    std::vector<std::int8_t> out(case_statuses.size());
    for (std::size_t i = 0; i < case_statuses.size(); ++i)
      out[i] =
          static_cast<std::int8_t>(role(std::string_view(case_statuses[i]), measure, static_cast<std::ptrdiff_t>(i)));
    return out;
  }
};

}  // namespace attain

#pragma once
// The compiled part of attain/core/cases.hpp (see attain/core/config.hpp).
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "attain/core/cases.hpp"

namespace attain {

namespace detail {

/// @brief Validates case @p i and returns its executed amount.
inline std::int64_t checked_case(const case_columns& c, std::size_t i, std::size_t n_units) {
  if (c.unit[i] < 0 || static_cast<std::size_t>(c.unit[i]) >= n_units)
    fail<invalid_argument>("case ", i, ": unit code ", c.unit[i], " is not a unit (0..", n_units, ")");
  if (c.status_month[i] < c.accepted[i])
    fail<invalid_argument>("case ", i, ": its status month (", year_month::from_ordinal(c.status_month[i]).to_string(),
                           ") is before its acceptance (", year_month::from_ordinal(c.accepted[i]).to_string(), ")");
  for (const std::int8_t role : {c.count_role[i], c.amount_role[i]})
    if (role < 0 || role > 2)
      fail<invalid_argument>("case ", i, ": role code ", static_cast<int>(role), " is not a status role (0..2)");
  const std::int64_t money = c.amount[i];
  const std::int64_t executed = c.done_amount.empty() ? money : c.done_amount[i];
  if (money < 0) fail<invalid_argument>("case ", i, ": amount = ", money, " is negative");
  if (executed < 0 || executed > money)
    fail<invalid_argument>("case ", i, ": done amount = ", executed, " is outside 0 .. amount = ", money);
  return executed;
}

}  // namespace detail

ATTAIN_FUNC void case_tallies(const case_columns& c, std::size_t n_units, year_month first, std::size_t n_periods,
                              const fiscal_calendar& calendar, std::span<std::int64_t> out,
                              std::span<case_moments> amount_moments) {
  const std::size_t n = c.unit.size();
  detail::require_same_length("accepted", c.accepted.size(), "unit", n);
  detail::require_same_length("status_month", c.status_month.size(), "unit", n);
  detail::require_same_length("count_role", c.count_role.size(), "unit", n);
  detail::require_same_length("amount_role", c.amount_role.size(), "unit", n);
  detail::require_same_length("amount", c.amount.size(), "unit", n);
  if (!c.done_amount.empty()) detail::require_same_length("done_amount", c.done_amount.size(), "unit", n);
  validate_case_span(n_periods);
  detail::require_same_length("out", out.size(), "units * periods * fields", n_units * n_periods * n_case_fields);
  const bool moments = !amount_moments.empty();
  if (moments)
    detail::require_same_length("amount_moments", amount_moments.size(), "units * periods", n_units * n_periods);

  // diff[((unit * stride) + k) * n_case_fields + field]: the change of the field at month k. The
  // fields of one (unit, month) sit together, so a case's updates touch two places, not twelve.
  const std::size_t stride = n_periods + 1;
  std::vector<std::int64_t> diff(n_units * stride * n_case_fields, 0);
  const std::int64_t t0 = first.ordinal();
  const auto index = [&](std::int64_t ordinal) {
    return static_cast<std::size_t>(std::clamp<std::int64_t>(ordinal - t0, 0, static_cast<std::int64_t>(n_periods)));
  };
  // Adds `value` to the field over the months [from, to) (ordinals), clipped to the output.
  const auto add = [&](std::size_t unit, std::size_t field, std::int64_t from, std::int64_t to, std::int64_t value) {
    const std::size_t lo = index(from), hi = index(to);
    if (lo >= hi || value == 0) return;
    std::int64_t* at_lo = diff.data() + (unit * stride + lo) * n_case_fields + field;
    std::int64_t* at_hi = diff.data() + (unit * stride + hi) * n_case_fields + field;
    *at_lo = checked_add(*at_lo, value, "case total");
    *at_hi = checked_sub(*at_hi, value, "case total");
  };
  // The case moments' difference arrays, [(unit * stride + k) * 4 + field] for n, sum x^2,
  // sum xy, sum y^2: exact modulo 2^128, and every true running sum is below 2^126.
  std::vector<uint128> moment_diff(moments ? n_units * stride * 4 : 0, 0);
  const auto add_moment = [&](std::size_t unit, std::size_t field, std::int64_t from, std::int64_t to, uint128 value) {
    const std::size_t lo = index(from), hi = index(to);
    if (lo >= hi || value == 0) return;
    moment_diff[(unit * stride + lo) * 4 + field] += value;
    moment_diff[(unit * stride + hi) * 4 + field] -= value;
  };
  constexpr std::int64_t never = INT32_MAX;  // an ordinal after every output month
  constexpr std::size_t ahead = 16;
  for (std::size_t i = 0; i < n; ++i) {
    // The unit's cells are scattered over memory: ask for the next cases' early.
    if (i + ahead < n && n_units > 0) {
      const auto u = static_cast<std::size_t>(
          std::clamp<std::int32_t>(c.unit[i + ahead], 0, static_cast<std::int32_t>(n_units) - 1));
      __builtin_prefetch(diff.data() + (u * stride + index(c.accepted[i + ahead])) * n_case_fields, 1, 1);
    }
    const std::int64_t executed = detail::checked_case(c, i, n_units);
    const auto unit = static_cast<std::size_t>(c.unit[i]);
    const std::int64_t accepted = c.accepted[i], status = c.status_month[i];
    // A done case leaves the figures after the end of the fiscal year it was done in.
    const std::int64_t leaves = calendar.year_start_ordinal(status) + 12;
    for (const auto measure : {case_measure::count, case_measure::amount}) {
      const bool by_count = measure == case_measure::count;
      const auto role = static_cast<status_role>(by_count ? c.count_role[i] : c.amount_role[i]);
      const std::int64_t value = by_count ? 1 : c.amount[i], done_value = by_count ? 1 : executed;
      const std::size_t base = by_count ? count_accepted : amount_accepted;
      const std::int64_t end = role == status_role::done ? leaves : never;
      add(unit, base + 0, accepted, end, value);
      add(unit, base + 1, accepted, role == status_role::excluded ? status : end, value);
      if (role == status_role::done) add(unit, base + 2, status, end, done_value);
      if (moments && !by_count) {  // the cases of amount_eligible, y = executed once done
        const std::int64_t until = role == status_role::excluded ? status : end;
        const auto x = static_cast<std::uint64_t>(value), y = static_cast<std::uint64_t>(done_value);
        add_moment(unit, 0, accepted, until, 1);
        add_moment(unit, 1, accepted, until, uint128{x} * x);
        if (role == status_role::done) {
          add_moment(unit, 2, status, end, uint128{x} * y);
          add_moment(unit, 3, status, end, uint128{y} * y);
        }
      }
    }
  }
  for (std::size_t unit = 0; unit < n_units; ++unit) {
    std::int64_t running[n_case_fields] = {};
    for (std::size_t k = 0; k < n_periods; ++k)
      for (std::size_t field = 0; field < n_case_fields; ++field) {
        running[field] = checked_add(running[field], diff[(unit * stride + k) * n_case_fields + field], "case total");
        out[(unit * n_periods + k) * n_case_fields + field] = running[field];
      }
  }
  for (std::size_t unit = 0; moments && unit < n_units; ++unit) {
    uint128 running[4] = {};
    for (std::size_t k = 0; k < n_periods; ++k) {
      const uint128* d = moment_diff.data() + (unit * stride + k) * 4;
      for (std::size_t field = 0; field < 4; ++field) running[field] += d[field];
      amount_moments[unit * n_periods + k] = {static_cast<std::int64_t>(running[0]), static_cast<double>(running[1]),
                                              static_cast<double>(running[2]), static_cast<double>(running[3])};
    }
  }
}

ATTAIN_FUNC void form_tallies(std::span<const std::span<const std::int64_t>> categories,
                              std::span<const status_role> roles, std::span<std::int64_t> done,
                              std::span<std::int64_t> eligible, std::span<std::int64_t> accepted,
                              std::span<const std::string> names) {
  detail::require_same_length("roles", roles.size(), "categories", categories.size());
  if (!names.empty()) detail::require_same_length("names", names.size(), "categories", categories.size());
  const std::size_t n = done.size();
  detail::require_same_length("eligible", eligible.size(), "done", n);
  detail::require_same_length("accepted", accepted.size(), "done", n);
  std::fill(done.begin(), done.end(), 0);
  std::fill(eligible.begin(), eligible.end(), 0);
  std::fill(accepted.begin(), accepted.end(), 0);
  for (std::size_t k = 0; k < categories.size(); ++k) {
    const std::string name = names.empty() ? detail::at("categories", k) : names[k];
    detail::require_same_length(name.c_str(), categories[k].size(), "done", n);
    const auto role = static_cast<int>(roles[k]);
    if (role < 0 || role > 2) detail::fail<invalid_argument>("roles[", k, "] = ", role, " is not a status role (0..2)");
    for (std::size_t i = 0; i < n; ++i) {
      const std::int64_t v = categories[k][i];
      if (v < 0) detail::fail<invalid_argument>("row ", i, ": ", name, " = ", v, " is negative");
      accepted[i] = checked_add(accepted[i], v, "accepted total");
      if (roles[k] != status_role::excluded) eligible[i] = checked_add(eligible[i], v, "eligible total");
      if (roles[k] == status_role::done) done[i] = checked_add(done[i], v, "done total");
    }
  }
}

}  // namespace attain

#pragma once
/// @file attain/core/cases.hpp
/// @brief From case records and from the status form to year-to-date tallies.
///
/// **Case records**: one row per case with its unit, the month it was accepted, its current
/// status's role (per measure, from a status_scheme), the month it took that status, its amount
/// and, optionally, the amount executed. For an output month t:
/// - the case is *in the figures* of t's fiscal year from the month it was accepted, unless it
///   was done in an earlier fiscal year: cases accepted in earlier years and not done before
///   the year began are carried over into it (excluded cases are never finished, so they are
///   carried over too);
/// - `accepted` (intake, thụ lý) counts every case in the figures;
/// - `eligible` counts those in the figures, except excluded cases from the month they took
///   that status on (the records hold the current status only: before its status month a case
///   is assumed to have been pending);
/// - `done` counts the done cases from their status month to the end of that fiscal year.
/// Counts add 1 per case, amounts add the case's amount, and done amounts its executed amount.
///
/// Each case adds to at most six month ranges, so the tallies are built from difference
/// arrays in O(cases + units x months), exact (a total that does not fit in int64 throws
/// attain::overflow_error; no partial sum can overflow unless a true total would).
///
/// **Case moments** (optional): for the amount measure, per unit and month, the sums over the
/// cases in its `eligible` figures at that month (the cases a money completion ratio is a ratio
/// of) that the linearised interval of that ratio needs (attain::case_moments): their number n,
/// sum x^2, sum xy and sum y^2, with x the case's amount and y its done amount if it is counted
/// done at that month, else 0. Sum x and sum y are the amount_eligible and amount_done tallies.
/// They are accumulated exactly, in unsigned 128-bit difference arrays (each is at most the
/// square of an int64 total, so it fits: sum x^2 <= (sum x)^2), and rounded to double once.
///
/// **The status form**: per row (unit, month) the year-to-date figures of each status category;
/// done = the done categories, eligible = done + pending categories, accepted = all of them.

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "attain/core/checked.hpp"
#include "attain/core/config.hpp"
#include "attain/core/error.hpp"
#include "attain/core/period.hpp"
#include "attain/core/scheme.hpp"
#include "attain/core/tally.hpp"

namespace attain {

/// @brief Per-case columns, all of one length (done_amount may be empty: then the amount).
struct case_columns {
  std::span<const std::int32_t> unit;          ///< unit code, 0..n_units-1
  std::span<const std::int32_t> accepted;      ///< year_month::ordinal() of acceptance
  std::span<const std::int32_t> status_month;  ///< ordinal of the month the current status was taken
  std::span<const std::int8_t> count_role;     ///< status_role per case, for the count
  std::span<const std::int8_t> amount_role;    ///< status_role per case, for the amount
  std::span<const std::int64_t> amount;        ///< money of the case (minor units)
  std::span<const std::int64_t> done_amount;   ///< money executed (done cases); empty: the amount
};

/// @brief The fields of case_tallies()' output, per (unit, month) cell.
enum case_field : std::size_t {
  count_accepted,
  count_eligible,
  count_done,
  amount_accepted,
  amount_eligible,
  amount_done,
  n_case_fields
};

/// @brief The most months case tallies cover: 100 years. A wider span is almost always a
/// mistyped date (0001-01-01) and would need gigabytes.
inline constexpr std::size_t max_case_periods = 1200;

/// @brief Throws invalid_argument when @p n_periods months exceed max_case_periods.
inline void validate_case_span(std::size_t n_periods) {
  if (n_periods > max_case_periods)
    detail::fail<invalid_argument>("the case months span ", n_periods, " months; at most ", max_case_periods,
                                   " (100 years) are tallied: look for a mistyped date, or tally fewer months");
}

/// @brief Year-to-date tallies per unit and month, for the months @p first ..
/// @p first + @p n_periods - 1: @p out is [unit][month][case_field], overwritten.
/// @throws invalid_argument naming the case row (bad unit code, role, amount, status before
/// acceptance), more than max_case_periods months, length_mismatch, overflow_error.
/// When @p amount_moments is not empty it receives the amount measure's case moments,
/// [unit][month] (see above).
void case_tallies(const case_columns& c, std::size_t n_units, year_month first, std::size_t n_periods,
                  const fiscal_calendar& calendar, std::span<std::int64_t> out,
                  std::span<case_moments> amount_moments = {});

/// @brief The status form -> done, eligible and accepted per row for one measure:
/// @p categories[k] holds category k's year-to-date figures per row, @p roles[k] its role, and
/// @p names[k], if given, the name error messages use for it (its column, say).
/// @throws invalid_argument naming the row and category for a negative figure; length_mismatch; overflow_error.
void form_tallies(std::span<const std::span<const std::int64_t>> categories, std::span<const status_role> roles,
                  std::span<std::int64_t> done, std::span<std::int64_t> eligible, std::span<std::int64_t> accepted,
                  std::span<const std::string> names = {});

}  // namespace attain

#ifdef ATTAIN_HEADER_ONLY
#include "attain/core/detail/cases-inl.hpp"
#endif

#pragma once
/// @file attain/core/rollup.hpp
/// @brief Grouped exact sums: the kernel behind every roll-up from rows to tallies.
///
/// Rows carry a dense group code (e.g. unit x period, from pandas categoricals or factorised
/// keys) and any number of int64 value columns (done, eligible, amounts...). The sums are
/// exact; an overflow throws attain::overflow_error naming the group and column. Partial
/// results from chunks are merged by adding the output arrays (see merge_sums).

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "attain/core/checked.hpp"
#include "attain/core/config.hpp"
#include "attain/core/error.hpp"

namespace attain {

/// @brief out[g * columns.size() + c] = sum of columns[c][i] over rows i with codes[i] == g.
/// @p out must have n_groups * columns.size() elements; it is overwritten.
void group_sum(std::span<const std::int32_t> codes, std::size_t n_groups,
               std::span<const std::span<const std::int64_t>> columns, std::span<std::int64_t> out);

/// @brief into += from, element-wise and exact: merges partial group sums (associative).
inline void merge_sums(std::span<std::int64_t> into, std::span<const std::int64_t> from) {
  detail::require_same_length("from", from.size(), "into", into.size());
  for (std::size_t i = 0; i < into.size(); ++i) into[i] = checked_add(into[i], from[i], "merged group sum");
}

/// @brief group_sum over @p threads threads: each sums its share of the rows into its own
/// partial array, and the partials are merged exactly. Same result as group_sum, any thread count.
void group_sum_parallel(std::span<const std::int32_t> codes, std::size_t n_groups,
                        std::span<const std::span<const std::int64_t>> columns, std::span<std::int64_t> out,
                        unsigned threads);

/// @brief Sums per (unit, period) cell straight from two key columns: cell =
/// unit_codes[i] * n_periods + period_rank[period_codes[i]]. @p sums gets
/// n_units * n_periods * columns.size() values (cell-major), @p rows the rows per cell.
/// Negative or out-of-range codes throw, naming the row; overflow throws.
///
/// Why it is laid out this way: one pass reads each row's codes and values once (a row's
/// validation, its count and its column sums are fused into that pass, as issue 15 asked), and the
/// cells are cell-major (count, then the columns), so a row touches one cell's cache line rather
/// than one line per column; the cell of a row a little ahead is prefetched. The adds wrap; the OR
/// of the magnitudes of each column bounds every partial sum, and only when that bound cannot
/// exclude an overflow are the sums done again, checked, to name the row. @p threads threads take
/// a share of the rows each into their own cells, merged exactly after (the same result for any
/// count; an overflow in the merge also reruns the checked pass).
/// The code types are any signed integers (pandas hands out int8 / int16 / int32 category codes:
/// they are read as they are, not widened into a copy first).
template <class UnitCode, class PeriodCode>
void cell_sum(std::span<const UnitCode> unit_codes, std::span<const PeriodCode> period_codes,
              std::span<const std::int32_t> period_rank, std::size_t n_units,
              std::span<const std::span<const std::int64_t>> columns, std::span<std::int64_t> sums,
              std::span<std::int64_t> rows, unsigned threads = 1);

// The code types cell_sum is compiled for: signed codes of 8, 16, 32 and 64 bits (those pandas and
// numpy hand out). ATTAIN_CELL_SUM_INSTANCES(extern template) declares them for consumers of the
// compiled library; src/core/rollup.cpp instantiates them with ATTAIN_CELL_SUM_INSTANCES(template).
#define ATTAIN_CELL_SUM(PREFIX, U, P)                                                                            \
  PREFIX void cell_sum<U, P>(std::span<const U>, std::span<const P>, std::span<const std::int32_t>, std::size_t, \
                             std::span<const std::span<const std::int64_t>>, std::span<std::int64_t>,            \
                             std::span<std::int64_t>, unsigned);
#define ATTAIN_CELL_SUMS(PREFIX, U)        \
  ATTAIN_CELL_SUM(PREFIX, U, std::int8_t)  \
  ATTAIN_CELL_SUM(PREFIX, U, std::int16_t) \
  ATTAIN_CELL_SUM(PREFIX, U, std::int32_t) ATTAIN_CELL_SUM(PREFIX, U, std::int64_t)
#define ATTAIN_CELL_SUM_INSTANCES(PREFIX) \
  ATTAIN_CELL_SUMS(PREFIX, std::int8_t)   \
  ATTAIN_CELL_SUMS(PREFIX, std::int16_t) ATTAIN_CELL_SUMS(PREFIX, std::int32_t) ATTAIN_CELL_SUMS(PREFIX, std::int64_t)
#ifndef ATTAIN_HEADER_ONLY
ATTAIN_CELL_SUM_INSTANCES(extern template)
#endif

/// @brief cell_sum() with int32 codes (what containers of int32_t convert to).
void cell_sum(std::span<const std::int32_t> unit_codes, std::span<const std::int32_t> period_codes,
              std::span<const std::int32_t> period_rank, std::size_t n_units,
              std::span<const std::span<const std::int64_t>> columns, std::span<std::int64_t> sums,
              std::span<std::int64_t> rows, unsigned threads = 1);

}  // namespace attain

#ifdef ATTAIN_HEADER_ONLY
#include "attain/core/detail/rollup-inl.hpp"
#endif

#pragma once
/// @file rollup.hpp
/// @brief Grouped exact sums: the kernel behind every roll-up from rows to tallies.
///
/// Rows carry a dense group code (e.g. unit x period, from pandas categoricals or factorised
/// keys) and any number of int64 value columns (done, eligible, amounts...). The sums are
/// exact; an overflow throws attain::overflow_error naming the group and column. Partial
/// results from chunks are merged by adding the output arrays (see merge_sums).

#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <exception>
#include <span>
#include <thread>
#include <vector>

#include "attain/checked.hpp"
#include "attain/error.hpp"

namespace attain {

/// @brief out[g * columns.size() + c] = sum of columns[c][i] over rows i with codes[i] == g.
/// @p out must have n_groups * columns.size() elements; it is overwritten.
inline void group_sum(std::span<const std::int32_t> codes, std::size_t n_groups,
                      std::span<const std::span<const std::int64_t>> columns, std::span<std::int64_t> out) {
  const std::size_t n_rows = codes.size(), n_cols = columns.size();
  for (std::size_t c = 0; c < n_cols; ++c)
    detail::require_same_length(detail::at("columns", c).c_str(), columns[c].size(), "codes", n_rows);
  detail::require_same_length("out", out.size(), "n_groups * columns", n_groups * n_cols);
  for (auto& v : out) v = 0;
  for (std::size_t i = 0; i < n_rows; ++i) {
    const std::int32_t g = codes[i];
    if (g < 0 || static_cast<std::size_t>(g) >= n_groups)
      detail::fail<invalid_argument>(detail::at("codes", i), " = ", g, " is not a group code (0..", n_groups, ")");
    std::int64_t* row = out.data() + static_cast<std::size_t>(g) * n_cols;
    for (std::size_t c = 0; c < n_cols; ++c)
      if (__builtin_add_overflow(row[c], columns[c][i], &row[c]))
        detail::fail<overflow_error>("the sum of columns[", c, "] for group ", g, " overflows int64 at row ", i);
  }
}

/// @brief into += from, element-wise and exact: merges partial group sums (associative).
inline void merge_sums(std::span<std::int64_t> into, std::span<const std::int64_t> from) {
  detail::require_same_length("from", from.size(), "into", into.size());
  for (std::size_t i = 0; i < into.size(); ++i) into[i] = checked_add(into[i], from[i], "merged group sum");
}

/// @brief group_sum over @p threads threads: each sums its share of the rows into its own
/// partial array, and the partials are merged exactly. Same result as group_sum, any thread count.
inline void group_sum_parallel(std::span<const std::int32_t> codes, std::size_t n_groups,
                               std::span<const std::span<const std::int64_t>> columns, std::span<std::int64_t> out,
                               unsigned threads) {
  const std::size_t n_rows = codes.size(), n_cols = columns.size();
  if (threads <= 1 || n_rows < 1'000'000) return group_sum(codes, n_groups, columns, out);
  for (std::size_t c = 0; c < n_cols; ++c)
    detail::require_same_length(detail::at("columns", c).c_str(), columns[c].size(), "codes", n_rows);
  detail::require_same_length("out", out.size(), "n_groups * columns", n_groups * n_cols);
  std::vector<std::vector<std::int64_t>> partial(threads, std::vector<std::int64_t>(n_groups * n_cols));
  std::vector<std::exception_ptr> failure(threads);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      const std::size_t begin = n_rows * t / threads, end = n_rows * (t + 1) / threads;
      std::vector<std::span<const std::int64_t>> slice;
      for (auto col : columns) slice.push_back(col.subspan(begin, end - begin));
      try {
        group_sum(codes.subspan(begin, end - begin), n_groups, slice, partial[t]);
      } catch (...) {
        failure[t] = std::current_exception();
      }
    });
  }
  for (auto& th : pool) th.join();
  for (auto& f : failure)
    if (f) return group_sum(codes, n_groups, columns, out);  // again on one thread: its message names the row
  std::copy(partial[0].begin(), partial[0].end(), out.begin());
  for (unsigned t = 1; t < threads; ++t) merge_sums(out, partial[t]);
}

}  // namespace attain

#pragma once
// The compiled part of attain/core/rollup.hpp (see attain/core/config.hpp).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <memory>
#include <span>
#include <thread>
#include <vector>

#include "attain/core/rollup.hpp"

namespace attain {

template <class UnitCode, class PeriodCode>
void cell_sum(std::span<const UnitCode> unit_codes, std::span<const PeriodCode> period_codes,
              std::span<const std::int32_t> period_rank, std::size_t n_units,
              std::span<const std::span<const std::int64_t>> columns, std::span<std::int64_t> sums,
              std::span<std::int64_t> rows, unsigned threads) {
  const std::size_t n = unit_codes.size(), n_cols = columns.size(), n_periods = period_rank.size();
  const std::size_t cells = n_units * n_periods;
  detail::require_same_length("period codes", period_codes.size(), "unit codes", n);
  for (std::size_t c = 0; c < n_cols; ++c)
    detail::require_same_length(detail::at("columns", c).c_str(), columns[c].size(), "unit codes", n);
  detail::require_same_length("sums", sums.size(), "cells * columns", cells * n_cols);
  detail::require_same_length("rows", rows.size(), "cells", cells);
  if (cells >= (std::size_t{1} << 31))
    detail::fail<invalid_argument>(n_units, " units x ", n_periods, " periods is too many cells");

  // One pass checks the codes and writes each row's cell (it vectorises). The cell array is
  // left uninitialised: every element is written here.
  const std::unique_ptr<std::int32_t[]> cell(new std::int32_t[n]);
  std::fill(rows.begin(), rows.end(), 0);
  bool bad = false;
  const auto nu = static_cast<std::int64_t>(n_units), np = static_cast<std::int64_t>(n_periods);
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t u = unit_codes[i], p = period_codes[i];
    const bool ok = (u >= 0) & (u < nu) & (p >= 0) & (p < np);
    bad |= !ok;
    cell[i] = static_cast<std::int32_t>(ok ? u * np + period_rank[static_cast<std::size_t>(ok ? p : 0)] : 0);
  }
  if (bad)
    for (std::size_t i = 0; i < n; ++i) {
      const std::int64_t u = unit_codes[i], p = period_codes[i];
      if (u < 0 || u >= nu)
        detail::fail<invalid_argument>("row ", i, ": unit code ", u, " is missing or out of range (0..", n_units, ")");
      if (p < 0 || p >= np)
        detail::fail<invalid_argument>("row ", i, ": period code ", p, " is missing or out of range (0..", n_periods,
                                       ")");
    }
  // Scattered adds into more cells than the cache holds wait on memory; asking for the cell
  // of a row a little ahead overlaps those waits (neutral when the cells fit in the cache).
  constexpr std::size_t ahead = 64;
  const std::size_t prefetched = n > ahead ? n - ahead : 0;

  // Task 0 counts rows; task c + 1 sums column c into its own array of cells.
  std::vector<std::vector<std::int64_t>> by_column(n_cols, std::vector<std::int64_t>(cells, 0));
  auto task = [&](std::size_t t) {
    if (t == 0) {
      for (std::size_t i = 0; i < prefetched; ++i) {
        __builtin_prefetch(rows.data() + cell[i + ahead], 1, 1);
        ++rows[static_cast<std::size_t>(cell[i])];
      }
      for (std::size_t i = prefetched; i < n; ++i) ++rows[static_cast<std::size_t>(cell[i])];
      return;
    }
    const auto& values = columns[t - 1];
    std::int64_t* out = by_column[t - 1].data();
    // Add without checks, noting the largest magnitude: when n * max|value| fits in int64 no
    // partial sum can have overflowed, and the sums are exact. Otherwise add again, checked.
    std::uint64_t largest = 0;
    auto add = [&](std::size_t i) {
      const std::int64_t v = values[i];
      const auto bits = static_cast<std::uint64_t>(v);
      largest = std::max(largest, v < 0 ? ~bits + 1 : bits);  // |v|, also for INT64_MIN
      out[cell[i]] =
          static_cast<std::int64_t>(static_cast<std::uint64_t>(out[cell[i]]) + static_cast<std::uint64_t>(v));
    };
    for (std::size_t i = 0; i < prefetched; ++i) {
      __builtin_prefetch(out + cell[i + ahead], 1, 1);
      add(i);
    }
    for (std::size_t i = prefetched; i < n; ++i) add(i);
    if (n == 0 || largest <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) / n) return;
    std::fill(out, out + cells, 0);
    for (std::size_t i = 0; i < n; ++i) {
      std::int64_t& slot = out[cell[i]];
      if (__builtin_add_overflow(slot, values[i], &slot))
        detail::fail<overflow_error>("the sum of columns[", t - 1, "] overflows int64 at row ", i);
    }
  };
  const std::size_t n_tasks = n_cols + 1;
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(n_tasks)));
  std::vector<std::exception_ptr> failure(n_tasks);
  auto worker = [&](unsigned w) {
    for (std::size_t t = w; t < n_tasks; t += threads) {
      try {
        task(t);
      } catch (...) {
        failure[t] = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned w = 1; w < threads; ++w) pool.emplace_back(worker, w);
  worker(0);
  for (auto& th : pool) th.join();
  for (auto& f : failure)
    if (f) std::rethrow_exception(f);
  for (std::size_t g = 0; g < cells; ++g)
    for (std::size_t c = 0; c < n_cols; ++c) sums[g * n_cols + c] = by_column[c][g];
}

ATTAIN_FUNC void group_sum(std::span<const std::int32_t> codes, std::size_t n_groups,
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

ATTAIN_FUNC void group_sum_parallel(std::span<const std::int32_t> codes, std::size_t n_groups,
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

ATTAIN_FUNC void cell_sum(std::span<const std::int32_t> unit_codes, std::span<const std::int32_t> period_codes,
                          std::span<const std::int32_t> period_rank, std::size_t n_units,
                          std::span<const std::span<const std::int64_t>> columns, std::span<std::int64_t> sums,
                          std::span<std::int64_t> rows, unsigned threads) {
  cell_sum<std::int32_t, std::int32_t>(unit_codes, period_codes, period_rank, n_units, columns, sums, rows, threads);
}

}  // namespace attain

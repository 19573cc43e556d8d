#pragma once
// The compiled part of attain/core/rollup.hpp (see attain/core/config.hpp).
#include <algorithm>
#include <bit>
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

namespace detail {

// A cell holds the row count and the column sums, padded to a power of two of int64 (up to 64
// bytes) so that no cell straddles two cache lines (12 % faster for two columns, 10^5 cells).
inline std::size_t cell_stride(std::size_t n_cols) { return n_cols < 8 ? std::bit_ceil(n_cols + 1) : n_cols + 1; }

// Sums rows [begin, end) into acc, laid out cell-major with cell_stride(columns): the row count,
// then each column's sum; wrapping (unsigned) adds, checked afterwards. One pass reads each row's
// codes and values once and touches one cell (one or two cache lines), asked for `ahead` rows in
// advance. Returns false if a code is out of range (acc is then unspecified); widths[c] gets the
// OR of v ^ (v >> 63) over column c (at least max |v| - 1): n * (widths[c] + 1) <= INT64_MAX
// proves that no partial sum of column c overflowed.
template <std::size_t Columns, class UnitCode, class PeriodCode>
bool fused_cell_pass(const UnitCode* unit_codes, const PeriodCode* period_codes, const std::int32_t* period_rank,
                     std::int64_t n_units, std::int64_t n_periods, const std::span<const std::int64_t>* columns,
                     std::size_t n_cols, std::size_t begin, std::size_t end, std::uint64_t* acc,
                     std::uint64_t* widths) {
  const std::size_t cols = Columns ? Columns : n_cols, stride = cell_stride(cols);
  constexpr std::size_t ahead = 32;
  std::uint64_t bad = 0;
  std::uint64_t width[Columns ? Columns : 1] = {};
  auto cell_of = [&](std::size_t i, std::uint64_t& flag) {
    const std::int64_t u = unit_codes[i], p = period_codes[i];
    // Unsigned compares: a negative code wraps above the limit.
    const bool ok = (static_cast<std::uint64_t>(u) < static_cast<std::uint64_t>(n_units)) &
                    (static_cast<std::uint64_t>(p) < static_cast<std::uint64_t>(n_periods));
    flag |= !ok;
    return ok ? static_cast<std::size_t>(u * n_periods + period_rank[p]) : 0;
  };
  // Each row's cell is computed once, `ahead` rows early: prefetched then, kept in a ring until used.
  std::size_t ring[ahead];
  for (std::size_t i = begin; i < std::min(end, begin + ahead); ++i) ring[i % ahead] = cell_of(i, bad);
  for (std::size_t i = begin; i < end; ++i) {
    const std::size_t cell = ring[i % ahead];
    if (i + ahead < end) {
      const std::size_t next = cell_of(i + ahead, bad);
      ring[(i + ahead) % ahead] = next;
      __builtin_prefetch(acc + next * stride, 1, 3);
    }
    std::uint64_t* slot = acc + cell * stride;
    slot[0] += 1;
    for (std::size_t c = 0; c < cols; ++c) {
      const auto v = static_cast<std::uint64_t>(columns[c][i]);
      slot[c + 1] += v;
      const std::uint64_t w = v ^ static_cast<std::uint64_t>(static_cast<std::int64_t>(v) >> 63);
      if constexpr (Columns != 0)
        width[c] |= w;
      else
        widths[c] |= w;
    }
  }
  if constexpr (Columns != 0)
    for (std::size_t c = 0; c < cols; ++c) widths[c] |= width[c];
  return bad == 0;
}

template <class UnitCode, class PeriodCode>
bool fused_cells(const UnitCode* u, const PeriodCode* p, const std::int32_t* rank, std::int64_t nu, std::int64_t np,
                 std::span<const std::span<const std::int64_t>> columns, std::size_t begin, std::size_t end,
                 std::uint64_t* acc, std::uint64_t* widths) {
  const std::span<const std::int64_t>* cols = columns.data();
  switch (columns.size()) {  // the usual column counts get a loop of their own, unrolled
    case 1:
      return fused_cell_pass<1>(u, p, rank, nu, np, cols, 1, begin, end, acc, widths);
    case 2:
      return fused_cell_pass<2>(u, p, rank, nu, np, cols, 2, begin, end, acc, widths);
    case 3:
      return fused_cell_pass<3>(u, p, rank, nu, np, cols, 3, begin, end, acc, widths);
    case 4:
      return fused_cell_pass<4>(u, p, rank, nu, np, cols, 4, begin, end, acc, widths);
    default:
      return fused_cell_pass<0>(u, p, rank, nu, np, cols, columns.size(), begin, end, acc, widths);
  }
}

}  // namespace detail

template <class UnitCode, class PeriodCode>
void cell_sum(std::span<const UnitCode> unit_codes, std::span<const PeriodCode> period_codes,
              std::span<const std::int32_t> period_rank, std::size_t n_units,
              std::span<const std::span<const std::int64_t>> columns, std::span<std::int64_t> sums,
              std::span<std::int64_t> rows, unsigned threads) {
  const std::size_t n = unit_codes.size(), n_cols = columns.size(), n_periods = period_rank.size();
  const std::size_t cells = n_units * n_periods, stride = detail::cell_stride(n_cols);
  detail::require_same_length("period codes", period_codes.size(), "unit codes", n);
  for (std::size_t c = 0; c < n_cols; ++c)
    detail::require_same_length(detail::at("columns", c).c_str(), columns[c].size(), "unit codes", n);
  detail::require_same_length("sums", sums.size(), "cells * columns", cells * n_cols);
  detail::require_same_length("rows", rows.size(), "cells", cells);
  if (cells >= (std::size_t{1} << 31))
    detail::fail<invalid_argument>(n_units, " units x ", n_periods, " periods is too many cells");
  const auto nu = static_cast<std::int64_t>(n_units), np = static_cast<std::int64_t>(n_periods);

  // One pass: codes checked, rows counted and every column summed as each row is read (wrapping
  // adds, with a bound on the magnitudes that proves there was no overflow). With threads, each
  // takes a share of the rows into its own cells, merged after. Anything out of the ordinary (a bad
  // code, a bound that proves nothing, a merge that overflows) is found again by the exact
  // one-thread pass below, whose errors name the row.
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(std::max<std::size_t>(1, n / 100'000))));
  std::vector<std::vector<std::uint64_t>> acc(threads);
  std::vector<std::vector<std::uint64_t>> widths(threads, std::vector<std::uint64_t>(n_cols, 0));
  std::vector<char> ok(threads, 0);
  auto share = [&](unsigned t) {
    const std::size_t begin = n * t / threads, end = n * (t + 1) / threads;
    acc[t].assign(cells * stride, 0);
    ok[t] = detail::fused_cells(unit_codes.data(), period_codes.data(), period_rank.data(), nu, np, columns, begin, end,
                                acc[t].data(), widths[t].data());
    const auto limit = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    for (std::size_t c = 0; c < n_cols && ok[t]; ++c)  // (widths + 1) * rows <= INT64_MAX
      if (end > begin && widths[t][c] >= limit / (end - begin)) ok[t] = 0;
  };
  {
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(share, t);
    share(0);
    for (auto& th : pool) th.join();
  }
  bool exact = std::all_of(ok.begin(), ok.end(), [](char f) { return f != 0; });
  std::vector<std::uint64_t>& total = acc[0];
  for (unsigned t = 1; t < threads && exact; ++t)
    for (std::size_t k = 0; k < total.size() && exact; ++k)
      exact = !__builtin_add_overflow(static_cast<std::int64_t>(total[k]), static_cast<std::int64_t>(acc[t][k]),
                                      reinterpret_cast<std::int64_t*>(&total[k]));
  if (!exact) {
    // The exact pass: codes first (their error names the row), then checked sums.
    for (std::size_t i = 0; i < n; ++i) {
      const std::int64_t u = unit_codes[i], p = period_codes[i];
      if (u < 0 || u >= nu)
        detail::fail<invalid_argument>("row ", i, ": unit code ", u, " is missing or out of range (0..", n_units, ")");
      if (p < 0 || p >= np)
        detail::fail<invalid_argument>("row ", i, ": period code ", p, " is missing or out of range (0..", n_periods,
                                       ")");
    }
    std::vector<std::int64_t> checked(cells * stride, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const auto cell = static_cast<std::size_t>(static_cast<std::int64_t>(unit_codes[i]) * np +
                                                 period_rank[static_cast<std::size_t>(period_codes[i])]);
      std::int64_t* slot = checked.data() + cell * stride;
      ++slot[0];
      for (std::size_t c = 0; c < n_cols; ++c)
        if (__builtin_add_overflow(slot[c + 1], columns[c][i], &slot[c + 1]))
          detail::fail<overflow_error>("the sum of columns[", c, "] overflows int64 at row ", i);
    }
    for (std::size_t k = 0; k < total.size(); ++k) total[k] = static_cast<std::uint64_t>(checked[k]);
  }
  for (std::size_t g = 0; g < cells; ++g) {
    rows[g] = static_cast<std::int64_t>(total[g * stride]);
    for (std::size_t c = 0; c < n_cols; ++c)
      sums[g * n_cols + c] = static_cast<std::int64_t>(total[g * stride + 1 + c]);
  }
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

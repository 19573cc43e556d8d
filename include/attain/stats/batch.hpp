#pragma once
/// @file attain/stats/batch.hpp
/// @brief Many series of one length in one array, for the batched trends (slopes.hpp,
/// mann_kendall.hpp): a C-contiguous rows x cols matrix of values, and x empty (0 .. cols - 1),
/// one row of cols values shared by every series, or one row per series.

#include <cstddef>
#include <span>

#include "attain/core/error.hpp"

namespace attain {

/// @brief A view of rows x cols values (and their x) as `rows` series; it owns nothing.
class series_batch {
 public:
  /// @param values rows x cols values, row after row.
  /// @param x empty, cols values (shared) or rows x cols values (one row per series).
  /// @param name_rows whether errors of a row start with "row r: " (false for a single series
  /// that did not come as a matrix).
  /// @throws length_mismatch when @p values is not whole rows of @p cols or @p x has another shape.
  series_batch(std::span<const double> values, std::size_t cols, std::span<const double> x = {}, bool name_rows = true,
               const char* values_name = "y", const char* x_name = "x")
      : values_(values), x_(x), cols_(cols), name_rows_(name_rows) {
    if (cols == 0 ? !values.empty() : values.size() % cols != 0)
      fail<length_mismatch>(values_name, " has ", values.size(), " values, not rows of ", cols);
    rows_ = cols == 0 ? 0 : values.size() / cols;
    if (!x.empty() && x.size() != cols && x.size() != rows_ * cols)
      fail<length_mismatch>(x_name, " has ", x.size(), " values; it must have ", cols,
                            " (shared by every series) or one row per series (", rows_ * cols, ")");
  }

  [[nodiscard]] std::size_t rows() const noexcept { return rows_; }
  [[nodiscard]] std::size_t cols() const noexcept { return cols_; }
  [[nodiscard]] bool name_rows() const noexcept { return name_rows_; }
  /// @brief The values of series @p r.
  [[nodiscard]] std::span<const double> values(std::size_t r) const { return values_.subspan(r * cols_, cols_); }
  /// @brief The x of series @p r (empty: 0 .. cols - 1).
  [[nodiscard]] std::span<const double> x(std::size_t r) const {
    if (x_.empty()) return {};
    return x_.size() == cols_ ? x_ : x_.subspan(r * cols_, cols_);
  }

 private:
  std::span<const double> values_, x_;
  std::size_t cols_ = 0, rows_ = 0;
  bool name_rows_ = true;
};

}  // namespace attain

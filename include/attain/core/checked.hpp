#pragma once
/// @file attain/core/checked.hpp
/// @brief Exact 64-bit integer arithmetic that throws attain::overflow_error instead of wrapping.

#include <cstdint>

#include "attain/core/error.hpp"

namespace attain {

/// @brief a + b, or attain::overflow_error naming @p what.
inline std::int64_t checked_add(std::int64_t a, std::int64_t b, const char* what = "sum") {
  std::int64_t out;
  if (__builtin_add_overflow(a, b, &out)) detail::fail<overflow_error>(what, " overflows int64: ", a, " + ", b);
  return out;
}

/// @brief a - b, or attain::overflow_error naming @p what.
inline std::int64_t checked_sub(std::int64_t a, std::int64_t b, const char* what = "difference") {
  std::int64_t out;
  if (__builtin_sub_overflow(a, b, &out)) detail::fail<overflow_error>(what, " overflows int64: ", a, " - ", b);
  return out;
}

}  // namespace attain

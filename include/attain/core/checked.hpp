#pragma once
/// @file attain/core/checked.hpp
/// @brief Exact 64-bit integer arithmetic that throws attain::overflow_error instead of wrapping,
/// and exact 128-bit helpers: a correctly rounded quotient of integers as a double.

#include <bit>
#include <cmath>
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

/// @brief Unsigned 128-bit integer (GCC and Clang); `__extension__` keeps -Wpedantic quiet.
__extension__ using uint128 = unsigned __int128;

namespace detail {
/// @brief Number of significant bits of @p v (0 for 0).
inline int bit_width128(uint128 v) noexcept {
  const auto hi = static_cast<std::uint64_t>(v >> 64);
  return hi ? 64 + std::bit_width(hi) : std::bit_width(static_cast<std::uint64_t>(v));
}
}  // namespace detail

/// @brief num / den as the correctly rounded double (round to nearest, ties to even), exactly,
/// for any num < 2^127 and 0 < den < 2^63: no intermediate rounding (long double would round
/// twice). Bounded time: two 128-bit divisions.
inline double exact_quotient(uint128 num, std::uint64_t den) noexcept {
  if (num == 0) return 0.0;
  // Scale num so that the integer quotient has at least 54 bits (53 and a guard bit).
  // When it has fewer, num < den * 2^54 < 2^117, so the shift below cannot overflow.
  int scale = 0;
  uint128 q = num / den;
  if (detail::bit_width128(q) < 54) {
    scale = 55 + std::bit_width(den) - detail::bit_width128(num);
    q = (num << scale) / den;
  }
  const bool inexact = (num << scale) % den != 0;
  const int drop = detail::bit_width128(q) - 54;  // bits below the guard bit
  const bool sticky = inexact || (drop > 0 && (q & ((uint128{1} << drop) - 1)) != 0);
  auto top = static_cast<std::uint64_t>(q >> drop);  // 54 bits: the mantissa and the guard bit
  const bool guard = top & 1;
  top >>= 1;
  if (guard && (sticky || (top & 1))) ++top;  // round half to even
  return std::ldexp(static_cast<double>(top), drop + 1 - scale);
}

}  // namespace attain

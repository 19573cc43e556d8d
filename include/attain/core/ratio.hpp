#pragma once
/// @file attain/core/ratio.hpp
/// @brief Completion ratio done / eligible.
///
/// eligible == 0 gives NaN (there is nothing to complete, so there is no ratio); this is
/// documented behaviour, never a crash and never 0 or 1 by convention.
/// The ratio is the correctly rounded double of the exact quotient for every int64: IEEE
/// division of exactly representable operands below 2^53, exact 128-bit arithmetic above.

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>

#include "attain/core/tally.hpp"

namespace attain {

/// @brief done / eligible as a double; NaN when eligible == 0. No validation.
inline double completion_ratio_unchecked(std::int64_t done, std::int64_t eligible) noexcept {
  if (eligible == 0) return std::numeric_limits<double>::quiet_NaN();
  constexpr std::int64_t exact = std::int64_t{1} << 53;
  if (done < exact && eligible < exact) return static_cast<double>(done) / static_cast<double>(eligible);
  return exact_quotient(static_cast<std::uint64_t>(done), static_cast<std::uint64_t>(eligible));
}

/// @brief done / eligible; NaN when eligible == 0; throws on negative or done > eligible.
inline double completion_ratio(std::int64_t done, std::int64_t eligible) {
  validate_tally(done, eligible, 0);
  return completion_ratio_unchecked(done, eligible);
}

/// @brief The ratio of a tally.
inline double completion_ratio(const tally& t) { return completion_ratio(t.done, t.eligible); }

namespace detail {

/// @brief Throws (naming the element) unless every (done[i], eligible[i]) is a valid tally;
/// returns whether any eligible is at least 2^53 (where double division stops being exact).
/// Checks blocks branch-free so the common, valid case vectorises.
inline bool validate_tallies(std::span<const std::int64_t> done, std::span<const std::int64_t> eligible) {
  constexpr std::int64_t exact = std::int64_t{1} << 53;
  constexpr std::size_t block = 4096;
  bool large = false;
  for (std::size_t start = 0; start < done.size(); start += block) {
    const std::size_t end = std::min(done.size(), start + block);
    bool bad = false;
    for (std::size_t i = start; i < end; ++i) {
      bad |= (done[i] < 0) | (done[i] > eligible[i]);  // also catches eligible < 0
      large |= eligible[i] >= exact;
    }
    if (bad)
      for (std::size_t i = start; i < end; ++i) validate_tally(done[i], eligible[i], i);
  }
  return large;
}

}  // namespace detail

/// @brief Element-wise completion ratio; @p out must have the length of the inputs.
/// Validates every element first (a bad element throws, naming it, before anything is written).
inline void completion_ratio(std::span<const std::int64_t> done, std::span<const std::int64_t> eligible,
                             std::span<double> out) {
  detail::require_same_length("done", done.size(), "eligible", eligible.size());
  detail::require_same_length("out", out.size(), "done", done.size());
  if (detail::validate_tallies(done, eligible)) {
    for (std::size_t i = 0; i < done.size(); ++i) out[i] = completion_ratio_unchecked(done[i], eligible[i]);
    return;
  }
  // All below 2^53: plain IEEE division is correctly rounded, and 0 / 0 gives NaN.
  for (std::size_t i = 0; i < done.size(); ++i)
    out[i] = static_cast<double>(done[i]) / static_cast<double>(eligible[i]);
}

/// @brief A ratio written as a fraction ("0.815") or a percentage ("81.5%", "81.5 %"), with a
/// decimal point or a decimal comma ("81,5%", "0,815"), surrounding blanks ignored; throws attain::invalid_argument for
/// anything else. It does not check the range: a target's [0, 1] is validate_target()'s.
inline double parse_ratio(std::string_view text) {
  auto trim = [](std::string_view t) {
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
    return t;
  };
  std::string_view body = trim(text);
  const bool percent = !body.empty() && body.back() == '%';
  if (percent) body = trim(body.substr(0, body.size() - 1));
  if (!body.empty() && body.front() == '+') body.remove_prefix(1);
  // A decimal comma, as spreadsheets write in Vietnamese and European locales ("81,5%"): one
  // comma and no point. A ratio is never written with thousands separators, so it is unambiguous.
  std::string point;
  if (const auto comma = body.find(',');
      comma != std::string_view::npos && body.find(',', comma + 1) == body.npos && body.find('.') == body.npos) {
    point.assign(body);
    point[comma] = '.';
    body = point;
  }
  double value = 0.0;
  const auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (body.empty() || ec != std::errc{} || end != body.data() + body.size())
    detail::fail<invalid_argument>("'", text, "' is not a ratio (0.815) or a percentage (81.5%)");
  return percent ? value / 100 : value;
}

}  // namespace attain

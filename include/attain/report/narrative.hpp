#pragma once
/// @file attain/report/narrative.hpp
/// @brief The report layer's text engine: locale number formatting and a small template
/// language that turns named fields into a paragraph. It computes no statistics (the caller
/// passes the fields) and reads no files.
///
/// Template syntax:
/// - `{name}` or `{name:spec}` inserts a field; names are letters, digits, `_` and `.`.
/// - specs: `int` (whole number with digit grouping), `raw` (whole number, no grouping),
///   `.N` (N decimals, grouped), `g` (shortest form with up to 4 decimals), `rN` (a whole number
///   from 1 up, N decimals below 1: how reports write gaps: 19, but 0,09), none (text as is,
///   numbers as `g`). Rounding is half away from zero on the decimal value, with a tolerance of
///   1e-9 at the last digit so that binary noise (18.52999999...) does not decide it.
/// - `{if name}` ... `{elif name}` ... `{else}` ... `{end}`, and `{if not name}`: a field is true
///   when it is true, a non-zero number or a non-empty text. Blocks nest.
/// - `{{` and `}}` are literal braces.
/// Errors (attain::invalid_argument) name the field or tag and its character position.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "attain/core/config.hpp"
#include "attain/core/error.hpp"

namespace attain {

/// @brief How numbers are written in a language.
struct number_style {
  std::string decimal_point = ".";
  std::string thousands = ",";  ///< between groups of three digits in the whole part

  static number_style english() { return {".", ","}; }
  static number_style vietnamese() { return {",", "."}; }
  /// @brief The built-in style of a language: "vi" or "en"; anything else throws invalid_argument.
  static number_style for_language(std::string_view lang) {
    if (lang == "vi") return vietnamese();
    if (lang == "en") return english();
    fail<invalid_argument>("lang = '", lang, "' is not a built-in number style (vi, en)");
  }
};

/// @brief A field's value: a flag, a whole number, a real number or text.
using field_value = std::variant<bool, std::int64_t, double, std::string>;
using field_map = std::map<std::string, field_value, std::less<>>;

namespace detail {

inline std::string group_digits(std::string digits, const std::string& sep) {
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += sep;
    out += digits[i];
  }
  return out;
}

/// @brief |@p scaled| rounded half away from zero, with a tolerance of 1e-9 so that binary noise
/// (18.52999999...) does not decide it: the one rounding rule of the report layer.
inline long double round_magnitude(long double scaled) { return std::floor(std::fabs(scaled) + 0.5L + 1e-9L); }

}  // namespace detail

/// @brief @p value with @p places decimals in @p style; half away from zero (see the file doc).
std::string format_fixed(double value, int places, const number_style& style, bool grouping = true);

/// @brief The whole number @p value in @p style: its digits grouped by threes (16.623 in
/// Vietnamese, 16,623 in English) unless @p grouping is false. Exact for every int64.
std::string format_whole(std::int64_t value, const number_style& style, bool grouping = true);

/// @brief The shortest form of @p value with at most @p max_places decimals (81.5, 40.1, 80).
std::string format_shortest(double value, int max_places, const number_style& style);

/// @brief A parsed template; render it with fields and a number style.
class narrative_template {
 public:
  /// @brief Parses @p text; throws attain::invalid_argument naming the position of an error.
  explicit narrative_template(std::string_view text) { parse(text); }

  /// @brief Names of every field the template uses (in order of first use).
  [[nodiscard]] std::vector<std::string> fields() const;

  /// @brief The text with @p fields filled in; throws attain::unknown_key for a missing field.
  [[nodiscard]] std::string render(const field_map& fields, const number_style& style) const;

 private:
  enum class kind { text, field, if_, elif_, else_, end_ };
  struct node {
    kind k;
    std::string text;  // literal text, or the spec of a field
    std::string name;  // field or condition name
    bool negate = false;
    std::size_t position = 0;
    std::size_t jump = 0;  // for if/elif/else: index of the next branch tag or end
  };

  static bool is_name_char(char c);

  static void check_name(std::string_view name, std::size_t pos);

  static void check_spec(std::string_view spec, std::string_view name, std::size_t pos);

  // Messages count characters, not bytes (templates are UTF-8: "việc" is 4 characters).
  static std::size_t char_position(std::string_view t, std::size_t byte);

  void parse(std::string_view t);

  void add_tag(std::string_view tag, std::size_t pos, std::vector<std::size_t>& open, std::vector<std::size_t>& blocks);

  static const field_value& lookup(const field_map& fields, const node& n);

  static bool truthy(const field_value& v);

  static std::string format(const field_value& v, const node& n, const number_style& style);

  void render_range(std::size_t from, std::size_t to, const field_map& fields, const number_style& style,
                    std::string& out) const;

  std::vector<node> nodes_;
};

}  // namespace attain

#ifdef ATTAIN_HEADER_ONLY
#include "attain/report/detail/narrative-inl.hpp"
#endif

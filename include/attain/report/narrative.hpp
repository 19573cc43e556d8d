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
/// - sign modifiers before a numeric spec: `+` always writes the sign (`{x:+.2}`: +1,10 / -1,10),
///   `abs` takes the absolute value (`{x:abs.2}`: 1,10 for -1.1), `+abs` both. A figure that
///   rounds to zero is written without a sign (+.2 of 0.004 and of -0.004 both give 0,00): the
///   sign is that of the written digits. Vietnamese reports write the same signs ("+1,10 điểm").
///   The modifier is followed directly by the spec (`+.2`, `absint`, `+r2`, `abs money`: one space
///   after the modifier is allowed); alone (`{x:+}`, `{x:abs}`) it applies to `g`.
/// - `money` / `money.N`: a whole number of minor units written with its currency and an
///   automatic scale (attain/report/money.hpp, format_money): `{amount.done:money}` reads the
///   sibling fields `amount.currency` (text) and `amount.minor_digits` (whole) of the same map;
///   vi "1.193,8 tỷ đồng", en "1,193.8 billion VND", "$1,234.56", "$1.2 million" (a real value,
///   such as a pace a month, is first rounded to whole minor units, half away from zero). An amount
///   under a million units is exact; `money.N` keeps N decimals of a scaled figure (default: one,
///   a trailing zero dropped). Without a currency field (or an empty one) it writes the grouped
///   number, no unit, no scale; a currency without a `minor_digits` field is an error.
/// - `month` / `year` on a text field holding a period `YYYY-MM`: vi "tháng 6/2021", en "June 2021"
///   (a quarter `YYYY-Qn`: vi "quý 1/2021", en "Q1 2021"); `year` writes "2021".
/// - `{if EXPR}` ... `{elif EXPR}` ... `{else}` ... `{end}`. EXPR is terms joined by `and` / `or`
///   (`and` binds tighter; no parentheses); a term is `NAME` or `not NAME` (a field is true when it
///   is true, a non-zero number or a non-empty text; NaN is false), or a comparison
///   `NAME OP VALUE` with OP one of `> >= < <= == !=` and VALUE a number literal (`0`, `-1.5`,
///   `2e3`), another field's name, or a 'quoted text' (`{if unit.level == 'province'}`; it holds
///   no `'` and no `}`).
///   Numbers compare exactly (whole with whole, and whole with real as mathematical values),
///   flags as 0 and 1, texts by their bytes; NaN makes every comparison false except `!=`.
///   Comparing a text with a number is an error naming the field. Evaluation stops as soon as
///   the result is known (left to right), so `{if has_x and x > 0}` does not read x when has_x is
///   false. Blocks nest, up to narrative_template::max_depth (64) levels.
/// - `{# ... #}` is a comment (anything but `#}`, braces included) and writes nothing.
///   `{# needs: NAME (what it is), NAME ... #}` declares what a template needs: each NAME is met
///   by a field NAME or any field `NAME.*`
///   (`{# needs: count (a count measure named 'count') #}`). render() checks the needs first and
///   throws invalid_argument naming the first unmet one; needs() and unmet_need() expose them.
/// - `{{` and `}}` are literal braces.
/// Errors (attain::invalid_argument) name the field or tag and its character position; a field
/// missing from the map is attain::unknown_key. Parsing and rendering take time linear in the
/// template's size.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "attain/core/config.hpp"
#include "attain/core/error.hpp"
#include "attain/report/language.hpp"
#include "attain/report/money.hpp"

namespace attain {

/// @brief A field's value: a flag, a whole number, a real number or text.
using field_value = std::variant<bool, std::int64_t, double, std::string>;
using field_map = std::map<std::string, field_value, std::less<>>;

/// @brief @p value with @p places decimals in @p style; half away from zero (see the file doc).
std::string format_fixed(double value, int places, const number_style& style, bool grouping = true);

/// @brief The whole number @p value in @p style: its digits grouped by threes (16.623 in
/// Vietnamese, 16,623 in English) unless @p grouping is false. Exact for every int64.
std::string format_whole(std::int64_t value, const number_style& style, bool grouping = true);

/// @brief The shortest form of @p value with at most @p max_places decimals (81.5, 40.1, 80).
std::string format_shortest(double value, int max_places, const number_style& style);

/// @brief A period in words: "2021-06" is vi "tháng 6/2021", en "June 2021"; "2021-Q1" is
/// vi "quý 1/2021", en "Q1 2021". Throws invalid_argument for any other text.
std::string format_month(std::string_view period, const language& lang);

/// @brief What a template declares it needs (`{# needs: NAME (what) #}`): met by a field NAME
/// or any field `NAME.*`.
struct template_need {
  std::string name;      ///< "count", "amount.done"
  std::string what;      ///< "a count measure named 'count'" (may be empty)
  std::size_t position;  ///< character position of the comment

  /// @brief "field 'count.ratio_pct' (what)" for a dotted name, "fields 'count.*' (what)" for a
  /// bare one (either is met by the field itself or its `.*` fields).
  [[nodiscard]] std::string describe() const {
    const bool field = name.find('.') != std::string::npos;
    return (field ? "field '" + name + "'" : "fields '" + name + ".*'") + (what.empty() ? "" : " (" + what + ")");
  }
};

/// @brief A parsed template; render it with fields and a language.
class narrative_template {
 public:
  /// @brief The deepest nesting of `{if}` blocks a template may have (rendering recurses once
  /// per level; real templates use 3).
  static constexpr std::size_t max_depth = 64;

  /// @brief Parses @p text; throws attain::invalid_argument naming the position of an error.
  explicit narrative_template(std::string_view text) { parse(text); }

  /// @brief Names of every field the template uses, in conditions too (in order of first use).
  /// The sibling fields a `money` spec reads when present (`<prefix>.currency`,
  /// `<prefix>.minor_digits`) are not listed.
  [[nodiscard]] std::vector<std::string> fields() const;

  /// @brief The needs the template declares (`{# needs: ... #}`), in order.
  [[nodiscard]] const std::vector<template_need>& needs() const { return needs_; }

  /// @brief The first declared need that @p fields do not meet, or nullptr.
  [[nodiscard]] const template_need* unmet_need(const field_map& fields) const;

  /// @brief The text with @p fields filled in, in @p lang. Throws invalid_argument for an unmet
  /// need, attain::unknown_key for a missing field.
  [[nodiscard]] std::string render(const field_map& fields, const language& lang) const;

  /// @brief The same with a number style only: months and money words are those of
  /// language::for_style(@p style) (Vietnamese for a decimal comma, else English).
  [[nodiscard]] std::string render(const field_map& fields, const number_style& style) const {
    return render(fields, language::for_style(style));
  }

 private:
  enum class kind { text, field, if_, elif_, else_, end_ };
  enum class op : std::uint8_t { truth, gt, ge, lt, le, eq, ne };
  enum class operand : std::uint8_t { none, whole, real, text, field };
  /// One term of a condition: `[not] name` or `name op value`. Terms are OR-ed groups of AND-ed
  /// terms: `or_before` starts a new group.
  struct term {
    std::string name;
    op o = op::truth;
    operand kind = operand::none;
    bool negate = false;
    bool or_before = false;
    std::int64_t whole = 0;
    double real = 0;
    std::string text;  // a quoted text, or the other field's name
    std::size_t position = 0;
  };
  enum class base : std::uint8_t { none, whole, raw, fixed, shortest, gap, money, month, year };
  struct spec {
    base b = base::none;
    int places = 0;  // .N, rN, money.N (-1: money's automatic decimals)
    bool plus = false;
    bool abs = false;
  };
  struct node {
    kind k;
    std::string text;  // literal text, or the spec of a field as written
    std::string name;  // field name
    spec sp;
    std::size_t position = 0;
    std::size_t jump = 0;     // for if/elif/else: index of the next branch tag or end
    std::vector<term> terms;  // for if/elif
  };

  static bool is_name_char(char c);

  static void check_name(std::string_view name, std::size_t pos);

  static spec parse_spec(std::string_view text, std::string_view name, std::size_t pos);

  // Messages count characters, not bytes (templates are UTF-8: "việc" is 4 characters). The
  // parser asks for increasing positions, so the count resumes where it stopped: linear time.
  struct char_counter {
    std::string_view t;
    std::size_t byte = 0, chars = 0;
    std::size_t operator()(std::size_t to) {
      for (; byte < to && byte < t.size(); ++byte) chars += (static_cast<unsigned char>(t[byte]) & 0xC0) != 0x80;
      return chars;
    }
  };

  void parse(std::string_view t);

  void add_tag(std::string_view tag, std::size_t pos, std::vector<std::size_t>& open, std::vector<std::size_t>& blocks);

  void add_comment(std::string_view body, std::size_t pos);

  static std::vector<term> parse_condition(std::string_view text, std::size_t pos);

  static const field_value& lookup(const field_map& fields, const std::string& name, std::size_t position);

  static bool truthy(const field_value& v);

  static bool holds(const term& t, const field_map& fields);

  static bool holds(const std::vector<term>& terms, const field_map& fields);

  static std::string format(const field_value& v, const node& n, const field_map& fields, const language& lang);

  static std::string format_number(const field_value& v, const node& n, const number_style& style);

  static std::string format_money_field(const field_value& v, const node& n, const field_map& fields,
                                        const language& lang);

  void render_range(std::size_t from, std::size_t to, const field_map& fields, const language& lang,
                    std::string& out) const;

  std::vector<node> nodes_;
  std::vector<template_need> needs_;
};

}  // namespace attain

#ifdef ATTAIN_HEADER_ONLY
#include "attain/report/detail/narrative-inl.hpp"
#endif

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <limits>
#include <string>

#include "attain/report/money.hpp"
#include "attain/report/narrative.hpp"

using attain::field_map;
using attain::language;
using attain::narrative_template;
using attain::number_style;

namespace {
std::string error_of(const std::string& text) {
  try {
    narrative_template t(text);
  } catch (const attain::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

// The error rendering @p text with @p f throws, or "no error".
std::string render_error(const std::string& text, const field_map& f) {
  try {
    (void)narrative_template(text).render(f, language::english());
  } catch (const attain::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

std::string en(const std::string& text, const field_map& f) {
  return narrative_template(text).render(f, language::english());
}
std::string vi(const std::string& text, const field_map& f) {
  return narrative_template(text).render(f, language::vietnamese());
}

const std::int64_t int64_min = std::numeric_limits<std::int64_t>::min();
const std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();
}  // namespace

BOOST_AUTO_TEST_SUITE(test_narrative)

BOOST_AUTO_TEST_CASE(locale_numbers) {
  const auto vi = number_style::vietnamese(), en = number_style::english();
  BOOST_TEST(attain::format_fixed(16623, 0, vi) == "16.623");
  BOOST_TEST(attain::format_fixed(1678213450000.0, 0, en) == "1,678,213,450,000");
  BOOST_TEST(attain::format_fixed(62.97281, 2, vi) == "62,97");
  BOOST_TEST(attain::format_fixed(0.085, 2, en) == "0.09");  // half up, although 0.085 is 0.08499... in binary
  BOOST_TEST(attain::format_fixed(18.5271, 0, vi) == "19");
  BOOST_TEST(attain::format_fixed(-0.004, 2, en) == "0.00");  // no "-0.00"
  BOOST_TEST(attain::format_fixed(2021, 0, vi, false) == "2021");
  BOOST_TEST(attain::format_shortest(81.5, 4, vi) == "81,5");
  BOOST_TEST(attain::format_shortest(80.0, 4, en) == "80");
}

BOOST_AUTO_TEST_CASE(fields_specs_and_conditions) {
  narrative_template t(
      "{n:int} việc, {r:.2}%, hụt {g:r2}% và {h:r2}%{if up}, tăng{elif down}, giảm{else}, không đổi{end}{if not "
      "up}!{end} {{ok}}");
  field_map f{{"n", std::int64_t{16623}}, {"r", 62.97281}, {"g", 18.53}, {"h", 0.0852}, {"up", true}, {"down", false}};
  BOOST_TEST(t.render(f, number_style::vietnamese()) == "16.623 việc, 62,97%, hụt 19% và 0,09%, tăng {ok}");
  f["up"] = false;
  f["down"] = true;
  BOOST_TEST(t.render(f, number_style::english()) == "16,623 việc, 62.97%, hụt 19% và 0.09%, giảm! {ok}");
  narrative_template nested("{if a}A{if b}B{else}b{end}{else}x{end}.");
  BOOST_TEST(nested.render({{"a", std::int64_t{1}}, {"b", std::string{}}}, number_style{}) == "Ab.");
  BOOST_TEST(nested.render({{"a", 0.0}, {"b", true}}, number_style{}) == "x.");
  BOOST_TEST((t.fields() == std::vector<std::string>{"n", "r", "g", "h", "up", "down"}));
}

BOOST_AUTO_TEST_CASE(errors_name_the_field_and_character_position) {
  BOOST_TEST(error_of("việc {x:q}") ==
             "bad format spec 'q' for field 'x' at position 5 (expected int, raw, g, .N, rN, money, money.N, "
             "month or year; numbers may take a leading + or abs)");
  BOOST_TEST(error_of("tiền {x") == "unclosed '{' at position 5");
  BOOST_TEST(error_of("a } b") == "unmatched '}' at position 2 (write '}}' for a literal brace)");
  BOOST_TEST(error_of("{if a}x") == "'{if}' at position 0 has no '{end}'");
  BOOST_TEST(error_of("x{end}") == "'{end}' at position 1 has no '{if}'");
  BOOST_TEST(error_of("{if a}{else}{else}{end}") == "'{else}' at position 12 follows an '{else}'");
  BOOST_TEST(error_of("{}") == "empty field name at position 0");
  BOOST_TEST(error_of("{a-b}") ==
             "field name 'a-b' at position 0 has a character other than letters, digits, '_' and '.'");
  narrative_template t("đạt {missing}");
  try {
    (void)t.render({}, number_style{});
    BOOST_FAIL("expected an exception");
  } catch (const attain::unknown_key& e) {
    BOOST_TEST(std::string(e.what()) == "unknown field 'missing' at position 4");
  }
}

BOOST_AUTO_TEST_CASE(number_styles_by_language) {
  BOOST_TEST(attain::format_fixed(9007199254740993.0, 0, attain::number_style::for_language("vi")) ==
             "9.007.199.254.740.992");
  BOOST_TEST(attain::format_fixed(1234.5, 1, attain::number_style::for_language("en")) == "1,234.5");
  BOOST_CHECK_THROW(attain::number_style::for_language("fr"), attain::invalid_argument);
}

BOOST_AUTO_TEST_CASE(whole_numbers_are_exact_in_both_styles) {
  const auto vi = attain::number_style::vietnamese(), en = attain::number_style::english();
  BOOST_TEST(attain::format_whole(16623, vi) == "16.623");
  BOOST_TEST(attain::format_whole(16623, en) == "16,623");
  BOOST_TEST(attain::format_whole((std::int64_t{1} << 53) + 1, vi) == "9.007.199.254.740.993");
  BOOST_TEST(attain::format_whole(std::numeric_limits<std::int64_t>::min(), en) == "-9,223,372,036,854,775,808");
  BOOST_TEST(attain::format_whole(-1234567, vi, false) == "-1234567");
}

BOOST_AUTO_TEST_CASE(comparisons_every_operator) {
  const field_map f{{"x", std::int64_t{3}}, {"y", 2.5}, {"t", std::string("province")}, {"b", true}};
  auto yes = [&](const std::string& cond) { return en("{if " + cond + "}1{else}0{end}", f); };
  BOOST_TEST(yes("x > 2") == "1");
  BOOST_TEST(yes("x > 3") == "0");
  BOOST_TEST(yes("x >= 3") == "1");
  BOOST_TEST(yes("x >= 3.5") == "0");
  BOOST_TEST(yes("x < 3.5") == "1");
  BOOST_TEST(yes("x < 3") == "0");
  BOOST_TEST(yes("x <= 3") == "1");
  BOOST_TEST(yes("x <= 2.999") == "0");
  BOOST_TEST(yes("x == 3") == "1");
  BOOST_TEST(yes("x == 3.0") == "1");
  BOOST_TEST(yes("x != 3") == "0");
  BOOST_TEST(yes("x != -3") == "1");
  BOOST_TEST(yes("y > x") == "0");  // a field against a field
  BOOST_TEST(yes("x>y") == "1");    // no spaces needed around an operator
  BOOST_TEST(yes("y == 2.5") == "1");
  BOOST_TEST(yes("y > -1.5") == "1");
  BOOST_TEST(yes("y < 25e-1") == "0");
  BOOST_TEST(yes("t == 'province'") == "1");
  BOOST_TEST(yes("t != 'province'") == "0");
  BOOST_TEST(yes("t == ''") == "0");
  BOOST_TEST(yes("t < 'r'") == "1");  // texts compare by their bytes
  BOOST_TEST(yes("b == 1") == "1");   // a flag is 0 or 1
  BOOST_TEST(yes("b > 0.5") == "1");
  BOOST_TEST(yes("not b") == "0");
  BOOST_TEST(en("{if x < 0}neg{elif x == 0}zero{elif x > 2 and y > 2}big{else}small{end}", f) == "big");
}

BOOST_AUTO_TEST_CASE(and_binds_tighter_than_or) {
  const field_map f{{"t", true}, {"f", false}};
  auto yes = [&](const std::string& cond) { return en("{if " + cond + "}1{else}0{end}", f); };
  BOOST_TEST(yes("t or t and f") == "1");  // t or (t and f)
  BOOST_TEST(yes("f and t or t") == "1");  // (f and t) or t
  BOOST_TEST(yes("f or t and f") == "0");  // f or (t and f)
  BOOST_TEST(yes("t and f or f and t") == "0");
  BOOST_TEST(yes("t and t and t") == "1");
  BOOST_TEST(yes("f or f or t") == "1");
  BOOST_TEST(yes("not f and not f") == "1");
  BOOST_TEST(yes("not t or not t") == "0");
  // Evaluation stops once the result is known: absent fields after it are not read.
  BOOST_TEST(yes("f and missing > 0") == "0");
  BOOST_TEST(yes("t or missing > 0") == "1");
  BOOST_TEST(yes("f and missing or t") == "1");
  BOOST_CHECK_THROW((void)yes("t and missing > 0"), attain::unknown_key);
}

BOOST_AUTO_TEST_CASE(comparisons_are_exact_and_nan_is_false) {
  const field_map f{{"big", std::int64_t{9007199254740993}},  // 2^53 + 1: not a double
                    {"nan", std::nan("")},
                    {"max", int64_max},
                    {"min", int64_min}};
  auto yes = [&](const std::string& cond) { return en("{if " + cond + "}1{else}0{end}", f); };
  BOOST_TEST(yes("big > 9007199254740992.0") == "1");  // compared as numbers, not as doubles
  BOOST_TEST(yes("big == 9007199254740992.0") == "0");
  BOOST_TEST(yes("big == 9007199254740993") == "1");
  BOOST_TEST(yes("max < 9223372036854775808.0") == "1");
  BOOST_TEST(yes("min == -9223372036854775808.0") == "1");
  BOOST_TEST(yes("min == -9223372036854775808") == "1");
  BOOST_TEST(yes("nan > 0") == "0");
  BOOST_TEST(yes("nan <= 0") == "0");
  BOOST_TEST(yes("nan == nan") == "0");
  BOOST_TEST(yes("nan != 0") == "1");
  BOOST_TEST(yes("nan") == "0");
}

BOOST_AUTO_TEST_CASE(condition_errors) {
  BOOST_TEST(error_of("{if a = 1}x{end}") == "condition 'a = 1' at position 0: write '==' to compare");
  BOOST_TEST(error_of("{if a ! 1}x{end}") == "condition 'a ! 1' at position 0: write '!=' or 'not'");
  BOOST_TEST(error_of("ab {if a >}x{end}") == "condition 'a >' at position 3: a value is expected after '>'");
  BOOST_TEST(error_of("{if a > 1 b}x{end}") ==
             "condition 'a > 1 b' at position 0: 'and' or 'or' is expected, found 'b'");
  BOOST_TEST(error_of("{if a and}x{end}") == "condition 'a and' at position 0: a term is expected after 'and'");
  BOOST_TEST(error_of("{if 1 > a}x{end}") ==
             "condition '1 > a' at position 0: a field name is expected after 'if', found 1");
  BOOST_TEST(error_of("{if not a > 1}x{end}") ==
             "condition 'not a > 1' at position 0: 'not' takes a field, not a comparison: write the opposite operator");
  BOOST_TEST(error_of("{if a == 'x}x{end}") == "condition 'a == 'x' at position 0: a quote (') is not closed");
  BOOST_TEST(error_of("{if a > 1.2.3}x{end}") == "condition 'a > 1.2.3' at position 0: '1.2.3' is not a number");
  BOOST_TEST(error_of("{if a > 99999999999999999999}x{end}") ==
             "condition 'a > 99999999999999999999' at position 0: the number 99999999999999999999 is out of range");
  BOOST_TEST(error_of("{if a > > 1}x{end}") ==
             "condition 'a > > 1' at position 0: a value is expected after '>', found '>'");
  BOOST_TEST(error_of("{if a-b > 1}x{end}") ==
             "field name 'a-b' at position 0 has a character other than letters, digits, '_' and '.'");
  // Text against a number, at render time, names the field.
  const field_map f{{"level", std::string("province")}, {"n", std::int64_t{2}}};
  BOOST_TEST(render_error("ok {if level > 0}x{end}", f) ==
             "field 'level' at position 3 is text, compared with a number (a number)");
  BOOST_TEST(render_error("{if n == 'two'}x{end}", f) ==
             "field 'n' at position 0 is a number, compared with the text 'two' (text)");
  BOOST_TEST(render_error("{if n != level}x{end}", f) ==
             "field 'n' at position 0 is a number, compared with field 'level' (text)");
  try {
    (void)en("{if n > missing}x{end}", f);
    BOOST_FAIL("expected an exception");
  } catch (const attain::unknown_key& e) {
    BOOST_TEST(std::string(e.what()) == "unknown field 'missing' at position 0");
  }
}

BOOST_AUTO_TEST_CASE(fields_lists_condition_fields) {
  narrative_template t("{if a > b and not c or d == 'x'}{e:+.1}{end}{f:money}");
  BOOST_TEST((t.fields() == std::vector<std::string>{"a", "b", "c", "d", "e", "f"}));
}

BOOST_AUTO_TEST_CASE(sign_and_absolute_value) {
  const field_map f{{"p", 1.1},
                    {"n", -1.1},
                    {"z", 0.0},
                    {"tiny", -0.004},
                    {"tinyp", 0.004},
                    {"half", -0.005},
                    {"i", std::int64_t{-16623}},
                    {"imin", int64_min},
                    {"imax", int64_max},
                    {"nan", std::nan("")},
                    {"inf", -HUGE_VAL},
                    {"g", 0.0852}};
  BOOST_TEST(vi("{p:+.2} {n:+.2} {z:+.2} {p:abs.2} {n:abs.2} {n:+abs.2}", f) == "+1,10 -1,10 0,00 1,10 1,10 +1,10");
  BOOST_TEST(en("{tiny:+.2}|{tiny:.2}|{tiny:abs.2}|{tinyp:+.2}", f) == "0.00|0.00|0.00|0.00");  // no sign on zero
  BOOST_TEST(en("{half:+.2} {half:abs.2}", f) == "-0.01 0.01");                                 // half away from zero
  BOOST_TEST(en("{i:+int} {i:absint} {i:abs int} {i:+ raw} {i:abs} {i:+}", f) ==
             "-16,623 16,623 16,623 -16623 16623 -16623");
  BOOST_TEST(en("{imin:absint}", f) == "9,223,372,036,854,775,808");  // |INT64_MIN| exactly
  BOOST_TEST(en("{imin:+int}", f) == "-9,223,372,036,854,775,808");
  BOOST_TEST(en("{imax:+int}", f) == "+9,223,372,036,854,775,807");
  BOOST_TEST(en("{nan:+.2} {inf:+.2} {inf:abs.2}", f) == "NaN -∞ ∞");
  BOOST_TEST(vi("{g:+r2} {n:absr2} {p:+g}", f) == "+0,09 1 +1,1");
  BOOST_TEST(error_of("{x:+month}") ==
             "format spec '+month' for field 'x' at position 0: + and abs apply to numbers, not to a month");
  BOOST_TEST(error_of("{x:abs.123}").find("bad format spec 'abs.123'") == 0);
  BOOST_TEST(error_of("{x:++.2}").find("bad format spec '++.2'") == 0);
}

BOOST_AUTO_TEST_CASE(months_and_years_in_both_languages) {
  const char* english[] = {"January", "February", "March",     "April",   "May",      "June",
                           "July",    "August",   "September", "October", "November", "December"};
  for (int m = 1; m <= 12; ++m) {
    const std::string period = "2021-" + std::string(m < 10 ? "0" : "") + std::to_string(m);
    const field_map f{{"as_of.period", period}};
    BOOST_TEST(vi("{as_of.period:month}", f) == "tháng " + std::to_string(m) + "/2021");
    BOOST_TEST(en("{as_of.period:month}", f) == std::string(english[m - 1]) + " 2021");
    BOOST_TEST(en("{as_of.period:year}", f) == "2021");
  }
  BOOST_TEST(vi("{q:month}", {{"q", std::string("2021-Q1")}}) == "quý 1/2021");
  BOOST_TEST(en("{q:month} {q:year}", {{"q", std::string("2021-Q4")}}) == "Q4 2021 2021");
  for (const char* bad : {"2021-13", "2021-00", "2021-6", "21-06", "2021-06-30", "", "2021-Q5", "abcd-01"})
    BOOST_TEST(render_error("{m:month}", {{"m", std::string(bad)}}) ==
               "period '" + std::string(bad) + "' is not a month YYYY-MM or a quarter YYYY-Qn");
  BOOST_TEST(render_error("{m:year}", {{"m", std::int64_t{2021}}}) ==
             "field 'm' at position 0 is not a period text (YYYY-MM); 'year' applies to periods");
  BOOST_TEST(render_error("{m:.2}", {{"m", std::string("x")}}) ==
             "field 'm' at position 0 is text; it takes no format spec other than month and year");
}

BOOST_AUTO_TEST_CASE(money_scales_in_both_languages) {
  const auto v = language::vietnamese(), e = language::english();
  BOOST_TEST(attain::format_money(1193847993000, "VND", 0, v) == "1.193,8 tỷ đồng");
  BOOST_TEST(attain::format_money(1193847993000, "VND", 0, e) == "1,193.8 billion VND");
  BOOST_TEST(attain::format_money(250000000, "VND", 0, v) == "250 triệu đồng");
  BOOST_TEST(attain::format_money(250000000, "VND", 0, e) == "250 million VND");
  BOOST_TEST(attain::format_money(2500000, "VND", 0, v) == "2,5 triệu đồng");
  BOOST_TEST(attain::format_money(950000, "VND", 0, v) == "950.000 đồng");
  BOOST_TEST(attain::format_money(950000, "VND", 0, e) == "950,000 VND");
  BOOST_TEST(attain::format_money(999999, "VND", 0, v) == "999.999 đồng");
  BOOST_TEST(attain::format_money(1000000, "VND", 0, v) == "1 triệu đồng");
  BOOST_TEST(attain::format_money(1050000, "VND", 0, v) == "1,1 triệu đồng");    // half away from zero
  BOOST_TEST(attain::format_money(-1050000, "VND", 0, v) == "-1,1 triệu đồng");  // and for negatives
  BOOST_TEST(attain::format_money(1049999, "VND", 0, v) == "1 triệu đồng");
  BOOST_TEST(attain::format_money(999949999, "VND", 0, v) == "999,9 triệu đồng");
  BOOST_TEST(attain::format_money(999950000, "VND", 0, v) == "1 tỷ đồng");  // rounds up to the next scale
  BOOST_TEST(attain::format_money(999950000, "VND", 0, v, 2) == "999,95 triệu đồng");
  BOOST_TEST(attain::format_money(1193847993000, "VND", 0, v, 3) == "1.193,848 tỷ đồng");
  BOOST_TEST(attain::format_money(1193847993000, "VND", 0, v, 0) == "1.194 tỷ đồng");
  BOOST_TEST(attain::format_money(250000000, "VND", 0, v, 2) == "250,00 triệu đồng");
  BOOST_TEST(attain::format_money(123456, "USD", 2, e) == "$1,234.56");
  BOOST_TEST(attain::format_money(123456, "USD", 2, v) == "1.234,56 USD");
  BOOST_TEST(attain::format_money(-123456, "USD", 2, e) == "-$1,234.56");
  BOOST_TEST(attain::format_money(5, "USD", 2, e) == "$0.05");
  BOOST_TEST(attain::format_money(0, "USD", 2, e) == "$0.00");
  BOOST_TEST(attain::format_money(99999999, "USD", 2, e) == "$999,999.99");
  BOOST_TEST(attain::format_money(100000000, "USD", 2, e) == "$1 million");
  BOOST_TEST(attain::format_money(123456789, "USD", 2, e) == "$1.2 million");
  BOOST_TEST(attain::format_money(123456789, "USD", 2, v) == "1,2 triệu USD");
  BOOST_TEST(attain::format_money(340000000000, "USD", 2, e) == "$3.4 billion");
  BOOST_TEST(attain::format_money(123456, "EUR", 2, e) == "1,234.56 EUR");
  BOOST_TEST(attain::format_money(123456, "EUR", 2, v) == "1.234,56 EUR");
  BOOST_TEST(attain::format_money(1234567, "KWD", 3, e) == "1,234.567 KWD");
  BOOST_TEST(attain::format_money(123456789, "", 2, e) == "1,234,567.89");  // no currency: no unit, no scale
  BOOST_TEST(attain::format_money(1193847993000, "", 0, v) == "1.193.847.993.000");
  BOOST_TEST(attain::format_money(int64_max, "VND", 0, v) == "9.223.372.036,9 tỷ đồng");
  BOOST_TEST(attain::format_money(int64_min, "VND", 0, e) == "-9,223,372,036.9 billion VND");
  BOOST_TEST(attain::format_money(int64_min, "", 0, e) == "-9,223,372,036,854,775,808");
  BOOST_TEST(attain::format_money(int64_max, "", 2, e) == "92,233,720,368,547,758.07");
  BOOST_TEST(attain::format_money(int64_min, "USD", 9, e, 9) == "-$9.223372037 billion");
  BOOST_TEST(attain::format_money(int64_max, "", 9, e) == "9,223,372,036.854775807");
  BOOST_CHECK_THROW((void)attain::format_money(1, "USD", 10, e), attain::invalid_argument);
  BOOST_CHECK_THROW((void)attain::format_money(1, "USD", -1, e), attain::invalid_argument);
  BOOST_CHECK_THROW((void)attain::format_money(1, "USD", 2, e, 10), attain::invalid_argument);
  BOOST_CHECK_THROW((void)attain::format_money(1, "USD", 2, e, -2), attain::invalid_argument);
}

BOOST_AUTO_TEST_CASE(money_spec_reads_its_sibling_fields) {
  const field_map f{{"amount.done", std::int64_t{1193847993000}},
                    {"amount.currency", std::string("VND")},
                    {"amount.minor_digits", std::int64_t{0}},
                    {"amount.change", std::int64_t{-250000000}},
                    {"sales.done", std::int64_t{123456789}},
                    {"sales.currency", std::string("USD")},
                    {"sales.minor_digits", std::int64_t{2}},
                    {"plain.done", std::int64_t{1234567}},
                    {"cents.done", 123456.0},
                    {"cents.minor_digits", std::int64_t{2}},
                    {"bad.done", 1.5},
                    {"half.done", 2.5},
                    {"half.currency", std::string("USD")},
                    {"half.minor_digits", std::int64_t{2}},
                    {"neg.done", -2.5},
                    {"neg.currency", std::string("USD")},
                    {"neg.minor_digits", std::int64_t{2}},
                    {"nan.done", std::nan("")},
                    {"flag", true},
                    {"nodigits.done", std::int64_t{1}},
                    {"nodigits.currency", std::string("USD")}};
  BOOST_TEST(vi("{amount.done:money}; {amount.change:+money}; {amount.change:abs money.2}", f) ==
             "1.193,8 tỷ đồng; -250 triệu đồng; 250,00 triệu đồng");
  BOOST_TEST(en("{amount.done:money.0}; {sales.done:+money}; {sales.done:money.2}", f) ==
             "1,194 billion VND; +$1.2 million; $1.23 million");
  BOOST_TEST(en("{plain.done:money} {cents.done:money}", f) == "1,234,567 1,234.56");
  BOOST_TEST(en("{bad.done:money} {half.done:money} {neg.done:+money}", f) == "2 $0.03 -$0.03");  // reals round
  BOOST_TEST(render_error("{nan.done:money}", f) ==
             "field 'nan.done' at position 0 is NaN, infinite or beyond 64 bits, not an amount of minor units (đồng, "
             "cents) for 'money'");
  BOOST_TEST(render_error("{flag:money}", f) ==
             "field 'flag' at position 0 is a flag, not an amount of minor units (đồng, cents) for 'money'");
  BOOST_TEST(render_error("{nodigits.done:money}", f) ==
             "field 'nodigits.done' at position 0 is money in USD but there is no field 'nodigits.minor_digits' to "
             "say how many decimals its unit has");
  BOOST_TEST(error_of("{a:money.10}") ==
             "format spec 'money.10' for field 'a' at position 0: money takes 0 to 9 decimals");
  BOOST_TEST(
      en("{x:money}", {{"x", std::int64_t{5}}, {"currency", std::string("EUR")}, {"minor_digits", std::int64_t{2}}}) ==
      "0.05 EUR");  // a name without a dot: siblings 'currency' and 'minor_digits'
}

BOOST_AUTO_TEST_CASE(comments_and_needs) {
  BOOST_TEST(en("a{# a comment with } and { inside #}b{#needs: zz (never checked? yes: checked) #}",
                {{"zz.q", true}}) == "ab");
  narrative_template t("{# needs: count (a count measure named 'count'), amount.done #}{count.n}");
  BOOST_TEST(t.needs().size() == 2U);
  BOOST_TEST(t.needs()[0].name == "count");
  BOOST_TEST(t.needs()[0].what == "a count measure named 'count'");
  BOOST_TEST(t.needs()[1].name == "amount.done");
  BOOST_TEST(t.needs()[1].what == "");
  BOOST_TEST(t.needs()[1].describe() == "field 'amount.done'");
  const field_map ok{{"count.n", std::int64_t{1}}, {"amount.done", std::int64_t{2}}};
  BOOST_TEST(t.unmet_need(ok) == nullptr);
  BOOST_TEST(t.render(ok, language::english()) == "1");
  const field_map no_count{{"countx.n", std::int64_t{1}}, {"count", std::int64_t{1}}, {"amount.done", std::int64_t{2}}};
  BOOST_TEST(t.unmet_need(no_count) == nullptr);  // a field named exactly 'count' meets it
  const field_map none{{"counts.n", std::int64_t{1}}, {"amount.done", std::int64_t{2}}};
  BOOST_TEST(t.unmet_need(none) == &t.needs()[0]);  // 'counts.n' is not 'count.*'
  BOOST_TEST(render_error("{# needs: count (a count measure named 'count'), amount.done #}{count.n}", none) ==
             "the template needs fields 'count.*' (a count measure named 'count') (declared at position 0)");
  BOOST_TEST(error_of("x{# needs: #}") ==
             "'{# needs: ... #}' at position 1: no name (write {# needs: NAME (what it is), NAME ... #})");
  BOOST_TEST(error_of("{# needs: a b #}") ==
             "'{# needs: ... #}' at position 0: ',' or the end is expected after 'a' (write {# needs: NAME (what it "
             "is), NAME ... #})");
  BOOST_TEST(error_of("{# needs: a (x #}").find("'(' has no ')'") != std::string::npos);
  BOOST_TEST(error_of("{# needs: a, #}").find("a name is expected after ','") != std::string::npos);
  BOOST_TEST(error_of("{# needs: -a #}").find("a field name is expected, found '-a '") != std::string::npos);
  BOOST_TEST(error_of("ab {# open") == "unclosed '{#' at position 3");
  BOOST_TEST(en("{# needs work: a plain comment #}x", {}) == "x");
  BOOST_TEST(en("{{# not a comment #}}", {}) == "{# not a comment #}");
}

BOOST_AUTO_TEST_CASE(the_number_style_overload_keeps_its_language) {
  const field_map f{{"m", std::string("2021-06")}, {"x", 1234.5}};
  narrative_template t("{m:month} {x:.1}");
  BOOST_TEST(t.render(f, number_style::vietnamese()) == "tháng 6/2021 1.234,5");
  BOOST_TEST(t.render(f, number_style::english()) == "June 2021 1,234.5");
  BOOST_CHECK_THROW((void)language::for_code("fr"), attain::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()

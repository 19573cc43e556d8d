// The C++ side of the bad-input catalogue (tests/python/test_bad_input.py is the Python side):
// hostile and extreme inputs, each checked against an independent exact computation
// (Boost.Multiprecision integers and rationals) or for the documented error.
#include <boost/multiprecision/cpp_int.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "attain/core/cases.hpp"
#include "attain/core/gap.hpp"
#include "attain/core/pace.hpp"
#include "attain/core/schedule.hpp"
#include "attain/report/fields.hpp"
#include "attain/report/narrative.hpp"
#include "attain/stats/control_chart.hpp"
#include "attain/stats/funnel.hpp"
#include "attain/stats/mann_kendall.hpp"
#include "attain/stats/projection.hpp"
#include "attain/stats/slopes.hpp"

namespace {

using boost::multiprecision::cpp_int;
using boost::multiprecision::cpp_rational;

// The exact value of a finite double.
cpp_rational exact(double x) {
  int e = 0;
  const double m = std::frexp(x, &e);  // x = m 2^e, 0.5 <= |m| < 1
  const auto mant = static_cast<std::int64_t>(std::ldexp(m, 53));
  cpp_rational r(mant);
  e -= 53;
  if (e >= 0) return r * cpp_rational(cpp_int(1) << e);
  return r / cpp_rational(cpp_int(1) << -e);
}

bool even_mantissa(double r) {
  int e = 0;
  return static_cast<std::int64_t>(std::ldexp(std::frexp(r, &e), 53)) % 2 == 0;
}

// Whether @p r is the correctly rounded double of @p q (q > 0): q lies between the midpoints to
// r's neighbours, and on a midpoint only when r's mantissa is even.
bool correctly_rounded(double r, const cpp_rational& q) {
  const cpp_rational lo = (exact(std::nextafter(r, 0.0)) + exact(r)) / 2;
  const cpp_rational hi = (exact(r) + exact(std::nextafter(r, 2.0 * r + 1.0))) / 2;
  if (q < lo || q > hi) return false;
  return (q != lo && q != hi) || even_mantissa(r);
}

// The shortfall by its definition, in closed form: the ratio n / e rounds to at least t exactly
// when n / e is above the midpoint m between t and the double below it (or on it, when the tie
// rounds to t); so the answer is ceil(m e) - done (one more when m e is a whole number that
// rounds down), and 0 when done already meets t.
std::int64_t reference_shortfall(std::int64_t done, std::int64_t eligible, double t) {
  if (eligible == 0 || t == 0.0) return 0;
  const cpp_rational m = (exact(std::nextafter(t, 0.0)) + exact(t)) / 2;
  const cpp_rational me = m * cpp_rational(eligible);
  cpp_int n = numerator(me) / denominator(me);  // floor (positive)
  if (cpp_rational(n) != me || !even_mantissa(t)) n += 1;
  const cpp_int k = n - done;
  return k < 0 ? 0 : static_cast<std::int64_t>(k);
}

template <class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const attain::error& e) {
    return e.what();
  }
  return "no error";
}

std::string error_of(const std::string& text) {
  try {
    attain::narrative_template t(text);
  } catch (const attain::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(test_bad_input)

BOOST_AUTO_TEST_CASE(ratio_is_correctly_rounded_for_every_int64) {
  std::mt19937_64 rng(11);
  const std::int64_t top = std::numeric_limits<std::int64_t>::max();
  std::vector<std::int64_t> eligibles{(std::int64_t{1} << 53) - 1, (std::int64_t{1} << 53) + 1, top, top - 1,
                                      (std::int64_t{1} << 62) + 3};
  for (int i = 0; i < 300; ++i) eligibles.push_back(static_cast<std::int64_t>(rng() >> (1 + rng() % 40)) + 1);
  for (std::int64_t e : eligibles)
    for (std::int64_t done : {std::int64_t{1}, e / 3, e / 2, e - 1, e, static_cast<std::int64_t>(rng() % e)}) {
      if (done <= 0) continue;
      const double r = attain::completion_ratio_unchecked(done, e);
      BOOST_TEST_REQUIRE(correctly_rounded(r, cpp_rational(done, e)), done << " / " << e << " gave " << r);
    }
}

BOOST_AUTO_TEST_CASE(shortfall_is_exact_at_2_53_and_2_63) {
  const std::int64_t p53 = std::int64_t{1} << 53, top = std::numeric_limits<std::int64_t>::max();
  std::vector<std::int64_t> eligibles;
  for (std::int64_t k = -3; k <= 3; ++k) eligibles.push_back(p53 + k);
  for (std::int64_t k = 0; k <= 5; ++k) eligibles.push_back(top - k);
  eligibles.push_back(p53 * 2 + 1);
  for (double t : {1.0, 0.999999, 0.815, 0.5, 0.401, 0.3, 0.1, 1e-300, 5e-324, 0.0, std::nextafter(1.0, 0.0)})
    for (std::int64_t e : eligibles)
      for (std::int64_t done : {std::int64_t{0}, e / 2, e - 1000, e - 1}) {
        const auto start = std::chrono::steady_clock::now();
        const auto g = attain::target_gap(done, e, t);
        BOOST_TEST_REQUIRE((std::chrono::steady_clock::now() - start < std::chrono::milliseconds(100)));
        BOOST_TEST_REQUIRE(g.shortfall == reference_shortfall(done, e, t), done << " of " << e << " against " << t);
        BOOST_TEST_REQUIRE(g.met == (g.shortfall == 0));
      }
  // Target exactly 1.0 with the largest denominators: done = e - 1 rounds to 1.0 beyond 2^54,
  // so it meets; done = 0 needs all but the last few hundred (the ratio rounds to 1 above that).
  const auto g = attain::target_gap(0, top, 1.0);
  BOOST_TEST(g.shortfall == reference_shortfall(0, top, 1.0));
  BOOST_TEST(!attain::meets_target(g.shortfall - 1, top, 1.0));
  BOOST_TEST(attain::meets_target(g.shortfall, top, 1.0));
}

BOOST_AUTO_TEST_CASE(shortfall_random_denominators_against_the_closed_form) {
  std::mt19937_64 rng(5);
  for (int i = 0; i < 3000; ++i) {
    const auto e = static_cast<std::int64_t>(rng() >> (1 + rng() % 62)) + 1;
    const auto done = static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(e));
    const double t = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    BOOST_TEST_REQUIRE(attain::target_gap(done, e, t).shortfall == reference_shortfall(done, e, t));
  }
}

BOOST_AUTO_TEST_CASE(pace_near_int64_is_exact_and_bounded) {
  const std::int64_t top = std::numeric_limits<std::int64_t>::max();
  const auto p = attain::pace({0, top - 7}, 1.0, 3);
  BOOST_TEST(p.needed == reference_shortfall(0, top - 7, 1.0));
  BOOST_CHECK_THROW(attain::pace({0, top - 7}, 1.0, 3, 1e18), attain::overflow_error);
}

BOOST_AUTO_TEST_CASE(mann_kendall_variance_is_exact_past_int64) {
  // Groups of g equal values in increasing order: S and var S have closed forms.
  for (std::size_t n : {std::size_t{1'700'000}, std::size_t{3'000'017}}) {
    const std::size_t g = 7;
    std::vector<double> x(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<double>(i / g);
    const auto r = attain::mann_kendall(x, 0.05, attain::mk_method::original, std::nullopt, 1, false);
    const cpp_int N = n, full = N / g, rest = N % g;
    auto t3 = [](const cpp_int& t) { return t * (t - 1) * (2 * t + 5); };
    const cpp_int s = N * (N - 1) / 2 - full * g * (g - 1) / 2 - rest * (rest - 1) / 2;
    const cpp_int numerator = N * (N - 1) * (2 * N + 5) - full * t3(g) - t3(rest);
    BOOST_TEST(r.s == static_cast<double>(s));
    BOOST_TEST(correctly_rounded(r.var_s, cpp_rational(numerator, 18)));
    BOOST_TEST(r.var_s > 0);
    BOOST_TEST((r.trend == attain::mk_trend::increasing));
  }
}

BOOST_AUTO_TEST_CASE(mann_kendall_no_trend_in_alternating_noise_of_two_million) {
  // 0, 1, 0, 1, ...: S = -(n/2) (every 1 before a later 0 ... ) is small; a wrapped variance
  // made such series "significant" or NaN.
  const std::size_t n = 2'000'000;
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<double>(i % 2);
  const auto r = attain::mann_kendall(x, 0.05, attain::mk_method::original, std::nullopt, 1, false);
  const cpp_int N = n, h = N / 2;
  // pairs (i < j) with x_i = 0, x_j = 1 minus those with x_i = 1, x_j = 0: n/2 in all.
  BOOST_TEST(r.s == static_cast<double>(h));
  BOOST_TEST(correctly_rounded(r.var_s, cpp_rational(N * (N - 1) * (2 * N + 5) - 2 * h * (h - 1) * (2 * h + 5), 18)));
  BOOST_TEST(!r.h);
  BOOST_TEST(r.p > 0.9);
}

BOOST_AUTO_TEST_CASE(template_nesting_is_limited_and_parsing_is_linear) {
  std::string deep;
  for (int i = 0; i < 100'000; ++i) deep += "{if a}";
  for (int i = 0; i < 100'000; ++i) deep += "{end}";
  BOOST_TEST(error_of(deep) == "'{if}' at position 384 nests deeper than 64 blocks");
  std::string ok;
  for (int i = 0; i < 64; ++i) ok += "{if a}x";
  for (int i = 0; i < 64; ++i) ok += "{end}";
  BOOST_TEST(attain::narrative_template(ok).render({{"a", true}}, attain::number_style::english()) ==
             std::string(64, 'x'));
  // 2 MB of fields, conditions and Vietnamese text: parse time linear (it was quadratic).
  std::string big;
  while (big.size() < 2'000'000) big += "việc {n:int} {if a}có{else}không{end} ";
  const auto start = std::chrono::steady_clock::now();
  const attain::narrative_template t(big);
  BOOST_TEST(t.fields().size() == 2u);
  BOOST_TEST((std::chrono::steady_clock::now() - start < std::chrono::seconds(5)));
  std::size_t chars = 0;  // positions count characters, not bytes
  for (char c : big) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  BOOST_TEST(error_of(big + "{oops") == "unclosed '{' at position " + std::to_string(chars));
}

BOOST_AUTO_TEST_CASE(bad_arguments_that_returned_numbers_now_throw) {
  using attain::invalid_argument;
  const double inf = std::numeric_limits<double>::infinity(), nan = std::nan("");
  BOOST_CHECK_THROW(attain::schedule(1.5, 0.8, 6), invalid_argument);
  BOOST_CHECK_THROW(attain::schedule(-0.25, 0.8, 6), invalid_argument);
  BOOST_CHECK_THROW(attain::schedule(inf, 0.8, 6), invalid_argument);
  BOOST_TEST(std::isnan(attain::schedule(nan, 0.8, 6).ahead));  // NaN ratio stays documented NaN
  BOOST_TEST(message_of([] {
               attain::pace({1, 10}, 0.5, 3, -2.0);
             }) ==
             "eligible_growth_per_month = -2 is negative: the pace assumes a denominator that grows or stays as it is");
  using attain::funnel_method, attain::funnel_scale;
  std::vector<std::int64_t> n{10, 100};
  std::vector<double> levels{0.95}, lo(2), hi(2);
  for (auto spread : {attain::funnel_spread{-1.0, 0.0}, attain::funnel_spread{nan, 0.0},
                      attain::funnel_spread{1.0, -0.25}, attain::funnel_spread{1.0, inf}})
    BOOST_CHECK_THROW(
        attain::funnel_curves(0.5, n, levels, funnel_method::normal, funnel_scale::proportion, spread, lo, hi),
        invalid_argument);
  BOOST_CHECK_THROW(
      attain::funnel_curves(0.5, {}, {}, funnel_method::normal, funnel_scale::proportion, {-1.0, 0.0}, {}, {}),
      invalid_argument);
  std::vector<std::int64_t> done{1, 2}, eligible{10, 10};
  for (double centre : {0.0, 1.0})
    BOOST_CHECK_THROW(attain::control_chart(done, eligible, attain::chart_kind::p, 3.0, centre), invalid_argument);
  BOOST_CHECK_THROW(attain::validate_case_span(attain::max_case_periods + 1), invalid_argument);
  attain::validate_case_span(attain::max_case_periods);
}

BOOST_AUTO_TEST_CASE(shrinking_eligible_is_not_reachable_by_a_zero_pace) {
  // Eligible falls by 100 a month and nothing is done: the target 1.0 is 75 points away.
  std::vector<std::int64_t> done(6, 250), eligible;
  for (int i = 0; i < 6; ++i) eligible.push_back(1000 - 100 * i);
  const auto p = attain::project_year_end(done, eligible, 1.0);
  BOOST_TEST(!p.reachable);
  BOOST_TEST(p.required_pace == 250.0 / 6);  // the current denominator: 250 more in 6 months
}

BOOST_AUTO_TEST_CASE(linear_trend_constant_series_is_nan) {
  for (double v : {0.1, 1.0 / 3, 1e8 + 0.1})
    for (std::size_t n : {3u, 10u, 1000u}) {
      const std::vector<double> y(n, v);
      const auto f = attain::linear_trend(y);
      BOOST_TEST(std::isnan(f.rvalue));
      BOOST_TEST(std::isnan(f.pvalue));
      BOOST_TEST(f.slope == 0.0);
    }
}

BOOST_AUTO_TEST_CASE(zero_eligible_and_shrinking_eligible_paragraphs_claim_nothing_false) {
  // One unit; months 1..6 of the year: eligible 0 throughout (a), and eligible shrinking by 50
  // a month with nothing done (b): its pace path stays short of the target.
  std::vector<std::int32_t> unit_of_row;
  std::vector<attain::year_month> periods;
  std::vector<std::int64_t> done, eligible;
  for (int m = 1; m <= 6; ++m) {
    unit_of_row.insert(unit_of_row.end(), {0, 1});
    periods.insert(periods.end(), 2, attain::year_month{2021, m});
    done.insert(done.end(), {0, 250});
    eligible.insert(eligible.end(), {0, 1000 - 50 * (m - 1)});
  }
  const std::vector<attain::measure_columns> measures{{"count", done, eligible, {}, {}, 0.8}};
  const attain::panel p(attain::hierarchy({"a", "b"}, {"", ""}), unit_of_row, periods, measures);
  const auto s = p.at({2021, 6});
  std::ifstream in(ATTAIN_SOURCE_DIR "/python/attain/report/templates/generic.en.txt");
  std::stringstream text;
  text << in.rdbuf();
  const attain::narrative_template generic(text.str());
  const auto fa = attain::report_fields(p, s, 0), fb = attain::report_fields(p, s, 1);
  BOOST_TEST(!std::get<bool>(fa.at("count.has_eligible")));
  BOOST_TEST(!std::get<bool>(fa.at("count.met")));
  const std::string a = generic.render(fa, attain::number_style::english());
  BOOST_TEST(a.find("count: nothing eligible, so no ratio") != std::string::npos, a);
  BOOST_TEST(a.find("NaN") == std::string::npos, a);
  BOOST_TEST(a.find("meeting") == std::string::npos, a);
  BOOST_TEST(!std::get<bool>(fb.at("count.eligible_growing")));
  BOOST_TEST(!std::get<bool>(fb.at("count.reachable")));
  const std::string b = generic.render(fb, attain::number_style::english());
  BOOST_TEST(b.find("growing") == std::string::npos, b);
  BOOST_TEST(b.find("that pace is enough") == std::string::npos, b);
  BOOST_TEST(b.find("meeting the target takes") != std::string::npos, b);
}

BOOST_AUTO_TEST_SUITE_END()

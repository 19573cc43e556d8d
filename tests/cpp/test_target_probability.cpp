#include <boost/test/unit_test.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "attain/stats/outlook.hpp"
#include "attain/stats/target_probability.hpp"

namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(test_target_probability)

using series = std::vector<std::int64_t>;

BOOST_AUTO_TEST_CASE(pace_model_against_scipy) {
  // k = 4, m = 8, window 3: X = 42 - 10 = 32 completions in 3 months, eligible flow 10 a month,
  // E_12 = 210, T = ceil(0.7 x 210) = 147, need 105 more. Flows 10, 12, 10 scatter less than a
  // Poisson count (variance 1.33, mean 10.67): phi = 1, the plain negative binomial.
  // scipy.stats.nbinom.sf(104, 32.5, 3 / 11) = 0.15743816108621364.
  const series done{10, 20, 32, 42}, eligible{100, 110, 120, 130};
  BOOST_TEST(attain::pace_meet_probability(done, eligible, 0.7) == 0.15743816108621364, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(pace_model_over_dispersed_against_scipy_betaincc) {
  // Flows 10, 40, 10, 40 (month 1's 100 left out): mean 25, sample variance 300, phi = 12. k = 5, m = 7:
  // X = 90, E_12 = 300 + 7 x 20 = 440, T = ceil(0.9 x 440) = 396, need 196:
  // scipy.special.betaincc(90 / 12 + 0.5, 196 / 12, 3 / 10) = 0.6002974829694164 (Poisson: 0.7148).
  const series done{100, 110, 150, 160, 200}, eligible{220, 240, 260, 280, 300};
  BOOST_TEST(attain::pace_meet_probability(done, eligible, 0.9) == 0.6002974829694164, tt::tolerance(1e-12));
  // Flows 5, 40, 5, 40, 5: phi = 367.5 / 19; X = 50, E_12 = 310, need 279 - 125 = 154:
  // betaincc(50 / phi + 0.5, 154 / phi, 3 / 9) = 0.31652776899752466 (Poisson: 0.0033).
  const series swinging{30, 35, 75, 80, 120, 125}, grown{200, 210, 220, 230, 240, 250};
  BOOST_TEST(attain::pace_meet_probability(swinging, grown, 0.9) == 0.31652776899752466, tt::tolerance(1e-12));
  // Flows 10, 11, 10, 11 scatter less than Poisson: phi floored at 1, scipy.stats.nbinom.sf(121, 32.5, 3 / 10).
  const series steady{100, 110, 121, 131, 142};
  BOOST_TEST(attain::pace_meet_probability(steady, eligible, 0.6) == 0.00540442424974192, tt::tolerance(1e-10));
}

BOOST_AUTO_TEST_CASE(trend_model_against_statsmodels) {
  // statsmodels OLS of z = d - 0.5 e on the month (2..5): the prediction of the sum of months
  // 6..12 (scale m + a' cov a) and scipy.stats.t.cdf(zhat / se, 2) = 0.8742078362594335.
  const series done{10, 20, 32, 42, 55}, eligible{100, 112, 120, 131, 140};
  BOOST_TEST(attain::trend_meet_probability(done, eligible, 0.5) == 0.8742078362594335, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(the_year_end_is_certain) {
  series done(12), eligible(12, 100);
  for (std::size_t i = 0; i < 12; ++i) done[i] = 8 * static_cast<std::int64_t>(i + 1);  // 96 of 100
  BOOST_TEST(attain::trend_meet_probability(done, eligible, 0.96) == 1.0);
  BOOST_TEST(attain::pace_meet_probability(done, eligible, 0.96) == 1.0);
  BOOST_TEST(attain::trend_meet_probability(done, eligible, 0.97) == 0.0);
  BOOST_TEST(attain::pace_meet_probability(done, eligible, 0.97) == 0.0);
  const series zero(12, 0);
  BOOST_TEST(std::isnan(attain::trend_meet_probability(zero, zero, 0.5)));  // nothing eligible: no ratio
  BOOST_TEST(std::isnan(attain::pace_meet_probability(zero, zero, 0.5)));
}

BOOST_AUTO_TEST_CASE(no_target_short_series_and_nothing_eligible) {
  const series done{10, 20, 32, 42}, eligible{100, 110, 120, 130};
  BOOST_TEST(std::isnan(attain::trend_meet_probability(done, eligible, std::nan(""))));
  BOOST_TEST(std::isnan(attain::pace_meet_probability(done, eligible, std::nan(""))));
  // k = 4 gives the trend its 3 flows; k = 3 does not. One month: no flow, no pace either.
  BOOST_TEST(!std::isnan(attain::trend_meet_probability(done, eligible, 0.5)));
  BOOST_TEST(std::isnan(attain::trend_meet_probability(std::span(done).first(3), std::span(eligible).first(3), 0.5)));
  BOOST_TEST(!std::isnan(attain::pace_meet_probability(std::span(done).first(2), std::span(eligible).first(2), 0.5)));
  BOOST_TEST(std::isnan(attain::pace_meet_probability(std::span(done).first(1), std::span(eligible).first(1), 0.5)));
  const series zero(5, 0);  // nothing eligible so far nor projected
  BOOST_TEST(std::isnan(attain::trend_meet_probability(zero, zero, 0.5)));
  BOOST_TEST(std::isnan(attain::pace_meet_probability(zero, zero, 0.5)));
}

BOOST_AUTO_TEST_CASE(a_met_target_stays_met_when_nothing_can_undo_it) {
  // A quota's actual never falls: met now is met at the year end, from the first month.
  const series actual{120}, plan{100};
  BOOST_TEST(attain::pace_meet_probability(actual, plan, 1.0, attain::measure_form::quota) == 1.0);
  // A completion ratio met now with no eligible growth: the threshold is already reached.
  const series done{50, 60, 70}, eligible{100, 100, 100};
  BOOST_TEST(attain::pace_meet_probability(done, eligible, 0.7) == 1.0);
  // ... but a growing eligible total can pull it under: not certain.
  const series grown{50, 60, 70}, growing{90, 95, 100};
  const double p = attain::pace_meet_probability(grown, growing, 0.7);
  BOOST_TEST((p > 0.0 && p < 1.0));
}

BOOST_AUTO_TEST_CASE(flows_exactly_on_a_line_give_certainty) {
  const series done{10, 20, 30, 40, 50}, eligible{100, 110, 120, 130, 140};  // year end 120 / 210
  BOOST_TEST(attain::trend_meet_probability(done, eligible, 0.57) == 1.0);
  BOOST_TEST(attain::trend_meet_probability(done, eligible, 0.58) == 0.0);
}

BOOST_AUTO_TEST_CASE(bad_input_is_refused) {
  const series done{5, 9}, eligible{4, 60}, ok_d{1, 2}, ok_e{4, 6}, empty;
  BOOST_CHECK_THROW((void)attain::trend_meet_probability(done, eligible, 0.5), attain::invalid_argument);
  BOOST_CHECK_THROW((void)attain::pace_meet_probability(empty, empty, 0.5), attain::invalid_argument);
  BOOST_CHECK_THROW((void)attain::pace_meet_probability(ok_d, ok_e, 1.5), attain::invalid_argument);
  BOOST_CHECK_THROW((void)attain::pace_meet_probability(ok_d, ok_e, 0.5, attain::measure_form::completion, 0),
                    attain::invalid_argument);
  BOOST_CHECK_THROW((void)attain::parse_target_model("bayes"), attain::invalid_argument);
  BOOST_TEST(attain::model_name(attain::parse_target_model("pace")) == "pace");
  const std::vector<double> pr{0.2};
  const std::vector<std::int32_t> all{0};
  BOOST_CHECK_THROW((void)attain::below_level(pr, all, 1.5), attain::invalid_argument);
}

namespace {

/// A root and three children, months October .. January of one fiscal year (k = 4), counts.
struct small_tree {
  std::vector<std::int32_t> unit_of_row;
  std::vector<attain::year_month> period_of_row;
  series done, eligible;
  attain::panel panel;

  static attain::panel make(small_tree& t) {
    // Year-to-date done per child; eligible grows 10 a month from 100.
    const std::int64_t per_month[3] = {5, 9, 15};
    for (std::int32_t c = 0; c < 3; ++c)
      for (int i = 0; i < 4; ++i) {
        t.unit_of_row.push_back(c + 1);
        t.period_of_row.push_back(attain::year_month{2020, 10}.plus_months(i));
        t.done.push_back(per_month[c] * (i + 1) + (i % 2));
        t.eligible.push_back(100 + 10 * i);
      }
    std::vector<attain::measure_columns> measures{
        {"count", t.done, t.eligible, {}, {}, 0.7, attain::measure_kind::count}};
    return attain::panel(attain::hierarchy({"root", "a", "b", "c"}, {"", "root", "root", "root"},
                                           {"province", "district", "district", "district"}),
                         t.unit_of_row, t.period_of_row, measures, attain::panel_options(attain::fiscal_calendar(10)));
  }
  small_tree() : panel(make(*this)) {}
};

}  // namespace

BOOST_AUTO_TEST_CASE(outlook_probabilities_and_the_at_risk_list) {
  const small_tree t;
  const attain::outlook o(t.panel, attain::year_month{2021, 1});
  BOOST_TEST(o.has_meet_probabilities());
  const auto pace = o.meet_probabilities(0, attain::target_model::pace);
  for (std::int32_t u = 0; u < 4; ++u)
    BOOST_TEST(pace[static_cast<std::size_t>(u)] ==
               attain::meet_probability(t.panel, 0, u, {2021, 1}, attain::target_model::pace));
  BOOST_TEST(pace.data() == o.meet_probabilities(0, attain::target_model::pace).data());  // kept
  // The slowest child first; the fastest (15 a month, needs 86 in 8 months) is not at risk.
  const auto risk = o.at_risk(0, attain::target_model::pace, 0.5, "district");
  BOOST_TEST_REQUIRE(risk.size() == 2U);
  BOOST_TEST(risk[0].unit == 1);
  BOOST_TEST(risk[1].unit == 2);
  BOOST_TEST(risk[0].probability <= risk[1].probability);
  BOOST_TEST(o.at_risk(0, attain::target_model::pace, 1.0).size() == 4U);  // every level
  BOOST_TEST(o.at_risk(0, attain::target_model::pace, 0.0).empty());
  BOOST_CHECK_THROW((void)o.at_risk(0, attain::target_model::pace, 0.5, "officer"), attain::unknown_key);
  BOOST_CHECK_THROW((void)o.meet_probabilities(3, attain::target_model::pace), attain::unknown_key);
  BOOST_TEST((o.default_model(0) == attain::target_model::pace));  // declared a count
}

BOOST_AUTO_TEST_CASE(a_unit_alone_computes_only_its_own) {
  const small_tree t;
  const attain::outlook o(t.panel, attain::year_month{2021, 1});
  const double c = o.meet_probability(0, 3, attain::target_model::trend);
  BOOST_TEST(c == attain::meet_probability(t.panel, 0, 3, {2021, 1}, attain::target_model::trend));
  BOOST_TEST(o.meet_probabilities(0, attain::target_model::trend)[3] == c);
}

BOOST_AUTO_TEST_SUITE_END()

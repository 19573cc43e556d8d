#include <boost/test/unit_test.hpp>
#include <cmath>
#include <set>
#include <string>

#include "attain/report/fields.hpp"
#include "attain/stats/outlook.hpp"
#include "founding.hpp"  // examples/cpp: the founding report's May and June rows

BOOST_AUTO_TEST_SUITE(test_outlook)

BOOST_AUTO_TEST_CASE(intervals_only_for_measures_declared_counts) {
  const auto panel = founding::make_panel();
  const attain::outlook o(panel, attain::year_month{2021, 6});
  const std::int32_t province = panel.unit_index(founding::province);
  BOOST_TEST(o.has_interval(0));
  BOOST_TEST(!o.has_interval(1));
  // The Wilson interval of 7575 / 12029, from the one-element proportion_ci.
  const auto expected = attain::proportion_ci(7575, 12029);
  const auto got = o.ratio_interval(0, province);
  BOOST_TEST(got.low == expected.low);
  BOOST_TEST(got.high == expected.high);
  BOOST_TEST(std::isnan(o.ratio_interval(1, province).low));  // money: no binomial interval
  BOOST_CHECK_THROW((void)o.ratio_interval(0, 99), attain::unknown_key);
}

BOOST_AUTO_TEST_CASE(projections_are_computed_once_and_kept) {
  const auto panel = founding::make_panel();
  const attain::outlook o(panel, attain::year_month{2021, 6});
  // The founding rows hold May and June only: the year so far is missing, no projection.
  BOOST_TEST(!o.projectable());
  const auto& p = o.projection(0, 0);
  BOOST_TEST(!p.pace.available);
  BOOST_TEST(&o.projection(0, 0) == &p);
  BOOST_TEST(o.projections_computed() == 1U);
  (void)attain::report_fields(o, 0);
  BOOST_TEST(o.projections_computed() == 2U);  // the amount's; the count's was kept
}

BOOST_AUTO_TEST_CASE(the_field_table_lists_every_field) {
  const auto panel = founding::make_panel();
  const attain::outlook o(panel, attain::year_month{2021, 6});
  const auto f = attain::report_fields(o, 0);
  std::set<std::string> listed;
  for (const auto& field : attain::report_field_table)
    // per-measure fields come under each measure's name, its position (m1., m2.) and, for the
    // first money measure, its role (money.)
    for (const std::string prefix : {"count.", "amount.", "m1.", "m2.", "money."}) {
      const std::string name = (field.per_measure ? prefix : std::string()) + std::string(field.name);
      if (field.optional && !f.count(name)) continue;
      listed.insert(name);
      BOOST_REQUIRE_MESSAGE(f.count(name), "no field " << name);
      BOOST_TEST(f.at(name).index() == static_cast<std::size_t>(field.type), name);
    }
  std::set<std::string> given;
  for (const auto& [name, value] : f) given.insert(name);
  BOOST_TEST(given == listed, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "attain/report/fields.hpp"
#include "founding.hpp"  // examples/cpp: the founding report's May and June rows

namespace {
std::string read(const std::string& path) {
  std::ifstream in(path);
  BOOST_REQUIRE_MESSAGE(in, "cannot open " << path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}
template <class T>
T field(const attain::field_map& f, const std::string& name) {
  BOOST_REQUIRE_MESSAGE(f.count(name), "no field " << name);
  return std::get<T>(f.at(name));
}
}  // namespace

BOOST_AUTO_TEST_SUITE(test_report_fields)

BOOST_AUTO_TEST_CASE(the_founding_paragraph_from_cpp) {
  const auto panel = founding::make_panel();
  const auto s = panel.at({2021, 6});
  const auto f = attain::report_fields(panel, s, panel.units().index_of(founding::province));
  // The report's figures, computed here from the rows.
  BOOST_TEST(field<std::int64_t>(f, "count.accepted") == 16623);
  BOOST_TEST(field<double>(f, "count.ratio_pct") == 100.0 * 7575 / 12029, boost::test_tools::tolerance(1e-13));
  BOOST_TEST(field<double>(f, "count.change_pts") == 100.0 * (7575.0 / 12029 - 6688.0 / 11570),
             boost::test_tools::tolerance(1e-12));
  BOOST_TEST(field<std::int64_t>(f, "as_of.day") == 30);
  BOOST_TEST(field<std::int64_t>(f, "months_elapsed") == 9);
  BOOST_TEST(field<std::int64_t>(f, "count.children_met") == 0);
  BOOST_TEST(field<std::int64_t>(f, "amount.children_met") == 3);
  BOOST_TEST(field<bool>(f, "count.up"));
  BOOST_TEST(field<std::string>(f, "unit.name") == founding::province);
  // The words come from the template the Python package ships; the paragraph is the report's.
  const attain::narrative_template thads(read(ATTAIN_SOURCE_DIR "/python/attain/report/templates/thads.vi.txt"));
  std::string expected = read(ATTAIN_SOURCE_DIR "/tests/data/founding-paragraph.vi.txt");
  while (!expected.empty() && (expected.back() == '\n' || expected.back() == '\r')) expected.pop_back();
  BOOST_TEST(thads.render(f, attain::number_style::vietnamese()) == expected);
}

BOOST_AUTO_TEST_CASE(fields_without_a_previous_month_or_children) {
  const auto panel = founding::make_panel();
  const auto s = panel.at({2021, 5});
  const auto f = attain::report_fields(panel, s, panel.units().index_of("Chi cục THADS huyện Ba Tri"));
  BOOST_TEST(!field<bool>(f, "count.has_change"));
  BOOST_TEST(!field<bool>(f, "count.changed"));
  BOOST_TEST(field<std::int64_t>(f, "count.children_n") == 0);
  BOOST_TEST(field<double>(f, "count.children_max_gap_pts") == 0.0);
  BOOST_TEST(attain::last_day({2024, 2}) == 29);
  BOOST_TEST(attain::last_day({2023, 2}) == 28);
  BOOST_CHECK_THROW((void)attain::report_fields(panel, s, 99), attain::unknown_key);
}

BOOST_AUTO_TEST_SUITE_END()

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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
  BOOST_TEST(field<std::string>(f, "unit.level") == "province");  // declared: "toàn tỉnh" comes from it
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

BOOST_AUTO_TEST_CASE(declared_levels_quota_money_and_missing_figures) {
  using attain::field_map;
  // A rep under a company, calendar year, June: revenue is a USD quota (cents), deals a count
  // with no accepted column; the figures below are worked out by hand.
  attain::hierarchy units({"Acme", "Alice", "Bob"}, {"", "Acme", "Acme"}, {"company", "rep", "rep"});
  const std::vector<std::int32_t> unit{1, 2};
  const std::vector<attain::year_month> period{{2021, 6}, {2021, 6}};
  const std::vector<std::int64_t> actual{5'100'000, 7'200'000}, plan{6'000'000, 6'000'000};
  const std::vector<std::int64_t> done{20, 30}, eligible{24, 40};
  attain::measure_columns revenue{"revenue", actual, plan, {}, {}};
  revenue.kind = attain::measure_kind::money;
  revenue.form = attain::measure_form::quota;
  revenue.currency = "USD";
  revenue.label_vi = "doanh thu";
  revenue.label_en = "revenue";
  attain::measure_columns deals{"deals", done, eligible, {}, {}, 0.9, attain::measure_kind::count};
  const attain::panel p(units, unit, period, {revenue, deals}, attain::panel_options(attain::fiscal_calendar(1)));
  const auto s = p.at({2021, 6});
  const field_map f = attain::report_fields(p, s, 0);
  BOOST_TEST(field<std::string>(f, "unit.level") == "company");
  BOOST_TEST(field<std::int64_t>(f, "unit.depth") == 0);
  BOOST_TEST(field<bool>(f, "unit.has_children"));
  BOOST_TEST(field<std::int64_t>(f, "unit.children") == 2);
  BOOST_TEST(!field<bool>(f, "is_year_end"));
  BOOST_TEST(field<std::int64_t>(f, "measures_n") == 2);
  // revenue: 12,300,000 against 12,000,000 cents: 102.5 % of plan, $3,000.00 over it
  BOOST_TEST(field<bool>(f, "revenue.is_quota"));
  BOOST_TEST(!field<bool>(f, "revenue.plan_to_date"));  // an annual plan by default
  BOOST_TEST(field<bool>(f, "revenue.is_money"));
  BOOST_TEST(field<std::string>(f, "revenue.currency") == "USD");
  BOOST_TEST(field<std::int64_t>(f, "revenue.minor_digits") == 2);
  BOOST_TEST(field<std::string>(f, "revenue.label_vi") == "doanh thu");
  BOOST_TEST(field<bool>(f, "revenue.met"));
  BOOST_TEST(field<std::int64_t>(f, "revenue.exceeded_by") == 300'000);
  BOOST_TEST(field<double>(f, "revenue.ratio_pct") == 102.5, boost::test_tools::tolerance(1e-12));
  // the same fields under the measure's position
  BOOST_TEST(field<std::string>(f, "m1.name") == "revenue");
  BOOST_TEST(field<std::int64_t>(f, "m1.exceeded_by") == 300'000);
  BOOST_TEST(field<std::string>(f, "m2.name") == "deals");
  // deals: 50 of 64 (78.125 %) against 90 %: ceil(57.6) = 58 needed, 8 short, 6 months left:
  // 8 / 6 = 1.33 a month, 2 whole deals a month
  BOOST_TEST(!field<bool>(f, "deals.has_accepted"));
  BOOST_TEST(!f.count("deals.accepted"));  // absent, never 0
  BOOST_TEST(!f.count("deals.accepted_billions"));
  BOOST_TEST(field<std::int64_t>(f, "deals.shortfall") == 8);
  BOOST_TEST(field<std::int64_t>(f, "deals.needed_per_month") == 2);
  BOOST_TEST(field<std::int64_t>(f, "deals.exceeded_by") == 0);
  BOOST_TEST(field<std::string>(f, "deals.label_en").empty());
  // schedule: 90 % x 6/12 = 45 %; 78.125 - 45 = 33.125 points ahead
  BOOST_TEST(field<bool>(f, "deals.has_schedule"));
  BOOST_TEST(field<bool>(f, "deals.ahead"));
  BOOST_TEST(!field<bool>(f, "deals.behind"));
  BOOST_TEST(field<double>(f, "deals.schedule_ahead_pts") == 33.125, boost::test_tools::tolerance(1e-12));
  const field_map rep = attain::report_fields(p, s, 1);
  BOOST_TEST(field<std::string>(rep, "unit.level") == "rep");
  BOOST_TEST(!field<bool>(rep, "unit.has_children"));
  BOOST_TEST(field<std::int64_t>(rep, "revenue.shortfall") == 900'000);
}

BOOST_AUTO_TEST_CASE(thads_writes_no_level_word_that_is_not_declared) {
  // A root named "Toàn quốc" over two branches, no level declared: thads names the unit ("tại
  // Toàn quốc", "Toàn quốc had accepted") and its "units under it", never a province or a district.
  const std::vector<std::int32_t> unit{1, 2};
  const std::vector<attain::year_month> period{{2021, 6}, {2021, 6}};
  const std::vector<std::int64_t> done{300, 500}, eligible{600, 700}, accepted{800, 900};
  const attain::measure_columns count{"count", done, eligible, accepted, {}, 0.6, attain::measure_kind::count};
  const auto render = [&](const std::vector<std::string>& levels, const std::string& lang) {
    const attain::hierarchy units({"Toàn quốc", "A", "B"}, {"", "Toàn quốc", "Toàn quốc"}, levels);
    const attain::panel p(units, unit, period, {count}, attain::panel_options(attain::fiscal_calendar(10)));
    const attain::narrative_template t(
        read(ATTAIN_SOURCE_DIR "/python/attain/report/templates/thads." + lang + ".txt"));
    return t.render(attain::report_fields(p, p.at({2021, 6}), 0),
                    lang == "vi" ? attain::number_style::vietnamese() : attain::number_style::english());
  };
  const std::string vi = render({}, "vi"), en = render({}, "en");
  BOOST_TEST_MESSAGE(vi << '\n' << en);
  BOOST_TEST(vi.find("9 tháng đầu năm tại Toàn quốc thụ lý 1.700 việc") != std::string::npos);
  BOOST_TEST(vi.find("1/2 đơn vị trực thuộc") != std::string::npos);
  for (const char* word : {"toàn quốc", "tỉnh", "huyện", "Chấp hành viên", "Tại đơn vị"})
    BOOST_TEST(vi.find(word) == std::string::npos, word);
  BOOST_TEST(en.find("Toàn quốc had accepted 1,700 cases") != std::string::npos);
  for (const char* word : {"nationwide", "Nationwide", "province", "district", "officer", "branch"})
    BOOST_TEST(en.find(word) == std::string::npos, word);
  // Declared, the same tree speaks of the nation and its provincial departments.
  const std::string national = render({"national", "province", "province"}, "vi");
  BOOST_TEST(national.find("9 tháng đầu năm toàn quốc thụ lý") != std::string::npos);
  BOOST_TEST(national.find("Trên phạm vi toàn quốc, 1/2 Cục Thi hành án dân sự cấp tỉnh") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_probability_of_meeting_the_target) {
  // A root and two children, October .. January (k = 4): a slow child (5 a month) and a fast one
  // (15 a month) against 70 % of an eligible total growing 10 a month.
  std::vector<std::int32_t> unit_of_row;
  std::vector<attain::year_month> period_of_row;
  std::vector<std::int64_t> done, eligible;
  for (std::int32_t c = 1; c <= 2; ++c)
    for (int i = 0; i < 4; ++i) {
      unit_of_row.push_back(c);
      period_of_row.push_back(attain::year_month{2020, 10}.plus_months(i));
      done.push_back((c == 1 ? 5 : 15) * (i + 1) + (i % 2));
      eligible.push_back(100 + 10 * i);
    }
  std::vector<attain::measure_columns> measures{{"count", done, eligible, {}, {}, 0.7, attain::measure_kind::count},
                                                {"amount", done, eligible, {}, {}, 0.7, attain::measure_kind::money}};
  const attain::panel panel(attain::hierarchy({"root", "slow", "fast"}, {"", "root", "root"}), unit_of_row,
                            period_of_row, measures, attain::panel_options(attain::fiscal_calendar(10)));
  const attain::outlook o(panel, attain::year_month{2021, 1});
  const auto f = attain::report_fields(o, 0);
  BOOST_TEST(field<bool>(f, "count.has_p_meet_target"));
  BOOST_TEST(field<std::string>(f, "count.p_meet_target_model") == "pace");  // a count
  BOOST_TEST(field<double>(f, "count.p_meet_target_pct") ==
             100 * attain::meet_probability(panel, 0, 0, {2021, 1}, attain::target_model::pace));
  // By hand: the root has done 20, 42, 60, 82 of 200 .. 260; flows 22, 18, 22 scatter less than a
  // Poisson count (phi = 1); X = 62, E_12 = 420, 294 needs 212 more in 8 months:
  // scipy.special.betaincc(62 / 1 + 0.5, 212 / 1, 3 / 11) = scipy.stats.nbinom.sf(211, 62.5, 3 / 11) = 0.0417.
  BOOST_TEST(field<double>(f, "count.p_meet_target_pct") == 4.167216472270741, boost::test_tools::tolerance(1e-10));
  BOOST_TEST(field<std::string>(f, "amount.p_meet_target_model") == "trend");  // money
  BOOST_TEST(field<double>(f, "amount.p_meet_target_pct") ==
             100 * attain::meet_probability(panel, 1, 0, {2021, 1}, attain::target_model::trend));
  BOOST_TEST(field<std::int64_t>(f, "count.children_at_risk") == 1);  // the slow child
  // A snapshot whose data lack the months before it: no probability to report.
  const auto founding_panel = founding::make_panel();
  const auto g = attain::report_fields(founding_panel, founding_panel.at({2021, 6}), 0);
  BOOST_TEST(!field<bool>(g, "count.has_p_meet_target"));
  BOOST_TEST(field<std::string>(g, "count.p_meet_target_model").empty());
  BOOST_TEST(field<std::int64_t>(g, "count.children_at_risk") == 0);
}

BOOST_AUTO_TEST_CASE(running_rate_fields) {
  // A&E attendances so far (eligible) and those seen within four hours (done), year-to-date rows of
  // a calendar year, against 95 %, declared to_date: a running rate. Beside it the same rows read as
  // a to-date quota plan, whose fields keep their meaning.
  attain::hierarchy units({"trust", "leeds", "york"}, {"", "trust", "trust"});
  const std::vector<std::int32_t> unit{1, 1, 2, 2};
  const std::vector<attain::year_month> period{{2021, 1}, {2021, 2}, {2021, 1}, {2021, 2}};
  const std::vector<std::int64_t> seen{90, 175, 40, 95}, due{100, 190, 50, 110};
  attain::measure_columns rate{"seen", seen, due, {}, {}, 0.95, attain::measure_kind::count};
  rate.basis = attain::plan_basis::to_date;
  attain::measure_columns annual{"yearly", seen, due, {}, {}, 0.95, attain::measure_kind::count};
  attain::measure_columns quota{"sales", seen, due, {}, {}, 1.0, attain::measure_kind::count};
  quota.form = attain::measure_form::quota;
  quota.basis = attain::plan_basis::to_date;
  const attain::panel p(units, unit, period, {rate, annual, quota}, attain::panel_options(attain::fiscal_calendar(1)));
  const auto f = attain::report_fields(p, p.at({2021, 2}), 0);
  // trust: 270 of 300 (90 %) against 95 %: 5 points and ceil(285) - 270 = 15 short, 10 months left.
  BOOST_TEST(field<bool>(f, "seen.running_rate"));
  BOOST_TEST(!field<bool>(f, "seen.plan_to_date"));  // a quota's flag
  BOOST_TEST(field<bool>(f, "seen.short"));
  BOOST_TEST(field<double>(f, "seen.gap_pts") == 5.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(field<std::int64_t>(f, "seen.shortfall") == 15);
  // The schedule is the target itself: nothing beyond the gap.
  BOOST_TEST(field<double>(f, "seen.schedule_expected_pct") == 95.0);
  BOOST_TEST(field<double>(f, "seen.schedule_ahead_pts") == -field<double>(f, "seen.gap_pts"),
             boost::test_tools::tolerance(1e-12));
  BOOST_TEST(field<bool>(f, "seen.has_schedule"));
  BOOST_TEST(field<bool>(f, "seen.behind"));
  // No pace a month on today's eligible; the year-end projection with eligible growing stays.
  BOOST_TEST(field<std::int64_t>(f, "seen.needed_per_month") == 0);
  BOOST_TEST(field<double>(f, "seen.pace_per_month") == 0.0);
  BOOST_TEST(field<bool>(f, "seen.has_projection") == field<bool>(f, "yearly.has_projection"));
  BOOST_TEST(field<double>(f, "seen.required_pace") == field<double>(f, "yearly.required_pace"));
  BOOST_TEST(field<double>(f, "seen.p_meet_target_pct") == field<double>(f, "yearly.p_meet_target_pct"));
  // The annual reading of the same rows: 95 % x 2/12 expected, 15 / 10 = 1.5, 2 whole a month.
  BOOST_TEST(!field<bool>(f, "yearly.running_rate"));
  BOOST_TEST(field<double>(f, "yearly.schedule_expected_pct") == 100 * (0.95 * (2.0 / 12.0)));
  BOOST_TEST(field<bool>(f, "yearly.ahead"));
  BOOST_TEST(field<double>(f, "yearly.pace_per_month") == 1.5);
  BOOST_TEST(field<std::int64_t>(f, "yearly.needed_per_month") == 2);
  // A to-date quota plan is unchanged: its flag, its schedule, its pace fields (templates omit them).
  BOOST_TEST(field<bool>(f, "sales.plan_to_date"));
  BOOST_TEST(!field<bool>(f, "sales.running_rate"));
  BOOST_TEST(field<double>(f, "sales.schedule_expected_pct") == 100.0);
  BOOST_TEST(field<std::int64_t>(f, "sales.shortfall") == 30);  // 300 - 270
  BOOST_TEST(field<std::int64_t>(f, "sales.needed_per_month") == 3);
  BOOST_TEST(field<double>(f, "sales.pace_per_month") == 3.0);
}

BOOST_AUTO_TEST_SUITE_END()

// From case records to a paragraph in C++: a status scheme, year-to-date tallies per officer and
// month, a panel with the hierarchy officer -> branch -> province, and the generic template.
#include <attain.hpp>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

int main() {
  using namespace attain;
  using enum status_role;
  // Which statuses count (the founding domain's categories, a subset).
  const status_scheme thads{{{"thi_hanh_xong", done, done},
                             {"dinh_chi", done, done},
                             {"dang_thi_hanh", pending, pending},
                             {"chua_co_dieu_kien", excluded, excluded}},
                            std::nullopt};
  // Case records as the application holds them: officer, status, months of acceptance and of
  // the current status, money in VND.
  struct record {
    std::int32_t officer;
    std::string status;
    year_month accepted, status_month;
    std::int64_t amount;
  };
  const std::vector<record> records{
      {0, "thi_hanh_xong", {2020, 8}, {2020, 11}, 5'000'000},      // carried over, done in November
      {0, "dang_thi_hanh", {2020, 10}, {2020, 10}, 12'000'000},    // still pending
      {1, "dinh_chi", {2020, 12}, {2021, 2}, 0},                   // terminated: counts as done
      {1, "chua_co_dieu_kien", {2019, 5}, {2020, 3}, 40'000'000},  // no conditions: out of the ratio
      {1, "thi_hanh_xong", {2019, 11}, {2020, 6}, 7'000'000},      // done last year: not in this year's figures
      {2, "thi_hanh_xong", {2021, 1}, {2021, 3}, 9'000'000},
  };
  std::vector<std::int32_t> officer, accepted, status_month;
  std::vector<std::string> status;
  std::vector<std::int64_t> amount;
  for (const auto& r : records) {
    officer.push_back(r.officer);
    status.push_back(r.status);
    accepted.push_back(r.accepted.ordinal());
    status_month.push_back(r.status_month.ordinal());
    amount.push_back(r.amount);
  }
  const auto count_role = thads.roles(std::span<const std::string>(status), case_measure::count);
  const auto amount_role = thads.roles(std::span<const std::string>(status), case_measure::amount);

  // Tallies for October 2020 .. March 2021 of an October-to-September year: [officer][month][field].
  const fiscal_calendar enforcement_year(10);
  const year_month first{2020, 10};
  const std::size_t n_officers = 3, n_months = 6;
  std::vector<std::int64_t> out(n_officers * n_months * n_case_fields);
  case_tallies({officer, accepted, status_month, count_role, amount_role, amount, {}}, n_officers, first, n_months,
               enforcement_year, out);

  // A panel of the officers' rows, rolled up to their branches and the province.
  hierarchy units({"CHV 1", "CHV 2", "CHV 3", "Branch A", "Branch B", "Province"},
                  {"Branch A", "Branch A", "Branch B", "Province", "Province", ""});
  std::vector<std::int32_t> unit_of_row;
  std::vector<year_month> period_of_row;
  std::vector<std::int64_t> field[n_case_fields];
  for (std::size_t u = 0; u < n_officers; ++u)
    for (std::size_t t = 0; t < n_months; ++t) {
      unit_of_row.push_back(static_cast<std::int32_t>(u));
      period_of_row.push_back(first.plus_months(static_cast<int>(t)));
      for (std::size_t f = 0; f < n_case_fields; ++f) field[f].push_back(out[(u * n_months + t) * n_case_fields + f]);
    }
  const panel p(units, unit_of_row, period_of_row,
                {{"count", field[count_done], field[count_eligible], field[count_accepted], {}, 0.8},
                 {"amount", field[amount_done], field[amount_eligible], field[amount_accepted], {}, 0.4}},
                panel_options(enforcement_year));
  const auto march = p.at({2021, 3});
  const auto& province = march.at(0, units.index_of("Province"));
  std::cout << "province, March 2021: " << province.total.done << " of " << province.total.eligible
            << " eligible cases done\n";

  std::ifstream file(ATTAIN_TEMPLATE_DIR "/generic.en.txt");
  std::stringstream text;
  text << file.rdbuf();
  std::cout << narrative_template(text.str())
                   .render(report_fields(p, march, units.index_of("Province")), number_style::english())
            << '\n';
  return 0;
}

// The founding report through attain's C++ API: figures, a panel, and the report's paragraph.
#include <attain.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include "founding.hpp"

#ifndef ATTAIN_TEMPLATE_DIR
#error "ATTAIN_TEMPLATE_DIR: the built-in narrative templates (attain_TEMPLATE_DIR from find_package(attain))"
#endif

int main() {
  using namespace attain;
  // Province totals at 2021-06 and 2021-05 (cases with conditions to enforce, and completed).
  const tally june{7575, 12029}, may{6688, 11570};
  const auto gap = target_gap(june, 0.815);
  std::printf("ratio %.2f%%, change %+.2f points, gap %.2f points, shortfall %lld, met %s\n", 100 * gap.ratio,
              100 * (gap.ratio - completion_ratio(may)), 100 * gap.gap, static_cast<long long>(gap.shortfall),
              gap.met ? "yes" : "no");

  const fiscal_calendar enforcement_year(10);  // 1 October - 30 September
  const year_month as_of{2021, 6};
  const auto p = pace(june, 0.815, enforcement_year.months_remaining(as_of));
  std::printf("fiscal year %d, month %d, %d left: %.1f completions a month needed\n",
              enforcement_year.fiscal_year(as_of), enforcement_year.months_elapsed(as_of), p.months_remaining,
              p.per_month);

  // A two-branch panel: roll-up is the ratio of sums.
  hierarchy units({"province", "A", "B"}, {"", "province", "province"});
  std::vector<std::int32_t> unit{1, 2};
  std::vector<year_month> period{as_of, as_of};
  std::vector<std::int64_t> done{30, 600}, eligible{40, 1000};
  panel pn(units, unit, period, {measure_columns{"count", done, eligible, {}, {}, 0.6}}, {enforcement_year});
  const auto s = pn.at(as_of);
  const auto& kids = s.children_of(0, 0);
  std::printf("province %.4f; %d/%d branches met the target\n", s.at(0, 0).gap.ratio, kids.n_met, kids.n);
  // The founding paragraph: fields from the panel, words from the installed template.
  const panel province = founding::make_panel();
  const auto at_june = province.at(as_of);
  const auto fields = report_fields(province, at_june, province.units().index_of(founding::province));
  std::ifstream file(ATTAIN_TEMPLATE_DIR "/thads.vi.txt");
  std::stringstream text;
  text << file.rdbuf();
  const narrative_template thads(text.str());
  std::cout << thads.render(fields, number_style::vietnamese()) << '\n';
  try {
    (void)target_gap(12, 10, 0.5);
  } catch (const attain::invalid_argument& e) {
    std::printf("bad input is refused: %s\n", e.what());
  }
  return 0;
}

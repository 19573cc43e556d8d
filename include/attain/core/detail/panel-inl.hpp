#pragma once
// The compiled part of attain/core/panel.hpp (see attain/core/config.hpp).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "attain/core/panel.hpp"

namespace attain {

ATTAIN_FUNC panel::panel(hierarchy units, std::span<const std::int32_t> unit_of_row,
                         std::span<const year_month> period_of_row, const std::vector<measure_columns>& measures,
                         panel_options options)
    : units_(std::move(units)), options_(std::move(options)) {
  validate_profile(options_.schedule_profile);
  const std::size_t n_rows = unit_of_row.size();
  detail::require_same_length("periods", period_of_row.size(), "units of rows", n_rows);
  if (measures.empty()) detail::fail<invalid_argument>("a panel needs at least one measure");
  for (std::size_t r = 0; r < n_rows; ++r)
    if (unit_of_row[r] < 0 || static_cast<std::size_t>(unit_of_row[r]) >= units_.size())
      detail::fail<unknown_key>(row_name(r), ": unit index ", unit_of_row[r], " is not a unit");
  const auto period_of = collect_periods(period_of_row);
  const std::size_t cells = units_.size() * periods_.size();
  row_of_cell_.assign(cells, -1);
  for (std::size_t r = 0; r < n_rows; ++r) {
    const std::size_t c = cell(unit_of_row[r], static_cast<std::size_t>(period_of[r]));
    if (row_of_cell_[c] >= 0)
      detail::fail<duplicate_key>(row_name(static_cast<std::size_t>(row_of_cell_[c])), " and ", row_name(r),
                                  " both hold unit '", units_.name(unit_of_row[r]), "' at period ",
                                  period_of_row[r].to_string());
    row_of_cell_[c] = static_cast<std::int64_t>(r);
  }
  check_complete();
  for (const auto& m : measures) add_measure(m, n_rows);
}

ATTAIN_FUNC std::size_t panel::measure_index(const std::string& name) const {
  std::string known;
  for (std::size_t m = 0; m < measures_.size(); ++m) {
    if (measures_[m].name == name) return m;
    known += (m ? "', '" : "'") + measures_[m].name + (m + 1 == measures_.size() ? "'" : "");
  }
  detail::fail<unknown_key>("measure '", name, "' is not in the panel (measures: [", known, "])");
}

ATTAIN_FUNC const std::string& panel::label(std::size_t m, std::string_view lang) const {
  const auto& d = measures_.at(m);
  if (lang == "vi") return d.label_vi;
  if (lang == "en") return d.label_en;
  detail::fail<invalid_argument>("language '", lang, "' is not vi or en");
}

ATTAIN_FUNC std::int32_t panel::unit_index(const std::string& name) const {
  if (auto u = units_.find(name)) return *u;
  detail::fail<unknown_key>("unit '", name, "' is not in the panel");
}

ATTAIN_FUNC std::size_t panel::period_index(year_month p) const {
  auto it = std::lower_bound(periods_.begin(), periods_.end(), p);
  if (it == periods_.end() || *it != p)
    detail::fail<unknown_key>("period ", p.to_string(), " is not in the data (", periods_.front().to_string(), " .. ",
                              periods_.back().to_string(), ")");
  return static_cast<std::size_t>(it - periods_.begin());
}

ATTAIN_FUNC tally panel::total(std::size_t m, std::int32_t unit, std::size_t period) const {
  const auto& d = measures_.at(m);
  const auto c = cell(unit, period);
  return {d.done[c], d.eligible[c]};
}

ATTAIN_FUNC snapshot panel::at(year_month as_of) const {
  const std::size_t p = period_index(as_of);
  const auto& cal = options_.calendar;
  snapshot s;
  s.as_of = as_of;
  s.months_elapsed = cal.months_elapsed(as_of);
  s.months_remaining = cal.months_remaining(as_of);
  s.n_units = units_.size();
  const std::size_t n_units = units_.size();
  s.results.resize(measures_.size() * n_units);
  s.children.resize(measures_.size() * n_units);
  const auto prev = optional_period(as_of.plus_months(-1));
  const auto year_ago = optional_period(as_of.plus_months(-12));
  const auto year_start = optional_period(cal.start(cal.fiscal_year(as_of)));
  for (std::size_t m = 0; m < measures_.size(); ++m) {
    s.measures.push_back(measures_[m].name);
    s.kinds.push_back(measures_[m].kind);
    s.forms.push_back(measures_[m].form);
    s.plan_bases.push_back(measures_[m].basis);
    s.currencies.push_back(measures_[m].currency);
    s.minor_digits.push_back(measures_[m].minor_digits);
    s.labels_vi.push_back(measures_[m].label_vi);
    s.labels_en.push_back(measures_[m].label_en);
    s.has_moments.push_back(measures_[m].has_moments ? 1 : 0);
    const bool quota = measures_[m].form == measure_form::quota;
    for (std::size_t u = 0; u < n_units; ++u) {
      const auto unit = static_cast<std::int32_t>(u);
      unit_result& r = s.results[m * n_units + u];
      r.total = total(m, unit, p);
      r.accepted = accepted(m, unit, p);
      r.moments = moments(m, unit, p);
      r.target = target(m, unit, p);
      r.has_target = !std::isnan(r.target);
      r.gap.ratio = completion_ratio_unchecked(r.total.done, r.total.eligible);
      if (r.has_target && quota) {
        r.gap = quota_gap_unchecked(r.total.done, r.total.eligible, r.target, &r.exceeded_by);
        r.pace = quota_pace(r.gap.shortfall, r.total.eligible, s.months_remaining);
        const auto sched =
            quota_schedule(r.gap.ratio, r.target, s.months_elapsed, options_.schedule_profile, measures_[m].basis);
        r.schedule_expected = sched.expected;
        r.schedule_ahead = sched.ahead;
      } else if (r.has_target) {
        r.gap.gap = r.target - r.gap.ratio;
        r.gap.met = meets_target(r.total.done, r.total.eligible, r.target);
        r.gap.shortfall = shortfall_unchecked(r.total.done, r.total.eligible, r.target);
        double growth = 0.0;
        if (year_start && s.months_elapsed >= 2)
          growth =
              static_cast<double>(r.total.eligible - total(m, unit, *year_start).eligible) / (s.months_elapsed - 1);
        // A shrinking denominator: the pace against the current one (fewer eligible never
        // need more completions), not a "growing" pace that claims nothing is needed.
        r.pace = pace(r.total, r.target, s.months_remaining, std::max(growth, 0.0));
        // A running rate (eligible due to date): the months left bring their own eligible, so the
        // shortfall spread over them on today's eligible says nothing; the shortfall on today's
        // eligible and the pace with eligible growing as lately stay.
        if (measures_[m].basis == plan_basis::to_date) r.pace.per_month = std::numeric_limits<double>::quiet_NaN();
        const auto sched =
            schedule(r.gap.ratio, r.target, s.months_elapsed, options_.schedule_profile, measures_[m].basis);
        r.schedule_expected = sched.expected;
        r.schedule_ahead = sched.ahead;
      } else {
        r.gap.gap = std::numeric_limits<double>::quiet_NaN();
      }
      if (prev) {
        const tally t = total(m, unit, *prev);
        r.ratio_prev = completion_ratio_unchecked(t.done, t.eligible);
        r.change_prev = r.gap.ratio - r.ratio_prev;
      }
      if (year_ago) {
        const tally t = total(m, unit, *year_ago);
        r.ratio_year_ago = completion_ratio_unchecked(t.done, t.eligible);
        r.change_year = r.gap.ratio - r.ratio_year_ago;
      }
    }
    rank_siblings(s, m);
    summarise_children(s, m);
  }
  return s;
}

ATTAIN_FUNC std::vector<std::int32_t> panel::collect_periods(std::span<const year_month> period_of_row) {
  std::vector<std::int32_t> period_of(period_of_row.size());
  if (!period_of_row.empty()) {
    std::int32_t lo = period_of_row[0].ordinal(), hi = lo;
    for (const auto& p : period_of_row) lo = std::min(lo, p.ordinal()), hi = std::max(hi, p.ordinal());
    std::vector<std::int32_t> index(static_cast<std::size_t>(hi - lo) + 1, -1);
    for (const auto& p : period_of_row) index[static_cast<std::size_t>(p.ordinal() - lo)] = 0;
    for (std::size_t o = 0; o < index.size(); ++o)
      if (index[o] == 0) {
        index[o] = static_cast<std::int32_t>(periods_.size());
        periods_.push_back(year_month::from_ordinal(lo + static_cast<std::int32_t>(o)));
      }
    for (std::size_t r = 0; r < period_of_row.size(); ++r)
      period_of[r] = index[static_cast<std::size_t>(period_of_row[r].ordinal() - lo)];
  }
  if (periods_.empty()) detail::fail<invalid_argument>("a panel needs at least one row");
  if (options_.monthly_flows)
    for (std::size_t i = 1; i < periods_.size(); ++i)
      if (periods_[i].ordinal() != periods_[i - 1].ordinal() + 1)
        detail::fail<invalid_argument>("monthly flows need consecutive months, but the data has no period ",
                                       periods_[i - 1].plus_months(1).to_string());
  return period_of;
}

ATTAIN_FUNC void panel::check_complete() const {
  const std::size_t P = periods_.size();
  for (std::size_t u = 0; u < units_.size(); ++u) {
    const auto unit = static_cast<std::int32_t>(u);
    std::size_t present = 0;
    for (std::size_t p = 0; p < P; ++p) present += row_of_cell_[cell(unit, p)] >= 0;
    if (present == 0 && units_.is_leaf(unit))
      detail::fail<invalid_argument>("unit '", units_.name(unit), "' has no rows and no child units");
    if (present != 0 && present != P)
      for (std::size_t p = 0; p < P; ++p)
        if (row_of_cell_[cell(unit, p)] < 0)
          detail::fail<invalid_argument>("unit '", units_.name(unit), "' has no row for period ",
                                         periods_[p].to_string(), " (it has rows for other periods)");
  }
}

ATTAIN_FUNC void panel::add_measure(const measure_columns& in, std::size_t n_rows) {
  const std::string& name = in.name;
  detail::require_same_length((name + " done").c_str(), in.done.size(), "rows", n_rows);
  detail::require_same_length((name + " eligible").c_str(), in.eligible.size(), "rows", n_rows);
  if (!in.accepted.empty())
    detail::require_same_length((name + " accepted").c_str(), in.accepted.size(), "rows", n_rows);
  if (!in.target.empty()) detail::require_same_length((name + " target").c_str(), in.target.size(), "rows", n_rows);
  if (!in.moments.empty()) {
    detail::require_same_length((name + " moments").c_str(), in.moments.size(), "rows", n_rows);
    if (options_.monthly_flows)
      detail::fail<invalid_argument>("measure '", name,
                                     "': case moments describe the cases in the year-to-date figures of each "
                                     "month, not monthly flows; give year-to-date rows with them");
    if (in.form != measure_form::completion)
      detail::fail<invalid_argument>("measure '", name, "': case moments are for a completion measure, not a ",
                                     form_name(in.form));
  }
  for (const auto& existing : measures_)
    if (existing.name == name) detail::fail<duplicate_key>("measure '", name, "' is given twice");
  double default_target = in.default_target;
  if (!std::isnan(default_target)) validate_target(default_target, in.form, name + " default target");
  if (std::isnan(default_target) && in.form == measure_form::quota) default_target = 1.0;  // 100 % of plan

  // Before the rows' own checks: monthly flows read as year-to-date figures first show as a fall
  // (then often as done > eligible), and this message says what to do.
  if (!options_.monthly_flows) check_year_to_date(in);

  measure_data d;
  d.name = name;
  d.kind = in.kind;
  d.form = in.form;
  if (in.form != measure_form::completion && in.form != measure_form::quota)
    detail::fail<invalid_argument>("measure '", name, "': form ", static_cast<int>(in.form), " is not a form");
  if (in.basis != plan_basis::annual && in.basis != plan_basis::to_date)
    detail::fail<invalid_argument>("measure '", name, "': plan basis ", static_cast<int>(in.basis),
                                   " is not a plan basis");
  d.basis = in.basis;
  d.currency = normalize_currency(in.currency, name);
  if (!d.currency.empty()) {
    if (d.kind == measure_kind::count)
      detail::fail<invalid_argument>("measure '", name, "' is declared a count but has currency '", d.currency,
                                     "' (a currency makes a measure money)");
    d.kind = measure_kind::money;
  }
  if (in.minor_digits < -1 || in.minor_digits > max_minor_digits)
    detail::fail<invalid_argument>("measure '", name, "': minor_digits = ", in.minor_digits, " is outside 0..",
                                   max_minor_digits);
  if (in.minor_digits > 0 && d.kind != measure_kind::money)
    detail::fail<invalid_argument>("measure '", name, "' has minor_digits = ", in.minor_digits, " but is declared ",
                                   kind_name(d.kind), ", not money (declare a currency or the money kind)");
  d.minor_digits = in.minor_digits >= 0 ? in.minor_digits : default_minor_digits(d.currency);
  validate_name_text(in.label_vi, "measure '" + name + "': label_vi");
  validate_name_text(in.label_en, "measure '" + name + "': label_en");
  d.label_vi = in.label_vi;
  d.label_en = in.label_en;
  d.has_accepted = !in.accepted.empty();
  const std::size_t cells = row_of_cell_.size();
  d.done.assign(cells, 0);
  d.eligible.assign(cells, 0);
  if (d.has_accepted) d.accepted.assign(cells, 0);
  d.has_moments = !in.moments.empty();
  if (d.has_moments) d.moments.assign(cells, case_moments{});
  d.target.assign(cells, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t c = 0; c < cells; ++c) {
    const std::int64_t r = row_of_cell_[c];
    if (r < 0) continue;
    const auto row = static_cast<std::size_t>(r);
    check_row(in, row);
    d.done[c] = in.done[row];
    d.eligible[c] = in.eligible[row];
    if (d.has_accepted) d.accepted[c] = in.accepted[row];
    if (d.has_moments) d.moments[c] = in.moments[row];
    if (!in.target.empty()) d.target[c] = in.target[row];
  }
  if (options_.monthly_flows) accumulate_year_to_date(d);
  roll_up(d);
  resolve_targets(d, default_target);
  measures_.push_back(std::move(d));
}

ATTAIN_FUNC void panel::check_row(const measure_columns& in, std::size_t r) const {
  const std::string& m = in.name;
  const std::int64_t done = in.done[r], eligible = in.eligible[r];
  if (done < 0) detail::fail<invalid_argument>(row_name(r), ": ", m, " done = ", done, " is negative");
  if (eligible < 0) detail::fail<invalid_argument>(row_name(r), ": ", m, " eligible = ", eligible, " is negative");
  const bool quota = in.form == measure_form::quota;
  if (!options_.monthly_flows && !quota && done > eligible)
    detail::fail<invalid_argument>(row_name(r), ": ", m, " done = ", done, " is greater than ", m,
                                   " eligible = ", eligible, "; if ", m,
                                   " is a quota (an actual against a plan, which it may exceed), declare it one "
                                   "(attain --quota ",
                                   m, "; Python quota=['", m, "'])");
  if (!in.accepted.empty()) {
    if (in.accepted[r] < 0)
      detail::fail<invalid_argument>(row_name(r), ": ", m, " accepted = ", in.accepted[r], " is negative");
    if (!options_.monthly_flows && in.accepted[r] < eligible)
      detail::fail<invalid_argument>(row_name(r), ": ", m, " accepted = ", in.accepted[r], " is less than ", m,
                                     " eligible = ", eligible, " (eligible cases are part of those accepted)");
  }
  if (!in.moments.empty()) {
    const case_moments& mo = in.moments[r];
    if (mo.cases < 0) detail::fail<invalid_argument>(row_name(r), ": ", m, " cases = ", mo.cases, " is negative");
    if (mo.cases == 0 && eligible > 0)
      detail::fail<invalid_argument>(row_name(r), ": ", m, " eligible = ", eligible, " but no case is behind it");
    for (const double v : {mo.xx, mo.xy, mo.yy})
      if (!(std::isfinite(v) && v >= 0.0))
        detail::fail<invalid_argument>(row_name(r), ": ", m, " case moment = ", v, " is not a non-negative finite sum");
  }
  if (!in.target.empty() && !std::isnan(in.target[r]) && !(in.target[r] >= 0.0 && in.target[r] <= 1.0)) {
    if (!quota) detail::fail<invalid_argument>(row_name(r), ": ", m, " target = ", in.target[r], " is outside [0, 1]");
    validate_target(in.target[r], in.form, detail::concat(row_name(r), ": ", m, " target"));
  }
}

ATTAIN_FUNC void panel::accumulate_year_to_date(measure_data& d) const {
  const std::size_t P = periods_.size();
  for (std::size_t u = 0; u < units_.size(); ++u) {
    const std::size_t base = u * P;
    for (std::size_t p = 1; p < P; ++p) {
      if (options_.calendar.starts_year(periods_[p])) continue;
      d.done[base + p] = checked_add(d.done[base + p - 1], d.done[base + p], "year-to-date done");
      d.eligible[base + p] = checked_add(d.eligible[base + p - 1], d.eligible[base + p], "year-to-date eligible");
      if (d.has_accepted)
        d.accepted[base + p] = checked_add(d.accepted[base + p - 1], d.accepted[base + p], "year-to-date accepted");
    }
    for (std::size_t p = 0; p < P; ++p)
      if (d.form == measure_form::completion && d.done[base + p] > d.eligible[base + p])
        detail::fail<invalid_argument>("unit '", units_.name(static_cast<std::int32_t>(u)), "' at ",
                                       periods_[p].to_string(), ": year-to-date ", d.name, " done = ", d.done[base + p],
                                       " is greater than eligible = ", d.eligible[base + p]);
  }
}

ATTAIN_FUNC void panel::check_year_to_date(const measure_columns& in) const {
  const std::size_t P = periods_.size();
  const auto& calendar = options_.calendar;
  for (std::size_t u = 0; u < units_.size(); ++u) {
    const std::size_t base = u * P;
    for (std::size_t p = 1; p < P; ++p) {
      const std::int64_t row = row_of_cell_[base + p], previous = row_of_cell_[base + p - 1];
      if (row < 0 || previous < 0 || calendar.fiscal_year(periods_[p]) != calendar.fiscal_year(periods_[p - 1]))
        continue;
      const auto check = [&](std::span<const std::int64_t> v, const char* field) {
        const std::int64_t before = v[static_cast<std::size_t>(previous)], now = v[static_cast<std::size_t>(row)];
        if (now >= before || now < 0) return;  // a negative figure is check_row's error
        const bool october = calendar.first_month() == 1 && periods_[p].month == 10;
        detail::fail<invalid_argument>(
            row_name(static_cast<std::size_t>(row)), ": unit '", units_.name(static_cast<std::int32_t>(u)),
            "', year-to-date ", in.name, " ", field, " falls from ", before, " in ", periods_[p - 1].to_string(),
            " to ", now, " in ", periods_[p].to_string(), " within fiscal year ", calendar.fiscal_year(periods_[p]),
            "; year-to-date figures only grow within a fiscal year. If the rows hold each month's own figures, "
            "read them as monthly flows (attain --monthly; Python monthly_flows=True)",
            october ? "; if the fiscal year starts in October, give --fiscal-year-start 10 (fiscal_year_start=10)"
                    : "");
      };
      check(in.done, "done");
      if (!in.accepted.empty()) check(in.accepted, "accepted");
    }
  }
}

ATTAIN_FUNC void panel::roll_up(measure_data& d) const {
  const std::size_t P = periods_.size();
  for (std::int32_t u : units_.bottom_up()) {
    const std::int32_t parent = units_.parent(u);
    if (parent < 0) continue;
    const std::size_t from = cell(u, 0), to = cell(parent, 0);
    for (std::size_t p = 0; p < P; ++p) {
      d.done[to + p] = checked_add(d.done[to + p], d.done[from + p], "rolled-up done");
      d.eligible[to + p] = checked_add(d.eligible[to + p], d.eligible[from + p], "rolled-up eligible");
      if (d.has_accepted)
        d.accepted[to + p] = checked_add(d.accepted[to + p], d.accepted[from + p], "rolled-up accepted");
      if (d.has_moments) d.moments[to + p] += d.moments[from + p];
    }
  }
}

ATTAIN_FUNC void panel::resolve_targets(measure_data& d, double default_target) const {
  const std::size_t P = periods_.size();
  const auto& order = units_.bottom_up();
  for (auto it = order.rbegin(); it != order.rend(); ++it) {  // parents before children
    const std::int32_t parent = units_.parent(*it);
    for (std::size_t p = 0; p < P; ++p) {
      double& t = d.target[cell(*it, p)];
      if (std::isnan(t)) t = parent >= 0 ? d.target[cell(parent, p)] : default_target;
    }
  }
}

ATTAIN_FUNC void panel::rank_siblings(snapshot& s, std::size_t m) const {
  const std::size_t n_units = units_.size();
  auto result = [&](std::int32_t u) -> unit_result& { return s.results[m * n_units + static_cast<std::size_t>(u)]; };
  std::vector<std::int32_t> group;
  auto rank_group = [&] {
    std::erase_if(group, [&](auto u) { return std::isnan(result(u).gap.ratio); });
    std::sort(group.begin(), group.end(), [&](auto a, auto b) { return result(a).gap.ratio > result(b).gap.ratio; });
    for (std::size_t i = 0; i < group.size(); ++i) {
      const bool tie = i > 0 && result(group[i]).gap.ratio == result(group[i - 1]).gap.ratio;
      result(group[i]).rank = tie ? result(group[i - 1]).rank : static_cast<int>(i) + 1;
    }
  };
  group.clear();
  for (std::size_t u = 0; u < n_units; ++u)
    if (units_.parent(static_cast<std::int32_t>(u)) < 0) group.push_back(static_cast<std::int32_t>(u));
  rank_group();
  for (std::size_t u = 0; u < n_units; ++u) {
    const auto kids = units_.children(static_cast<std::int32_t>(u));
    group.assign(kids.begin(), kids.end());
    rank_group();
  }
}

ATTAIN_FUNC void panel::summarise_children(snapshot& s, std::size_t m) const {
  const std::size_t n_units = units_.size();
  for (std::size_t u = 0; u < n_units; ++u) {
    children_summary& c = s.children[m * n_units + u];
    for (std::int32_t child : units_.children(static_cast<std::int32_t>(u))) {
      const unit_result& r = s.results[m * n_units + static_cast<std::size_t>(child)];
      ++c.n;
      if (!r.has_target || r.total.eligible == 0) {
        ++c.n_unrated;
      } else if (r.gap.met) {
        ++c.n_met;
      } else {
        ++c.n_short;
        c.min_gap = std::isnan(c.min_gap) ? r.gap.gap : std::min(c.min_gap, r.gap.gap);
        c.max_gap = std::isnan(c.max_gap) ? r.gap.gap : std::max(c.max_gap, r.gap.gap);
      }
    }
  }
}

}  // namespace attain

#include "prelude.hpp"

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "attain/core/panel.hpp"
#include "snapshot.hpp"

namespace ab = attain::bindings;

namespace {

// One measure's columns as handed over from Python; the arrays stay alive while the panel is
// built (the panel copies what it needs).
struct measure_arrays {
  std::string name;
  ab::int64_array done, eligible;
  std::optional<ab::int64_array> accepted;
  std::optional<ab::double_array> target;
  double default_target;
  attain::measure_kind kind;
  attain::measure_form form = attain::measure_form::completion;
  attain::plan_basis basis = attain::plan_basis::annual;
  std::string currency;
  int minor_digits = -1;
  std::string label_vi, label_en;
  std::vector<attain::case_moments> moments;  // empty: none given
};

template <class T, class F>
py::array_t<T> per_unit(std::size_t n, F&& value) {
  auto out = ab::new_array<T>(n);
  auto o = ab::view_mut(out);
  for (std::size_t u = 0; u < n; ++u) o[u] = value(static_cast<std::int32_t>(u));
  return out;
}

using R = attain::unit_result;
using C = attain::children_summary;

// One per-unit column of measure m: Get reads it from a unit's result (R) or children summary (C).
template <class T, auto Get>
py::array column(const attain::snapshot& s, std::size_t m) {
  return per_unit<T>(s.n_units, [&](std::int32_t u) {
    if constexpr (std::is_invocable_v<decltype(Get), const R&>)
      return static_cast<T>(Get(s.at(m, u)));
    else
      return static_cast<T>(Get(s.children_of(m, u)));
  });
}

// The per-unit columns of a snapshot, named once: Snapshot.column(), Snapshot.to_frame() and
// the docs read this table (attain._core.Snapshot.COLUMNS).
struct snapshot_column {
  const char* name;
  py::array (*make)(const attain::snapshot&, std::size_t);
};
// clang-format off
const snapshot_column snapshot_columns[] = {
    {"done", column<std::int64_t, [](const R& r) { return r.total.done; }>},
    {"eligible", column<std::int64_t, [](const R& r) { return r.total.eligible; }>},
    {"accepted", column<std::int64_t, [](const R& r) { return r.accepted; }>},
    {"ratio", column<double, [](const R& r) { return r.gap.ratio; }>},
    {"has_target", column<bool, [](const R& r) { return r.has_target; }>},
    {"target", column<double, [](const R& r) { return r.target; }>},
    {"gap", column<double, [](const R& r) { return r.gap.gap; }>},
    {"shortfall", column<std::int64_t, [](const R& r) { return r.gap.shortfall; }>},
    {"met", column<bool, [](const R& r) { return r.gap.met; }>},
    {"exceeded_by", column<std::int64_t, [](const R& r) { return r.exceeded_by; }>},
    {"ratio_prev", column<double, [](const R& r) { return r.ratio_prev; }>},
    {"change_prev", column<double, [](const R& r) { return r.change_prev; }>},
    {"ratio_year_ago", column<double, [](const R& r) { return r.ratio_year_ago; }>},
    {"change_year", column<double, [](const R& r) { return r.change_year; }>},
    {"rank", column<std::int32_t, [](const R& r) { return r.rank; }>},
    {"cases", column<std::int64_t, [](const R& r) { return r.moments.cases; }>},
    {"pace_needed", column<std::int64_t, [](const R& r) { return r.pace.needed; }>},
    {"pace_per_month", column<double, [](const R& r) { return r.pace.per_month; }>},
    {"pace_eligible_projected", column<std::int64_t, [](const R& r) { return r.pace.eligible_projected; }>},
    {"pace_needed_projected", column<std::int64_t, [](const R& r) { return r.pace.needed_projected; }>},
    {"pace_per_month_projected", column<double, [](const R& r) { return r.pace.per_month_projected; }>},
    {"schedule_expected", column<double, [](const R& r) { return r.schedule_expected; }>},
    {"schedule_ahead", column<double, [](const R& r) { return r.schedule_ahead; }>},
    {"children_n", column<std::int32_t, [](const C& c) { return c.n; }>},
    {"children_met", column<std::int32_t, [](const C& c) { return c.n_met; }>},
    {"children_short", column<std::int32_t, [](const C& c) { return c.n_short; }>},
    {"children_unrated", column<std::int32_t, [](const C& c) { return c.n_unrated; }>},
    {"children_min_gap", column<double, [](const C& c) { return c.min_gap; }>},
    {"children_max_gap", column<double, [](const C& c) { return c.max_gap; }>},
};
// clang-format on

py::array read_only(py::array a) {
  a.attr("flags").attr("writeable") = false;
  return a;
}

py::array snapshot_column_of(const ab::bound_snapshot& b, const std::string& measure, const std::string& name) {
  const std::size_t m = b.panel->measure_index(measure);
  for (const auto& c : snapshot_columns)
    if (name == c.name) return read_only(c.make(b.figures(), m));
  attain::fail<attain::unknown_key>("'", name, "' is not a snapshot column");
}

py::array span_array(std::span<const double> values) {
  return read_only(py::array_t<double>(static_cast<py::ssize_t>(values.size()), values.data()));
}

/// The model named @p model, or the measure's default for "".
attain::target_model model_of(const attain::bindings::bound_snapshot& b, std::size_t measure,
                              const std::string& model) {
  return model.empty() ? b.outlook.default_model(measure) : attain::parse_target_model(model);
}

}  // namespace

void register_panel(py::module_& m) {
  using attain::panel;
  using panel_ptr = std::shared_ptr<const panel>;
  py::class_<panel, std::shared_ptr<panel>>(m, "Panel")
      .def(py::init([](std::vector<std::string> units, const std::vector<std::string>& parents,
                       const ab::int32_array& unit_of_row, const ab::int32_array& period_of_row,
                       const std::vector<py::dict>& measures, int fiscal_year_start, bool monthly_flows,
                       std::string row_label, std::int64_t first_row_number, std::vector<double> schedule_profile,
                       std::vector<std::int64_t> row_numbers, std::vector<std::string> levels) {
             attain::require_same_length("periods", period_of_row.size(), "units", unit_of_row.size());
             std::vector<attain::year_month> periods;
             periods.reserve(static_cast<std::size_t>(period_of_row.size()));
             for (auto o : ab::view(period_of_row)) periods.push_back(attain::year_month::from_ordinal(o));
             std::vector<measure_arrays> arrays;
             for (const auto& d : measures) {
               measure_arrays a{d["name"].cast<std::string>(),
                                d["done"].cast<ab::int64_array>(),
                                d["eligible"].cast<ab::int64_array>(),
                                std::nullopt,
                                std::nullopt,
                                d["default_target"].cast<double>(),
                                attain::measure_kind::unspecified,
                                attain::measure_form::completion,
                                attain::plan_basis::annual,
                                {},
                                -1,
                                {},
                                {},
                                {}};
               if (!d["accepted"].is_none()) a.accepted = d["accepted"].cast<ab::int64_array>();
               if (!d["target"].is_none()) a.target = d["target"].cast<ab::double_array>();
               if (d.contains("kind")) a.kind = attain::parse_measure_kind(d["kind"].cast<std::string>(), a.name);
               if (d.contains("form")) a.form = attain::parse_measure_form(d["form"].cast<std::string>(), a.name);
               if (d.contains("plan_basis"))
                 a.basis = attain::parse_plan_basis(d["plan_basis"].cast<std::string>(), a.name);
               if (d.contains("currency")) a.currency = d["currency"].cast<std::string>();
               if (d.contains("minor_digits")) a.minor_digits = d["minor_digits"].cast<int>();
               if (d.contains("label_vi")) a.label_vi = d["label_vi"].cast<std::string>();
               if (d.contains("label_en")) a.label_en = d["label_en"].cast<std::string>();
               if (d.contains("cases") && !d["cases"].is_none()) {
                 const auto cases = d["cases"].cast<ab::int64_array>();
                 const auto sums = d["moments"].cast<ab::double_array>();
                 const auto n = static_cast<std::size_t>(cases.size());
                 attain::require_same_length((a.name + " moments").c_str(), static_cast<std::size_t>(sums.size()),
                                             "3 x cases", 3 * n);
                 const auto c = ab::view(cases);
                 const auto s = ab::view(sums);
                 a.moments.resize(n);
                 for (std::size_t k = 0; k < n; ++k) a.moments[k] = {c[k], s[3 * k], s[3 * k + 1], s[3 * k + 2]};
               }
               arrays.push_back(std::move(a));
             }
             std::vector<attain::measure_columns> columns;
             for (const auto& a : arrays) {
               attain::measure_columns c{a.name,
                                         ab::view(a.done),
                                         ab::view(a.eligible),
                                         a.accepted ? ab::view(*a.accepted) : std::span<const std::int64_t>{},
                                         a.target ? ab::view(*a.target) : std::span<const double>{},
                                         a.default_target,
                                         a.kind};
               c.form = a.form, c.basis = a.basis, c.currency = a.currency, c.minor_digits = a.minor_digits;
               c.label_vi = a.label_vi, c.label_en = a.label_en;
               c.moments = a.moments;
               columns.push_back(std::move(c));
             }
             attain::panel_options options{attain::fiscal_calendar(fiscal_year_start), monthly_flows,
                                           std::move(row_label), first_row_number, std::move(schedule_profile)};
             options.row_numbers = std::move(row_numbers);
             attain::hierarchy h(std::move(units), parents, std::move(levels));
             py::gil_scoped_release release;  // builds C++ objects only; the arrays are kept alive above
             return std::make_shared<panel>(std::move(h), ab::view(unit_of_row), periods, columns, std::move(options));
           }),
           py::arg("units"), py::arg("parents"), py::arg("unit_of_row"), py::arg("period_of_row"), py::arg("measures"),
           py::arg("fiscal_year_start") = 1, py::arg("monthly_flows") = false, py::arg("row_label") = "row",
           py::arg("first_row_number") = 0, py::arg("schedule_profile") = std::vector<double>{},
           py::arg("row_numbers") = std::vector<std::int64_t>{}, py::arg("levels") = std::vector<std::string>{})
      .def_property_readonly("units", [](const panel& p) { return p.units().names(); })
      .def_property_readonly("parents", [](const panel& p) { return p.units().parents(); })
      .def_property_readonly("depths",
                             [](const panel& p) {
                               return per_unit<std::int32_t>(p.units().size(),
                                                             [&](auto u) { return p.units().depth(u); });
                             })
      .def_property_readonly("roots",
                             [](const panel& p) {
                               std::vector<std::int32_t> out;
                               for (std::size_t u = 0; u < p.units().size(); ++u)
                                 if (p.units().parent(static_cast<std::int32_t>(u)) < 0)
                                   out.push_back(static_cast<std::int32_t>(u));
                               return out;
                             })
      .def(
          "children",
          [](const panel& p, std::int32_t unit) {
            (void)p.units().name(unit);  // std::out_of_range -> IndexError for a bad index
            const auto kids = p.units().children(unit);
            return std::vector<std::int32_t>(kids.begin(), kids.end());
          },
          py::arg("unit"))
      .def("index_of", &panel::unit_index, py::arg("unit"))
      .def_property_readonly(
          "levels", [](const panel& p) { return p.units().levels(); },
          "Each unit's declared level (\"\" = not declared), by unit index.")
      .def(
          "units_at_level",
          [](const panel& p, const std::string& level) {
            std::vector<std::int32_t> out = p.units().units_at_level(level);
            return out;
          },
          py::arg("level"), "The indices of the units whose declared level is `level`.")
      .def_property_readonly("periods",
                             [](const panel& p) {
                               std::vector<std::int32_t> out;
                               for (auto ym : p.periods()) out.push_back(ym.ordinal());
                               return out;
                             })
      .def_property_readonly("measures",
                             [](const panel& p) {
                               std::vector<std::string> out;
                               for (std::size_t i = 0; i < p.n_measures(); ++i) out.push_back(p.measure_name(i));
                               return out;
                             })
      .def_property_readonly("kinds",
                             [](const panel& p) {
                               std::vector<std::string> out;
                               for (std::size_t i = 0; i < p.n_measures(); ++i)
                                 out.push_back(attain::kind_name(p.kind(i)));
                               return out;
                             })
      .def(
          "kind",
          [](const panel& p, const std::string& measure) {
            return attain::kind_name(p.kind(p.measure_index(measure)));
          },
          py::arg("measure"), "What the measure counts, as declared: count, money or unspecified.")
      .def_property_readonly("forms",
                             [](const panel& p) {
                               std::vector<std::string> out;
                               for (std::size_t i = 0; i < p.n_measures(); ++i)
                                 out.push_back(attain::form_name(p.form(i)));
                               return out;
                             })
      .def(
          "form",
          [](const panel& p, const std::string& measure) {
            return attain::form_name(p.form(p.measure_index(measure)));
          },
          py::arg("measure"), "How done and eligible relate, as declared: completion or quota.")
      .def_property_readonly("plan_bases",
                             [](const panel& p) {
                               std::vector<std::string> out;
                               for (std::size_t i = 0; i < p.n_measures(); ++i)
                                 out.push_back(attain::plan_basis_name(p.basis(i)));
                               return out;
                             })
      .def(
          "plan_basis",
          [](const panel& p, const std::string& measure) {
            return attain::plan_basis_name(p.basis(p.measure_index(measure)));
          },
          py::arg("measure"),
          "What the measure's eligible covers, as declared: annual (the default) or to_date (a quota's plan due "
          "by now, a completion measure's running rate).")
      .def_property_readonly("currencies",
                             [](const panel& p) {
                               std::vector<std::string> out;
                               for (std::size_t i = 0; i < p.n_measures(); ++i) out.push_back(p.currency(i));
                               return out;
                             })
      .def_property_readonly("minor_digits",
                             [](const panel& p) {
                               std::vector<int> out;
                               for (std::size_t i = 0; i < p.n_measures(); ++i) out.push_back(p.minor_digits(i));
                               return out;
                             })
      .def(
          "label",
          [](const panel& p, const std::string& measure, const std::string& lang) {
            return p.label(p.measure_index(measure), lang);
          },
          py::arg("measure"), py::arg("lang"), "The measure's declared label in `lang` (vi, en); \"\" = none.")
      .def_property_readonly("fiscal_year_start", [](const panel& p) { return p.calendar().first_month(); })
      .def("has_accepted",
           [](const panel& p, const std::string& measure) { return p.has_accepted(p.measure_index(measure)); })
      .def(
          "totals",
          [](const panel& p, const std::string& measure) {
            // Rolled-up (done, eligible, accepted, target, ratio) as unit x period matrices.
            const std::size_t mi = p.measure_index(measure), U = p.units().size(), P = p.periods().size();
            py::array_t<std::int64_t> done({U, P}), eligible({U, P}), accepted({U, P});
            py::array_t<double> target({U, P}), ratio({U, P});
            auto d = done.mutable_unchecked<2>(), e = eligible.mutable_unchecked<2>(),
                 a = accepted.mutable_unchecked<2>();
            auto t = target.mutable_unchecked<2>(), r = ratio.mutable_unchecked<2>();
            for (std::size_t u = 0; u < U; ++u)
              for (std::size_t k = 0; k < P; ++k) {
                const auto unit = static_cast<std::int32_t>(u);
                const auto tl = p.total(mi, unit, k);
                d(u, k) = tl.done, e(u, k) = tl.eligible, a(u, k) = p.accepted(mi, unit, k),
                     t(u, k) = p.target(mi, unit, k);
                r(u, k) = attain::completion_ratio_unchecked(tl.done, tl.eligible);
              }
            return py::make_tuple(done, eligible, accepted, target, ratio);
          },
          py::arg("measure"))
      .def(
          "at",
          [](const std::shared_ptr<panel>& p, std::int32_t as_of) {
            py::gil_scoped_release release;  // C++ only: the panel is immutable, snapshots may be taken in threads
            return ab::bound_snapshot(panel_ptr(p), attain::year_month::from_ordinal(as_of));
          },
          py::arg("as_of"), "The snapshot at a period of the data (computed once; read it as often as needed).");

  py::class_<attain::unit_result>(m, "UnitResult")
      .def_property_readonly("done", [](const attain::unit_result& r) { return r.total.done; })
      .def_property_readonly("eligible", [](const attain::unit_result& r) { return r.total.eligible; })
      .def_readonly("accepted", &attain::unit_result::accepted)
      .def_readonly("has_target", &attain::unit_result::has_target)
      .def_readonly("target", &attain::unit_result::target)
      .def_property_readonly("ratio", [](const attain::unit_result& r) { return r.gap.ratio; })
      .def_property_readonly("gap", [](const attain::unit_result& r) { return r.gap.gap; })
      .def_property_readonly("shortfall", [](const attain::unit_result& r) { return r.gap.shortfall; })
      .def_property_readonly("met", [](const attain::unit_result& r) { return r.gap.met; })
      .def_readonly("ratio_prev", &attain::unit_result::ratio_prev)
      .def_readonly("change_prev", &attain::unit_result::change_prev)
      .def_readonly("ratio_year_ago", &attain::unit_result::ratio_year_ago)
      .def_readonly("change_year", &attain::unit_result::change_year)
      .def_readonly("rank", &attain::unit_result::rank)
      .def_property_readonly("pace_needed", [](const attain::unit_result& r) { return r.pace.needed; })
      .def_property_readonly("pace_per_month", [](const attain::unit_result& r) { return r.pace.per_month; })
      .def_property_readonly("pace_eligible_projected",
                             [](const attain::unit_result& r) { return r.pace.eligible_projected; })
      .def_property_readonly("pace_needed_projected",
                             [](const attain::unit_result& r) { return r.pace.needed_projected; })
      .def_property_readonly("pace_per_month_projected",
                             [](const attain::unit_result& r) { return r.pace.per_month_projected; })
      .def_readonly("schedule_expected", &attain::unit_result::schedule_expected)
      .def_readonly("schedule_ahead", &attain::unit_result::schedule_ahead)
      .def_readonly("exceeded_by", &attain::unit_result::exceeded_by)
      .def_property_readonly(
          "cases", [](const attain::unit_result& r) { return r.moments.cases; },
          "The case records behind the ratio (-1 when the measure has no case moments).");

  py::class_<attain::children_summary>(m, "ChildrenCounts")
      .def_readonly("n", &attain::children_summary::n)
      .def_readonly("n_met", &attain::children_summary::n_met)
      .def_readonly("n_short", &attain::children_summary::n_short)
      .def_readonly("n_unrated", &attain::children_summary::n_unrated)
      .def_readonly("min_gap", &attain::children_summary::min_gap)
      .def_readonly("max_gap", &attain::children_summary::max_gap);

  py::list column_names;
  for (const auto& c : snapshot_columns) column_names.append(c.name);
  using snap = ab::bound_snapshot;
  py::class_<snap> snapshot_class(m, "Snapshot");
  snapshot_class.attr("COLUMNS") = column_names;
  snapshot_class.def_property_readonly("panel", [](const snap& b) { return std::const_pointer_cast<panel>(b.panel); })
      .def_property_readonly("as_of", [](const snap& b) { return b.figures().as_of.ordinal(); })
      .def_property_readonly("months_elapsed", [](const snap& b) { return b.figures().months_elapsed; })
      .def_property_readonly("months_remaining", [](const snap& b) { return b.figures().months_remaining; })
      .def_property_readonly("measures", [](const snap& b) { return b.figures().measures; })
      .def_property_readonly("forms",
                             [](const snap& b) {
                               std::vector<std::string> out;
                               for (auto f : b.figures().forms) out.push_back(attain::form_name(f));
                               return out;
                             })
      .def_property_readonly("currencies", [](const snap& b) { return b.figures().currencies; })
      .def_property_readonly("minor_digits", [](const snap& b) { return b.figures().minor_digits; })
      .def_property_readonly("labels_vi", [](const snap& b) { return b.figures().labels_vi; })
      .def_property_readonly("labels_en", [](const snap& b) { return b.figures().labels_en; })
      .def(
          "result",
          [](const snap& b, const std::string& measure, std::int32_t unit) -> const attain::unit_result& {
            (void)b.panel->units().name(unit);  // std::out_of_range -> IndexError for a bad index
            return b.figures().at(b.panel->measure_index(measure), unit);
          },
          py::arg("measure"), py::arg("unit"), py::return_value_policy::reference_internal)
      .def(
          "children",
          [](const snap& b, const std::string& measure, std::int32_t unit) -> const attain::children_summary& {
            (void)b.panel->units().name(unit);
            return b.figures().children_of(b.panel->measure_index(measure), unit);
          },
          py::arg("measure"), py::arg("unit"), py::return_value_policy::reference_internal)
      .def("column", &snapshot_column_of, py::arg("measure"), py::arg("name"),
           "One per-unit column of a measure (read-only; COLUMNS names them).")
      .def("has_interval",  // binomial: funnels, shrinkage and flags read it
           [](const snap& b, const std::string& measure) {
             return b.outlook.has_interval(b.panel->measure_index(measure));
           })
      .def(
          "interval_method",
          [](const snap& b, const std::string& measure) {
            return std::string(attain::unit_interval_name(b.outlook.interval_kind(b.panel->measure_index(measure))));
          },
          py::arg("measure"),
          "The interval the measure's ratios get: 'wilson' (a count), 'linearisation' (money with case moments, "
          "from case records) or 'none'.")
      .def(
          "interval",
          [](const snap& b, const std::string& measure, double alpha) {
            const std::size_t mi = b.panel->measure_index(measure);
            if (alpha == b.outlook.alpha())  // computed with the snapshot
              return py::make_tuple(span_array(b.outlook.low(mi)), span_array(b.outlook.high(mi)));
            std::vector<double> low(b.figures().n_units), high(b.figures().n_units);
            attain::ratio_intervals(b.figures(), mi, alpha, low, high);
            return py::make_tuple(span_array(low), span_array(high));
          },
          py::arg("measure"), py::arg("alpha") = 0.05,
          "Per-unit interval of the ratio at level 1 - alpha, of the measure's interval_method (Wilson for a "
          "count, the ratio-of-sums linearisation for money from case records; NaN otherwise); the 95 % one is "
          "computed with the snapshot.")
      .def_property_readonly("projectable", [](const snap& b) { return b.outlook.projectable(); })
      .def(
          "projection",
          [](const snap& b, const std::string& measure, std::int32_t unit) -> const attain::year_end_projection& {
            return b.outlook.projection(b.panel->measure_index(measure), unit);
          },
          py::arg("measure"), py::arg("unit"), py::return_value_policy::reference_internal,
          "The unit's year-end projection (window 3, alpha 0.05), computed on first use and kept.")
      .def_property_readonly("projections_computed", [](const snap& b) { return b.outlook.projections_computed(); })
      .def_property_readonly("has_meet_probabilities", [](const snap& b) { return b.outlook.has_meet_probabilities(); })
      .def(
          "meet_probabilities",
          [](const snap& b, const std::string& measure, const std::string& model) {
            const std::size_t mi = b.panel->measure_index(measure);
            return span_array(b.outlook.meet_probabilities(mi, model_of(b, mi, model)));
          },
          py::arg("measure"), py::arg("model"),
          "Per-unit probability of meeting the year-end target under model 'trend' or 'pace' ('' for the "
          "measure's default) (NaN where none), computed once per snapshot.")
      .def(
          "default_model",
          [](const snap& b, const std::string& measure) {
            return std::string(attain::model_name(b.outlook.default_model(b.panel->measure_index(measure))));
          },
          py::arg("measure"), "The model a report uses for the measure: 'pace' for a count, else 'trend'.")
      .def(
          "at_risk",
          [](const snap& b, const std::string& measure, const std::string& model, double below,
             const std::string& level) {
            const std::size_t mi = b.panel->measure_index(measure);
            const auto list = b.outlook.at_risk(mi, model_of(b, mi, model), below, level);
            std::vector<std::pair<std::int32_t, double>> out;
            out.reserve(list.size());
            for (const auto& u : list) out.emplace_back(u.unit, u.probability);
            return out;
          },
          py::arg("measure"), py::arg("model"), py::arg("below"), py::arg("level"),
          "(unit index, probability) of the units whose probability is below `below`, lowest first; model '' "
          "for the measure's default; level '' for every unit.");
  m.def(
      "parse_ratio", [](const std::string& text) { return attain::parse_ratio(text); }, py::arg("text"),
      "'0.815' or '81.5%' -> 0.815 (the range is not checked: check_target does).");
  m.def(
      "check_target",
      [](double target, const std::string& name) {
        attain::validate_target(target, name);
        return target;
      },
      py::arg("target"), py::arg("name"), "The target, checked to be in [0, 1].");
  m.def(
      "check_measure_target",
      [](double target, const std::string& form, const std::string& name) {
        attain::validate_target(target, attain::parse_measure_form(form, name), name);
        return target;
      },
      py::arg("target"), py::arg("form"), py::arg("name"),
      "The target of a measure of `form`, checked to be in [0, 1] (completion) or [0, 10] (quota).");
  m.def(
      "snapshots_computed", [] { return ab::snapshots_computed.load(); },
      "How many snapshots Panel.at() has computed in this process (for tests).");
}

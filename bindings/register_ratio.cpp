#include "prelude.hpp"

#include <vector>

#include "attain/core/gap.hpp"
#include "attain/core/pace.hpp"
#include "attain/core/ratio.hpp"
#include "attain/core/schedule.hpp"

namespace ab = attain::bindings;

void register_ratio(py::module_& m) {
  m.def(
      "completion_ratio",
      [](const ab::int64_array& done, const ab::int64_array& eligible) {
        attain::require_same_length("done", done.size(), "eligible", eligible.size());
        auto out = ab::new_array<double>(done.size());
        auto d = ab::view(done), e = ab::view(eligible);
        auto o = ab::view_mut(out);
        {
          // Safe: reads and writes only buffers owned by these arrays, touches no Python object.
          py::gil_scoped_release release;
          attain::completion_ratio(d, e, o);
        }
        return out;
      },
      py::arg("done"), py::arg("eligible"), "done / eligible element-wise (1-D int64); NaN where eligible == 0.");

  m.def(
      "target_gap",
      [](const ab::int64_array& done, const ab::int64_array& eligible, const ab::double_array& target) {
        const auto n = static_cast<std::size_t>(done.size());
        auto ratio = ab::new_array<double>(n), gap = ab::new_array<double>(n);
        auto shortfall = ab::new_array<std::int64_t>(n);
        auto met = ab::new_array<bool>(n);
        auto d = ab::view(done), e = ab::view(eligible);
        auto t = ab::view(target);
        auto r = ab::view_mut(ratio), g = ab::view_mut(gap);
        auto s = ab::view_mut(shortfall);
        auto k = ab::view_mut(met);
        {
          py::gil_scoped_release release;  // pure loop over the buffers above
          attain::target_gap(d, e, t, r, g, s, k);
        }
        return py::make_tuple(ratio, gap, shortfall, met);
      },
      py::arg("done"), py::arg("eligible"), py::arg("target"),
      "(ratio, gap, shortfall, met) element-wise for 1-D arrays of one length.");

  m.def(
      "schedule",
      [](const ab::double_array& ratio, const ab::double_array& target, const ab::int32_array& months_elapsed,
         const std::vector<double>& profile) {
        std::vector<attain::schedule_result> r(static_cast<std::size_t>(ratio.size()));
        attain::schedule(ab::view(ratio), ab::view(target), ab::view(months_elapsed), profile, r);
        auto expected = ab::new_array<double>(r.size()), ahead = ab::new_array<double>(r.size());
        double *e = expected.mutable_data(), *a = ahead.mutable_data();
        for (std::size_t i = 0; i < r.size(); ++i) e[i] = r[i].expected, a[i] = r[i].ahead;
        return py::make_tuple(expected, ahead);
      },
      py::arg("ratio"), py::arg("target"), py::arg("months_elapsed"), py::arg("profile"),
      "(expected, ahead) element-wise: target x share of the year elapsed, and ratio - expected.");

  m.def(
      "pace",
      [](const ab::int64_array& done, const ab::int64_array& eligible, const ab::double_array& target,
         const ab::int32_array& months_remaining, const ab::double_array& growth) {
        std::vector<attain::pace_result> r(static_cast<std::size_t>(done.size()));
        {
          py::gil_scoped_release release;  // reads the arrays above only
          attain::pace(ab::view(done), ab::view(eligible), ab::view(target), ab::view(months_remaining),
                       ab::view(growth), r);
        }
        const std::size_t n = r.size();
        auto needed = ab::new_array<std::int64_t>(n), needed_p = ab::new_array<std::int64_t>(n);
        auto elig_p = ab::new_array<std::int64_t>(n);
        auto per = ab::new_array<double>(n), per_p = ab::new_array<double>(n);
        auto o1 = ab::view_mut(needed), o2 = ab::view_mut(needed_p), o3 = ab::view_mut(elig_p);
        auto o4 = ab::view_mut(per), o5 = ab::view_mut(per_p);
        for (std::size_t i = 0; i < n; ++i) {
          o1[i] = r[i].needed, o2[i] = r[i].needed_projected, o3[i] = r[i].eligible_projected;
          o4[i] = r[i].per_month, o5[i] = r[i].per_month_projected;
        }
        return py::make_tuple(needed, per, elig_p, needed_p, per_p);
      },
      py::arg("done"), py::arg("eligible"), py::arg("target"), py::arg("months_remaining"),
      py::arg("eligible_growth_per_month"),
      "(needed, per_month, eligible_projected, needed_projected, per_month_projected) element-wise.");
}

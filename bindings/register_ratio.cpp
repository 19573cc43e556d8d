#include "prelude.hpp"

#include <cmath>

#include "attain/core/gap.hpp"
#include "attain/core/pace.hpp"
#include "attain/core/ratio.hpp"
#include "attain/core/schedule.hpp"

namespace ab = attain::bindings;

void register_ratio(py::module_& m) {
  m.def(
      "completion_ratio",
      [](const ab::int64_array& done, const ab::int64_array& eligible) {
        attain::detail::require_same_length("done", done.size(), "eligible", eligible.size());
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
        const auto n = static_cast<std::size_t>(ratio.size());
        attain::detail::require_same_length("target", target.size(), "ratio", n);
        attain::detail::require_same_length("months_elapsed", months_elapsed.size(), "ratio", n);
        attain::validate_profile(profile);
        auto expected = ab::new_array<double>(n), ahead = ab::new_array<double>(n);
        auto r = ab::view(ratio), t = ab::view(target);
        auto m = ab::view(months_elapsed);
        auto e = ab::view_mut(expected), a = ab::view_mut(ahead);
        for (std::size_t i = 0; i < n; ++i) {
          if (m[i] < 0 || m[i] > 12)
            attain::detail::fail<attain::invalid_argument>("months_elapsed[", i, "] = ", m[i], " is outside 0..12");
          if (!std::isnan(t[i])) attain::validate_target(t[i], i);
          if (!std::isnan(r[i])) attain::validate_target(r[i], i, "ratio");
          const auto s = attain::schedule(r[i], t[i], m[i], profile);
          e[i] = s.expected, a[i] = s.ahead;
        }
        return py::make_tuple(expected, ahead);
      },
      py::arg("ratio"), py::arg("target"), py::arg("months_elapsed"), py::arg("profile"),
      "(expected, ahead) element-wise: target x share of the year elapsed, and ratio - expected.");

  m.def(
      "pace",
      [](const ab::int64_array& done, const ab::int64_array& eligible, const ab::double_array& target,
         const ab::int32_array& months_remaining, const ab::double_array& growth) {
        const auto n = static_cast<std::size_t>(done.size());
        attain::detail::require_same_length("done", n, "eligible", eligible.size());
        attain::detail::require_same_length("target", target.size(), "done", n);
        attain::detail::require_same_length("months_remaining", months_remaining.size(), "done", n);
        attain::detail::require_same_length("eligible_growth_per_month", growth.size(), "done", n);
        auto needed = ab::new_array<std::int64_t>(n), needed_p = ab::new_array<std::int64_t>(n);
        auto elig_p = ab::new_array<std::int64_t>(n);
        auto per = ab::new_array<double>(n), per_p = ab::new_array<double>(n);
        auto d = ab::view(done), e = ab::view(eligible);
        auto mr = ab::view(months_remaining);
        auto t = ab::view(target), gr = ab::view(growth);
        auto o1 = ab::view_mut(needed), o2 = ab::view_mut(needed_p), o3 = ab::view_mut(elig_p);
        auto o4 = ab::view_mut(per), o5 = ab::view_mut(per_p);
        {
          py::gil_scoped_release release;  // pure loop over the buffers above
          for (std::size_t i = 0; i < n; ++i) {
            // Validate here so that messages name the element, then compute.
            attain::validate_tally(d[i], e[i], i);
            attain::validate_target(t[i], i);
            if (mr[i] < 0 || mr[i] > 11)
              attain::detail::fail<attain::invalid_argument>("months_remaining[", i, "] = ", mr[i],
                                                             " is outside 0..11");
            if (!std::isfinite(gr[i]))
              attain::detail::fail<attain::invalid_argument>("eligible_growth_per_month[", i, "] = ", gr[i],
                                                             " is not finite");
            if (gr[i] < 0)
              attain::detail::fail<attain::invalid_argument>("eligible_growth_per_month[", i, "] = ", gr[i],
                                                             " is negative: the pace assumes a denominator that "
                                                             "grows or stays as it is");
            auto p = attain::pace({d[i], e[i]}, t[i], mr[i], gr[i]);
            o1[i] = p.needed, o2[i] = p.needed_projected, o3[i] = p.eligible_projected;
            o4[i] = p.per_month, o5[i] = p.per_month_projected;
          }
        }
        return py::make_tuple(needed, per, elig_p, needed_p, per_p);
      },
      py::arg("done"), py::arg("eligible"), py::arg("target"), py::arg("months_remaining"),
      py::arg("eligible_growth_per_month"),
      "(needed, per_month, eligible_projected, needed_projected, per_month_projected) element-wise.");
}

#include "prelude.hpp"

#include <string>
#include <vector>

#include "attain/stats/spc.hpp"

namespace ab = attain::bindings;

namespace {

using uint8_array = py::array_t<std::uint8_t, py::array::c_style>;

template <class T>
py::array_t<T> to_array(const std::vector<T>& v) {
  auto out = ab::new_array<T>(v.size());
  std::copy(v.begin(), v.end(), out.mutable_data());
  return out;
}

py::array_t<std::int64_t> to_int64(const std::vector<std::size_t>& v) {
  auto out = ab::new_array<std::int64_t>(v.size());
  std::transform(v.begin(), v.end(), out.mutable_data(), [](std::size_t x) { return static_cast<std::int64_t>(x); });
  return out;
}

std::vector<std::size_t> breaks_of(const ab::int64_array& breaks) {
  std::vector<std::size_t> out;
  const auto b = ab::view(breaks);
  for (std::size_t k = 0; k < b.size(); ++k) {
    if (b[k] < 0) attain::fail<attain::invalid_argument>("breaks[", k, "] = ", b[k], " is negative");
    out.push_back(static_cast<std::size_t>(b[k]));
  }
  return out;
}

attain::spc_options options_of(const std::string& rules, double sigmas, const std::vector<std::size_t>& breaks,
                               const uint8_array& exclude, std::size_t freeze, double centre) {
  attain::spc_options o;
  o.rules = attain::parse_spc_rules(rules);
  o.sigmas = sigmas;
  o.breaks = breaks;
  o.exclude = ab::view(exclude);
  o.freeze = freeze;
  o.centre = centre;
  return o;
}

py::dict to_dict(const attain::spc_result& r) {
  py::dict out;
  out["value"] = to_array(r.value);
  out["centre"] = to_array(r.centre);
  out["lower"] = to_array(r.lower);
  out["upper"] = to_array(r.upper);
  out["sigma"] = to_array(r.sigma);
  out["moving_range"] = to_array(r.moving_range);
  out["outside"] = to_array(r.outside);
  std::vector<bool> signal(r.signal.begin(), r.signal.end());
  auto sig = ab::new_array<bool>(signal.size());
  std::copy(signal.begin(), signal.end(), sig.mutable_data());
  out["signal"] = sig;
  out["phase"] = to_int64(r.phase);
  const std::size_t k = r.phases.size();
  std::vector<std::size_t> first(k), last(k), baseline(k), useful(k), run(k), run_limit(k), cross(k), cross_limit(k);
  std::vector<double> centre(k), spread(k), mr_upper(k);
  for (std::size_t i = 0; i < k; ++i) {
    const auto& p = r.phases[i];
    first[i] = p.first, last[i] = p.last, baseline[i] = p.baseline, useful[i] = p.useful;
    run[i] = p.longest_run, run_limit[i] = p.longest_run_limit, cross[i] = p.crossings;
    cross_limit[i] = p.crossings_limit, centre[i] = p.centre, spread[i] = p.spread, mr_upper[i] = p.mr_upper;
  }
  py::dict phases;
  phases["first"] = to_int64(first);
  phases["last"] = to_int64(last);
  phases["baseline"] = to_int64(baseline);
  phases["centre"] = to_array(centre);
  phases["spread"] = to_array(spread);
  phases["mr_upper"] = to_array(mr_upper);
  phases["useful"] = to_int64(useful);
  phases["longest_run"] = to_int64(run);
  phases["longest_run_limit"] = to_int64(run_limit);
  phases["crossings"] = to_int64(cross);
  phases["crossings_limit"] = to_int64(cross_limit);
  out["phases"] = phases;
  py::list signals;
  for (const auto& s : r.signals)
    signals.append(
        py::make_tuple(attain::spc_rule_name(s.rule), static_cast<std::int64_t>(s.phase), to_int64(s.points)));
  out["signals"] = signals;
  return out;
}

}  // namespace

void register_spc(py::module_& m) {
  m.def(
      "spc_proportion",
      [](const ab::int64_array& done, const ab::int64_array& eligible, const std::string& chart,
         const std::string& rules, double sigmas, const ab::int64_array& breaks, const uint8_array& exclude,
         std::size_t freeze, double centre) {
        const auto kind = attain::parse_spc_chart(chart);
        const auto b = breaks_of(breaks);
        const auto o = options_of(rules, sigmas, b, exclude, freeze, centre);
        attain::spc_result r;
        {
          py::gil_scoped_release release;  // pure C++ over the buffers above, kept alive by this frame
          r = attain::spc_proportion(ab::view(done), ab::view(eligible), kind, o);
        }
        return to_dict(r);
      },
      py::arg("done"), py::arg("eligible"), py::arg("chart"), py::arg("rules"), py::arg("sigmas"), py::arg("breaks"),
      py::arg("exclude"), py::arg("freeze"), py::arg("centre"),
      "p or Laney p' chart with phases and run rules; centre NaN means estimated.");
  m.def(
      "spc_individuals",
      [](const ab::double_array& values, const std::string& rules, double sigmas, const ab::int64_array& breaks,
         const uint8_array& exclude, std::size_t freeze, double centre) {
        const auto b = breaks_of(breaks);
        const auto o = options_of(rules, sigmas, b, exclude, freeze, centre);
        attain::spc_result r;
        {
          py::gil_scoped_release release;  // pure C++ over the buffers above
          r = attain::spc_individuals(ab::view(values), o);
        }
        return to_dict(r);
      },
      py::arg("values"), py::arg("rules"), py::arg("sigmas"), py::arg("breaks"), py::arg("exclude"), py::arg("freeze"),
      py::arg("centre"), "XmR chart with phases and run rules; centre NaN means estimated.");
  m.def(
      "anhoej_limits",
      [](const ab::int64_array& n) {
        const auto v = ab::view(n);
        auto runs = ab::new_array<std::int64_t>(v.size()), cross = ab::new_array<std::int64_t>(v.size());
        for (std::size_t i = 0; i < v.size(); ++i) {
          if (v[i] < 0) attain::fail<attain::invalid_argument>("n[", i, "] = ", v[i], " is negative");
          const auto l = attain::anhoej_limits(static_cast<std::size_t>(v[i]));
          runs.mutable_data()[i] = static_cast<std::int64_t>(l.longest_run);
          cross.mutable_data()[i] = static_cast<std::int64_t>(l.crossings);
        }
        return py::make_tuple(runs, cross);
      },
      py::arg("n"), "(longest-run limit, crossings limit) for each number of useful points.");
}

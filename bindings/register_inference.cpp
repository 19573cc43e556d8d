#include "prelude.hpp"

#include <string>
#include <vector>

#include "attain/stats/ci.hpp"
#include "attain/stats/cochran_armitage.hpp"
#include "attain/stats/control_chart.hpp"
#include "attain/stats/funnel.hpp"
#include "attain/stats/ratio_interval.hpp"

namespace ab = attain::bindings;

namespace {

template <class T>
py::array_t<T> to_array(const std::vector<T>& v) {
  auto out = ab::new_array<T>(v.size());
  std::copy(v.begin(), v.end(), out.mutable_data());
  return out;
}

template <class T>
py::array_t<T> to_matrix(const std::vector<T>& v, std::size_t rows, std::size_t cols) {
  py::array_t<T> out({static_cast<py::ssize_t>(rows), static_cast<py::ssize_t>(cols)});
  std::copy(v.begin(), v.end(), out.mutable_data());
  return out;
}

void register_proportion_ci(py::module_& m) {
  m.def(
      "proportion_ci",
      [](const ab::int64_array& count, const ab::int64_array& nobs, double alpha, const std::string& method) {
        const auto kind = attain::parse_ci_method(method);
        attain::require_same_length("count", count.size(), "nobs", nobs.size());
        const auto n = static_cast<std::size_t>(count.size());
        auto low = ab::new_array<double>(n), high = ab::new_array<double>(n);
        auto c = ab::view(count), o = ab::view(nobs);
        auto lo = ab::view_mut(low), hi = ab::view_mut(high);
        {
          // Safe: reads and writes only the buffers above, which these arrays keep alive.
          py::gil_scoped_release release;
          attain::proportion_ci(c, o, alpha, kind, lo, hi);
        }
        return py::make_tuple(low, high);
      },
      py::arg("count"), py::arg("nobs"), py::arg("alpha"), py::arg("method"),
      "(low, high) two-sided intervals for count / nobs (1-D int64 of one length).");

  m.def(
      "proportion_difference",
      [](const ab::int64_array& count1, const ab::int64_array& nobs1, const ab::int64_array& count2,
         const ab::int64_array& nobs2, double alpha) {
        std::vector<attain::proportion_difference_result> r(static_cast<std::size_t>(count1.size()));
        {
          py::gil_scoped_release release;  // reads the arrays above only
          attain::proportion_difference(ab::view(count1), ab::view(nobs1), ab::view(count2), ab::view(nobs2), alpha, r);
        }
        std::vector<py::array_t<double>> out;
        for (int k = 0; k < 7; ++k) out.push_back(ab::new_array<double>(r.size()));
        std::vector<double*> o;
        for (auto& a : out) o.push_back(a.mutable_data());
        for (std::size_t i = 0; i < r.size(); ++i) {
          o[0][i] = r[i].difference, o[1][i] = r[i].low, o[2][i] = r[i].high, o[3][i] = r[i].z;
          o[4][i] = r[i].p_value, o[5][i] = r[i].p_larger, o[6][i] = r[i].p_smaller;
        }
        return py::make_tuple(out[0], out[1], out[2], out[3], out[4], out[5], out[6]);
      },
      py::arg("count1"), py::arg("nobs1"), py::arg("count2"), py::arg("nobs2"), py::arg("alpha"),
      "(difference, low, high, z, p_value, p_larger, p_smaller) for p1 - p2, element-wise.");
}

void register_cochran_armitage(py::module_& m) {
  m.def(
      "cochran_armitage",
      [](const ab::int64_array& done, const ab::int64_array& eligible, std::size_t periods,
         const ab::double_array& scores, const std::string& variance) {
        const auto convention = attain::parse_trend_variance(variance);
        std::vector<attain::cochran_armitage_result> r;
        {
          py::gil_scoped_release release;  // reads the arrays above only
          r = attain::cochran_armitage_rows(ab::view(done), ab::view(eligible), periods, ab::view(scores), convention);
        }
        std::vector<py::array_t<double>> out;
        for (int k = 0; k < 7; ++k) out.push_back(ab::new_array<double>(r.size()));
        std::vector<double*> o;
        for (auto& a : out) o.push_back(a.mutable_data());
        for (std::size_t i = 0; i < r.size(); ++i) {
          const auto& t = r[i];
          o[0][i] = t.statistic, o[1][i] = t.null_mean, o[2][i] = t.null_sd, o[3][i] = t.z;
          o[4][i] = t.p_value, o[5][i] = t.p_increasing, o[6][i] = t.p_decreasing;
        }
        return py::make_tuple(out[0], out[1], out[2], out[3], out[4], out[5], out[6]);
      },
      py::arg("done"), py::arg("eligible"), py::arg("periods"), py::arg("scores"), py::arg("variance"),
      "Cochran-Armitage test per row of `periods` values: (statistic, null_mean, null_sd, z, p_value, "
      "p_increasing, p_decreasing).");
}

void register_funnel(py::module_& m) {
  m.def(
      "funnel_limits",
      [](const ab::int64_array& done, const ab::int64_array& eligible, const ab::double_array& target,
         const std::vector<double>& levels, const std::string& method, const std::string& overdispersion,
         const std::string& scale, double winsorise, const std::string& tau2_method) {
        attain::funnel_options options;
        options.tau2_method = attain::parse_funnel_tau2(tau2_method);
        options.levels = levels;
        options.method = attain::parse_funnel_method(method);
        options.overdispersion = attain::parse_funnel_overdispersion(overdispersion);
        options.scale = attain::parse_funnel_scale(scale);
        options.winsorise = winsorise;
        auto d = ab::view(done), e = ab::view(eligible);
        auto t = ab::view(target);
        attain::funnel_result r;
        {
          py::gil_scoped_release release;  // pure computation over the buffers above
          r = attain::funnel_limits(d, e, t, options);
        }
        const std::size_t units = r.ratio.size(), nl = levels.size();
        py::dict out;
        out["centre"] = to_array(r.centre);
        out["ratio"] = to_array(r.ratio);
        out["z"] = to_array(r.z);
        out["z_winsorised"] = to_array(r.z_winsorised);
        out["phi"] = r.phi;
        out["tau2"] = r.tau2;
        out["rho"] = r.rho;
        out["tau2_iterations"] = r.tau2_iterations;
        out["phi_used"] = r.used.phi;
        out["tau2_used"] = r.used.tau2;
        out["rho_used"] = r.used.rho;
        out["lower"] = to_matrix(r.lower, units, nl);
        out["upper"] = to_matrix(r.upper, units, nl);
        out["flag"] = to_matrix(r.flag, units, nl);
        return out;
      },
      py::arg("done"), py::arg("eligible"), py::arg("target"), py::arg("levels"), py::arg("method"),
      py::arg("overdispersion"), py::arg("scale"), py::arg("winsorise"), py::arg("tau2_method"),
      "Funnel limits per unit and level (see attain/stats/funnel.hpp); returns a dict of arrays.");

  m.def(
      "funnel_curves",
      [](double theta, const ab::int64_array& denominators, const std::vector<double>& levels,
         const std::string& method, const std::string& scale, double phi, double tau2, double rho) {
        const auto kind = attain::parse_funnel_method(method);
        const auto sc = attain::parse_funnel_scale(scale);
        const std::size_t n = static_cast<std::size_t>(denominators.size()), nl = levels.size();
        std::vector<double> lower(n * nl), upper(n * nl);
        auto den = ab::view(denominators);
        {
          py::gil_scoped_release release;  // pure computation over the buffers above
          attain::funnel_curves(theta, den, levels, kind, sc, {phi, tau2, rho}, lower, upper);
        }
        return py::make_tuple(to_matrix(lower, nl, n), to_matrix(upper, nl, n));
      },
      py::arg("theta"), py::arg("denominators"), py::arg("levels"), py::arg("method"), py::arg("scale"), py::arg("phi"),
      py::arg("tau2"), py::arg("rho"), "(lower, upper), each levels x denominators.");
}

void register_control_chart(py::module_& m) {
  m.def(
      "control_chart",
      [](const ab::int64_array& done, const ab::int64_array& eligible, const std::string& kind, double sigmas,
         double centre) {
        const auto k = attain::parse_chart_kind(kind);
        auto d = ab::view(done), e = ab::view(eligible);
        attain::control_chart_result r;
        {
          py::gil_scoped_release release;  // pure computation over the buffers above
          r = attain::control_chart(d, e, k, sigmas, centre);
        }
        py::dict out;
        out["centre"] = r.centre;
        out["sigma_z"] = r.sigma_z;
        out["ratio"] = to_array(r.ratio);
        out["lower"] = to_array(r.lower);
        out["upper"] = to_array(r.upper);
        out["flag"] = to_array(r.flag);
        return out;
      },
      py::arg("done"), py::arg("eligible"), py::arg("kind"), py::arg("sigmas"), py::arg("centre"),
      "p-chart or Laney p'-chart for monthly tallies; centre NaN means the overall ratio.");
}

void register_ratio_interval(py::module_& m) {
  m.def(
      "ratio_of_sums_interval",
      [](const ab::double_array& done, const ab::double_array& eligible, double alpha, const std::string& method,
         std::size_t replicates, std::uint64_t seed) {
        attain::ratio_interval_options options;
        options.alpha = alpha;
        options.method = attain::parse_ratio_interval_method(method);
        options.replicates = replicates;
        options.seed = seed;
        auto d = ab::view(done), e = ab::view(eligible);
        attain::ratio_interval_result r;
        {
          py::gil_scoped_release release;  // pure computation over the buffers above
          r = attain::ratio_of_sums_interval(d, e, options);
        }
        return py::make_tuple(r.ratio, r.std_error, r.low, r.high);
      },
      py::arg("done"), py::arg("eligible"), py::arg("alpha"), py::arg("method"), py::arg("replicates"), py::arg("seed"),
      "(ratio, std_error, low, high) for sum done / sum eligible (see attain/stats/ratio_interval.hpp).");
}

}  // namespace

void register_inference(py::module_& m) {
  register_ratio_interval(m);
  register_proportion_ci(m);
  register_cochran_armitage(m);
  register_funnel(m);
  register_control_chart(m);
}

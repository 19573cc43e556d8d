#include "prelude.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include "attain/stats/shrinkage.hpp"

namespace ab = attain::bindings;

namespace {

py::array_t<double> to_array(const std::vector<double>& v) {
  auto out = ab::new_array<double>(v.size());
  std::copy(v.begin(), v.end(), out.mutable_data());
  return out;
}

template <class T>
py::array_t<T> to_array_of(const std::vector<T>& v) {
  auto out = ab::new_array<T>(v.size());
  std::copy(v.begin(), v.end(), out.mutable_data());
  return out;
}

py::dict ranks_dict(const attain::rank_result& r) {
  py::dict out;
  out["mean"] = to_array(r.mean);
  out["low"] = to_array_of(r.low);
  out["high"] = to_array_of(r.high);
  out["p_top"] = to_array(r.p_top);
  out["p_bottom"] = to_array(r.p_bottom);
  out["top"] = r.top, out["draws"] = r.draws, out["ranked"] = r.ranked;
  return out;
}

attain::rank_options rank_options(std::size_t top, std::size_t draws, std::uint64_t seed, double alpha,
                                  unsigned threads) {
  attain::rank_options o;
  o.top = top, o.draws = draws, o.seed = seed, o.alpha = alpha, o.threads = threads;
  return o;
}

}  // namespace

void register_shrinkage(py::module_& m) {
  m.def(
      "posterior_ranks",
      [](const ab::double_array& a, const ab::double_array& b, std::size_t top, std::size_t draws, std::uint64_t seed,
         double alpha, unsigned threads) {
        attain::rank_result r;
        {
          py::gil_scoped_release release;  // pure C++ over the buffers above, kept alive by this frame
          r = attain::posterior_ranks(ab::view(a), ab::view(b), rank_options(top, draws, seed, alpha, threads));
        }
        return ranks_dict(r);
      },
      py::arg("a"), py::arg("b"), py::arg("top"), py::arg("draws"), py::arg("seed"), py::arg("alpha"),
      py::arg("threads"), "Posterior rank intervals of Beta(a, b) units: {mean, low, high, p_top, p_bottom, ...}.");
  m.def(
      "rank_intervals",
      [](const ab::int64_array& done, const ab::int64_array& eligible, const std::string& method, double alpha,
         std::size_t top, std::size_t draws, std::uint64_t seed, double rank_alpha, unsigned threads) {
        const auto kind = attain::parse_shrinkage_method(method);
        attain::rank_result r;
        {
          py::gil_scoped_release release;  // pure C++ over the buffers above, kept alive by this frame
          const auto fit = attain::beta_binomial_shrinkage(ab::view(done), ab::view(eligible), kind, alpha);
          r = attain::rank_intervals(fit, ab::view(done), ab::view(eligible),
                                     rank_options(top, draws, seed, rank_alpha, threads));
        }
        return ranks_dict(r);
      },
      py::arg("done"), py::arg("eligible"), py::arg("method"), py::arg("alpha"), py::arg("top"), py::arg("draws"),
      py::arg("seed"), py::arg("rank_alpha"), py::arg("threads"),
      "Shrinkage, then the posterior rank intervals of the units with eligible > 0.");
  m.def(
      "target_flags",
      [](const ab::int64_array& done, const ab::int64_array& eligible, const ab::double_array& target, double fdr) {
        attain::target_test_result r;
        {
          py::gil_scoped_release release;  // pure C++ over the buffers above
          r = attain::target_flags(ab::view(done), ab::view(eligible), ab::view(target), fdr);
        }
        py::dict out;
        out["p_below"] = to_array(r.p_below);
        out["p_above"] = to_array(r.p_above);
        out["q"] = to_array(r.q);
        out["flag"] = to_array_of(r.flag);
        return out;
      },
      py::arg("done"), py::arg("eligible"), py::arg("target"), py::arg("fdr"),
      "Exact binomial tests against targets with BH control: {p_below, p_above, q, flag}.");
  m.def(
      "beta_binomial_shrinkage",
      [](const ab::int64_array& done, const ab::int64_array& eligible, const std::string& method, double alpha) {
        const auto kind = attain::parse_shrinkage_method(method);
        attain::shrinkage_result r;
        {
          py::gil_scoped_release release;  // pure C++ over the buffers above, kept alive by this frame
          r = attain::beta_binomial_shrinkage(ab::view(done), ab::view(eligible), kind, alpha);
        }
        py::dict prior;
        prior["mean"] = r.prior.mean, prior["precision"] = r.prior.precision, prior["a"] = r.prior.a;
        prior["b"] = r.prior.b, prior["rho"] = r.prior.rho, prior["log_likelihood"] = r.prior.log_likelihood;
        prior["iterations"] = r.prior.iterations, prior["boundary"] = r.prior.boundary;
        py::dict out;
        out["prior"] = prior;
        out["ratio"] = to_array(r.ratio);
        out["shrunk"] = to_array(r.shrunk);
        out["low"] = to_array(r.low);
        out["high"] = to_array(r.high);
        return out;
      },
      py::arg("done"), py::arg("eligible"), py::arg("method"), py::arg("alpha"),
      "Beta-binomial empirical-Bayes shrinkage: {prior, ratio, shrunk, low, high}.");
  m.def(
      "benjamini_hochberg",
      [](const ab::double_array& p) {
        std::vector<double> q;
        {
          py::gil_scoped_release release;  // pure C++ over the buffer above
          q = attain::benjamini_hochberg(ab::view(p));
        }
        return to_array(q);
      },
      py::arg("p"), "Benjamini-Hochberg adjusted p-values.");
}

#include "prelude.hpp"

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

}  // namespace

void register_shrinkage(py::module_& m) {
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

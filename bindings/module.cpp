#include "prelude.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "attain's compiled core; use the attain package, not this module directly.";
  register_errors(m);
  register_ratio(m);
  register_period(m);
  register_panel(m);
  register_narrative(m);
  register_report(m);
  register_projection(m);
  register_rollup(m);
  register_cases(m);
  register_inference(m);
  register_trend(m);
  register_spc(m);
  register_change_points(m);
  register_shrinkage(m);
}

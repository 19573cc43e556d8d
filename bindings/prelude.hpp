#pragma once
// Included first by every binding file: pybind11, numpy arrays and the helpers they share.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <span>

#include "attain/core/error.hpp"

namespace py = pybind11;

namespace attain::bindings {

// Integer arrays are taken without forcecast: a float array must not be truncated silently.
// The Python layer converts and checks dtypes first (attain/_convert.py).
using int64_array = py::array_t<std::int64_t, py::array::c_style>;
using int32_array = py::array_t<std::int32_t, py::array::c_style>;
using double_array = py::array_t<double, py::array::c_style | py::array::forcecast>;

template <class T, int Flags>
std::span<const T> view(const py::array_t<T, Flags>& a) {
  return {a.data(), static_cast<std::size_t>(a.size())};
}

template <class T>
std::span<T> view_mut(py::array_t<T>& a) {
  return {a.mutable_data(), static_cast<std::size_t>(a.size())};
}

template <class T>
py::array_t<T> new_array(std::size_t n) {
  return py::array_t<T>(static_cast<py::ssize_t>(n));
}

}  // namespace attain::bindings

// One register function per header.
void register_errors(py::module_& m);
void register_ratio(py::module_& m);
void register_period(py::module_& m);
void register_panel(py::module_& m);
void register_narrative(py::module_& m);
void register_report(py::module_& m);
void register_projection(py::module_& m);
void register_rollup(py::module_& m);
void register_cases(py::module_& m);
void register_inference(py::module_& m);
void register_trend(py::module_& m);
void register_spc(py::module_& m);
void register_change_points(py::module_& m);
void register_shrinkage(py::module_& m);

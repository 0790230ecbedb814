// gridgov._core: the compiled core. Each area is bound in register_<area>.cpp.
#include "bindings.hpp"

namespace py = pybind11;

void register_core(py::module_& m);
void register_options(py::module_& m);
void register_hierarchy(py::module_& m);
void register_validate(py::module_& m);
void register_partition(py::module_& m);
void register_io(py::module_& m);
void register_workload(py::module_& m);
void register_simulate(py::module_& m);
void register_ensemble(py::module_& m);
void register_geo(py::module_& m) __attribute__((weak));  // with gridgov_geo

PYBIND11_MODULE(_core, m) {
  m.doc() = "gridgov compiled core (use the gridgov package, not this module)";
  register_core(m);
  register_options(m);
  register_hierarchy(m);
  register_validate(m);
  register_partition(m);
  register_io(m);
  register_workload(m);
  register_simulate(m);
  register_ensemble(m);
  m.attr("has_geo") = register_geo != nullptr;
  if (register_geo) register_geo(m);
}

// gridgov._core: the compiled core. Each area is bound in register_<area>.cpp.
#include "bindings.hpp"

namespace py = pybind11;

void register_core(py::module_& m);
void register_hierarchy(py::module_& m);
void register_validate(py::module_& m);
// Areas whose files may not be built yet.
void register_partition(py::module_& m) __attribute__((weak));
void register_io(py::module_& m) __attribute__((weak));
void register_workload(py::module_& m) __attribute__((weak));
void register_simulate(py::module_& m) __attribute__((weak));

PYBIND11_MODULE(_core, m) {
  m.doc() = "gridgov compiled core (use the gridgov package, not this module)";
  register_core(m);
  register_hierarchy(m);
  register_validate(m);
  if (register_partition) register_partition(m);
  if (register_io) register_io(m);
  if (register_workload) register_workload(m);
  if (register_simulate) register_simulate(m);
}

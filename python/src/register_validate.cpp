// Plan validation.
#include "bindings.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/core/validate.hpp"

namespace py = pybind11;
using namespace gridgov;

void register_validate(py::module_& m) {
  m.def(
      "validate_json",
      [](const UnitGraph& g, const Plan& p, const ValidateOptions& options) {
        python::check_plan(g, p);
        return python::without_gil([&] { return to_json(validate(g, p, options), -1); });
      },
      py::arg("graph"), py::arg("plan"), py::arg("options"));
  m.def(
      "report_text",
      [](const UnitGraph& g, const Plan& p, const ValidateOptions& options) {
        python::check_plan(g, p);
        return python::without_gil([&] { return to_text(validate(g, p, options)); });
      },
      py::arg("graph"), py::arg("plan"), py::arg("options"));
}

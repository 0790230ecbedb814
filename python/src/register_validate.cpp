// Plan validation.
#include "bindings.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/core/validate.hpp"

namespace py = pybind11;
using namespace gridgov;

void register_validate(py::module_& m) {
  m.def(
      "validate_json",
      [](const UnitGraph& g, const Plan& p, const std::vector<std::tuple<std::string, double, double>>& bounds,
         const std::string& nesting, bool rural_below_min_ok) {
        ValidateOptions opt;
        opt.bounds.clear();
        for (const auto& [a, lo, hi] : bounds) opt.bounds.push_back({a, lo, hi});
        opt.nesting = parse_nesting(nesting);
        opt.rural_below_min_ok = rural_below_min_ok;
        python::check_plan(g, p);
        return python::without_gil([&] { return to_json(validate(g, p, opt), -1); });
      },
      py::arg("graph"), py::arg("plan"), py::arg("bounds"), py::arg("nesting") = "community",
      py::arg("rural_below_min_ok") = true);
  m.def(
      "report_text",
      [](const UnitGraph& g, const Plan& p, const std::vector<std::tuple<std::string, double, double>>& bounds,
         const std::string& nesting) {
        ValidateOptions opt;
        opt.bounds.clear();
        for (const auto& [a, lo, hi] : bounds) opt.bounds.push_back({a, lo, hi});
        opt.nesting = parse_nesting(nesting);
        py::gil_scoped_release release;
        return to_text(validate(g, p, opt));
      },
      py::arg("graph"), py::arg("plan"), py::arg("bounds"), py::arg("nesting") = "community");
}

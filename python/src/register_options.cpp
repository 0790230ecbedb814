// The option structs as Python classes, generated from their field lists.
#include "options.hpp"

#include "gridgov/core/validate.hpp"
#include "gridgov/partition/improve.hpp"
#include "gridgov/partition/partition.hpp"
#include "gridgov/partition/presets.hpp"
#include "gridgov/partition/redesign.hpp"
#include "gridgov/workload/balanced.hpp"

namespace py = pybind11;
using namespace gridgov;

namespace gridgov::python {

namespace {
Bounds one_bound(py::handle item) {
  if (py::isinstance<Bounds>(item)) return item.cast<Bounds>();
  if (py::isinstance<py::tuple>(item) || py::isinstance<py::list>(item)) {
    auto seq = py::reinterpret_borrow<py::sequence>(item);
    if (seq.size() == 3 && py::isinstance<py::str>(seq[0])) {
      try {
        return Bounds{seq[0].cast<std::string>(), seq[1].cast<double>(), seq[2].cast<double>()};
      } catch (const py::cast_error&) {
      }
    }
  }
  throw py::type_error("bounds: each bound is a gridgov.Bounds or an (attribute, min, max) tuple, got " +
                       py::repr(item).cast<std::string>());
}

template <class T>
void add_preset(py::class_<T>& cls) {
  cls.def_static(
      "preset", [](const std::string& name) { return T::preset(parse<Preset>(name)); }, py::arg("name"),
      "The defaults with the search settings of a preset: 'standard' (the defaults), 'fast' (no boundary "
      "polish) or 'even' (prefer even totals over short boundaries).");
}
}  // namespace

std::vector<Bounds> bounds_from_python(py::handle spec) {
  std::vector<Bounds> out;
  if (py::isinstance<py::dict>(spec)) {  // {"households": (300, 500), ...}
    for (const auto& [k, v] : py::reinterpret_borrow<py::dict>(spec)) {
      auto seq = py::reinterpret_borrow<py::object>(v);
      if (!py::isinstance<py::str>(k) || !py::isinstance<py::sequence>(seq) || py::len(seq) != 2)
        throw py::type_error("bounds as a dict map an attribute to (min, max), got " + py::repr(k).cast<std::string>() +
                             ": " + py::repr(v).cast<std::string>());
      out.push_back(one_bound(py::make_tuple(k, seq[py::int_(0)], seq[py::int_(1)])));
    }
    return out;
  }
  if (py::isinstance<Bounds>(spec)) return {spec.cast<Bounds>()};
  if (py::isinstance<py::tuple>(spec)) {
    auto t = py::reinterpret_borrow<py::tuple>(spec);
    if (t.size() == 3 && py::isinstance<py::str>(t[0])) return {one_bound(spec)};
  }
  if (py::isinstance<py::str>(spec) || !py::isinstance<py::iterable>(spec))
    throw py::type_error("bounds: give (attribute, min, max), a list of them, gridgov.Bounds objects or "
                         "{attribute: (min, max)}, got " + py::repr(spec).cast<std::string>());
  for (auto item : spec) out.push_back(one_bound(item));
  return out;
}

}  // namespace gridgov::python

void register_options(py::module_& m) {
  using python::bind_options;
  using python::add_preset;
  bind_options<Bounds>(m, "Bounds", "Inclusive bounds on one attribute summed per grid.")
      .def(py::init([](std::string attribute, double min, double max) { return Bounds{std::move(attribute), min, max}; }),
           py::arg("attribute"), py::arg("min"), py::arg("max"));
  bind_options<GridRules>(m, "GridRules",
                          "What every grid plan keeps: bounds, nesting, rural and dedicated grids, the tolerance.");
  bind_options<RunControl>(m, "RunControl", "Seed and time limit of a long computation.");
  bind_options<ValidateOptions>(m, "ValidateOptions", "Options of gridgov.validate.");
  bind_options<LockedUnit>(m, "LockedUnit", "A unit kept in a given grid.")
      .def(py::init([](UnitIndex unit, std::string grid) { return LockedUnit{unit, std::move(grid)}; }), py::arg("unit"),
           py::arg("grid"));
  auto partition = bind_options<PartitionOptions>(m, "PartitionOptions", "Options of gridgov.partition.");
  add_preset(partition);
  auto redesign = bind_options<RedesignOptions>(m, "RedesignOptions", "Options of gridgov.redesign.");
  add_preset(redesign);
  auto improve = bind_options<ImproveOptions>(m, "ImproveOptions", "Options of gridgov.improve.");
  add_preset(improve);
  auto balanced = bind_options<BalancedOptions>(m, "BalancedOptions", "Options of gridgov.balanced_partition.");
  add_preset(balanced);
}

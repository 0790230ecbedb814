// Loads a divisions file and a plan with an installed gridgov and prints counts.
#include <gridgov/gridgov.hpp>
#include <iostream>

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: consumer DIVISIONS.csv UNITS.csv EDGES.csv PLAN.csv\n";
    return 2;
  }
  std::vector<gridgov::HierarchyError> errors;
  auto h = gridgov::Hierarchy::from_rows(gridgov::io::read_divisions_csv(argv[1]), errors, argv[1]);
  auto units = gridgov::io::read_unit_graph(argv[2], argv[3]);
  auto plan = gridgov::io::read_plan_csv(argv[4], units);
  auto report = gridgov::validate(units, plan);
  std::cout << "communities " << h.count(gridgov::Level::community) << " errors " << errors.size() << " units "
            << units.size() << " grids " << report.summary.grids << "\n";
  return errors.empty() ? 0 : 1;
}

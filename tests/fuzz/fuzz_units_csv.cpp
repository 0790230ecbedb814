// libFuzzer target: the units CSV reader (io::parse_units_csv), then the
// unit graph built from it and its networkx JSON and scenario written back.
#include "fuzz_common.hpp"
#include "gridgov/io/csv.hpp"
#include "gridgov/io/networkx.hpp"
#include "gridgov/io/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gridgov;
  return fuzz::run(data, size, [](std::string_view text) {
    UnitTable table = io::parse_units_csv(text, "units.csv");
    const UnitGraph g(std::move(table), {}, "units.csv");
    (void)fuzz::written_json(io::networkx_json(g), "networkx_json of accepted units");
    const std::string scenario = io::scenario_json(io::make_scenario(g));
    (void)fuzz::written_json(scenario, "scenario_json of accepted units");
    try {
      (void)io::scenario_graph(io::parse_scenario(scenario, "written"));
    } catch (const Error& e) {
      fuzz::finding("a scenario written from accepted units is not read back", e.what());
    }
  });
}

// libFuzzer target: the scenario JSON reader (io::parse_scenario), its unit
// graph and plan, and the scenario written back and read again.
#include "fuzz_common.hpp"
#include "gridgov/io/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gridgov;
  return fuzz::run(data, size, [](std::string_view text) {
    const io::Scenario s = io::parse_scenario(text, "scenario.json");
    const std::string out = io::scenario_json(s);
    (void)fuzz::written_json(out, "scenario_json of an accepted scenario");
    try {
      (void)io::parse_scenario(out, "written");
    } catch (const Error& e) {
      fuzz::finding("a scenario written from an accepted one is not read back", e.what());
    }
    const UnitGraph g = io::scenario_graph(s, "scenario.json");
    if (s.has_plan()) (void)io::scenario_plan(s);
  });
}

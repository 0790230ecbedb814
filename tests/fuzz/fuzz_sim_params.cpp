// libFuzzer target: the simulation parameters (sim_params_from_json),
// written back and read again.
#include "fuzz_common.hpp"
#include "gridgov/simulate/params.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gridgov;
  return fuzz::run(data, size, [](std::string_view text) {
    const SimParams p = sim_params_from_json(text, "sim.json");
    const std::string out = sim_params_to_json(p);
    (void)fuzz::written_json(out, "sim_params_to_json of accepted parameters");
    try {
      (void)sim_params_from_json(out, "written");
    } catch (const Error& e) {
      fuzz::finding("simulation parameters written from accepted ones are not read back", e.what());
    }
  });
}

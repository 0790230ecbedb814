// libFuzzer target: the workload and staffing configuration
// (parse_workload_config), written back and read again.
#include "fuzz_common.hpp"
#include "gridgov/workload/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gridgov;
  return fuzz::run(data, size, [](std::string_view text) {
    const auto settings = parse_workload_config(text, "workload.json");
    const std::string out = workload_config_to_json(settings);
    (void)fuzz::written_json(out, "workload_config_to_json of an accepted configuration");
    try {
      (void)parse_workload_config(out, "written");
    } catch (const Error& e) {
      fuzz::finding("a workload configuration written from an accepted one is not read back", e.what());
    }
  });
}

// libFuzzer target: the networkx JSON reader (io::parse_networkx_json), then
// the unit graph and the networkx JSON written back and read again.
#include "fuzz_common.hpp"
#include "gridgov/io/networkx.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gridgov;
  return fuzz::run(data, size, [](std::string_view text) {
    io::NetworkxGraph nx = io::parse_networkx_json(text, "graph.json");
    const UnitGraph g(std::move(nx.table), nx.edges, "graph.json");
    const std::string out = io::networkx_json(g);
    (void)fuzz::written_json(out, "networkx_json of an accepted graph");
    try {
      (void)io::parse_networkx_json(out, "written");
    } catch (const Error& e) {
      fuzz::finding("a networkx graph written from an accepted one is not read back", e.what());
    }
  });
}

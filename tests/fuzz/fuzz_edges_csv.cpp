// libFuzzer target: the edges CSV reader (io::parse_edges_csv) against a
// fixed units table, then the unit graph built from the edges. The first
// byte picks the table: ids 0..7 in order (the reader's positional fast
// path) or named ids.
#include "fuzz_common.hpp"
#include "gridgov/io/csv.hpp"

namespace {
gridgov::UnitTable table(bool positional) {
  gridgov::UnitTable t;
  const char* named[] = {"a", "b", "B00001", "620102001001", "x y", "\xE5\x8C\x97", "-1", "07"};
  std::vector<double> hh;
  for (int i = 0; i < 8; ++i) {
    t.id.push_back(positional ? std::to_string(i) : std::string(named[i]));
    t.x.push_back(i % 3);
    t.y.push_back(i / 3);
    t.community.push_back(i < 4 ? "620102001001" : "620102001002");
    hh.push_back(10 + i);
  }
  t.attributes.emplace_back("households", hh);
  t.attributes.emplace_back("population", hh);
  return t;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gridgov;
  static const UnitTable positional = table(true), named = table(false);
  if (size == 0) return 0;
  const UnitTable& t = (data[0] & 1) != 0 ? named : positional;
  return fuzz::run(data + 1, size - 1, [&](std::string_view text) {
    const auto edges = io::parse_edges_csv(text, t, "edges.csv");
    const UnitGraph g(t, edges, "edges.csv");
    (void)g.num_edges();
  });
}

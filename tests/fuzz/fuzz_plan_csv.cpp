// libFuzzer target: the plan CSV reader (io::parse_plan_csv) against a
// fixed unit graph, then the plan's labels read back into a plan.
#include "fuzz_common.hpp"
#include "gridgov/io/csv.hpp"

namespace {
gridgov::UnitGraph graph() {
  gridgov::UnitTable t;
  const char* ids[] = {"a", "b", "B00001", "620102001001", "x y", "\xE5\x8C\x97", "0", "1"};
  std::vector<double> hh;
  std::vector<gridgov::Edge> edges;
  for (int i = 0; i < 8; ++i) {
    t.id.emplace_back(ids[i]);
    t.x.push_back(i);
    t.y.push_back(0);
    t.community.push_back(i < 4 ? "620102001001" : "620102001002");
    hh.push_back(10 + i);
    if (i > 0) edges.push_back({i - 1, i, 0.0});
  }
  t.attributes.emplace_back("households", hh);
  t.attributes.emplace_back("population", hh);
  return gridgov::UnitGraph(std::move(t), edges, "units");
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gridgov;
  static const UnitGraph g = graph();
  return fuzz::run(data, size, [&](std::string_view text) {
    const Plan p = io::parse_plan_csv(text, g, "plan.csv");
    std::vector<std::string> labels(static_cast<std::size_t>(g.size()));
    for (std::size_t u = 0; u < labels.size(); ++u)
      if (p.grid_of[u] != kNoGrid) labels[u] = p.grid_codes[static_cast<std::size_t>(p.grid_of[u])];
    (void)Plan::from_labels(labels);
  });
}

// libFuzzer target: the divisions CSV, both ways in: io::parse_divisions_csv
// then Hierarchy::from_rows, and the one-pass io::parse_hierarchy_csv. Every
// error text must be valid UTF-8 (`gridgov hierarchy --json` prints them).
#include "fuzz_common.hpp"
#include "gridgov/core/hierarchy.hpp"
#include "gridgov/io/csv.hpp"

namespace {
void check(const std::vector<gridgov::HierarchyError>& errors, const gridgov::Hierarchy& h) {
  for (const auto& e : errors)
    if (!gridgov::fuzz::valid_utf8(e.to_string())) gridgov::fuzz::finding("a hierarchy error that is not valid UTF-8", e.to_string());
  for (gridgov::Hierarchy::Node n = 0; n < h.size(); ++n)
    if (!gridgov::fuzz::valid_utf8(h.name(n)) || !gridgov::fuzz::valid_utf8(h.code(n)))
      gridgov::fuzz::finding("a division name or code that is not valid UTF-8", h.name(n));
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gridgov;
  fuzz::run(data, size, [](std::string_view text) {
    std::vector<HierarchyError> errors;
    const Hierarchy h = io::parse_hierarchy_csv(text, "divisions.csv", errors);
    check(errors, h);
  });
  return fuzz::run(data, size, [](std::string_view text) {
    const auto rows = io::parse_divisions_csv(text, "divisions.csv");
    std::vector<HierarchyError> errors;
    const Hierarchy h = Hierarchy::from_rows(rows, errors, "divisions.csv");
    check(errors, h);
  });
}

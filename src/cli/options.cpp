#include "options.hpp"

#include <charconv>

#include "gridgov/core/error.hpp"

namespace gridgov::cli {

namespace {
bool parse_double(std::string_view s, double& out) {
  const auto* end = s.data() + s.size();
  if (s == "inf") {
    out = std::numeric_limits<double>::infinity();
    return true;
  }
  auto [p, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && p == end;
}
}  // namespace

std::vector<Bounds> bounds_from(const BoundArgs& b) {
  std::vector<Bounds> out{b.first};
  for (const auto& s : b.extra) {
    const auto p1 = s.find(':'), p2 = s.rfind(':');
    if (p1 == std::string::npos || p1 == p2) throw InputError("--bound", 0, "expected ATTRIBUTE:MIN:MAX, got '" + s + "'");
    Bounds x{s.substr(0, p1), 0, 0};
    if (!parse_double(std::string_view(s).substr(p1 + 1, p2 - p1 - 1), x.min) ||
        !parse_double(std::string_view(s).substr(p2 + 1), x.max))
      throw InputError("--bound", 0, "expected ATTRIBUTE:MIN:MAX with numbers, got '" + s + "'");
    out.push_back(x);
  }
  return out;
}

}  // namespace gridgov::cli

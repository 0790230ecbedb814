#include <algorithm>
#include <string>
#include <unordered_map>

#include "partition/common.hpp"
#include "gridgov/core/codes.hpp"
#include "gridgov/core/error.hpp"

namespace gridgov::detail {

void Clock::report(double fraction, std::string_view stage) {
  if (progress_ && *progress_) {
    if (!(*progress_)(std::clamp(fraction, 0.0, 1.0), stage)) throw Interrupted();
  }
}

Weights resolve_bounds(const UnitGraph& g, const GridRules& rules) {
  const auto& bounds = rules.bounds;
  Weights w;
  w.tol = rules.bound_tolerance;
  if (bounds.empty()) throw InputError("options", 0, "at least one bound is needed (e.g. households 300..500)");
  for (const auto& b : bounds) {
    (void)g.attribute(b.attribute);  // throws naming the column and listing the columns
    if (std::isnan(b.min) || std::isnan(b.max) || b.min < 0 || !std::isfinite(b.min) || b.max < b.min || b.max <= 0)
      throw InputError("options", 0,
                       "bounds on '" + b.attribute + "' must satisfy 0 <= min <= max and max > 0 (got " +
                           std::to_string(b.min) + ".." + std::to_string(b.max) + ")");
    for (const auto& name : w.names)
      if (name == b.attribute) throw InputError("options", 0, "attribute '" + b.attribute + "' is bounded twice");
    w.col.push_back(g.attribute(b.attribute));
    w.lo.push_back(b.min);
    w.hi.push_back(b.max);
    w.names.push_back(b.attribute);
  }
  w.A = static_cast<int>(bounds.size());
  return w;
}

Groups nesting_groups(const UnitGraph& g, Nesting nesting) {
  Groups gr;
  const auto comm = g.community();
  const auto codes = g.communities();
  gr.of.assign(sz(g.size()), 0);
  if (nesting == Nesting::none) {
    gr.label.push_back("");
    gr.community_of_group.push_back(-1);
    return gr;
  }
  if (nesting == Nesting::community) {
    gr.label.assign(codes.begin(), codes.end());
    for (std::size_t c = 0; c < codes.size(); ++c) gr.community_of_group.push_back(static_cast<std::int32_t>(c));
    std::copy(comm.begin(), comm.end(), gr.of.begin());
    return gr;
  }
  // street: the street of a community code, else the label itself.
  std::vector<std::int32_t> street_of_comm(codes.size());
  std::unordered_map<std::string, std::int32_t> index;
  for (std::size_t c = 0; c < codes.size(); ++c) {
    std::string street = valid_ancestor_code(codes[c], Level::community, Level::street).value_or(codes[c]);
    auto [it, inserted] = index.try_emplace(street, static_cast<std::int32_t>(gr.label.size()));
    if (inserted) {
      gr.label.push_back(street);
      gr.community_of_group.push_back(-1);
    }
    street_of_comm[c] = it->second;
  }
  for (std::size_t u = 0; u < comm.size(); ++u) gr.of[u] = street_of_comm[sz(comm[u])];
  return gr;
}

}  // namespace gridgov::detail

#include "gridgov/core/plan.hpp"

#include <string>
#include <unordered_map>

namespace gridgov {

Plan Plan::from_labels(std::span<const std::string> labels) {
  Plan p;
  p.grid_of.resize(labels.size(), kNoGrid);
  std::unordered_map<std::string, GridIndex> index;
  for (std::size_t u = 0; u < labels.size(); ++u) {
    if (labels[u].empty()) continue;
    auto [it, inserted] = index.try_emplace(labels[u], static_cast<GridIndex>(p.grid_codes.size()));
    if (inserted) p.grid_codes.push_back(labels[u]);
    p.grid_of[u] = it->second;
  }
  return p;
}

Plan Plan::from_indices(std::span<const GridIndex> grid_of) {
  Plan p;
  p.grid_of.assign(grid_of.begin(), grid_of.end());
  GridIndex k = 0;
  for (auto g : grid_of) k = std::max(k, static_cast<GridIndex>(g + 1));
  for (GridIndex g = 0; g < k; ++g) p.grid_codes.push_back(std::to_string(g));
  return p;
}

}  // namespace gridgov

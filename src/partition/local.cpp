#include <algorithm>
#include <cmath>

#include "partition/local.hpp"

namespace gridgov::detail {

LocalSearch::LocalSearch(const UnitGraph& g, const Weights& wt, std::vector<GridIndex>& grid_of, GridIndex k,
                         const std::vector<std::int32_t>& group_of, bool nested)
    : g_(g), wt_(wt), grid_of_(grid_of), group_of_(group_of), nested_(nested), A_(sz(wt.A)) {
  const auto n = sz(g.size());
  grid_movable.assign(sz(k), 1);
  unit_movable.assign(n, 1);
  gw.assign(sz(k) * A_, 0.0);
  gsize.assign(sz(k), 0);
  ggroup.assign(sz(k), -2);
  stamp_.assign(n, 0);
  interior_.assign(n, 0);
  settled_.assign(n, 0);
  for (std::size_t u = 0; u < n; ++u) {
    const auto q = grid_of[u];
    if (q < 0) continue;
    for (std::size_t a = 0; a < A_; ++a) gw[sz(q) * A_ + a] += wt.col[a][u];
    ++gsize[sz(q)];
    auto& gg = ggroup[sz(q)];
    if (gg == -2) gg = group_of[u];
    else if (gg != group_of[u]) gg = -1;
  }
}

double LocalSearch::grid_violation(GridIndex q) const {
  double v = 0;
  for (std::size_t a = 0; a < A_; ++a) v += violation(gw[sz(q) * A_ + a], wt_.lo[a], wt_.hi[a]);
  return v;
}

bool LocalSearch::bounds_ok(UnitIndex u, GridIndex from, GridIndex to) const {
  for (std::size_t a = 0; a < A_; ++a) {
    const double w = wt_.col[a][sz(u)];
    if (w == 0) continue;
    const double lo = wt_.lo[a], hi = wt_.hi[a];
    const double fa = gw[sz(from) * A_ + a], ta = gw[sz(to) * A_ + a];
    if (violation(fa - w, lo, hi) > violation(fa, lo, hi) + 1e-12) return false;
    if (violation(ta + w, lo, hi) > violation(ta, lo, hi) + 1e-12) return false;
  }
  return true;
}

void LocalSearch::move(UnitIndex u, GridIndex to) {
  const auto from = grid_of_[sz(u)];
  for (std::size_t a = 0; a < A_; ++a) {
    const double w = wt_.col[a][sz(u)];
    gw[sz(from) * A_ + a] -= w;
    gw[sz(to) * A_ + a] += w;
  }
  --gsize[sz(from)];
  ++gsize[sz(to)];
  grid_of_[sz(u)] = to;
  interior_[sz(u)] = 0;
  settled_[sz(u)] = 0;
  for (UnitIndex v : g_.neighbors(u)) {
    interior_[sz(v)] = 0;
    settled_[sz(v)] = 0;
  }
  ++moves;
}

GridIndex LocalSearch::add_grid(std::int32_t group) {
  grid_movable.push_back(1);
  gw.resize(gw.size() + A_, 0.0);
  gsize.push_back(0);
  ggroup.push_back(group);
  return static_cast<GridIndex>(gsize.size() - 1);
}

bool LocalSearch::removable(UnitIndex u, int budget) {
  const auto q = grid_of_[sz(u)];
  UnitIndex first = -1;
  int need = 0;
  if (++cur_ == 0) {
    std::fill(stamp_.begin(), stamp_.end(), 0);
    cur_ = 1;
  }
  const std::int32_t mark_target = cur_;
  // mark the neighbours in q as targets with stamp -cur_
  for (UnitIndex v : g_.neighbors(u))
    if (grid_of_[sz(v)] == q && stamp_[sz(v)] != -mark_target) {
      stamp_[sz(v)] = -mark_target;
      if (first < 0) first = v;
      ++need;
    }
  if (need <= 1) return true;
  queue_.clear();
  queue_.push_back(first);
  stamp_[sz(first)] = mark_target;
  int found = 1;
  stamp_[sz(u)] = mark_target;  // never enter u
  for (std::size_t h = 0; h < queue_.size(); ++h) {
    if (static_cast<int>(queue_.size()) > budget) return false;
    const UnitIndex x = queue_[h];
    for (UnitIndex y : g_.neighbors(x)) {
      if (grid_of_[sz(y)] != q || stamp_[sz(y)] == mark_target) continue;
      if (stamp_[sz(y)] == -mark_target && ++found == need) return true;
      stamp_[sz(y)] = mark_target;
      queue_.push_back(y);
    }
  }
  return false;
}

void LocalSearch::neighbor_grids(UnitIndex u, GridIndex own, std::int32_t& n_own) {
  nb_.clear();
  n_own = 0;
  for (UnitIndex v : g_.neighbors(u)) {
    const auto q = grid_of_[sz(v)];
    if (q == own) {
      ++n_own;
      continue;
    }
    if (q < 0) continue;
    auto it = std::find_if(nb_.begin(), nb_.end(), [q](const auto& p) { return p.first == q; });
    if (it == nb_.end()) nb_.emplace_back(q, 1);
    else ++it->second;
  }
}

std::int64_t LocalSearch::cut_pass(bool balance, bool reverse) {
  const std::int64_t before = moves;
  const auto n = g_.size();
  for (UnitIndex i = 0; i < n; ++i) {
    const UnitIndex u = reverse ? n - 1 - i : i;
    const auto A = grid_of_[sz(u)];
    if (interior_[sz(u)] || settled_[sz(u)] || A < 0 || !grid_movable[sz(A)] || !unit_movable[sz(u)] || gsize[sz(A)] <= 1)
      continue;
    std::int32_t n_own = 0;
    neighbor_grids(u, A, n_own);
    if (nb_.empty()) {
      interior_[sz(u)] = 1;
      continue;
    }
    settled_[sz(u)] = 1;  // looked at: skipped until a neighbour moves
    const double w0 = wt_.col[0][sz(u)];
    GridIndex best = -1;
    std::int32_t best_gain = 0;
    for (const auto& [B, cnt] : nb_) {
      if (!grid_movable[sz(B)] || !group_ok(u, B)) continue;
      const std::int32_t gain = cnt - n_own;
      if (gain < 0) continue;
      if (gain == 0) {
        if (!balance || !(w0 > 0) || !(gw[sz(A) * A_] - gw[sz(B) * A_] > w0 + 1e-9)) continue;
      }
      if (!bounds_ok(u, A, B)) continue;
      if (best < 0 || gain > best_gain || (gain == best_gain && gw[sz(B) * A_] < gw[sz(best) * A_])) {
        best = B;
        best_gain = gain;
      }
    }
    if (best < 0) continue;
    if (!removable(u)) continue;
    move(u, best);
  }
  return moves - before;
}

std::int64_t LocalSearch::repair_pass() {
  const std::int64_t before = moves;
  const auto n = g_.size();
  for (UnitIndex u = 0; u < n; ++u) {
    const auto A = grid_of_[sz(u)];
    if (interior_[sz(u)] || A < 0 || !grid_movable[sz(A)] || !unit_movable[sz(u)] || gsize[sz(A)] <= 1) continue;
    std::int32_t n_own = 0;
    neighbor_grids(u, A, n_own);
    if (nb_.empty()) {
      interior_[sz(u)] = 1;
      continue;
    }
    const double vA = grid_violation(A);
    GridIndex best = -1;
    double best_d = -1e-9;
    std::int32_t best_gain = 0;
    for (const auto& [B, cnt] : nb_) {
      if (!grid_movable[sz(B)] || !group_ok(u, B)) continue;
      const double vB = grid_violation(B);
      double after = 0;
      for (std::size_t a = 0; a < A_; ++a) {
        const double w = wt_.col[a][sz(u)];
        after += violation(gw[sz(A) * A_ + a] - w, wt_.lo[a], wt_.hi[a]);
        after += violation(gw[sz(B) * A_ + a] + w, wt_.lo[a], wt_.hi[a]);
      }
      const double d = after - (vA + vB);
      const std::int32_t gain = cnt - n_own;
      if (d < best_d - 1e-12 || (best >= 0 && std::abs(d - best_d) <= 1e-12 && gain > best_gain)) {
        best = B;
        best_d = d;
        best_gain = gain;
      }
    }
    if (best < 0 || !removable(u)) continue;
    move(u, best);
  }
  return moves - before;
}

std::int64_t LocalSearch::cut_edges() const {
  std::int64_t c = 0;
  const auto off = g_.offsets();
  const auto tg = g_.targets();
  for (UnitIndex u = 0; u < g_.size(); ++u)
    for (auto j = off[sz(u)]; j < off[sz(u) + 1]; ++j) {
      const auto v = tg[sz(j)];
      if (u < v && grid_of_[sz(u)] != grid_of_[sz(v)]) ++c;
    }
  return c;
}

}  // namespace gridgov::detail

// redesign(): repair an existing plan with the fewest households moved.
#include "gridgov/core/format.hpp"
#include "gridgov/partition/redesign.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "partition/common.hpp"
#include "partition/local.hpp"
#include "partition/sizing.hpp"
#include "partition/split.hpp"
#include "gridgov/core/error.hpp"

namespace gridgov {

std::vector<std::string> name_grids_reserved(const UnitGraph& units, std::span<const GridIndex> grid_of, GridIndex k,
                                             std::span<const std::string> fixed, const std::vector<std::string>& reserved);

namespace {

using detail::sz;

struct Repair {
  const UnitGraph& g;
  const detail::Weights& wt;
  const detail::Groups& groups;
  detail::Clock& clock;
  std::span<const double> moved_w;  // attribute whose moved amount is minimised
  std::vector<GridIndex>& label;
  std::vector<GridKind>& kind;
  detail::LocalSearch& ls;
  detail::Splitter& sp;
  double target;
  std::vector<GridIndex> scratch;
  std::vector<std::int32_t> stamp;
  std::int32_t cur = 0;

  std::size_t A() const { return sz(wt.A); }

  /// Units of grid q (BFS from `seed` over q; q may be disconnected only
  /// transiently, so collect by BFS from every unit found).
  std::vector<UnitIndex> members(GridIndex q, UnitIndex seed) {
    std::vector<UnitIndex> out{seed};
    ++cur;
    stamp[sz(seed)] = cur;
    for (std::size_t h = 0; h < out.size(); ++h)
      for (auto v : g.neighbors(out[h]))
        if (label[sz(v)] == q && stamp[sz(v)] != cur) {
          stamp[sz(v)] = cur;
          out.push_back(v);
        }
    return out;
  }

  /// Drawn neighbour grids of a unit set (same group).
  std::vector<GridIndex> neighbour_grids(const std::vector<UnitIndex>& us, GridIndex self) {
    std::vector<GridIndex> out;
    for (auto u : us)
      for (auto v : g.neighbors(u)) {
        const auto q = label[sz(v)];
        if (q < 0 || q == self || kind[sz(q)] != GridKind::drawn || groups.of[sz(v)] != groups.of[sz(u)]) continue;
        if (std::find(out.begin(), out.end(), q) == out.end()) out.push_back(q);
      }
    return out;
  }

  bool over(GridIndex q) const {
    for (std::size_t a = 0; a < A(); ++a)
      if (wt.above_max(ls.gw[sz(q) * A() + a], a)) return true;
    return false;
  }

  /// Violation of q on every attribute would not grow if u left/joined.
  bool keeps(GridIndex q, UnitIndex u, double sign) const {
    for (std::size_t a = 0; a < A(); ++a) {
      const double t = ls.gw[sz(q) * A() + a];
      if (detail::violation(t + sign * wt.col[a][sz(u)], wt.lo[a], wt.hi[a]) >
          detail::violation(t, wt.lo[a], wt.hi[a]) + 1e-12)
        return false;
    }
    return true;
  }
  double viol_after(GridIndex q, UnitIndex u, double sign) const {
    double v = 0;
    for (std::size_t a = 0; a < A(); ++a)
      v += detail::violation(ls.gw[sz(q) * A() + a] + sign * wt.col[a][sz(u)], wt.lo[a], wt.hi[a]);
    return v;
  }

  /// Shifts single boundary units into or out of q, cheapest first.
  void shift(GridIndex q, UnitIndex seed) {
    for (int it = 0; it < 4096 && ls.grid_violation(q) > 0; ++it) {
      const bool shed = over(q);
      const double vq = ls.grid_violation(q);
      const auto us = members(q, seed);
      UnitIndex best_u = -1;
      GridIndex best_to = -1;
      double best_score = 0, best_w = 0;
      for (auto u : us)
        for (auto v : g.neighbors(u)) {
          const auto b = label[sz(v)];
          if (b < 0 || b == q || kind[sz(b)] != GridKind::drawn || groups.of[sz(v)] != groups.of[sz(u)]) continue;
          const UnitIndex x = shed ? u : v;  // the unit that moves
          const GridIndex from = shed ? q : b, to = shed ? b : q;
          if (!ls.unit_movable[sz(x)] || ls.gsize[sz(from)] <= 1) continue;
          // q's violation must fall, the other grid's must not grow
          const double gain = vq - viol_after(q, x, shed ? -1.0 : 1.0);
          if (gain <= 1e-12) continue;
          if (!keeps(b, x, shed ? 1.0 : -1.0)) continue;
          const double w = moved_w[sz(x)];
          const double score = gain / (w + 1e-6);
          if (best_u < 0 || score > best_score + 1e-12 || (std::abs(score - best_score) <= 1e-12 && w < best_w)) {
            if (!ls.removable(x)) continue;
            best_u = x;
            best_to = to;
            best_score = score;
            best_w = w;
          }
        }
      if (best_u < 0) return;
      if (best_u == seed) {
        // keep a seed inside q
        for (auto u : us)
          if (u != seed) {
            seed = u;
            break;
          }
      }
      ls.move(best_u, best_to);
      if (label[sz(seed)] != q) return;
    }
  }

  /// Draws the unit set into parts (scratch[u] = part); returns the count.
  GridIndex draw(std::span<const UnitIndex> us, std::int64_t kpref) {
    std::vector<double> W(A(), 0.0);
    for (auto u : us)
      for (std::size_t a = 0; a < A(); ++a) W[a] += wt.col[a][sz(u)];
    std::int64_t klo = 0, khi = 0;
    detail::k_range(wt, W.data(), static_cast<std::int64_t>(us.size()), klo, khi);
    bool below = false;
    for (std::size_t a = 0; a < A(); ++a) below = below || wt.below_min(W[a], a);
    GridIndex next = 0;
    if (below || us.size() == 1) {
      for (auto u : us) scratch[sz(u)] = 0;
      return 1;
    }
    if (klo > khi) {
      (void)sp.split_piece(us, detail::least_violation_k(wt, W.data(), static_cast<std::int64_t>(us.size()), target), false, 0,
                           scratch, next);
      return next;
    }
    const auto k = std::clamp(kpref, klo, khi);
    for (std::uint64_t variant = 0; variant < 3; ++variant) {
      next = 0;
      if (sp.split_piece(us, k, true, variant, scratch, next)) return next;
      if (clock.expired()) break;
    }
    next = 0;
    if (us.size() <= 24 && sp.exact(us, scratch, next, 1'000'000)) return next;
    next = 0;
    (void)sp.split_piece(us, k, false, 0, scratch, next);
    return next;
  }

  /// Applies a drawing of `us` (scratch labels 0..parts-1): parts matched to
  /// the grids they overlap most keep those grids; others get new grids.
  void apply(std::span<const UnitIndex> us, GridIndex parts) {
    std::unordered_map<std::int64_t, double> overlap;  // part * K + old grid -> moved weight
    const auto K = static_cast<std::int64_t>(ls.gsize.size());
    std::vector<GridIndex> olds;
    for (auto u : us) {
      overlap[static_cast<std::int64_t>(scratch[sz(u)]) * K + label[sz(u)]] += moved_w[sz(u)] + 1e-6;
      if (std::find(olds.begin(), olds.end(), label[sz(u)]) == olds.end()) olds.push_back(label[sz(u)]);
    }
    std::vector<std::tuple<double, GridIndex, GridIndex>> pairs;
    for (auto& [key, w] : overlap) pairs.emplace_back(-w, static_cast<GridIndex>(key / K), static_cast<GridIndex>(key % K));
    std::sort(pairs.begin(), pairs.end());
    std::vector<GridIndex> part_to(sz(parts), -1);
    std::unordered_set<GridIndex> used;
    for (auto& [w, part, q] : pairs) {
      if (part_to[sz(part)] >= 0 || used.count(q)) continue;
      part_to[sz(part)] = q;
      used.insert(q);
    }
    for (GridIndex part = 0; part < parts; ++part)
      if (part_to[sz(part)] < 0) {
        part_to[sz(part)] = ls.add_grid(groups.of[sz(us[0])]);
        kind.push_back(GridKind::drawn);
      }
    for (auto u : us)
      if (label[sz(u)] != part_to[sz(scratch[sz(u)])]) ls.move(u, part_to[sz(scratch[sz(u)])]);
  }

  /// Moved weight if `us` were redrawn as in scratch with apply().
  double redraw(std::span<const UnitIndex> us, std::int64_t kpref) {
    const auto parts = draw(us, kpref);
    apply(us, parts);
    return 0;
  }

  /// Under the minimum: merge into a neighbour, or redraw the pair.
  bool merge_or_pair(GridIndex q, UnitIndex seed) {
    const auto us = members(q, seed);
    const auto nbs = neighbour_grids(us, q);
    // merge into the neighbour that stays within bounds, lightest first
    GridIndex best = -1;
    double best_t = 0;
    for (auto b : nbs) {
      bool ok = true;
      for (std::size_t a = 0; a < A(); ++a)
        ok = ok && !wt.above_max(ls.gw[sz(b) * A() + a] + ls.gw[sz(q) * A() + a], a);
      if (ok && (best < 0 || ls.gw[sz(b) * A()] < best_t)) {
        best = b;
        best_t = ls.gw[sz(b) * A()];
      }
    }
    if (best >= 0) {
      for (auto u : us) ls.move(u, best);
      return true;
    }
    if (nbs.empty()) return false;
    // redraw q with its lightest neighbour as two grids
    GridIndex b = nbs[0];
    for (auto x : nbs)
      if (ls.gw[sz(x) * A()] > ls.gw[sz(b) * A()]) b = x;
    std::vector<UnitIndex> both = us;
    UnitIndex bseed = -1;
    for (auto u : us)
      for (auto v : g.neighbors(u))
        if (label[sz(v)] == b && bseed < 0) bseed = v;
    if (bseed < 0) return false;
    const auto bs = members(b, bseed);
    both.insert(both.end(), bs.begin(), bs.end());
    const auto parts = draw(both, 2);
    apply(both, parts);
    return true;
  }

  /// The grid and its drawn neighbours of the same group, redrawn.
  void region(GridIndex q, UnitIndex seed) {
    const auto us = members(q, seed);
    std::vector<UnitIndex> all = us;
    const auto nbs = neighbour_grids(us, q);
    for (auto b : nbs) {
      UnitIndex bseed = -1;
      for (auto u : all) {
        for (auto v : g.neighbors(u))
          if (label[sz(v)] == b) {
            bseed = v;
            break;
          }
        if (bseed >= 0) break;
      }
      if (bseed < 0) continue;
      const auto bs = members(b, bseed);
      all.insert(all.end(), bs.begin(), bs.end());
    }
    const auto parts = draw(all, static_cast<std::int64_t>(nbs.size()) + 1);
    apply(all, parts);
  }

  /// The whole piece of the seed's group made of drawn grids, redrawn.
  void whole_piece(UnitIndex seed) {
    const auto grp = groups.of[sz(seed)];
    std::vector<UnitIndex> piece{seed};
    std::vector<char> in(sz(g.size()), 0);
    in[sz(seed)] = 1;
    for (std::size_t h = 0; h < piece.size(); ++h)
      for (auto v : g.neighbors(piece[h]))
        if (!in[sz(v)] && groups.of[sz(v)] == grp && label[sz(v)] >= 0 && kind[sz(label[sz(v)])] == GridKind::drawn) {
          in[sz(v)] = 1;
          piece.push_back(v);
        }
    double w0 = 0;
    for (auto u : piece) w0 += wt.col[0][sz(u)];
    apply(piece, draw(piece, std::llround(w0 / target)));
  }
};


/// Checks that `old` assigns every unit of g to one of its grids (or none);
/// returns its grid count. @throws InputError.
GridIndex checked_grid_count(const UnitGraph& g, const Plan& old) {
  const auto n = sz(g.size());
  if (old.grid_of.size() != n)
    throw InputError("plan", 0, "the old plan has " + std::to_string(old.grid_of.size()) + " units, the graph " +
                                    std::to_string(n));
  const auto K0 = old.num_grids();
  for (std::size_t u = 0; u < n; ++u)
    if (old.grid_of[u] >= K0 || old.grid_of[u] < kNoGrid)
      throw InputError("plan", 0, "unit '" + g.id(static_cast<UnitIndex>(u)) + "' refers to a grid out of range");
  return K0;
}

/// The state redesign() hands from one stage to the next: the old plan's
/// labels as they are repaired, one kind per grid (the old grids first).
struct RedesignRun {
  const UnitGraph& g;
  const Plan& old;
  const RedesignOptions& opt;
  detail::Clock clock;
  const detail::Weights wt;
  const std::size_t n;
  const std::size_t A;
  const GridIndex K0;                // grids of the old plan
  const std::span<const double> moved_w;  // attribute whose moved amount is minimised
  const detail::Groups groups;
  const std::span<const GridType> gt;
  const double target;
  RedesignResult res;

  std::vector<GridIndex> label;     // #n, grid of each unit; kNoGrid while free
  std::vector<GridKind> kind;       // per grid
  std::vector<std::int64_t> size;   // per grid: units (recount)
  std::vector<UnitIndex> queue;     // scratch of detail::components
  std::vector<std::int32_t> comp;   // #n, component of each unit
  detail::Splitter sp;
  std::optional<detail::LocalSearch> ls;  // from start_local_search on
  std::vector<std::uint8_t> flagged;      // per grid (report_infeasible)

  RedesignRun(const UnitGraph& g_, const Plan& old_, const RedesignOptions& opt_)
      : g(g_),
        old(old_),
        opt(opt_),
        clock(opt_.run.time_limit, &opt_.run.progress),
        wt(detail::resolve_bounds(g_, opt_.rules)),
        n(sz(g_.size())),
        A(sz(wt.A)),
        K0(checked_grid_count(g_, old_)),
        moved_w(g_.has_attribute(opt_.moved_attribute) ? g_.attribute(opt_.moved_attribute) : wt.col[0]),
        groups(detail::nesting_groups(g_, opt_.rules.nesting)),
        gt(g_.grid_type()),
        target(detail::target_size(wt, 0)),
        label(old_.grid_of),
        kind(sz(K0), GridKind::drawn),
        sp(g_, wt, clock, 0.5, opt_.run.seed) {}

  GridIndex add_label(GridKind k) {
    kind.push_back(k);
    return static_cast<GridIndex>(kind.size() - 1);
  }
  void recount() {
    size.assign(kind.size(), 0);
    for (auto q : label)
      if (q >= 0) ++size[sz(q)];
  }
  std::string group_code(std::int32_t grp) const {
    return opt.rules.nesting == Nesting::none ? std::string() : groups.label[sz(grp)];
  }

  /// Nesting: a grid spread over several groups keeps its heaviest group;
  /// its units in the others are freed.
  void keep_heaviest_group() {
    std::vector<std::int32_t> first(sz(K0), -1);
    std::vector<char> mixed(sz(K0), 0);
    for (std::size_t u = 0; u < n; ++u) {
      const auto q = label[u];
      if (q < 0) continue;
      if (first[sz(q)] < 0) first[sz(q)] = groups.of[u];
      else if (first[sz(q)] != groups.of[u]) mixed[sz(q)] = 1;
    }
    std::unordered_map<std::int64_t, double> w;
    const auto G = static_cast<std::int64_t>(groups.label.size());
    for (std::size_t u = 0; u < n; ++u)
      if (label[u] >= 0 && mixed[sz(label[u])]) w[static_cast<std::int64_t>(label[u]) * G + groups.of[u]] += wt.col[0][u] + 1e-9;
    std::vector<double> best(sz(K0), -1);
    for (auto& [key, x] : w) {
      const auto q = sz(key / G);
      const auto grp = static_cast<std::int32_t>(key % G);
      if (x > best[q] || (x == best[q] && grp < first[q])) {
        best[q] = x;
        first[q] = grp;
      }
    }
    for (std::size_t u = 0; u < n; ++u)
      if (label[u] >= 0 && mixed[sz(label[u])] && groups.of[u] != first[sz(label[u])]) label[u] = kNoGrid;
  }

  /// Dedicated grids: each connected group of dedicated units in a nesting
  /// group becomes one grid, the old grid it fills wholly if there is one.
  void fix_dedicated_grids() {
    if (!opt.rules.dedicated_grids) return;
    recount();
    const auto c = detail::components(g, groups.of, [&](UnitIndex u) { return gt[sz(u)] == GridType::dedicated; }, comp, queue);
    std::vector<std::vector<UnitIndex>> ds(sz(c));
    for (std::size_t u = 0; u < n; ++u)
      if (comp[u] >= 0) ds[sz(comp[u])].push_back(static_cast<UnitIndex>(u));
    for (auto& d : ds) {
      std::unordered_map<GridIndex, std::int64_t> cnt;
      for (auto u : d)
        if (label[sz(u)] >= 0) ++cnt[label[sz(u)]];
      GridIndex keep = -1;
      for (auto [q, m] : cnt)
        if (m == size[sz(q)] && (keep < 0 || m > cnt[keep] || (m == cnt[keep] && q < keep))) keep = q;
      if (keep < 0) keep = add_label(GridKind::dedicated);
      kind[sz(keep)] = GridKind::dedicated;
      for (auto u : d) label[sz(u)] = keep;
    }
  }

  /// Units above an upper bound: alone in a grid (their old one if they
  /// are its only unit).
  void isolate_oversized_units() {
    recount();
    for (std::size_t u = 0; u < n; ++u) {
      if (label[u] >= 0 && kind[sz(label[u])] != GridKind::drawn) continue;
      bool big = false;
      for (std::size_t a = 0; a < A; ++a) big = big || wt.above_max(wt.col[a][u], a);
      if (!big) continue;
      if (label[u] >= 0 && size[sz(label[u])] == 1) {
        kind[sz(label[u])] = GridKind::oversized_unit;
        continue;
      }
      if (label[u] >= 0) --size[sz(label[u])];
      label[u] = add_label(GridKind::oversized_unit);
      size.push_back(1);
    }
  }

  /// Contiguity: each drawn grid keeps its heaviest connected piece; the
  /// units of its other pieces are freed.
  void keep_heaviest_pieces() {
    const auto c = detail::components(g, label, [&](UnitIndex u) { return label[sz(u)] >= 0 && kind[sz(label[sz(u)])] == GridKind::drawn; },
                                      comp, queue);
    std::vector<double> cw(sz(c), 0.0);
    for (std::size_t u = 0; u < n; ++u)
      if (comp[u] >= 0) cw[sz(comp[u])] += wt.col[0][u] + 1e-9;
    std::vector<std::int32_t> best(kind.size(), -1);
    for (std::size_t u = 0; u < n; ++u) {
      if (comp[u] < 0) continue;
      auto& b = best[sz(label[u])];
      if (b < 0 || cw[sz(comp[u])] > cw[sz(b)] || (cw[sz(comp[u])] == cw[sz(b)] && comp[u] < b)) b = comp[u];
    }
    for (std::size_t u = 0; u < n; ++u)
      if (comp[u] >= 0 && comp[u] != best[sz(label[u])]) label[u] = kNoGrid;
  }

  /// Free units join an adjacent drawn grid of their group (the lightest),
  /// spreading out from the grids' edges.
  void attach_free_units() {
    std::vector<double> tot(kind.size() * A, 0.0);
    for (std::size_t u = 0; u < n; ++u)
      if (label[u] >= 0)
        for (std::size_t a = 0; a < A; ++a) tot[sz(label[u]) * A + a] += wt.col[a][u];
    queue.clear();
    std::vector<char> queued(n, 0);
    for (std::size_t u = 0; u < n; ++u)
      if (label[u] < 0)
        for (auto v : g.neighbors(static_cast<UnitIndex>(u)))
          if (label[sz(v)] >= 0 && kind[sz(label[sz(v)])] == GridKind::drawn && groups.of[sz(v)] == groups.of[u]) {
            queue.push_back(static_cast<UnitIndex>(u));
            queued[u] = 1;
            break;
          }
    for (std::size_t h = 0; h < queue.size(); ++h) {
      const auto u = queue[h];
      GridIndex best = -1;
      for (auto v : g.neighbors(u)) {
        const auto q = label[sz(v)];
        if (q < 0 || kind[sz(q)] != GridKind::drawn || groups.of[sz(v)] != groups.of[sz(u)]) continue;
        if (best < 0 || tot[sz(q) * A] < tot[sz(best) * A] || (tot[sz(q) * A] == tot[sz(best) * A] && q < best)) best = q;
      }
      if (best < 0) continue;
      label[sz(u)] = best;
      for (std::size_t a = 0; a < A; ++a) tot[sz(best) * A + a] += wt.col[a][sz(u)];
      for (auto v : g.neighbors(u))
        if (label[sz(v)] < 0 && !queued[sz(v)] && groups.of[sz(v)] == groups.of[sz(u)]) {
          queued[sz(v)] = 1;
          queue.push_back(v);
        }
    }
  }

  /// Pieces of free units with no grid to join: drawn afresh as new grids.
  void draw_gridless_pieces() {
    const auto c = detail::components(g, groups.of, [&](UnitIndex u) { return label[sz(u)] < 0; }, comp, queue);
    std::vector<std::vector<UnitIndex>> ps(sz(c));
    for (std::size_t u = 0; u < n; ++u)
      if (comp[u] >= 0) ps[sz(comp[u])].push_back(static_cast<UnitIndex>(u));
    std::vector<GridIndex> scratch(n, 0);
    for (auto& us : ps) {
      std::vector<double> W(A, 0.0);
      for (auto u : us)
        for (std::size_t a = 0; a < A; ++a) W[a] += wt.col[a][sz(u)];
      std::int64_t klo = 0, khi = 0;
      detail::k_range(wt, W.data(), static_cast<std::int64_t>(us.size()), klo, khi);
      GridIndex next = 0;
      if (klo > khi) {
        (void)sp.split_piece(us, std::max<std::int64_t>(1, detail::least_violation_k(wt, W.data(), static_cast<std::int64_t>(us.size()), target)),
                             false, 0, scratch, next);
      } else {
        const auto k = std::clamp<std::int64_t>(std::llround(W[0] / target), klo, khi);
        if (!sp.split_piece(us, k, true, 0, scratch, next)) {
          next = 0;
          (void)sp.split_piece(us, k, false, 0, scratch, next);
        }
      }
      const auto base = static_cast<GridIndex>(kind.size());
      for (GridIndex i = 0; i < next; ++i) add_label(GridKind::drawn);
      for (auto u : us) label[sz(u)] = base + scratch[sz(u)];
    }
  }

  /// The local search over every grid; only drawn grids may change.
  void start_local_search() {
    ls.emplace(g, wt, label, static_cast<GridIndex>(kind.size()), groups.of, opt.rules.nesting != Nesting::none);
    for (std::size_t q = 0; q < kind.size(); ++q) ls->grid_movable[q] = kind[q] == GridKind::drawn ? 1 : 0;
    for (std::size_t q = 0; q < kind.size(); ++q)
      if (ls->ggroup[q] == -2) ls->ggroup[q] = -1;
  }

  /// Drawn grids outside a bound, each with a unit of it.
  std::vector<std::pair<GridIndex, UnitIndex>> bad_grids() const {
    std::vector<std::pair<GridIndex, UnitIndex>> bad;
    std::vector<char> seen(ls->gsize.size(), 0);
    for (std::size_t u = 0; u < n; ++u) {
      const auto q = label[u];
      if (q < 0 || seen[sz(q)] || kind[sz(q)] != GridKind::drawn) continue;
      seen[sz(q)] = 1;
      if (ls->gsize[sz(q)] > 0 && ls->grid_violation(q) > 0) bad.emplace_back(q, static_cast<UnitIndex>(u));
    }
    return bad;
  }

  /// Repairs the grids outside a bound in up to four rounds, each wider
  /// than the last: shift boundary units; split a grid above a maximum or
  /// merge one below a minimum (or redraw it with a neighbour); redraw a
  /// grid with its neighbours; redraw the whole piece of its group.
  void repair_bounds() {
    Repair rp{g, wt, groups, clock, moved_w, label, kind, *ls, sp, target, std::vector<GridIndex>(n, 0), std::vector<std::int32_t>(n, 0)};
    for (int round = 0; round < 4; ++round) {
      auto bad = bad_grids();
      if (bad.empty()) break;
      clock.report(0.2 + 0.2 * round, "redesign");
      for (auto [q, seed] : bad) {
        if (label[sz(seed)] != q) {  // find a unit of q again
          seed = -1;
          for (std::size_t u = 0; u < n && seed < 0; ++u)
            if (label[u] == q) seed = static_cast<UnitIndex>(u);
          if (seed < 0) continue;
        }
        if (ls->grid_violation(q) <= 0) continue;
        if (round == 0) {
          rp.shift(q, seed);
        } else if (round == 1) {
          if (rp.over(q)) {
            const auto us = rp.members(q, seed);
            rp.apply(us, rp.draw(us, 2));
          } else {
            (void)rp.merge_or_pair(q, seed);
          }
        } else if (round == 2) {
          rp.region(q, seed);
        } else {
          rp.whole_piece(seed);  // last resort
        }
      }
    }
  }

  /// RedesignOptions::polish: shortens the boundaries of the grids that
  /// changed anyway.
  void polish_changed_grids() {
    if (!opt.polish) return;
    std::vector<std::uint8_t> changed(ls->gsize.size(), 0);
    for (std::size_t u = 0; u < n; ++u)
      if (label[u] >= 0 && (old.grid_of[u] != label[u])) changed[sz(label[u])] = 1;
    for (std::size_t q = 0; q < changed.size(); ++q) ls->grid_movable[q] = ls->grid_movable[q] && changed[q];
    for (int pass = 0; pass < 4 && !clock.expired(); ++pass)
      if (ls->cut_pass(true, pass & 1) == 0) break;
  }

  /// What is still outside a bound, and why: per piece of drawn grids, and
  /// every unit alone above a maximum.
  void report_infeasible() {
    flagged.assign(ls->gsize.size(), 0);
    const auto c = detail::components(g, groups.of, [&](UnitIndex u) { return label[sz(u)] >= 0 && kind[sz(label[sz(u)])] == GridKind::drawn; },
                                      comp, queue);
    std::vector<std::vector<UnitIndex>> ps(sz(c));
    for (std::size_t u = 0; u < n; ++u)
      if (comp[u] >= 0) ps[sz(comp[u])].push_back(static_cast<UnitIndex>(u));
    for (auto& us : ps) {
      std::vector<UnitIndex> bad;
      for (auto u : us)
        if (ls->grid_violation(label[sz(u)]) > 0 && !(opt.rules.rural_below_min_ok && gt[sz(u)] == GridType::rural)) bad.push_back(u);
      if (bad.empty()) continue;
      for (auto u : bad) flagged[sz(label[sz(u)])] = 1;
      std::vector<double> W(A, 0.0);
      for (auto u : us)
        for (std::size_t a = 0; a < A; ++a) W[a] += wt.col[a][sz(u)];
      std::int64_t klo = 0, khi = 0;
      detail::k_range(wt, W.data(), static_cast<std::int64_t>(us.size()), klo, khi);
      bool below = false;
      for (std::size_t a = 0; a < A; ++a) below = below || wt.below_min(W[a], a);
      const std::string where = group_code(groups.of[sz(us[0])]);
      if (bad.size() > 1000) bad.resize(1000);
      std::string tots;
      for (std::size_t a = 0; a < A; ++a) tots += (a ? ", " : "") + format_number(W[a]) + " " + wt.names[a];
      if (below)
        res.infeasible.push_back({InfeasibilityKind::community_below_min, where, bad, "a piece of " + std::to_string(us.size()) + " units (" + tots +
                                                                          ") is below the minimum per grid"});
      else if (klo > khi)
        res.infeasible.push_back({InfeasibilityKind::no_feasible_count, where, bad, "a piece of " + std::to_string(us.size()) + " units (" + tots +
                                                                        ") admits no whole number of grids within the bounds"});
      else
        res.infeasible.push_back({InfeasibilityKind::repair_failed, where, bad, "no repair within the bounds was found for a piece of " +
                                                                   std::to_string(us.size()) + " units (" + tots + ")"});
    }
    for (std::size_t u = 0; u < n; ++u)
      if (label[u] >= 0 && kind[sz(label[u])] == GridKind::oversized_unit) {
        flagged[sz(label[u])] = 1;
        res.infeasible.push_back({InfeasibilityKind::unit_above_max, group_code(groups.of[u]),
                                  {static_cast<UnitIndex>(u)},
                                  "unit '" + g.id(static_cast<UnitIndex>(u)) + "' alone is above the maximum per grid; it is its own grid"});
      }
  }

  /// Codes (old grids keep theirs, the heaviest successor; new ones get
  /// free codes), the non-empty grids in code order, per-grid information.
  void name_and_report() {
    const auto K = static_cast<GridIndex>(ls->gsize.size());
    std::vector<std::string> fixed(sz(K));
    for (GridIndex q = 0; q < K0 && q < K; ++q)
      if (ls->gsize[sz(q)] > 0) fixed[sz(q)] = old.grid_codes[sz(q)];
    const auto codes = name_grids_reserved(g, label, K, fixed, old.grid_codes);
    std::vector<GridIndex> order;
    for (GridIndex q = 0; q < K; ++q)
      if (ls->gsize[sz(q)] > 0) order.push_back(q);
    detail::sort_by_code(order, codes);
    std::vector<GridIndex> newidx(sz(K), kNoGrid);
    for (std::size_t i = 0; i < order.size(); ++i) newidx[sz(order[i])] = static_cast<GridIndex>(i);
    res.plan.grid_of.resize(n);
    for (std::size_t u = 0; u < n; ++u) res.plan.grid_of[u] = label[u] < 0 ? kNoGrid : newidx[sz(label[u])];
    for (auto q : order) {
      res.plan.grid_codes.push_back(codes[sz(q)]);
      GridInfo gi;
      gi.kind = kind[sz(q)];
      gi.units = ls->gsize[sz(q)];
      gi.totals.assign(&ls->gw[sz(q) * A], &ls->gw[sz(q) * A] + A);
      gi.within_bounds = gi.kind == GridKind::dedicated || ls->grid_violation(q) <= 0;
      gi.flagged = flagged[sz(q)] != 0;
      gi.community = -2;
      res.grids.push_back(std::move(gi));
    }
    const auto comm = g.community();
    for (std::size_t u = 0; u < n; ++u) {
      if (res.plan.grid_of[u] < 0) continue;
      auto& gi = res.grids[sz(res.plan.grid_of[u])];
      if (gi.community == -2) gi.community = comm[u];
      else if (gi.community != comm[u]) gi.community = -1;
    }
  }

  /// Every unit moved or placed, and the old grids kept, changed or
  /// removed and the new ones.
  void record_moves() {
    std::unordered_set<std::string> old_codes(old.grid_codes.begin(), old.grid_codes.end());
    std::unordered_map<std::string, char> changed;
    for (std::size_t u = 0; u < n; ++u) {
      const std::string& nw = res.plan.grid_codes[sz(res.plan.grid_of[u])];
      if (old.grid_of[u] < 0) {
        res.moves.push_back({static_cast<UnitIndex>(u), "", nw, moved_w[u]});
        ++res.placed_units;
        changed[nw] = 1;
        continue;
      }
      const std::string& od = old.grid_codes[sz(old.grid_of[u])];
      if (od == nw) continue;
      res.moves.push_back({static_cast<UnitIndex>(u), od, nw, moved_w[u]});
      ++res.moved_units;
      res.moved_households += moved_w[u];
      changed[od] = 1;
      changed[nw] = 1;
    }
    std::unordered_set<std::string> now(res.plan.grid_codes.begin(), res.plan.grid_codes.end());
    for (const auto& c : old.grid_codes) {
      if (!now.count(c)) res.removed_grids.push_back(c);
      else if (changed.count(c)) res.changed_grids.push_back(c);
      else res.kept_grids.push_back(c);
    }
    for (const auto& c : res.plan.grid_codes)
      if (!old_codes.count(c)) res.new_grids.push_back(c);
  }

  /// Time taken, and the result.
  RedesignResult finish() {
    res.seconds = clock.seconds();
    clock.report(1.0, "done");
    return std::move(res);
  }
};

}  // namespace

double moved_by_overlap(const UnitGraph& units, const Plan& a, const Plan& b, const std::string& attribute) {
  const auto w = units.attribute(attribute);
  const auto n = sz(units.size());
  std::unordered_map<std::int64_t, double> overlap;
  const auto Kb = static_cast<std::int64_t>(b.num_grids()) + 1;
  for (std::size_t u = 0; u < n; ++u) {
    if (a.grid_of[u] < 0 || b.grid_of[u] < 0) continue;
    overlap[static_cast<std::int64_t>(a.grid_of[u]) * Kb + b.grid_of[u]] += w[u] + 1e-9;
  }
  std::vector<std::tuple<double, GridIndex, GridIndex>> pairs;
  for (auto& [key, x] : overlap) pairs.emplace_back(-x, static_cast<GridIndex>(key / Kb), static_cast<GridIndex>(key % Kb));
  std::sort(pairs.begin(), pairs.end());
  std::vector<GridIndex> match(sz(a.num_grids()), -1);
  std::vector<char> used(sz(b.num_grids()), 0);
  for (auto& [x, qa, qb] : pairs) {
    if (match[sz(qa)] >= 0 || used[sz(qb)]) continue;
    match[sz(qa)] = qb;
    used[sz(qb)] = 1;
  }
  double moved = 0;
  for (std::size_t u = 0; u < n; ++u)
    if (a.grid_of[u] >= 0 && b.grid_of[u] >= 0 && match[sz(a.grid_of[u])] != b.grid_of[u]) moved += w[u];
  return moved;
}


namespace {
// The same plan with its grids numbered by their first unit (grids with no
// unit after them, in their old order), so that the result does not depend
// on the order in which a file lists the grids.
Plan in_unit_order(const Plan& old) {
  const std::size_t k = old.grid_codes.size();
  std::vector<GridIndex> renumber(k, kNoGrid);
  Plan p;
  p.grid_of.resize(old.grid_of.size(), kNoGrid);
  p.conflicts = old.conflicts;
  for (std::size_t u = 0; u < old.grid_of.size(); ++u) {
    const GridIndex q = old.grid_of[u];
    if (q < 0 || static_cast<std::size_t>(q) >= k) {
      p.grid_of[u] = q;  // out of range: left for the checks to report
      continue;
    }
    auto& r = renumber[static_cast<std::size_t>(q)];
    if (r == kNoGrid) {
      r = static_cast<GridIndex>(p.grid_codes.size());
      p.grid_codes.push_back(old.grid_codes[static_cast<std::size_t>(q)]);
    }
    p.grid_of[u] = r;
  }
  for (std::size_t q = 0; q < k; ++q)
    if (renumber[q] == kNoGrid) p.grid_codes.push_back(old.grid_codes[q]);
  return p;
}
}  // namespace

RedesignResult redesign(const UnitGraph& g, const Plan& old_plan, const RedesignOptions& opt) {
  check_fields(opt, "redesign");
  const Plan old = in_unit_order(old_plan);
  RedesignRun run(g, old, opt);
  run.keep_heaviest_group();
  run.fix_dedicated_grids();
  run.isolate_oversized_units();
  run.keep_heaviest_pieces();
  run.attach_free_units();
  run.draw_gridless_pieces();
  run.start_local_search();
  run.repair_bounds();
  run.polish_changed_grids();
  run.report_infeasible();
  run.name_and_report();
  run.record_moves();
  return run.finish();
}

}  // namespace gridgov

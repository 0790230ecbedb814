// The partition() driver.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "partition/common.hpp"
#include "partition/exact.hpp"
#include "partition/local.hpp"
#include "partition/sizing.hpp"
#include "partition/split.hpp"
#include "gridgov/core/format.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/partition/partition.hpp"

namespace gridgov {

namespace {

using detail::sz;

std::vector<UnitIndex> truncated(std::span<const UnitIndex> units) {
  std::vector<UnitIndex> out(units.begin(), units.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(units.size(), 1000)));
  return out;
}

std::string totals_text(const detail::Weights& wt, const double* W) {
  std::string s;
  for (int a = 0; a < wt.A; ++a) {
    if (a) s += ", ";
    s += format_number(W[a]) + " " + wt.names[sz(a)];
  }
  return s;
}

std::string all_bounds_text(const detail::Weights& wt) {
  std::string s;
  for (int a = 0; a < wt.A; ++a) {
    if (a) s += " and ";
    s += detail::bounds_text(wt, a);
  }
  return s;
}

/// The state partition() hands from one stage to the next: the grids drawn
/// so far (one entry per grid index in kind, fixed and flag), the pieces
/// left to split and the grid count chosen for each.
struct PartitionRun {
  const UnitGraph& g;
  const PartitionOptions& opt;
  detail::Clock clock;
  const detail::Weights wt;
  const std::size_t n;
  const std::size_t A;
  const detail::Groups groups;
  const std::span<const std::int32_t> comm;
  const std::span<const GridType> gtype;
  PartitionResult res;

  std::vector<GridIndex> label;    // #n, grid of each unit; kNoGrid while free
  std::vector<GridKind> kind;      // per grid
  std::vector<std::string> fixed;  // per grid: the code a locked grid keeps, else ""
  std::vector<std::uint8_t> flag;  // per grid: out of bounds or otherwise reported
  std::vector<UnitIndex> queue;    // scratch of detail::components
  std::vector<std::int32_t> comp;  // #n, component of each unit

  // Pieces (find_pieces): the units of piece p are punits[poff[p] .. poff[p + 1]).
  std::int32_t P = 0;
  std::vector<std::int64_t> poff;
  std::vector<UnitIndex> punits;
  std::vector<double> PW;                  // P*A totals
  std::vector<std::uint8_t> prural;        // every unit rural
  std::vector<std::int32_t> pgroup;        // nesting group of the piece
  std::vector<std::int32_t> group_pieces;  // pieces per group

  // Grid counts (choose_grid_counts and the targets).
  double target = 0;
  std::vector<std::int64_t> pk, klo_v, khi_v;
  std::vector<std::uint8_t> state;     // 0 split, 1 below min, 2 no feasible count
  std::vector<std::uint8_t> targeted;  // the count was asked for

  // Drawing (split_pieces on).
  GridIndex next = 0;                // grids drawn so far
  std::vector<std::uint8_t> failed;  // per piece: 1 no split within the bounds was found, 2 proven none exists
  std::unordered_map<std::int32_t, Infeasibility> proofs;  // per proven piece
  std::vector<std::int32_t> scratch;  // #n, for the certificates and the complete search
  std::vector<std::uint8_t> mark;     // #n, all 0 between calls
  std::optional<detail::LocalSearch> ls;

  PartitionRun(const UnitGraph& g_, const PartitionOptions& opt_)
      : g(g_),
        opt(opt_),
        clock(opt_.run.time_limit, &opt_.run.progress),
        wt(detail::resolve_bounds(g_, opt_.rules)),
        n(sz(g_.size())),
        A(sz(wt.A)),
        groups(detail::nesting_groups(g_, opt_.rules.nesting)),
        comm(g_.community()),
        gtype(g_.grid_type()),
        label(n, kNoGrid) {}

  std::string group_name(std::int32_t grp) const {
    if (opt.rules.nesting == Nesting::none) return "the unit graph";
    return std::string(opt.rules.nesting == Nesting::street ? "street " : "community ") + groups.label[sz(grp)];
  }
  std::string group_code(std::int32_t grp) const {
    return opt.rules.nesting == Nesting::none ? std::string() : groups.label[sz(grp)];
  }
  GridIndex new_grid(GridKind k, std::string code) {
    kind.push_back(k);
    fixed.push_back(std::move(code));
    flag.push_back(0);
    return static_cast<GridIndex>(kind.size() - 1);
  }
  std::span<const UnitIndex> piece_units(std::int32_t p) const {
    return {punits.data() + poff[sz(p)], sz(poff[sz(p) + 1] - poff[sz(p)])};
  }

  /// Locked units keep their grids; a locked grid that is not connected or
  /// crosses the nesting boundary is kept as given and reported.
  void fix_locked_grids() {
    if (opt.locked.empty()) return;
    std::unordered_map<std::string, GridIndex> idx;
    for (const auto& lu : opt.locked) {
      if (lu.unit < 0 || lu.unit >= g.size())
        throw InputError("options", 0, "locked unit index " + std::to_string(lu.unit) + " is outside 0.." +
                                           std::to_string(static_cast<long long>(n) - 1));
      if (lu.grid.empty()) throw InputError("options", 0, "locked unit '" + g.id(lu.unit) + "' has an empty grid label");
      auto [it, inserted] = idx.try_emplace(lu.grid, 0);
      if (inserted) it->second = new_grid(GridKind::locked, lu.grid);
      auto& l = label[sz(lu.unit)];
      if (l != kNoGrid && l != it->second)
        throw InputError("options", 0, "unit '" + g.id(lu.unit) + "' is locked to two grids ('" + fixed[sz(l)] +
                                           "' and '" + lu.grid + "')");
      l = it->second;
    }
    // contiguity and nesting of locked grids
    const std::int32_t c = detail::components(g, label, [&](UnitIndex u) { return label[sz(u)] != kNoGrid; }, comp, queue);
    std::vector<std::int32_t> pieces(kind.size(), 0), seen(sz(c), 0), grp(kind.size(), -2);
    std::vector<std::vector<UnitIndex>> members(kind.size());
    for (std::size_t u = 0; u < n; ++u) {
      const auto l = label[u];
      if (l == kNoGrid) continue;
      members[sz(l)].push_back(static_cast<UnitIndex>(u));
      if (!seen[sz(comp[u])]) {
        seen[sz(comp[u])] = 1;
        ++pieces[sz(l)];
      }
      if (grp[sz(l)] == -2) grp[sz(l)] = groups.of[u];
      else if (grp[sz(l)] != groups.of[u]) grp[sz(l)] = -1;
    }
    for (std::size_t l = 0; l < kind.size(); ++l) {
      if (pieces[l] > 1 || grp[l] == -1) {
        flag[l] = 1;
        res.infeasible.push_back({InfeasibilityKind::locked_grid_invalid, "", truncated(members[l]),
                                  "locked grid '" + fixed[l] + "' is kept as given although it " +
                                      (pieces[l] > 1 ? "is not connected (" + std::to_string(pieces[l]) + " pieces)"
                                                     : std::string("crosses the nesting boundary"))});
      }
    }
  }

  /// Dedicated grids: each connected group of free dedicated units in a
  /// nesting group.
  void group_dedicated_units() {
    if (!opt.rules.dedicated_grids) return;
    const auto c = detail::components(
        g, groups.of, [&](UnitIndex u) { return label[sz(u)] == kNoGrid && gtype[sz(u)] == GridType::dedicated; }, comp,
        queue);
    const auto base = static_cast<GridIndex>(kind.size());
    for (std::int32_t i = 0; i < c; ++i) new_grid(GridKind::dedicated, "");
    for (std::size_t u = 0; u < n; ++u)
      if (comp[u] >= 0) label[u] = base + comp[u];
  }

  /// Free units above an upper bound: a grid of their own, reported.
  void isolate_oversized_units() {
    for (std::size_t u = 0; u < n; ++u) {
      if (label[u] != kNoGrid) continue;
      int over = -1;
      for (std::size_t a = 0; a < A && over < 0; ++a)
        if (wt.above_max(wt.col[a][u], a)) over = static_cast<int>(a);
      if (over < 0) continue;
      const auto q = new_grid(GridKind::oversized_unit, "");
      flag[sz(q)] = 1;
      label[u] = q;
      res.infeasible.push_back({InfeasibilityKind::unit_above_max, group_code(groups.of[u]), {static_cast<UnitIndex>(u)},
                                "unit '" + g.id(static_cast<UnitIndex>(u)) + "' alone has " +
                                    format_number(wt.col[sz(over)][u]) + " " + wt.names[sz(over)] +
                                    ", above the maximum of " + format_number(wt.hi[sz(over)]) +
                                    " per grid; it is its own grid"});
    }
  }

  /// Pieces: connected components of the free units inside each group, with
  /// their units, totals, group and whether they are wholly rural.
  void find_pieces() {
    P = detail::components(g, groups.of, [&](UnitIndex u) { return label[sz(u)] == kNoGrid; }, comp, queue);
    poff.assign(sz(P) + 1, 0);
    for (std::size_t u = 0; u < n; ++u)
      if (comp[u] >= 0) ++poff[sz(comp[u]) + 1];
    std::partial_sum(poff.begin(), poff.end(), poff.begin());
    punits.resize(sz(poff[sz(P)]));
    {
      std::vector<std::int64_t> fill(poff.begin(), poff.end() - 1);
      for (std::size_t u = 0; u < n; ++u)
        if (comp[u] >= 0) punits[sz(fill[sz(comp[u])]++)] = static_cast<UnitIndex>(u);
    }
    PW.assign(sz(P) * A, 0.0);
    prural.assign(sz(P), 1);
    pgroup.assign(sz(P), 0);
    group_pieces.assign(groups.label.size(), 0);
    for (std::int32_t p = 0; p < P; ++p) {
      for (auto j = poff[sz(p)]; j < poff[sz(p) + 1]; ++j) {
        const auto u = sz(punits[sz(j)]);
        for (std::size_t a = 0; a < A; ++a) PW[sz(p) * A + a] += wt.col[a][u];
        if (gtype[u] != GridType::rural) prural[sz(p)] = 0;
      }
      pgroup[sz(p)] = groups.of[sz(punits[sz(poff[sz(p)])])];
      ++group_pieces[sz(pgroup[sz(p)])];
    }
    res.stats.pieces = P;
  }

  /// Grid count per piece: the target size's count within the feasible
  /// range, one for a piece below a minimum, the least violation when no
  /// count fits.
  void choose_grid_counts() {
    target = detail::target_size(wt, opt.target_size);
    pk.assign(sz(P), 1);
    klo_v.assign(sz(P), 1);
    khi_v.assign(sz(P), 1);
    state.assign(sz(P), 0);
    for (std::int32_t p = 0; p < P; ++p) {
      const double* W = &PW[sz(p) * A];
      const auto count = poff[sz(p) + 1] - poff[sz(p)];
      bool below = false;
      for (std::size_t a = 0; a < A; ++a) below = below || wt.below_min(W[a], a);
      std::int64_t klo = 0, khi = 0;
      detail::k_range(wt, W, count, klo, khi);
      klo_v[sz(p)] = klo;
      khi_v[sz(p)] = khi;
      if (below) {
        state[sz(p)] = 1;
        pk[sz(p)] = 1;
      } else if (klo > khi) {
        state[sz(p)] = 2;
        pk[sz(p)] = detail::least_violation_k(wt, W, count, target);
      } else {
        pk[sz(p)] = std::clamp<std::int64_t>(std::llround(W[0] / target), klo, khi);
      }
    }
    targeted.assign(sz(P), 0);
  }

  /// Spreads `total` grids over pieces `ps` in proportion to their first
  /// totals, within each piece's feasible range; returns the count drawn.
  std::int64_t fit(const std::vector<std::int32_t>& ps, std::int64_t total) {
    std::vector<double> ws;
    for (auto p : ps) ws.push_back(PW[sz(p) * A]);
    const auto share = detail::apportion(std::max<std::int64_t>(total, 0), ws);
    std::int64_t got = 0;
    for (std::size_t i = 0; i < ps.size(); ++i) {
      const auto p = sz(ps[i]);
      pk[p] = std::clamp(share[i], klo_v[p], khi_v[p]);
      got += pk[p];
    }
    for (std::int64_t guard = 0; got != total && guard < total + static_cast<std::int64_t>(ps.size()) + 1; ++guard) {
      std::int32_t best = -1;
      double best_load = 0;
      for (auto p : ps) {
        const double load = PW[sz(p) * A] / static_cast<double>(pk[sz(p)]);
        if (got < total && pk[sz(p)] < khi_v[sz(p)] && (best < 0 || load > best_load)) {
          best = p;
          best_load = load;
        }
        if (got > total && pk[sz(p)] > klo_v[sz(p)] && (best < 0 || load < best_load)) {
          best = p;
          best_load = load;
        }
      }
      if (best < 0) break;
      pk[sz(best)] += got < total ? 1 : -1;
      got += got < total ? 1 : -1;
    }
    for (auto p : ps) targeted[sz(p)] = 1;
    return got;
  }

  /// Grid counts asked for per community (PartitionOptions::community_targets).
  void meet_community_targets() {
    if (opt.community_targets.empty()) return;
    if (opt.rules.nesting != Nesting::community) {
      res.warnings.push_back("community targets are used only with community nesting; ignored");
      return;
    }
    std::unordered_map<std::string, std::int32_t> cidx;
    for (std::size_t c = 0; c < groups.label.size(); ++c) cidx.emplace(groups.label[c], static_cast<std::int32_t>(c));
    for (const auto& [code, T] : opt.community_targets) {
      auto it = cidx.find(code);
      if (it == cidx.end()) {
        res.warnings.push_back("community target for unknown community '" + code + "' ignored");
        continue;
      }
      std::vector<std::int32_t> ps;
      std::int64_t others = 0;
      for (std::int32_t p = 0; p < P; ++p)
        if (pgroup[sz(p)] == it->second) {
          if (state[sz(p)] == 0) ps.push_back(p);
          else others += 1;
        }
      const std::int64_t got = others + fit(ps, T - others);
      if (got != T)
        res.warnings.push_back("community " + code + ": " + std::to_string(T) + " grids asked, " +
                               std::to_string(got) + " drawn (the bounds allow no other count)");
    }
  }

  /// The total grid count asked for (PartitionOptions::target_grids), spread
  /// over the pieces whose count is still free.
  void meet_grid_target() {
    if (opt.target_grids <= 0) return;
    std::int64_t fixed_count = static_cast<std::int64_t>(kind.size());
    std::vector<std::int32_t> ps;
    for (std::int32_t p = 0; p < P; ++p) {
      if (targeted[sz(p)] || state[sz(p)] != 0) fixed_count += pk[sz(p)];
      else ps.push_back(p);
    }
    const std::int64_t got = fixed_count + fit(ps, opt.target_grids - fixed_count);
    if (got != opt.target_grids)
      res.warnings.push_back(std::to_string(opt.target_grids) + " grids asked, " + std::to_string(got) +
                             " drawn (the bounds and fixed grids allow no other count)");
  }

  /// Draws piece p into grids next, next + 1, ...: one grid for a count of
  /// one; else, unless a certificate proves there is no plan, the chosen
  /// count with three sweep angles, then (unless the count was asked for)
  /// neighbouring counts; where these fail, the certificates with cut
  /// vertices and the complete search (a plan or a proof), and at last the
  /// least violation (the piece is then failed: 2 when proven, else 1).
  void draw_piece(detail::Splitter& sp, std::int32_t p, std::span<const UnitIndex> us) {
    const GridIndex first = next;
    const auto k0 = pk[sz(p)];
    if (k0 <= 1 && state[sz(p)] != 2) {
      for (auto u : us) label[sz(u)] = next;
      ++next;
      return;
    }
    if (state[sz(p)] == 2) {
      (void)sp.split_piece(us, k0, false, 0, label, next);
      return;
    }
    if (prove_by_certificate(p, us, false)) {
      (void)sp.split_piece(us, k0, false, 0, label, next);
      return;
    }
    bool ok = false;
    std::vector<std::int64_t> ks{k0};
    for (std::int64_t d = 1; ks.size() < 5 && d <= 4; ++d) {
      if (k0 + d <= khi_v[sz(p)]) ks.push_back(k0 + d);
      if (k0 - d >= klo_v[sz(p)] && ks.size() < 5) ks.push_back(k0 - d);
    }
    std::vector<std::pair<std::int64_t, std::uint64_t>> attempts{{k0, 0}, {k0, 1}, {k0, 2}};
    if (!targeted[sz(p)])
      for (std::size_t i = 1; i < ks.size(); ++i) attempts.emplace_back(ks[i], 0);
    for (std::size_t i = 0; i < attempts.size() && !ok; ++i) {
      if (i > 0 && clock.expired()) break;
      if (i > 0) ++res.stats.retries;
      next = first;
      ok = sp.split_piece(us, attempts[i].first, true, attempts[i].second, label, next);
    }
    if (ok) return;
    next = first;
    if (prove_by_certificate(p, us, true)) {
      (void)sp.split_piece(us, k0, false, 0, label, next);
      return;
    }
    if (us.size() <= detail::kExactMaxUnits && opt.proof_seconds > 0 && !clock.expired()) {
      const double nodes = std::min(opt.proof_seconds * detail::kProofNodesPerSecond, 1e15);
      const auto r = detail::exact_plan(g, wt, us, scratch, mark, clock, static_cast<std::int64_t>(nodes),
                                        detail::kProofTimeCap * opt.proof_seconds, 200'000, sp.fraction);
      if (r.time_capped && !clock.expired())
        res.warnings.push_back(piece_text(p, us) + ": the complete search stopped at its wall-clock cap (" +
                               format_number(detail::kProofTimeCap * opt.proof_seconds) + " s) after " +
                               std::to_string(r.nodes) + " of its " + std::to_string(static_cast<std::int64_t>(nodes)) +
                               " nodes: this verdict may differ on a faster machine");
      if (r.status != detail::ExactResult::Status::undecided) ++res.stats.pieces_by_search;
      if (r.status == detail::ExactResult::Status::found) {
        if (targeted[sz(p)] && static_cast<std::int64_t>(r.parts.size()) != k0)
          res.warnings.push_back(piece_text(p, us) + ": " + std::to_string(k0) + " grids asked, " +
                                 std::to_string(r.parts.size()) +
                                 " drawn (no plan with the count asked was found; the complete search found this one)");
        for (const auto& part : r.parts) {
          for (auto u : part) label[sz(u)] = next;
          ++next;
        }
        return;
      }
      if (r.status == detail::ExactResult::Status::none) {
        failed[sz(p)] = 2;
        proofs[p] = {InfeasibilityKind::no_plan_exists, group_code(pgroup[sz(p)]), truncated(us),
                     piece_text(p, us) + " has no plan: the complete search (" + std::to_string(r.nodes) +
                         " nodes) found no split into connected grids of " + all_bounds_text(wt) +
                         " although the totals allow " + count_text(p)};
      }
    }
    (void)sp.split_piece(us, k0, false, 0, label, next);
    if (!failed[sz(p)]) failed[sz(p)] = 1;
  }

  std::string piece_text(std::int32_t p, std::span<const UnitIndex> us) const {
    return group_pieces[sz(pgroup[sz(p)])] > 1 ? "a piece of " + std::to_string(us.size()) + " units of " +
                                                     group_name(pgroup[sz(p)]) + " (" + totals_text(wt, &PW[sz(p) * A]) + ")"
                                               : group_name(pgroup[sz(p)]) + " (" + std::to_string(us.size()) + " units, " +
                                                     totals_text(wt, &PW[sz(p) * A]) + ")";
  }
  std::string count_text(std::int32_t p) const {
    return klo_v[sz(p)] == khi_v[sz(p)] ? std::to_string(klo_v[sz(p)]) + " grids"
                                        : std::to_string(klo_v[sz(p)]) + " to " + std::to_string(khi_v[sz(p)]) + " grids";
  }

  /// Runs the certificates on piece p; on a proof records it (failed = 2).
  bool prove_by_certificate(std::int32_t p, std::span<const UnitIndex> us, bool with_cut_vertices) {
    // Before the search, only on chunky pieces (an eighth of the units above
    // max - min): on building-level pieces the bisection decides faster.
    const auto c = detail::certify_piece(g, wt, us, scratch, mark, with_cut_vertices, with_cut_vertices ? 0.0 : 0.125);
    if (c.kind == detail::Certificate::Kind::none) return false;
    const auto a = sz(c.attribute);
    const std::string& an = wt.names[a];
    InfeasibilityWitness w{c.unit, an, c.weight, c.neighbours_min, c.neighbours_max, c.reach};
    const std::string nbrs = c.neighbours_min == c.neighbours_max
                                 ? format_number(c.neighbours_min)
                                 : format_number(c.neighbours_min) + ".." + format_number(c.neighbours_max);
    std::string why;
    std::vector<UnitIndex> units{c.unit};
    if (c.kind == detail::Certificate::Kind::unit_window) {
      why = "unit '" + g.id(c.unit) + "' has " + format_number(c.weight) + " " + an + ", below the minimum of " +
            format_number(wt.lo[a]) + ", and its neighbours have " + nbrs + ": every connected grid holding it that " +
            "reaches the minimum has at least " + format_number(c.reach) + ", above the maximum of " +
            format_number(wt.hi[a]);
      for (UnitIndex v : g.neighbors(c.unit))
        if (groups.of[sz(v)] == groups.of[sz(c.unit)] && label[sz(v)] == kNoGrid) units.push_back(v);
    } else {
      why = "unit '" + g.id(c.unit) + "' (" + format_number(c.weight) + " " + an + ", neighbours " + nbrs +
            ") cuts the piece: its grid must hold " +
            (c.forced.empty() ? std::string()
                              : "the " + std::to_string(c.forced.size()) + " units it cuts off below a minimum" +
                                    (c.pieces_entered > 0 ? " and " : "")) +
            (c.pieces_entered > 0 ? "a neighbour in each of the " + std::to_string(c.pieces_entered) +
                                        " parts it cuts off whose totals admit no whole number of grids"
                                  : std::string()) +
            ", at least " + format_number(c.reach) + " " + an + ", above the maximum of " + format_number(wt.hi[a]);
      units.insert(units.end(), c.forced.begin(), c.forced.end());
    }
    failed[sz(p)] = 2;
    proofs[p] = {c.kind == detail::Certificate::Kind::unit_window ? InfeasibilityKind::unit_fits_no_grid
                                                                   : InfeasibilityKind::cut_vertex_obstruction,
                 group_code(pgroup[sz(p)]), truncated(units), piece_text(p, us) + " has no plan: " + why, std::move(w)};
    return true;
  }

  /// Reports piece p, drawn as grids first..next-1, when it is below a
  /// minimum (and not an accepted rural piece) or admits no grid count.
  void report_unsplit_piece(std::int32_t p, std::span<const UnitIndex> us, GridIndex first) {
    if (state[sz(p)] == 0) return;
    const double* W = &PW[sz(p) * A];
    const std::string what = group_pieces[sz(pgroup[sz(p)])] > 1
                                 ? "a piece of " + std::to_string(us.size()) + " units of " + group_name(pgroup[sz(p)]) +
                                       " cut off from the rest of it"
                                 : group_name(pgroup[sz(p)]);
    if (state[sz(p)] == 1) {
      const bool rural_ok = opt.rules.rural_below_min_ok && prural[sz(p)];
      if (!rural_ok) {
        flag[sz(first)] = 1;
        const bool whole = group_pieces[sz(pgroup[sz(p)])] == 1;
        const auto k = whole ? (opt.rules.nesting == Nesting::street ? InfeasibilityKind::street_below_min
                                                                     : InfeasibilityKind::community_below_min)
                             : InfeasibilityKind::disconnected_piece_below_min;
        res.infeasible.push_back({k, group_code(pgroup[sz(p)]), truncated(us),
                                  what + " has " + totals_text(wt, W) + ", below the minimum of " +
                                      all_bounds_text(wt) + " per grid; it is one grid"});
      }
    } else {
      for (GridIndex q = first; q < next; ++q) flag[sz(q)] = 1;
      res.infeasible.push_back({InfeasibilityKind::no_feasible_count, group_code(pgroup[sz(p)]), truncated(us),
           what + " has " + totals_text(wt, W) + ": no whole number of grids fits " + all_bounds_text(wt) +
               " (at least " + std::to_string(klo_v[sz(p)]) + " grids are needed for the maximum, at most " +
               std::to_string(std::max<std::int64_t>(khi_v[sz(p)], 0)) + " allow the minimum); drawn as " +
               std::to_string(next - first) + " grids with the least violation"});
    }
  }

  /// Splits every piece into its grids, reporting progress.
  void split_pieces() {
    detail::Splitter sp(g, wt, clock, opt.compactness, opt.run.seed);
    next = static_cast<GridIndex>(kind.size());
    failed.assign(sz(P), 0);
    scratch.assign(n, 0);
    mark.assign(n, 0);
    std::int64_t done = 0;
    for (std::int32_t p = 0; p < P; ++p) {
      const auto us = piece_units(p);
      const double frac = static_cast<double>(done) / static_cast<double>(std::max<std::size_t>(n, 1));
      sp.fraction = frac;
      clock.tick(static_cast<std::int64_t>(us.size()), frac, "partition");
      done += static_cast<std::int64_t>(us.size());
      const GridIndex first = next;
      draw_piece(sp, p, us);
      while (kind.size() < sz(next)) new_grid(GridKind::drawn, "");
      report_unsplit_piece(p, us, first);
    }
    res.stats.splits = sp.splits;
  }

  /// The local search over all grids drawn; only drawn grids may change.
  void start_local_search() {
    ls.emplace(g, wt, label, next, groups.of, opt.rules.nesting != Nesting::none);
    for (GridIndex q = 0; q < next; ++q) ls->grid_movable[sz(q)] = kind[sz(q)] == GridKind::drawn ? 1 : 0;
  }

  /// Repair passes on the grids of failed pieces only.
  void repair_failed_pieces() {
    if (std::none_of(failed.begin(), failed.end(), [](auto f) { return f != 0; })) return;
    std::vector<std::uint8_t> keep = ls->grid_movable;
    std::fill(ls->grid_movable.begin(), ls->grid_movable.end(), std::uint8_t{0});
    for (std::int32_t p = 0; p < P; ++p)
      if (failed[sz(p)])
        for (auto j = poff[sz(p)]; j < poff[sz(p) + 1]; ++j) ls->grid_movable[sz(label[sz(punits[sz(j)])])] = 1;
    for (int pass = 0; pass < 50 && !clock.expired(); ++pass)
      if (ls->repair_pass() == 0) break;
    ls->grid_movable = keep;
  }

  /// Shortens grid boundaries (PartitionOptions::polish_passes).
  void polish() {
    for (int pass = 0; pass < opt.polish_passes && !clock.expired(); ++pass) {
      clock.report(0.95, "polish");
      // Later passes find fewer and fewer moves; stop once one moves fewer
      // than 0.1% of the units (a further pass changed the mean cut-edge ratio
      // by under 0.0001 on the 200,000-unit benchmark city).
      const auto moved = ls->cut_pass(true, (pass & 1) != 0);
      if (moved == 0 || moved * 1000 < static_cast<std::int64_t>(n)) break;
    }
    res.stats.polish_moves = ls->moves;
  }

  /// Failed pieces: proven ones reported with their proof, the others when
  /// their grids are still out of bounds; out-of-bounds grids flagged.
  void report_failed_pieces() {
    for (std::int32_t p = 0; p < P; ++p) {
      if (state[sz(p)] == 2 || (state[sz(p)] == 1 && !(opt.rules.rural_below_min_ok && prural[sz(p)])))
        ++res.stats.pieces_proven_infeasible;
      if (!failed[sz(p)]) continue;
      std::vector<UnitIndex> bad;
      std::int64_t grids_out = 0;
      for (auto j = poff[sz(p)]; j < poff[sz(p) + 1]; ++j) {
        const auto u = punits[sz(j)];
        const auto q = label[sz(u)];
        if (ls->grid_violation(q) > 0) {
          bad.push_back(u);
          if (!flag[sz(q)]) ++grids_out;
          flag[sz(q)] = 1;
        }
      }
      if (failed[sz(p)] == 2) {
        auto inf = std::move(proofs[p]);
        inf.reason += "; the least violation is drawn, " +
                      (grids_out == 1 ? std::string("1 grid out of bounds is flagged")
                                      : std::to_string(grids_out) + " grids out of bounds are flagged");
        res.infeasible.push_back(std::move(inf));
        ++res.stats.pieces_proven_infeasible;
      } else if (!bad.empty()) {
        ++res.stats.pieces_undecided;
        res.infeasible.push_back({InfeasibilityKind::search_failed, group_code(pgroup[sz(p)]), truncated(bad),
                                  "no plan within " + all_bounds_text(wt) + " was found for a piece of " +
                                      std::to_string(piece_units(p).size()) + " units of " + group_name(pgroup[sz(p)]) +
                                      " (" + totals_text(wt, &PW[sz(p) * A]) +
                                      ") although the totals allow one, and none was ruled out" +
                                      (piece_units(p).size() > detail::kExactMaxUnits
                                           ? " (too large for the complete search)"
                                           : " within the time given to the complete search") +
                                      "; the grids listed are out of bounds"});
      }
    }
  }

  /// Codes, grids in code order, per-grid information.
  void name_and_report() {
    const auto codes = name_grids(g, label, next, fixed);
    std::vector<GridIndex> order(sz(next));
    std::iota(order.begin(), order.end(), 0);
    detail::sort_by_code(order, codes);
    std::vector<GridIndex> newidx(sz(next));
    for (std::size_t i = 0; i < order.size(); ++i) newidx[sz(order[i])] = static_cast<GridIndex>(i);
    res.plan.grid_of.resize(n);
    for (std::size_t u = 0; u < n; ++u) res.plan.grid_of[u] = label[u] == kNoGrid ? kNoGrid : newidx[sz(label[u])];
    res.plan.grid_codes.resize(sz(next));
    res.grids.resize(sz(next));
    for (GridIndex q = 0; q < next; ++q) {
      auto& info = res.grids[sz(newidx[sz(q)])];
      res.plan.grid_codes[sz(newidx[sz(q)])] = codes[sz(q)];
      info.kind = kind[sz(q)];
      info.flagged = flag[sz(q)] != 0;
      info.units = ls->gsize[sz(q)];
      info.totals.assign(&ls->gw[sz(q) * A], &ls->gw[sz(q) * A] + A);
      info.within_bounds = info.kind == GridKind::dedicated || ls->grid_violation(q) <= 0;
      info.off_bounds.assign(A, 0.0);
      for (std::size_t a = 0; a < A; ++a) {
        const double t = info.totals[a];
        if (wt.above_max(t, a)) info.off_bounds[a] = t - wt.hi[a];
        else if (wt.below_min(t, a)) info.off_bounds[a] = t - wt.lo[a];
      }
      info.community = -2;
    }
    for (std::size_t u = 0; u < n; ++u) {
      auto& info = res.grids[sz(res.plan.grid_of[u])];
      if (info.community == -2) info.community = comm[u];
      else if (info.community != comm[u]) info.community = -1;
    }
  }

  /// Time taken, and the result.
  PartitionResult finish() {
    res.stats.seconds = clock.seconds();
    res.stats.timed_out = clock.was_expired();
    clock.report(1.0, "done");
    return std::move(res);
  }
};

}  // namespace

PartitionResult partition(const UnitGraph& g, const PartitionOptions& opt) {
  check_fields(opt, "partition");
  PartitionRun run(g, opt);
  run.fix_locked_grids();
  run.group_dedicated_units();
  run.isolate_oversized_units();
  run.find_pieces();
  run.choose_grid_counts();
  run.meet_community_targets();
  run.meet_grid_target();
  run.split_pieces();
  run.start_local_search();
  run.repair_failed_pieces();
  run.polish();
  run.report_failed_pieces();
  run.name_and_report();
  return run.finish();
}

}  // namespace gridgov

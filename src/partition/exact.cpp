// Certificates of infeasibility and the complete search (see partition/exact.hpp).
#include "partition/exact.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <chrono>
#include <cmath>
#include <limits>
#include <unordered_set>

#include "partition/sizing.hpp"

namespace gridgov::detail {

namespace {

/// Local numbering of a piece: scratch[u] = local index, mark[u] = 1 while
/// the piece is numbered; undone by the destructor.
struct Numbering {
  std::span<const UnitIndex> units;
  std::vector<std::int32_t>& scratch;
  std::vector<std::uint8_t>& mark;
  Numbering(std::span<const UnitIndex> us, std::vector<std::int32_t>& s, std::vector<std::uint8_t>& m)
      : units(us), scratch(s), mark(m) {
    for (std::size_t i = 0; i < us.size(); ++i) {
      scratch[sz(us[i])] = static_cast<std::int32_t>(i);
      mark[sz(us[i])] = 1;
    }
  }
  ~Numbering() {
    for (auto u : units) mark[sz(u)] = 0;
  }
  Numbering(const Numbering&) = delete;
  Numbering& operator=(const Numbering&) = delete;
  [[nodiscard]] bool in(UnitIndex v) const noexcept { return mark[sz(v)] != 0; }
};

// ---------------------------------------------------------------------------
// A unit in no window: connected sets holding u below the minimum of
// attribute a, and the lightest one-unit extension reaching it.
struct WindowSearch {
  const UnitGraph& g;
  const Weights& wt;
  const Numbering& num;
  int a = 0;
  std::vector<std::uint8_t> state;  // local: 0 free, 1 in the set, 2 excluded
  std::int64_t steps = 0, budget = 0;
  double reach = std::numeric_limits<double>::infinity();
  bool fits = false, exhausted = false;

  WindowSearch(const UnitGraph& g_, const Weights& wt_, const Numbering& num_, int a_)
      : g(g_), wt(wt_), num(num_), a(a_), state(num_.units.size(), 0) {}

  [[nodiscard]] double w(UnitIndex u) const { return wt.w(u, a); }

  // Extends the set (total `t`) by the candidates in ext; ext holds units
  // adjacent to the set that are neither in it nor excluded.
  void grow(double t, std::vector<UnitIndex> ext) {
    std::vector<std::int32_t> excluded_here;
    while (!ext.empty() && !fits && !exhausted) {
      if (++steps > budget) {
        exhausted = true;
        break;
      }
      const UnitIndex v = ext.back();
      ext.pop_back();
      const auto lv = sz(num.scratch[sz(v)]);
      const double t2 = t + w(v);
      if (!wt.below_min(t2, sz(a))) {
        reach = std::min(reach, t2);
        if (!wt.above_max(t2, sz(a))) fits = true;
      } else {
        state[lv] = 1;
        std::vector<UnitIndex> next = ext;
        for (UnitIndex x : g.neighbors(v)) {
          if (!num.in(x) || state[sz(num.scratch[sz(x)])] != 0) continue;
          if (std::find(next.begin(), next.end(), x) == next.end()) next.push_back(x);
        }
        grow(t2, std::move(next));
        state[lv] = 0;
      }
      state[lv] = 2;
      excluded_here.push_back(static_cast<std::int32_t>(lv));
    }
    for (auto l : excluded_here) state[sz(l)] = 0;
  }
};

Certificate unit_window(const UnitGraph& g, const Weights& wt, const Numbering& num) {
  Certificate c;
  const auto us = num.units;
  for (int a = 0; a < wt.A; ++a) {
    const double lo = wt.lo[sz(a)], hi = wt.hi[sz(a)];
    if (!std::isfinite(hi) || lo <= 0) continue;
    // Without a unit above max - min, growing any set below the minimum by
    // one neighbour stays within the maximum: every unit lies in a window.
    const bool heavy = std::any_of(us.begin(), us.end(), [&](UnitIndex u) { return wt.w(u, a) > hi - lo; });
    if (!heavy) continue;
    std::int64_t piece_budget = 400'000;
    for (UnitIndex u : us) {
      const double wu = wt.w(u, a);
      if (!wt.below_min(wu, sz(a))) continue;  // alone within (units above the maximum are fixed grids)
      WindowSearch s(g, wt, num, a);
      s.budget = std::min<std::int64_t>(piece_budget, 20'000);
      s.state[sz(num.scratch[sz(u)])] = 1;
      std::vector<UnitIndex> ext;
      for (UnitIndex x : g.neighbors(u))
        if (num.in(x) && std::find(ext.begin(), ext.end(), x) == ext.end()) ext.push_back(x);
      s.grow(wu, ext);
      piece_budget -= s.steps;
      if (!s.fits && !s.exhausted && std::isfinite(s.reach)) {
        c.kind = Certificate::Kind::unit_window;
        c.unit = u;
        c.attribute = a;
        c.weight = wu;
        c.reach = s.reach;
        c.neighbours_min = std::numeric_limits<double>::infinity();
        c.neighbours_max = -std::numeric_limits<double>::infinity();
        for (UnitIndex x : g.neighbors(u))
          if (num.in(x)) {
            c.neighbours_min = std::min(c.neighbours_min, wt.w(x, a));
            c.neighbours_max = std::max(c.neighbours_max, wt.w(x, a));
          }
        return c;
      }
      if (piece_budget <= 0) break;
    }
  }
  return c;
}

// ---------------------------------------------------------------------------
// Cut vertices (iterative Tarjan) and the grid each must hold.
Certificate cut_vertex(const UnitGraph& g, const Weights& wt, const Numbering& num) {
  Certificate cert;
  const auto us = num.units;
  const std::size_t m = us.size(), A = sz(wt.A);
  if (m < 3) return cert;
  std::vector<std::int32_t> disc(m, -1), low(m, 0), parent(m, -1), size(m, 1);
  std::vector<double> sub(m * A, 0.0), total(A, 0.0);
  std::vector<std::size_t> it(m, 0);
  std::vector<std::int32_t> stack;
  std::int32_t time = 0;
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t a = 0; a < A; ++a) {
      sub[i * A + a] = wt.col[a][sz(us[i])];
      total[a] += sub[i * A + a];
    }
  disc[0] = low[0] = time++;
  stack.push_back(0);
  while (!stack.empty()) {
    const auto x = sz(stack.back());
    const auto nb = g.neighbors(us[x]);
    if (it[x] < nb.size()) {
      const UnitIndex v = nb[it[x]++];
      if (!num.in(v)) continue;
      const auto y = num.scratch[sz(v)];
      if (disc[sz(y)] < 0) {
        parent[sz(y)] = static_cast<std::int32_t>(x);
        disc[sz(y)] = low[sz(y)] = time++;
        stack.push_back(y);
      } else if (y != parent[x]) {
        low[x] = std::min(low[x], disc[sz(y)]);
      }
      continue;
    }
    stack.pop_back();
    if (parent[x] >= 0) {
      const auto p = sz(parent[x]);
      low[p] = std::min(low[p], low[x]);
      size[p] += size[x];
      for (std::size_t a = 0; a < A; ++a) sub[p * A + a] += sub[x * A + a];
    }
  }
  // children per vertex, in discovery order
  std::vector<std::vector<std::int32_t>> children(m);
  std::vector<std::int32_t> order(m);
  for (std::size_t i = 0; i < m; ++i) order[sz(disc[i])] = static_cast<std::int32_t>(i);
  for (auto i : order)
    if (parent[sz(i)] >= 0) children[sz(parent[sz(i)])].push_back(i);

  std::vector<double> W(A), need(A);
  std::vector<std::int32_t> seps;
  for (std::size_t c = 0; c < m; ++c) {
    seps.clear();
    for (auto ch : children[c])
      if (parent[c] < 0 || low[sz(ch)] >= disc[c]) seps.push_back(ch);
    if (seps.empty() || (parent[c] < 0 && seps.size() < 2)) continue;
    // components: the separated subtrees, then the rest (if any)
    const std::size_t ncomp = seps.size() + 1;
    std::vector<double> cw(ncomp * A, 0.0), entry(ncomp * A, std::numeric_limits<double>::infinity());
    std::vector<std::int64_t> cc(ncomp, 0);
    for (std::size_t s = 0; s < seps.size(); ++s) {
      for (std::size_t a = 0; a < A; ++a) cw[s * A + a] = sub[sz(seps[s]) * A + a];
      cc[s] = size[sz(seps[s])];
    }
    {
      std::int64_t rest = static_cast<std::int64_t>(m) - 1;
      for (std::size_t s = 0; s < seps.size(); ++s) rest -= cc[s];
      cc[ncomp - 1] = rest;
      for (std::size_t a = 0; a < A; ++a) {
        double r = total[a] - wt.col[a][sz(us[c])];
        for (std::size_t s = 0; s < seps.size(); ++s) r -= cw[s * A + a];
        cw[(ncomp - 1) * A + a] = r;
      }
    }
    for (UnitIndex v : g.neighbors(us[c])) {
      if (!num.in(v)) continue;
      const auto dv = disc[sz(num.scratch[sz(v)])];
      std::size_t comp = ncomp - 1;
      for (std::size_t s = 0; s < seps.size(); ++s)
        if (dv >= disc[sz(seps[s])] && dv < disc[sz(seps[s])] + size[sz(seps[s])]) comp = s;
      for (std::size_t a = 0; a < A; ++a) entry[comp * A + a] = std::min(entry[comp * A + a], wt.col[a][sz(v)]);
    }
    for (std::size_t a = 0; a < A; ++a) need[a] = wt.col[a][sz(us[c])];
    std::int64_t entered = 0;
    std::vector<std::size_t> whole;
    for (std::size_t s = 0; s < ncomp; ++s) {
      if (cc[s] <= 0) continue;
      bool below = false;
      for (std::size_t a = 0; a < A; ++a) below = below || wt.below_min(cw[s * A + a], a);
      if (below) {
        whole.push_back(s);
        for (std::size_t a = 0; a < A; ++a) need[a] += cw[s * A + a];
        continue;
      }
      std::int64_t klo = 0, khi = 0;
      k_range(wt, &cw[s * A], cc[s], klo, khi);
      if (klo > khi) {
        ++entered;
        for (std::size_t a = 0; a < A; ++a) need[a] += entry[s * A + a];
      }
    }
    if (whole.empty() && entered == 0) continue;
    for (std::size_t a = 0; a < A; ++a) {
      if (!wt.above_max(need[a], a)) continue;
      cert.kind = Certificate::Kind::cut_vertex;
      cert.unit = us[c];
      cert.attribute = static_cast<int>(a);
      cert.weight = wt.col[a][sz(us[c])];
      cert.reach = need[a];
      cert.pieces_entered = entered;
      cert.neighbours_min = std::numeric_limits<double>::infinity();
      cert.neighbours_max = -std::numeric_limits<double>::infinity();
      for (UnitIndex v : g.neighbors(us[c]))
        if (num.in(v)) {
          cert.neighbours_min = std::min(cert.neighbours_min, wt.col[a][sz(v)]);
          cert.neighbours_max = std::max(cert.neighbours_max, wt.col[a][sz(v)]);
        }
      // the units of the pieces it must hold whole
      std::vector<std::uint8_t> in_whole(m, 0);
      for (auto s : whole) {
        if (s + 1 < ncomp) {
          const auto r = seps[s];
          for (std::size_t i = 0; i < m; ++i)
            if (disc[i] >= disc[sz(r)] && disc[i] < disc[sz(r)] + size[sz(r)]) in_whole[i] = 1;
        } else {
          std::vector<std::uint8_t> sep(m, 0);
          sep[c] = 1;
          for (auto r : seps)
            for (std::size_t i = 0; i < m; ++i)
              if (disc[i] >= disc[sz(r)] && disc[i] < disc[sz(r)] + size[sz(r)]) sep[i] = 1;
          for (std::size_t i = 0; i < m; ++i)
            if (!sep[i]) in_whole[i] = 1;
        }
      }
      for (std::size_t i = 0; i < m; ++i)
        if (in_whole[i]) cert.forced.push_back(us[i]);
      return cert;
    }
  }
  return cert;
}

// ---------------------------------------------------------------------------
// The complete search on bitsets of up to 256 units.
using Bits = std::array<std::uint64_t, 4>;

struct BitsHash {
  std::size_t operator()(const Bits& b) const noexcept {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (auto w : b) {
      h ^= w + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
      h *= 0xff51afd7ed558ccdULL;
    }
    return static_cast<std::size_t>(h ^ (h >> 33));
  }
};

inline bool empty(const Bits& b) noexcept { return (b[0] | b[1] | b[2] | b[3]) == 0; }
inline int lowest(const Bits& b) noexcept {
  for (int i = 0; i < 4; ++i)
    if (b[sz(i)]) return i * 64 + std::countr_zero(b[sz(i)]);
  return -1;
}
inline void set(Bits& b, int i) noexcept { b[sz(i >> 6)] |= std::uint64_t{1} << (i & 63); }
inline Bits operator&(const Bits& x, const Bits& y) noexcept { return {x[0] & y[0], x[1] & y[1], x[2] & y[2], x[3] & y[3]}; }
inline Bits operator|(const Bits& x, const Bits& y) noexcept { return {x[0] | y[0], x[1] | y[1], x[2] | y[2], x[3] | y[3]}; }
inline Bits andnot(const Bits& x, const Bits& y) noexcept {
  return {x[0] & ~y[0], x[1] & ~y[1], x[2] & ~y[2], x[3] & ~y[3]};
}
template <class F>
inline void each(const Bits& b, F&& f) {
  for (int i = 0; i < 4; ++i) {
    std::uint64_t w = b[sz(i)];
    while (w) {
      f(i * 64 + std::countr_zero(w));
      w &= w - 1;
    }
  }
}

struct Search {
  const Weights& wt;
  Clock& clock;
  int m = 0, A = 0;
  std::vector<Bits> nb;
  std::vector<double> w;  // m*A
  std::vector<Bits> parts;
  std::unordered_set<Bits, BitsHash> failed;
  std::int64_t nodes = 0, budget = 0;
  std::chrono::steady_clock::time_point until;
  bool out = false;

  Search(const Weights& wt_, Clock& clock_) : wt(wt_), clock(clock_) {}

  bool tick() {
    if (++nodes > budget) out = true;
    if ((nodes & 1023) == 0 && (clock.expired() || std::chrono::steady_clock::now() > until)) out = true;
    return out;
  }

  Bits component(const Bits& rem, int start) const {
    Bits comp{}, frontier{};
    set(comp, start);
    frontier = comp;
    while (!empty(frontier)) {
      Bits next{};
      each(frontier, [&](int i) { next = next | nb[sz(i)]; });
      next = andnot(next & rem, comp);
      comp = comp | next;
      frontier = next;
    }
    return comp;
  }

  bool admits_count(const Bits& comp) const {
    std::array<double, 8> t{};
    std::int64_t c = 0;
    each(comp, [&](int i) {
      ++c;
      for (int a = 0; a < A; ++a) t[sz(a)] += w[sz(i) * sz(A) + sz(a)];
    });
    std::int64_t lo = 1, hi = c;
    for (int a = 0; a < A; ++a) {
      lo = std::max(lo, ceil_div(t[sz(a)], wt.hi[sz(a)], wt.tol));
      hi = std::min(hi, floor_div(t[sz(a)], wt.lo[sz(a)], wt.tol));
    }
    return lo <= hi;
  }

  bool solve(const Bits& rem) {
    if (empty(rem)) return true;
    if (tick()) return false;
    if (failed.count(rem)) return false;
    // components of the residual: each must admit a whole number of parts
    std::array<Bits, 64> comps;
    std::size_t nc = 0;
    bool many = false;
    Bits left = rem;
    while (!empty(left)) {
      const Bits comp = component(rem, lowest(left));
      left = andnot(left, comp);
      if (!admits_count(comp)) {
        remember(rem);
        return false;
      }
      if (nc < comps.size()) comps[nc++] = comp;
      else many = true;
    }
    if (nc > 1 && !many) {
      const auto keep = parts.size();
      for (std::size_t i = 0; i < nc; ++i)
        if (!solve_one(comps[i])) {
          parts.resize(keep);
          if (!out) remember(rem);
          return false;
        }
      return true;
    }
    if (solve_one(rem)) return true;
    if (!out) remember(rem);
    return false;
  }

  void remember(const Bits& rem) {
    if (failed.size() < 2'000'000) failed.insert(rem);
  }

  // Parts holding the lowest unit of rem (a connected set, or the residual
  // of a split when components were too many to list).
  bool solve_one(const Bits& rem) {
    if (empty(rem)) return true;
    const int r = lowest(rem);
    Bits S{};
    set(S, r);
    std::array<double, 8> t{};
    for (int a = 0; a < A; ++a) t[sz(a)] = w[sz(r) * sz(A) + sz(a)];
    return grow(S, andnot(nb[sz(r)] & rem, S), Bits{}, rem, t);
  }

  bool grow(const Bits& S, Bits ext, Bits excl, const Bits& rem, const std::array<double, 8>& t) {
    if (tick()) return false;
    bool in = true;
    for (int a = 0; a < A && in; ++a) in = wt.within(t[sz(a)], sz(a));
    if (in) {
      if (solve(andnot(rem, S))) {
        parts.push_back(S);
        return true;
      }
      if (out) return false;
    }
    while (!empty(ext)) {
      const int x = lowest(ext);
      Bits xb{};
      set(xb, x);
      ext = andnot(ext, xb);
      auto t2 = t;
      bool over = false;
      for (int a = 0; a < A; ++a) {
        t2[sz(a)] += w[sz(x) * sz(A) + sz(a)];
        over = over || wt.above_max(t2[sz(a)], sz(a));
      }
      if (!over) {
        const Bits S2 = S | xb;
        const Bits next = andnot(ext | (nb[sz(x)] & rem), S2 | excl);
        if (grow(S2, next, excl, rem, t2)) return true;
        if (out) return false;
      }
      excl = excl | xb;
    }
    return false;
  }
};

}  // namespace

Certificate certify_piece(const UnitGraph& g, const Weights& wt, std::span<const UnitIndex> units,
                          std::vector<std::int32_t>& scratch, std::vector<std::uint8_t>& mark, bool with_cut_vertices) {
  if (units.size() < 2) return {};
  Numbering num(units, scratch, mark);
  auto c = unit_window(g, wt, num);
  if (c.kind == Certificate::Kind::none && with_cut_vertices) c = cut_vertex(g, wt, num);
  return c;
}

ExactResult exact_plan(const UnitGraph& g, const Weights& wt, std::span<const UnitIndex> units,
                       std::vector<std::int32_t>& scratch, std::vector<std::uint8_t>& mark, Clock& clock,
                       std::int64_t node_budget, double seconds_budget) {
  ExactResult res;
  const std::size_t m = units.size();
  if (m == 0 || m > kExactMaxUnits || wt.A > 8) return res;
  // Breadth-first order from the westernmost unit: parts are taken on the
  // frontier, so the residual stays in one piece as long as it can.
  std::vector<UnitIndex> order;
  order.reserve(m);
  {
    Numbering num(units, scratch, mark);
    std::size_t start = 0;
    for (std::size_t i = 1; i < m; ++i)
      if (g.x()[sz(units[i])] < g.x()[sz(units[start])] ||
          (g.x()[sz(units[i])] == g.x()[sz(units[start])] && g.y()[sz(units[i])] < g.y()[sz(units[start])]))
        start = i;
    mark[sz(units[start])] = 2;
    order.push_back(units[start]);
    for (std::size_t h = 0; h < order.size(); ++h)
      for (UnitIndex v : g.neighbors(order[h]))
        if (mark[sz(v)] == 1) {
          mark[sz(v)] = 2;
          order.push_back(v);
        }
    for (std::size_t i = 0; i < m; ++i)
      if (mark[sz(units[i])] == 1) order.push_back(units[i]);  // not connected: kept, the search still decides
  }
  Numbering num(order, scratch, mark);
  Search s(wt, clock);
  s.m = static_cast<int>(m);
  s.A = wt.A;
  s.budget = node_budget;
  s.until = std::chrono::steady_clock::now() +
            std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds_budget));
  s.nb.assign(m, Bits{});
  s.w.assign(m * sz(wt.A), 0.0);
  Bits all{};
  for (std::size_t i = 0; i < m; ++i) {
    set(all, static_cast<int>(i));
    for (UnitIndex v : g.neighbors(order[i]))
      if (num.in(v)) set(s.nb[i], scratch[sz(v)]);
    for (int a = 0; a < wt.A; ++a) s.w[i * sz(wt.A) + sz(a)] = wt.w(order[i], a);
  }
  const bool ok = s.solve(all);
  res.nodes = s.nodes;
  if (ok) {
    res.status = ExactResult::Status::found;
    for (const auto& p : s.parts) {
      std::vector<UnitIndex> part;
      each(p, [&](int i) { part.push_back(order[sz(i)]); });
      res.parts.push_back(std::move(part));
    }
  } else {
    res.status = s.out ? ExactResult::Status::undecided : ExactResult::Status::none;
  }
  return res;
}

}  // namespace gridgov::detail

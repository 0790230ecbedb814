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
    // Light units (at most max - min): growing a set below the minimum by
    // one never passes the maximum. A unit lies in a window when it and the
    // light components next to it (or its own) reach the minimum: grown
    // from it in breadth-first order, the set reaches the minimum below the
    // maximum. Only the units this misses are searched.
    const std::size_t m = us.size();
    std::vector<std::int32_t> lc(m, -1);
    std::vector<double> lt;
    {
      std::vector<std::int32_t> queue;
      for (std::size_t i = 0; i < m; ++i) {
        if (lc[i] >= 0 || wt.w(us[i], a) > hi - lo) continue;
        const auto comp = static_cast<std::int32_t>(lt.size());
        lt.push_back(0.0);
        lc[i] = comp;
        queue.assign(1, static_cast<std::int32_t>(i));
        for (std::size_t h = 0; h < queue.size(); ++h) {
          const auto x = us[sz(queue[h])];
          lt[sz(comp)] += wt.w(x, a);
          for (UnitIndex v : g.neighbors(x)) {
            if (!num.in(v)) continue;
            const auto lv = num.scratch[sz(v)];
            if (lc[sz(lv)] < 0 && wt.w(v, a) <= hi - lo) {
              lc[sz(lv)] = comp;
              queue.push_back(lv);
            }
          }
        }
      }
    }
    std::vector<std::int32_t> seen;
    auto reaches = [&](UnitIndex u) {
      const auto i = sz(num.scratch[sz(u)]);
      if (lc[i] >= 0) return !wt.below_min(lt[sz(lc[i])], sz(a));
      double t = wt.w(u, a);
      seen.clear();
      for (UnitIndex v : g.neighbors(u)) {
        if (!num.in(v)) continue;
        const auto comp = lc[sz(num.scratch[sz(v)])];
        if (comp < 0 || std::find(seen.begin(), seen.end(), comp) != seen.end()) continue;
        seen.push_back(comp);
        t += lt[sz(comp)];
      }
      return !wt.below_min(t, sz(a));
    };
    std::int64_t piece_budget = 400'000;
    for (UnitIndex u : us) {
      const double wu = wt.w(u, a);
      if (!wt.below_min(wu, sz(a))) continue;  // alone within (units above the maximum are fixed grids)
      if (reaches(u)) continue;
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
// The complete search on bitsets of N words (N * 64 units).
template <std::size_t N>
using BitsN = std::array<std::uint64_t, N>;

struct BitsHash {
  template <std::size_t N>
  std::size_t operator()(const BitsN<N>& b) const noexcept {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (auto w : b) {
      h ^= w + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
      h *= 0xff51afd7ed558ccdULL;
    }
    return static_cast<std::size_t>(h ^ (h >> 33));
  }
};

template <std::size_t N>
inline bool empty(const BitsN<N>& b) noexcept {
  std::uint64_t o = 0;
  for (auto w : b) o |= w;
  return o == 0;
}
template <std::size_t N>
inline int lowest(const BitsN<N>& b) noexcept {
  for (std::size_t i = 0; i < N; ++i)
    if (b[i]) return static_cast<int>(i) * 64 + std::countr_zero(b[i]);
  return -1;
}
template <std::size_t N>
inline void set(BitsN<N>& b, int i) noexcept {
  b[sz(i >> 6)] |= std::uint64_t{1} << (i & 63);
}
template <std::size_t N>
inline BitsN<N> operator&(const BitsN<N>& x, const BitsN<N>& y) noexcept {
  BitsN<N> r;
  for (std::size_t i = 0; i < N; ++i) r[i] = x[i] & y[i];
  return r;
}
template <std::size_t N>
inline BitsN<N> operator|(const BitsN<N>& x, const BitsN<N>& y) noexcept {
  BitsN<N> r;
  for (std::size_t i = 0; i < N; ++i) r[i] = x[i] | y[i];
  return r;
}
template <std::size_t N>
inline BitsN<N> andnot(const BitsN<N>& x, const BitsN<N>& y) noexcept {
  BitsN<N> r;
  for (std::size_t i = 0; i < N; ++i) r[i] = x[i] & ~y[i];
  return r;
}
template <std::size_t N, class F>
inline void each(const BitsN<N>& b, F&& f) {
  for (std::size_t i = 0; i < N; ++i) {
    std::uint64_t w = b[i];
    while (w) {
      f(static_cast<int>(i) * 64 + std::countr_zero(w));
      w &= w - 1;
    }
  }
}

template <std::size_t N>
struct Search {
  using Bits = BitsN<N>;
  const Weights& wt;
  Clock& clock;
  int m = 0, A = 0;
  std::vector<Bits> nb;
  std::vector<double> w;  // m*A
  std::vector<Bits> parts;
  std::unordered_set<Bits, BitsHash> failed;
  std::int64_t nodes = 0, budget = 0;
  std::chrono::steady_clock::time_point until;
  bool out = false;      // out of budget or time: no decision
  bool time_capped = false;  // stopped by the wall-clock cap before the node budget (machine-dependent)
  bool restart = false;  // this run's node limit reached: stop, start again
  std::int64_t run_nodes = 0, run_limit = std::numeric_limits<std::int64_t>::max();
  std::uint64_t rng = 0;  // 0: extensions in index order; else their random order (splitmix64)
  bool dynamic = true;    // branch on the most constrained unit of the residual's edge
  Bits full{};            // the whole piece
  std::int64_t dyn_cap = 16;  // sets counted per candidate (16 did best on the chunky corpus)

  Search(const Weights& wt_, Clock& clock_) : wt(wt_), clock(clock_) {}

  [[nodiscard]] bool stopped() const noexcept { return out || restart; }
  double fraction = 0;  // progress reported while searching
  bool tick() {
    if (++nodes > budget) out = true;
    if (++run_nodes > run_limit) restart = true;
    if ((nodes & 1023) == 0 && (clock.expired() || std::chrono::steady_clock::now() > until)) out = time_capped = true;
    if ((nodes & 16383) == 0) clock.report(fraction, "proof");  // may throw Interrupted
    return stopped();
  }
  // The next number of the run's stream (splitmix64).
  std::uint64_t next_random() {
    rng += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = rng;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // A random number below n (n > 0) from the run's stream.
  std::size_t random(std::size_t n) { return static_cast<std::size_t>(next_random() % n); }
  // The next extension to try: the lowest bit, or a random one.
  int pick(const Bits& ext) {
    if (rng == 0) return lowest(ext);
    const std::uint64_t z = next_random();
    int count = 0;
    for (auto x : ext) count += std::popcount(x);
    int k = static_cast<int>(z % static_cast<std::uint64_t>(count));
    for (int i = 0; i < static_cast<int>(N); ++i) {
      const int c = std::popcount(ext[sz(i)]);
      if (k < c) {
        std::uint64_t x = ext[sz(i)];
        for (int j = 0; j < k; ++j) x &= x - 1;
        return i * 64 + std::countr_zero(x);
      }
      k -= c;
    }
    return lowest(ext);
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

  // The totals of unit v alone; `in`: within every bound.
  std::array<double, 8> unit_totals(int v, bool& in) const {
    std::array<double, 8> t{};
    in = true;
    for (int a = 0; a < A; ++a) {
      t[sz(a)] = w[sz(v) * sz(A) + sz(a)];
      in = in && wt.within(t[sz(a)], sz(a));
    }
    return t;
  }
  // The totals t with unit x added; `over`: some total above its maximum;
  // `in`: every total within its bounds.
  std::array<double, 8> plus_unit(const std::array<double, 8>& t, int x, bool& over, bool& in) const {
    auto t2 = t;
    over = false;
    in = true;
    for (int a = 0; a < A; ++a) {
      t2[sz(a)] += w[sz(x) * sz(A) + sz(a)];
      over = over || wt.above_max(t2[sz(a)], sz(a));
      in = in && wt.within(t2[sz(a)], sz(a));
    }
    return t2;
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
          if (!stopped()) remember(rem);
          return false;
        }
      return true;
    }
    if (solve_one(rem)) return true;
    if (!stopped()) remember(rem);
    return false;
  }

  void remember(const Bits& rem) {
    if (failed.size() < 2'000'000) failed.insert(rem);
  }

  // Parts holding the lowest unit of rem (a connected set, or the residual
  // of a split when components were too many to list).
  bool solve_one(const Bits& rem) {
    if (empty(rem)) return true;
    int r = lowest(rem);
    if (dynamic) {
      // fail first: of the units on the residual's edge (and the lowest),
      // the one in the fewest windows of the residual
      Bits edge{};
      each(andnot(full, rem), [&](int i) { edge = edge | nb[sz(i)]; });
      edge = edge & rem;
      std::int64_t best = count_windows(r, rem, dyn_cap);
      each(edge, [&](int v) {
        if (best <= 1 || v == r) return;
        const auto c = count_windows(v, rem, dyn_cap);
        if (c < best) {
          best = c;
          r = v;
        }
      });
      if (best == 0) return false;
    }
    Bits S{};
    set(S, r);
    bool in = false;
    return grow(S, andnot(nb[sz(r)] & rem, S), Bits{}, rem, unit_totals(r, in));
  }

  // Does unit v lie in some connected set within the bounds inside rem?
  // A bounded search (true when the budget runs out: no claim).
  bool fits(int v, const Bits& rem) {
    bool in = false;
    const auto t = unit_totals(v, in);
    if (in) return true;
    Bits S{};
    set(S, v);
    std::int64_t steps = 64;
    return fits_grow(S, andnot(nb[sz(v)] & rem, S), Bits{}, rem, t, steps);
  }
  bool fits_grow(const Bits& S, Bits ext, Bits excl, const Bits& rem, const std::array<double, 8>& t,
                 std::int64_t& steps) {
    while (!empty(ext)) {
      if (--steps < 0) return true;
      const int x = lowest(ext);
      Bits xb{};
      set(xb, x);
      ext = andnot(ext, xb);
      bool over = false, in = false;
      const auto t2 = plus_unit(t, x, over, in);
      if (in) return true;
      if (!over) {
        const Bits S2 = S | xb;
        if (fits_grow(S2, andnot(ext | (nb[sz(x)] & rem), S2 | excl), excl, rem, t2, steps)) return true;
      }
      excl = excl | xb;
    }
    return false;
  }
  // Windows holding v inside rem, counted up to `steps` sets.
  std::int64_t count_windows(int v, const Bits& rem, std::int64_t steps) {
    bool in = false;
    const auto t = unit_totals(v, in);
    Bits S{};
    set(S, v);
    std::int64_t count = in ? 1 : 0;
    count_grow(S, andnot(nb[sz(v)] & rem, S), Bits{}, rem, t, steps, count);
    return count;
  }
  void count_grow(const Bits& S, Bits ext, Bits excl, const Bits& rem, const std::array<double, 8>& t,
                  std::int64_t& steps, std::int64_t& count) {
    while (!empty(ext) && steps > 0) {
      --steps;
      const int x = lowest(ext);
      Bits xb{};
      set(xb, x);
      ext = andnot(ext, xb);
      bool over = false, in = false;
      const auto t2 = plus_unit(t, x, over, in);
      if (!over) {
        if (in) ++count;
        const Bits S2 = S | xb;
        count_grow(S2, andnot(ext | (nb[sz(x)] & rem), S2 | excl), excl, rem, t2, steps, count);
      }
      excl = excl | xb;
    }
  }

  // Every unit next to part S still lies in a window of the residual.
  bool border_fits(const Bits& S, const Bits& rem) {
    Bits border{};
    each(S, [&](int i) { border = border | nb[sz(i)]; });
    border = andnot(border & rem, S);
    bool ok = true;
    each(border, [&](int v) { ok = ok && fits(v, andnot(rem, S)); });
    return ok;
  }

  bool grow(const Bits& S, Bits ext, Bits excl, const Bits& rem, const std::array<double, 8>& t) {
    if (tick()) return false;
    bool in = true;
    for (int a = 0; a < A && in; ++a) in = wt.within(t[sz(a)], sz(a));
    if (in && border_fits(S, rem)) {
      if (solve(andnot(rem, S))) {
        parts.push_back(S);
        return true;
      }
      if (stopped()) return false;
    }
    while (!empty(ext)) {
      const int x = pick(ext);
      Bits xb{};
      set(xb, x);
      ext = andnot(ext, xb);
      bool over = false, within = false;
      const auto t2 = plus_unit(t, x, over, within);
      if (!over) {
        const Bits S2 = S | xb;
        const Bits next = andnot(ext | (nb[sz(x)] & rem), S2 | excl);
        if (grow(S2, next, excl, rem, t2)) return true;
        if (stopped()) return false;
      }
      excl = excl | xb;
    }
    return false;
  }
};

// Exact cover over all windows (connected sets within the bounds), when
// they are few enough to list: Knuth's dancing links, branching on the unit
// held by the fewest windows left, residual components that admit no count
// pruned and failed residual sets remembered (a residual determines the
// windows left: those inside it).
template <std::size_t N>
struct Cover {
  using Bits = BitsN<N>;
  Search<N>& s;
  int m = 0;
  std::vector<Bits> rows;
  std::vector<std::int32_t> L, R, U, D, C, row_of, S;
  std::vector<std::int32_t> row_node;  // first node of each row
  std::vector<std::uint8_t> removed;   // rows removed by probing
  std::vector<std::int32_t> chosen;
  Bits rem{};
  std::unordered_set<Bits, BitsHash> failed;

  explicit Cover(Search<N>& s_) : s(s_), m(s_.m) {}

  // Lists every window (grown from its unit of lowest index); false when
  // more than max_rows or max_steps.
  bool list_windows(std::size_t max_rows, std::int64_t max_steps) {
    std::int64_t steps = max_steps;
    for (int r = 0; r < m; ++r) {
      Bits allowed = s.full;
      for (int i = 0; i < r; ++i) allowed[sz(i >> 6)] &= ~(std::uint64_t{1} << (i & 63));
      bool in = false;
      const auto t = s.unit_totals(r, in);
      Bits S0{};
      set(S0, r);
      if (in) rows.push_back(S0);
      if (!enumerate(S0, andnot(s.nb[sz(r)] & allowed, S0), Bits{}, allowed, t, steps, max_rows)) return false;
    }
    return true;
  }
  bool enumerate(const Bits& S0, Bits ext, Bits excl, const Bits& allowed, const std::array<double, 8>& t,
                 std::int64_t& steps, std::size_t max_rows) {
    while (!empty(ext)) {
      if (--steps < 0 || rows.size() > max_rows) return false;
      const int x = lowest(ext);
      Bits xb{};
      set(xb, x);
      ext = andnot(ext, xb);
      bool over = false, in = false;
      const auto t2 = s.plus_unit(t, x, over, in);
      if (!over) {
        const Bits S2 = S0 | xb;
        if (in) rows.push_back(S2);
        if (!enumerate(S2, andnot(ext | (s.nb[sz(x)] & allowed), S2 | excl), excl, allowed, t2, steps, max_rows))
          return false;
      }
      excl = excl | xb;
    }
    return true;
  }

  void build() {
    const auto cols = sz(m) + 1;
    std::size_t nodes = cols;
    for (const auto& r : rows)
      for (auto x : r) nodes += sz(std::popcount(x));
    L.resize(nodes);
    R.resize(nodes);
    U.resize(nodes);
    D.resize(nodes);
    C.resize(nodes);
    row_of.assign(nodes, -1);
    S.assign(cols, 0);
    for (std::size_t c = 0; c < cols; ++c) {
      L[c] = static_cast<std::int32_t>(c == 0 ? cols - 1 : c - 1);
      R[c] = static_cast<std::int32_t>(c + 1 == cols ? 0 : c + 1);
      U[c] = D[c] = C[c] = static_cast<std::int32_t>(c);
    }
    auto k = static_cast<std::int32_t>(cols);
    row_node.assign(rows.size(), -1);
    removed.assign(rows.size(), 0);
    for (std::size_t ri = 0; ri < rows.size(); ++ri) {
      row_node[ri] = k;
      std::int32_t first = -1;
      each(rows[ri], [&](int i) {
        const std::int32_t c = i + 1;
        C[sz(k)] = c;
        row_of[sz(k)] = static_cast<std::int32_t>(ri);
        U[sz(k)] = U[sz(c)];
        D[sz(k)] = c;
        D[sz(U[sz(c)])] = k;
        U[sz(c)] = k;
        ++S[sz(c)];
        if (first < 0) {
          first = k;
          L[sz(k)] = R[sz(k)] = k;
        } else {
          L[sz(k)] = L[sz(first)];
          R[sz(k)] = first;
          R[sz(L[sz(first)])] = k;
          L[sz(first)] = k;
        }
        ++k;
      });
    }
    rem = s.full;
  }

  void cover(std::int32_t c) {
    L[sz(R[sz(c)])] = L[sz(c)];
    R[sz(L[sz(c)])] = R[sz(c)];
    for (auto i = D[sz(c)]; i != c; i = D[sz(i)])
      for (auto j = R[sz(i)]; j != i; j = R[sz(j)]) {
        U[sz(D[sz(j)])] = U[sz(j)];
        D[sz(U[sz(j)])] = D[sz(j)];
        --S[sz(C[sz(j)])];
      }
  }
  void uncover(std::int32_t c) {
    for (auto i = U[sz(c)]; i != c; i = U[sz(i)])
      for (auto j = L[sz(i)]; j != i; j = L[sz(j)]) {
        ++S[sz(C[sz(j)])];
        U[sz(D[sz(j)])] = j;
        D[sz(U[sz(j)])] = j;
      }
    L[sz(R[sz(c)])] = c;
    R[sz(L[sz(c)])] = c;
  }

  // Selects the row of node r: covers its columns (pushed on `stack`).
  void select(std::int32_t r, std::vector<std::int32_t>& stack) {
    cover(C[sz(r)]);
    stack.push_back(C[sz(r)]);
    for (auto j = R[sz(r)]; j != r; j = R[sz(j)]) {
      cover(C[sz(j)]);
      stack.push_back(C[sz(j)]);
    }
  }
  void undo(std::vector<std::int32_t>& stack, std::size_t to) {
    while (stack.size() > to) {
      uncover(stack.back());
      stack.pop_back();
    }
  }
  // Forced rows (of units held by one window left) taken to a fixpoint;
  // false on a unit held by none.
  bool propagate(std::vector<std::int32_t>& stack) {
    for (;;) {
      if (R[0] == 0) return true;
      std::int32_t c = R[0];
      for (auto j = R[0]; j != 0 && S[sz(c)] > 0; j = R[sz(j)])
        if (S[sz(j)] < S[sz(c)]) c = j;
      if (S[sz(c)] == 0) return false;
      if (S[sz(c)] > 1) return true;
      select(D[sz(c)], stack);
    }
  }
  // Failed windows: a window whose choice, with the forced windows that
  // follow, leaves a unit in no window is in no plan; removed for good,
  // to a fixpoint. Bounded by the search's node budget.
  void probe() {
    std::vector<std::int32_t> stack;
    for (bool changed = true; changed && !s.stopped();) {
      changed = false;
      for (std::size_t ri = 0; ri < rows.size() && !s.stopped(); ++ri) {
        const auto r = row_node[ri];
        if (removed[ri]) continue;
        if (s.tick()) break;
        select(r, stack);
        const bool ok = propagate(stack);
        undo(stack, 0);
        if (ok) continue;
        // unlink the row from its columns
        auto j = r;
        do {
          U[sz(D[sz(j)])] = U[sz(j)];
          D[sz(U[sz(j)])] = D[sz(j)];
          --S[sz(C[sz(j)])];
          j = R[sz(j)];
        } while (j != r);
        removed[ri] = 1;
        changed = true;
      }
    }
  }

  bool search() {
    if (R[0] == 0) return true;
    if (s.tick()) return false;
    if (failed.count(rem)) return false;
    // residual components must each admit a whole number of parts
    {
      Bits left = rem;
      while (!empty(left)) {
        const Bits comp = s.component(rem, lowest(left));
        left = andnot(left, comp);
        if (!s.admits_count(comp)) {
          remember();
          return false;
        }
      }
    }
    std::int32_t c = R[0];
    std::int32_t ties = 1;
    for (auto j = R[sz(R[0])]; j != 0; j = R[sz(j)]) {
      if (S[sz(j)] < S[sz(c)]) {
        c = j;
        ties = 1;
      } else if (S[sz(j)] == S[sz(c)] && s.rng != 0 && s.random(sz(++ties)) == 0) {
        c = j;  // reservoir sampling among the ties
      }
    }
    if (S[sz(c)] == 0) {
      remember();
      return false;
    }
    const std::int32_t rows_here = S[sz(c)];
    cover(c);
    // rows in order, from a random one in the runs after the first
    std::int32_t start = D[sz(c)];
    if (s.rng != 0)
      for (auto k = s.random(sz(S[sz(c)])); k > 0; --k) start = D[sz(start)];
    for (auto r = start, n_tried = 0; n_tried < rows_here; r = D[sz(r)] == c ? D[sz(c)] : D[sz(r)], ++n_tried) {
      const Bits& row = rows[sz(row_of[sz(r)])];
      chosen.push_back(row_of[sz(r)]);
      const Bits keep = rem;
      rem = andnot(rem, row);
      for (auto j = R[sz(r)]; j != r; j = R[sz(j)]) cover(C[sz(j)]);
      if (search()) return true;
      for (auto j = L[sz(r)]; j != r; j = L[sz(j)]) uncover(C[sz(j)]);
      rem = keep;
      chosen.pop_back();
      if (s.stopped()) break;
    }
    uncover(c);
    if (!s.stopped()) remember();
    return false;
  }
  void remember() {
    if (failed.size() < 2'000'000) failed.insert(rem);
  }
};

}  // namespace

Certificate certify_piece(const UnitGraph& g, const Weights& wt, std::span<const UnitIndex> units,
                          std::vector<std::int32_t>& scratch, std::vector<std::uint8_t>& mark, bool with_cut_vertices,
                          double min_heavy_share) {
  if (units.size() < 2) return {};
  // Units above max - min, per attribute: without them no unit fails the
  // window check; with too few of them (below min_heavy_share) it is left
  // for later (certificates only shortcut the search).
  bool worth = with_cut_vertices;
  for (int a = 0; a < wt.A && !worth; ++a) {
    const double lo = wt.lo[sz(a)], hi = wt.hi[sz(a)];
    if (!std::isfinite(hi) || lo <= 0) continue;
    const auto col = wt.col[sz(a)];
    std::size_t heavy = 0;
    for (auto u : units) heavy += col[sz(u)] > hi - lo ? 1 : 0;
    worth = heavy > 0 && static_cast<double>(heavy) >= min_heavy_share * static_cast<double>(units.size());
  }
  if (!worth) return {};
  Numbering num(units, scratch, mark);
  auto c = unit_window(g, wt, num);
  if (c.kind == Certificate::Kind::none && with_cut_vertices) c = cut_vertex(g, wt, num);
  return c;
}

template <std::size_t N>
void run_exact(const UnitGraph& g, const Weights& wt, std::vector<UnitIndex>& order, std::vector<std::int32_t>& scratch,
               std::vector<std::uint8_t>& mark, Clock& clock, std::int64_t node_budget, double seconds_budget,
               std::size_t max_windows, double fraction, ExactResult& res) {
  using Bits = BitsN<N>;
  const std::size_t m = order.size();
  Search<N> s(wt, clock);
  s.m = static_cast<int>(m);
  s.A = wt.A;
  s.fraction = fraction;
  s.budget = node_budget;
  s.until = std::chrono::steady_clock::now() +
            std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds_budget));
  Bits all{};
  for (std::size_t i = 0; i < m; ++i) set(all, static_cast<int>(i));
  s.full = all;
  auto build = [&] {
    Numbering num(order, scratch, mark);
    s.nb.assign(m, Bits{});
    s.w.assign(m * sz(wt.A), 0.0);
    for (std::size_t i = 0; i < m; ++i) {
      for (UnitIndex v : g.neighbors(order[i]))
        if (num.in(v)) set(s.nb[i], scratch[sz(v)]);
      for (int a = 0; a < wt.A; ++a) s.w[i * sz(wt.A) + sz(a)] = wt.w(order[i], a);
    }
  };
  build();
  // Fail first: the search branches on the part holding the unassigned unit
  // of lowest index, so units are renumbered by the windows that hold them
  // (fewest first), breadth-first order breaking ties. Any unit would do
  // for completeness; the most constrained one refutes soonest.
  {
    std::vector<std::int64_t> windows(m);
    for (std::size_t i = 0; i < m; ++i) windows[i] = s.count_windows(static_cast<int>(i), all, 2000);
    std::vector<std::size_t> idx(m);
    for (std::size_t i = 0; i < m; ++i) idx[i] = i;
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t x, std::size_t y) { return windows[x] < windows[y]; });
    std::vector<UnitIndex> reordered(m);
    for (std::size_t i = 0; i < m; ++i) reordered[i] = order[idx[i]];
    order = std::move(reordered);
    build();
  }
  // Where the windows are few enough to list: the exact cover. Else runs of
  // growing node limits of the part-growing search, the first in index
  // order, the others in random orders; residual sets proven to fail are
  // kept from run to run (they fail in any order), so the last run is
  // complete within the budget.
  bool ok = false;
  bool covered = false;
  {
    Cover<N> cv(s);
    if (max_windows > 0 && cv.list_windows(max_windows, 4'000'000)) {
      covered = true;
      cv.build();
      cv.probe();
      for (std::uint64_t run = 0; !s.out; ++run) {
        s.restart = false;
        s.run_nodes = 0;
        s.run_limit = std::int64_t{1000} << std::min<std::uint64_t>(run, 40);
        s.rng = run == 0 ? 0 : 0x5eed0000ULL + run;
        cv.chosen.clear();
        ok = cv.search();
        if (ok || !s.restart) break;
      }
      if (ok)
        for (auto ri : cv.chosen) s.parts.push_back(cv.rows[sz(ri)]);
    }
  }
  for (std::uint64_t run = 0; !covered; ++run) {
    s.restart = false;
    s.run_nodes = 0;
    s.run_limit = std::int64_t{2000} << std::min<std::uint64_t>(run, 40);
    s.rng = run == 0 ? 0 : 0x5eed0000ULL + run;
    s.parts.clear();
    ok = s.solve(all);
    if (ok || !s.restart || s.out) break;
  }
  res.nodes = s.nodes;
  res.time_capped = !ok && s.time_capped;
  if (ok) {
    res.status = ExactResult::Status::found;
    for (const auto& p : s.parts) {
      std::vector<UnitIndex> part;
      each(p, [&](int i) { part.push_back(order[sz(i)]); });
      res.parts.push_back(std::move(part));
    }
  } else {
    // a proof only when the last run was complete
    res.status = s.stopped() ? ExactResult::Status::undecided : ExactResult::Status::none;
  }
}

ExactResult exact_plan(const UnitGraph& g, const Weights& wt, std::span<const UnitIndex> units,
                       std::vector<std::int32_t>& scratch, std::vector<std::uint8_t>& mark, Clock& clock,
                       std::int64_t node_budget, double seconds_budget, std::size_t max_windows, double fraction) {
  ExactResult res;
  const std::size_t m = units.size();
  if (m == 0 || m > kExactMaxUnits || wt.A > 8) return res;
  clock.report(fraction, "proof");
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
  if (m <= 256) run_exact<4>(g, wt, order, scratch, mark, clock, node_budget, seconds_budget, max_windows, fraction, res);
  else run_exact<8>(g, wt, order, scratch, mark, clock, node_budget, seconds_budget, max_windows, fraction, res);
  return res;
}

}  // namespace gridgov::detail

// Recursive bisection on sweep-line spanning trees (see detail/split.hpp).
#include <algorithm>
#include <cmath>
#include <numeric>

#include "partition/split.hpp"

namespace gridgov::detail {

Splitter::Splitter(const UnitGraph& g, const Weights& wt, Clock& clock, double compactness, std::uint64_t seed)
    : g_(g), wt_(wt), clock_(clock), compactness_(std::clamp(compactness, 0.0, 1.0)), seed_(seed), A_(wt.A) {
  const auto n = sz(g.size());
  for (int a = 0; a < A_; ++a) {
    inv_lo_.push_back(wt.lo[sz(a)] > 0 ? 1.0 / wt.lo[sz(a)] : 0.0);  // floor_mul does not use it for 0
    inv_hi_.push_back(1.0 / wt.hi[sz(a)]);                             // validated > 0; 0 for an infinite maximum
  }
  loc_.assign(n, 0);
  in_a_.assign(n, 0);
  stamp_.assign(n, 0);
}

void Splitter::k1_range(const double* w, std::int64_t c, const double* W, std::int64_t C, std::int64_t k,
                        std::int64_t& lo, std::int64_t& hi) const {
  k1_range_t<0>(w, c, W, C, k, lo, hi);
}

void Splitter::choose_k1(const double* w, std::int64_t c, const double* W, std::int64_t C, std::int64_t k,
                         bool lenient, std::int64_t& k1, double& score) const {
  choose_k1_t<0>(w, c, W, C, k, lenient, k1, score);
}

template <std::size_t AN>
inline void Splitter::k1_range_t(const double* w, std::int64_t c, const double* W, std::int64_t C, std::int64_t k,
                                 std::int64_t& lo, std::int64_t& hi) const {
  const int nA = AN > 0 ? static_cast<int>(AN) : A_;
  const double tol = wt_.tol;
  lo = std::max<std::int64_t>(1, k - (C - c));
  hi = std::min<std::int64_t>(k - 1, c);
  for (int a = 0; a < nA && lo <= hi; ++a) {
    const double lo_a = wt_.lo[sz(a)], hi_a = wt_.hi[sz(a)];
    const double inv_lo = inv_lo_[sz(a)], inv_hi = inv_hi_[sz(a)];
    const double wa = w[a], ra = W[a] - w[a];
    lo = std::max(lo, ceil_mul(wa, hi_a, inv_hi, tol));
    lo = std::max(lo, k - floor_mul(ra, lo_a, inv_lo, tol));
    hi = std::min(hi, floor_mul(wa, lo_a, inv_lo, tol));
    hi = std::min(hi, k - ceil_mul(ra, hi_a, inv_hi, tol));
  }
}

template <std::size_t AN>
inline void Splitter::choose_k1_t(const double* w, std::int64_t c, const double* W, std::int64_t C, std::int64_t k,
                                  bool lenient, std::int64_t& k1, double& score) const {
  std::int64_t lo = 0, hi = 0;
  k1_range_t<AN>(w, c, W, C, k, lo, hi);
  const bool byweight = W[0] > 0;
  const double tot = byweight ? W[0] : static_cast<double>(C);
  const double x = byweight ? w[0] : static_cast<double>(c);
  const double unit = tot / static_cast<double>(k);
  const double share = x / unit;
  if (lo <= hi) {
    const std::int64_t h1 = std::clamp<std::int64_t>(k / 2, lo, hi);
    const std::int64_t h2 = std::clamp<std::int64_t>((k + 1) / 2, lo, hi);
    k1 = std::abs(static_cast<double>(h1) - share) <= std::abs(static_cast<double>(h2) - share) ? h1 : h2;
    const double dev = std::abs(x - static_cast<double>(k1) * unit) / unit;
    const auto kbal = static_cast<double>(std::max<std::int64_t>(0, std::abs(2 * k1 - k) - (k % 2))) / 2.0;
    score = (1.0 - compactness_) * dev + 0.5 * kbal;
    return;
  }
  k1 = 0;
  if (!lenient) return;
  const std::int64_t kp = std::clamp<std::int64_t>(std::llround(share), 1, k - 1);
  double best = 0;
  for (std::int64_t j = kp - 1; j <= kp + 1; ++j) {
    if (j < 1 || j > k - 1 || j > c || k - j > C - c) continue;
    double v = 0;
    for (int a = 0; a < A_; ++a) {
      const double lo_a = wt_.lo[sz(a)], hi_a = wt_.hi[sz(a)];
      v += static_cast<double>(j) * violation(w[a] / static_cast<double>(j), lo_a, hi_a);
      v += static_cast<double>(k - j) * violation((W[a] - w[a]) / static_cast<double>(k - j), lo_a, hi_a);
    }
    const double dev = std::abs(x - static_cast<double>(j) * unit) / unit;
    const double s = 1000.0 * v + dev;
    if (k1 == 0 || s < best) {
      k1 = j;
      best = s;
    }
  }
  score = best;
}

void Splitter::build_local(std::size_t b, std::size_t e) {
  const std::size_t m = e - b;
  const std::size_t A = sz(A_);
  ++cur_stamp_;
  const auto off = g_.offsets();
  const auto tgt = g_.targets();
  std::size_t bound = 0;  // global degree sum: room for the local lists
  for (std::size_t i = 0; i < m; ++i) {
    const auto u = sz(ord_[0][b + i]);
    loc_[u] = static_cast<std::int32_t>(i);
    stamp_[u] = cur_stamp_;
    bound += sz(off[u + 1] - off[u]);
  }
  loff_.resize(m + 1);
  if (ladj_.size() < bound) ladj_.resize(bound);
  lw_.resize(m * A);
  W_.assign(A, 0.0);
  loff_[0] = 0;
  std::int32_t* const adj = ladj_.data();
  std::int64_t k = 0;
  for (std::size_t i = 0; i < m; ++i) {
    const auto u = sz(ord_[0][b + i]);
    for (auto j = off[u]; j < off[u + 1]; ++j) {
      const auto v = sz(tgt[sz(j)]);
      if (stamp_[v] == cur_stamp_) adj[k++] = loc_[v];
    }
    loff_[i + 1] = k;
    for (std::size_t a = 0; a < A; ++a) {
      const double w = wt_.col[a][u];
      lw_[i * A + a] = w;
      W_[a] += w;
    }
  }
  dsu_.resize(m);
  cw_.resize(m * A);
  cc_.resize(m);
  cb_.resize(m);
  added_.resize(m);
  pos_.resize(m);
}

// One sweep in direction `dir`: the best admissible cut, or v = -1. AN is
// the number of attributes when known at compile time (0: A_ at run time).
template <std::size_t AN>
Splitter::Cand Splitter::sweep_dir(std::size_t b, std::size_t e, std::int64_t k, bool lenient, int dir, bool windowed,
                                   double wlo, double whi, double norm) {
  const std::size_t m = e - b;
  const auto C = static_cast<std::int64_t>(m);
  const std::size_t A = AN > 0 ? AN : sz(A_);
  const auto& ord = ord_[sz(dir / 2)];
  const bool back = (dir & 1) != 0;
  std::fill(added_.begin(), added_.end(), std::uint8_t{0});
  Cand best;
  for (std::size_t t = 0; t + 1 < m; ++t) {
    const UnitIndex u = ord[back ? e - 1 - t : b + t];
    const auto v = loc_[sz(u)];
    const auto vi = sz(v);
    dsu_[vi] = v;
    cc_[vi] = 1;
    cb_[vi] = 0;
    for (std::size_t a = 0; a < A; ++a) cw_[vi * A + a] = lw_[vi * A + a];
    std::int64_t na = 0;
    added_[vi] = 1;
    auto root = v;
    for (auto j = loff_[vi]; j < loff_[vi + 1]; ++j) {
      const auto x = ladj_[sz(j)];
      if (!added_[sz(x)]) continue;
      ++na;
      const auto r = find(x);
      if (r == root) continue;
      // union by size; totals and boundary live at the root
      auto big = root, small = r;
      if (cc_[sz(small)] > cc_[sz(big)]) std::swap(big, small);
      dsu_[sz(small)] = big;
      for (std::size_t a = 0; a < A; ++a) cw_[sz(big) * A + a] += cw_[sz(small) * A + a];
      cc_[sz(big)] += cc_[sz(small)];
      cb_[sz(big)] += cb_[sz(small)];
      root = big;
    }
    // v's edges to later units are new boundary, those to earlier ones close
    cb_[sz(root)] += (loff_[vi + 1] - loff_[vi]) - 2 * na;
    const double w0 = cw_[sz(root) * A];
    if (windowed && (w0 < wlo || w0 > whi)) continue;
    std::int64_t k1 = 0;
    double score = 0;
    choose_k1_t<AN>(&cw_[sz(root) * A], cc_[sz(root)], W_.data(), C, k, lenient, k1, score);
    if (k1 <= 0) continue;
    score += compactness_ * static_cast<double>(cb_[sz(root)]) * norm;
    if (best.v < 0 || score < best.score) best = Cand{score, u, dir, k1};
  }
  return best;
}

void Splitter::window(std::int64_t k, double& wlo, double& whi) const {
  // Window of first-attribute totals worth scoring: the sides admissible
  // with k1 = floor(k/2) or ceil(k/2).
  const double lo0 = wt_.lo[0], hi0 = wt_.hi[0], W0 = W_[0];
  wlo = 1e300;
  whi = -1e300;
  for (std::int64_t k1 : {k / 2, (k + 1) / 2}) {
    const auto a1 = static_cast<double>(k1), a2 = static_cast<double>(k - k1);
    wlo = std::min(wlo, std::max(a1 * lo0, W0 - a2 * hi0));
    whi = std::max(whi, std::min(a1 * hi0, W0 - a2 * lo0));
  }
  const double slack = wt_.tol * (1.0 + std::abs(W0));  // partial sums in another order
  wlo -= slack;
  whi += slack;
}

Splitter::Cand Splitter::sweep(std::size_t b, std::size_t e, std::int64_t k, bool lenient, int angle, bool windowed) {
  double wlo = 0, whi = 0;
  window(k, wlo, whi);
  const double norm = 1.0 / std::sqrt(static_cast<double>(e - b));
  const int dir = angle * 2;
  return A_ == 1 ? sweep_dir<1>(b, e, k, lenient, dir, windowed, wlo, whi, norm)
                 : sweep_dir<0>(b, e, k, lenient, dir, windowed, wlo, whi, norm);
}

int Splitter::long_axis(std::size_t b, std::size_t e) const {
  // Orders are sorted by projection, so a range's extent along an angle is
  // the difference of its last and first projections.
  int best = 0;
  double best_extent = -1;
  for (int a = 0; a < kAngles; ++a) {
    const auto& ord = ord_[sz(a)];
    const double extent = project(a, ord[e - 1]) - project(a, ord[b]);
    if (extent > best_extent) {
      best = a;
      best_extent = extent;
    }
  }
  return best;
}

Splitter::Cand Splitter::Candidates::next(Splitter& s, std::size_t b, std::size_t e, std::int64_t k) {
  // Stages: every angle with the window (long axis first); only if none
  // gave a cut, every angle without it. A stage yields at most one cut.
  while (stage < 2 * kAngles) {
    const bool windowed = stage < kAngles;
    if (!windowed && found_windowed) break;
    const int angle = (first + stage) % kAngles;
    ++stage;
    const Cand c = s.sweep(b, e, k, lenient, angle, windowed);
    if (c.v >= 0) {
      found_windowed = found_windowed || windowed;
      return c;
    }
  }
  return Cand{};
}

void Splitter::extract_sweep(std::size_t b, std::size_t e, const Cand& c) {
  const std::size_t m = e - b;
  const auto& ord = ord_[sz(c.dir / 2)];
  const bool back = (c.dir & 1) != 0;
  for (std::size_t t = 0; t < m; ++t) {
    const auto u = ord[b + t];
    pos_[sz(loc_[sz(u)])] = static_cast<std::int32_t>(back ? m - 1 - t : t);
    in_a_[sz(u)] = 0;
  }
  const auto v = loc_[sz(c.v)];
  const auto pv = pos_[sz(v)];
  queue_.clear();
  queue_.push_back(v);
  std::fill(added_.begin(), added_.end(), std::uint8_t{0});
  added_[sz(v)] = 1;
  for (std::size_t h = 0; h < queue_.size(); ++h) {
    const auto x = sz(queue_[h]);
    for (auto j = loff_[x]; j < loff_[x + 1]; ++j) {
      const auto y = ladj_[sz(j)];
      if (!added_[sz(y)] && pos_[sz(y)] <= pv) {
        added_[sz(y)] = 1;
        queue_.push_back(y);
      }
    }
  }
  for (std::size_t t = 0; t < m; ++t) {
    const auto u = ord_[0][b + t];
    if (added_[t]) in_a_[sz(u)] = 1;  // local index t is ord_[0][b + t]
  }
}

void Splitter::apply_cut(std::size_t b, std::size_t e, std::size_t& mid) {
  tmp_.resize(e - b);
  for (auto& ord : ord_) {
    std::size_t na = 0;
    for (std::size_t i = b; i < e; ++i)
      if (in_a_[sz(ord[i])]) tmp_[na++] = ord[i];
    mid = b + na;
    for (std::size_t i = b; i < e; ++i)
      if (!in_a_[sz(ord[i])]) tmp_[na++] = ord[i];
    std::copy(tmp_.begin(), tmp_.begin() + static_cast<std::ptrdiff_t>(e - b), ord.begin() + static_cast<std::ptrdiff_t>(b));
  }
}

bool Splitter::random_tree_cut(std::size_t b, std::size_t e, std::int64_t k, int attempt, std::int64_t& k1out) {
  const std::size_t m = e - b;
  const std::size_t A = sz(A_);
  Rng rng(mix64(seed_ ^ (variant_ * 0x9E3779B97F4A7C15ull) ^ (static_cast<std::uint64_t>(attempt) << 32) ^ m));
  edges_.clear();
  for (std::size_t i = 0; i < m; ++i)
    for (auto j = loff_[i]; j < loff_[i + 1]; ++j)
      if (static_cast<std::size_t>(ladj_[sz(j)]) > i) edges_.emplace_back(static_cast<std::int32_t>(i), ladj_[sz(j)]);
  for (std::size_t i = edges_.size(); i > 1; --i)
    std::swap(edges_[i - 1], edges_[sz(rng.between(0, static_cast<std::int64_t>(i) - 1))]);
  for (std::size_t i = 0; i < m; ++i) dsu_[i] = static_cast<std::int32_t>(i);
  // tree adjacency in CSR (reuse pos_ as degree, parent_/order_ as storage)
  std::vector<std::pair<std::int32_t, std::int32_t>> tree;
  tree.reserve(m);
  for (auto [x, y] : edges_) {
    const auto rx = find(x), ry = find(y);
    if (rx == ry) continue;
    dsu_[sz(rx)] = ry;
    tree.emplace_back(x, y);
  }
  std::vector<std::int32_t> toff(m + 1, 0), tadj(2 * tree.size());
  for (auto [x, y] : tree) {
    ++toff[sz(x) + 1];
    ++toff[sz(y) + 1];
  }
  std::partial_sum(toff.begin(), toff.end(), toff.begin());
  {
    std::vector<std::int32_t> fill(toff.begin(), toff.end() - 1);
    for (auto [x, y] : tree) {
      tadj[sz(fill[sz(x)]++)] = y;
      tadj[sz(fill[sz(y)]++)] = x;
    }
  }
  parent_.assign(m, -1);
  order_.clear();
  order_.push_back(0);
  parent_[0] = 0;
  for (std::size_t h = 0; h < order_.size(); ++h) {
    const auto x = sz(order_[h]);
    for (auto j = toff[x]; j < toff[x + 1]; ++j) {
      const auto y = tadj[sz(j)];
      if (parent_[sz(y)] < 0) {
        parent_[sz(y)] = static_cast<std::int32_t>(x);
        order_.push_back(y);
      }
    }
  }
  if (order_.size() != m) return false;  // not connected (cannot happen for a piece)
  for (std::size_t i = 0; i < m * A; ++i) cw_[i] = lw_[i];
  std::fill(cc_.begin(), cc_.end(), 1);
  for (std::size_t t = m; t-- > 1;) {
    const auto x = sz(order_[t]);
    const auto p = sz(parent_[x]);
    for (std::size_t a = 0; a < A; ++a) cw_[p * A + a] += cw_[x * A + a];
    cc_[p] += cc_[x];
  }
  const auto C = static_cast<std::int64_t>(m);
  std::int32_t best = -1;
  double best_score = 0;
  std::int64_t best_k1 = 0;
  for (std::size_t t = 1; t < m; ++t) {
    const auto x = sz(order_[t]);
    std::int64_t k1 = 0;
    double s = 0;
    choose_k1(&cw_[x * A], cc_[x], W_.data(), C, k, false, k1, s);
    if (k1 > 0 && (best < 0 || s < best_score)) {
      best = static_cast<std::int32_t>(x);
      best_score = s;
      best_k1 = k1;
    }
  }
  if (best < 0) return false;
  std::fill(added_.begin(), added_.end(), std::uint8_t{0});
  for (std::size_t t = 0; t < m; ++t) {
    const auto x = sz(order_[t]);
    added_[x] = (static_cast<std::int32_t>(x) == best || (t > 0 && added_[sz(parent_[x])])) ? 1 : 0;
  }
  for (std::size_t t = 0; t < m; ++t) {
    const auto u = ord_[0][b + t];
    in_a_[sz(u)] = added_[sz(loc_[sz(u)])];
  }
  k1out = best_k1;
  return true;
}

bool Splitter::close_complement(std::size_t b, std::size_t e, std::int64_t k, bool lenient, std::int64_t& k1) {
  // added_ (local, as extract_sweep left it) marks a connected side A. If
  // the rest falls apart, every piece of it but the heaviest joins A (each
  // touches A, so A stays connected); in_a_ receives the result.
  const std::size_t m = e - b;
  const std::size_t A = sz(A_);
  std::fill(pos_.begin(), pos_.end(), -1);  // complement component per local vertex
  std::int32_t ncomp = 0;
  std::int32_t best = -1;
  double best_w = -1;
  std::int64_t best_c = -1;
  for (std::size_t i = 0; i < m; ++i) {
    if (added_[i] || pos_[i] >= 0) continue;
    queue_.clear();
    queue_.push_back(static_cast<std::int32_t>(i));
    pos_[i] = ncomp;
    double w = 0;
    for (std::size_t h = 0; h < queue_.size(); ++h) {
      const auto x = sz(queue_[h]);
      w += lw_[x * A];
      for (auto j = loff_[x]; j < loff_[x + 1]; ++j) {
        const auto y = ladj_[sz(j)];
        if (pos_[sz(y)] < 0 && !added_[sz(y)]) {
          pos_[sz(y)] = ncomp;
          queue_.push_back(y);
        }
      }
    }
    const auto c = static_cast<std::int64_t>(queue_.size());
    if (w > best_w || (w == best_w && c > best_c)) {
      best = ncomp;
      best_w = w;
      best_c = c;
    }
    ++ncomp;
  }
  if (ncomp == 0) return false;
  double* const wa = cw_.data();  // the sweep's scratch, free now
  std::fill(wa, wa + A, 0.0);
  std::int64_t ca = 0;
  for (std::size_t i = 0; i < m; ++i) {
    if (!added_[i] && pos_[i] != best) {
      added_[i] = 1;
      in_a_[sz(ord_[0][b + i])] = 1;
    }
    if (added_[i]) {
      ++ca;
      for (std::size_t a = 0; a < A; ++a) wa[a] += lw_[i * A + a];
    }
  }
  double score = 0;
  choose_k1(wa, ca, W_.data(), static_cast<std::int64_t>(m), k, lenient, k1, score);
  return k1 > 0;
}

bool Splitter::split_range(std::size_t b, std::size_t e, std::int64_t k, bool strict, std::vector<GridIndex>& out,
                           GridIndex& next_label, int depth) {
  while (true) {
    const std::size_t m = e - b;
    if (k > static_cast<std::int64_t>(m)) {
      if (strict) return false;
      k = static_cast<std::int64_t>(m);
    }
    if (k <= 1) {
      for (std::size_t i = b; i < e; ++i) out[sz(ord_[0][i])] = next_label;
      ++next_label;
      clock_.tick(static_cast<std::int64_t>(m), fraction, "partition");
      return true;
    }
    clock_.tick(static_cast<std::int64_t>(m) / 4, fraction, "partition");
    build_local(b, e);
    Candidates gen(false, long_axis(b, e));
    Cand cand = gen.next(*this, b, e, k);
    std::size_t mid = b;
    std::int64_t kA = 0;
    if (cand.v < 0) {
      bool cut = false;
      if (!clock_.was_expired()) {
        const int attempts = m <= 64 ? 24 : (m <= 1024 ? 6 : 2);
        for (int r = 0; r < attempts && !cut; ++r) cut = random_tree_cut(b, e, k, r, kA);
      }
      if (cut) {
        apply_cut(b, e, mid);
        ++splits;
        const std::int64_t kB = k - kA;
        if (kA <= kB) {
          if (!split_range(b, mid, kA, strict, out, next_label, depth + 1)) return false;
          b = mid;
          k = kB;
        } else {
          if (!split_range(mid, e, kB, strict, out, next_label, depth + 1)) return false;
          e = mid;
          k = kA;
        }
        continue;
      }
      if (strict) return false;
      gen = Candidates(true, gen.first);
      cand = gen.next(*this, b, e, k);
      if (cand.v < 0) {  // cannot happen for k <= m; keep the loop bounded anyway
        for (std::size_t i = b; i < e; ++i) out[sz(ord_[0][i])] = next_label;
        ++next_label;
        return true;
      }
    }
    if (strict) {
      // A failed attempt has reordered the range: keep its orders to retry.
      if (backup_.size() <= sz(depth)) backup_.resize(sz(depth) + 1);
      auto& bk = backup_[sz(depth)];
      bk.resize(kAngles * m);
      for (std::size_t a = 0; a < kAngles; ++a)
        std::copy(ord_[a].begin() + static_cast<std::ptrdiff_t>(b), ord_[a].begin() + static_cast<std::ptrdiff_t>(e),
                  bk.begin() + static_cast<std::ptrdiff_t>(a * m));
    }
    bool done = false, dirty = false;
    int tried = 0;
    for (bool first_cand = true; !done && tried < 3; first_cand = false) {
      if (dirty) {
        auto& bk = backup_[sz(depth)];
        for (std::size_t a = 0; a < kAngles; ++a)
          std::copy(bk.begin() + static_cast<std::ptrdiff_t>(a * m), bk.begin() + static_cast<std::ptrdiff_t>((a + 1) * m),
                    ord_[a].begin() + static_cast<std::ptrdiff_t>(b));
        build_local(b, e);
        dirty = false;
        if (clock_.was_expired()) break;
      }
      if (!first_cand) {
        cand = gen.next(*this, b, e, k);
        if (cand.v < 0) break;
      }
      extract_sweep(b, e, cand);
      if (!close_complement(b, e, k, !strict, kA)) continue;
      apply_cut(b, e, mid);
      ++splits;
      ++tried;
      const std::int64_t kB = k - kA;
      if (!strict) {
        // lenient: never fails; recurse into the side with fewer grids
        if (kA <= kB) {
          (void)split_range(b, mid, kA, false, out, next_label, depth + 1);
          b = mid;
          k = kB;
        } else {
          (void)split_range(mid, e, kB, false, out, next_label, depth + 1);
          e = mid;
          k = kA;
        }
        done = true;
        break;
      }
      dirty = true;
      const GridIndex saved = next_label;
      bool ok;
      if (kA <= kB) {
        ok = split_range(b, mid, kA, strict, out, next_label, depth + 1);
        if (ok) {
          b = mid;
          k = kB;
        }
      } else {
        ok = split_range(mid, e, kB, strict, out, next_label, depth + 1);
        if (ok) {
          e = mid;
          k = kA;
        }
      }
      if (ok) done = true;
      else next_label = saved;
    }
    if (!done && !strict) {
      // no candidate could be closed (cannot happen: the sweep's last cut always can); one grid
      for (std::size_t i = b; i < e; ++i) out[sz(ord_[0][i])] = next_label;
      ++next_label;
      return true;
    }
    if (!done) return false;
  }
}

bool Splitter::split_piece(std::span<const UnitIndex> units, std::int64_t k, bool strict, std::uint64_t variant,
                           std::vector<GridIndex>& out, GridIndex& next_label) {
  const std::size_t m = units.size();
  if (m == 0) return true;
  variant_ = variant;
  double offset = 0;
  if (seed_ != 0 || variant != 0) {
    Rng rng(mix64(seed_ * 0xD1B54A32D192ED03ull + variant));
    offset = rng.uniform() * 0.7853981633974483;
  }
  // Sorted by projection; ties (rare) by the perpendicular coordinate, a
  // seeded hash and the index. Keys stay 16 bytes: ties recompute the rest.
  struct Key {
    double p;
    UnitIndex u;
  };
  std::vector<Key> keys(m);
  const auto xs = g_.x();
  const auto ys = g_.y();
  for (int a = 0; a < kAngles; ++a) {
    const double th = offset + a * (3.141592653589793 / kAngles);
    const double c = std::cos(th), s = std::sin(th);
    cos_[sz(a)] = c;
    sin_[sz(a)] = s;
    for (std::size_t i = 0; i < m; ++i) {
      const auto u = units[i];
      keys[i] = Key{xs[sz(u)] * c + ys[sz(u)] * s, u};
    }
    const auto tie = [&, c, s](UnitIndex l, UnitIndex r) {
      const double ql = -xs[sz(l)] * s + ys[sz(l)] * c, qr = -xs[sz(r)] * s + ys[sz(r)] * c;
      if (ql != qr) return ql < qr;
      const auto hl = mix64(static_cast<std::uint64_t>(l) ^ seed_), hr = mix64(static_cast<std::uint64_t>(r) ^ seed_);
      if (hl != hr) return hl < hr;
      return l < r;
    };
    std::sort(keys.begin(), keys.end(), [&tie](const Key& l, const Key& r) { return l.p != r.p ? l.p < r.p : tie(l.u, r.u); });
    auto& ord = ord_[sz(a)];
    ord.resize(m);
    for (std::size_t i = 0; i < m; ++i) ord[i] = keys[i].u;
  }
  return split_range(0, m, k, strict, out, next_label, 0);
}

// ---------------------------------------------------------------------------
// Exhaustive search on small pieces (bitmasks, m <= 24).
namespace {
struct Exact {
  int m = 0, A = 0;
  std::vector<std::uint32_t> nb;
  std::vector<std::array<double, 8>> w;
  const Weights* wt = nullptr;
  std::int64_t budget = 0;
  bool out_of_budget = false;
  std::vector<std::uint32_t> parts;

  std::array<double, 8> sum(std::uint32_t s) const {
    std::array<double, 8> t{};
    for (int i = 0; i < m; ++i)
      if (s >> i & 1u)
        for (int a = 0; a < A; ++a) t[sz(a)] += w[sz(i)][sz(a)];
    return t;
  }
  bool comps_ok(std::uint32_t rem) const {
    std::uint32_t left = rem;
    while (left) {
      std::uint32_t comp = left & (~left + 1u), frontier = comp;
      while (frontier) {
        std::uint32_t next = 0;
        for (int i = 0; i < m; ++i)
          if (frontier >> i & 1u) next |= nb[sz(i)];
        next &= rem & ~comp;
        comp |= next;
        frontier = next;
      }
      left &= ~comp;
      const auto t = sum(comp);
      std::int64_t lo = 1, hi = std::popcount(comp);
      for (int a = 0; a < A; ++a) {
        lo = std::max(lo, ceil_div(t[sz(a)], wt->hi[sz(a)], wt->tol));
        hi = std::min(hi, floor_div(t[sz(a)], wt->lo[sz(a)], wt->tol));
      }
      if (lo > hi) return false;
    }
    return true;
  }
  bool solve(std::uint32_t rem) {
    if (rem == 0) return true;
    if (!comps_ok(rem)) return false;
    const std::uint32_t r = rem & (~rem + 1u);
    const int ri = std::countr_zero(r);
    return grow(r, nb[sz(ri)] & rem & ~r, 0, rem, w[sz(ri)]);
  }
  bool grow(std::uint32_t S, std::uint32_t ext, std::uint32_t excl, std::uint32_t rem, const std::array<double, 8>& t) {
    if (--budget < 0) {
      out_of_budget = true;
      return false;
    }
    bool in = true;
    for (int a = 0; a < A; ++a) in = in && wt->within(t[sz(a)], sz(a));
    if (in && solve(rem & ~S)) {
      parts.push_back(S);
      return true;
    }
    if (out_of_budget) return false;
    while (ext) {
      const std::uint32_t x = ext & (~ext + 1u);
      ext &= ~x;
      const int xi = std::countr_zero(x);
      auto t2 = t;
      bool over = false;
      for (int a = 0; a < A; ++a) {
        t2[sz(a)] += w[sz(xi)][sz(a)];
        if (wt->above_max(t2[sz(a)], sz(a))) over = true;
      }
      if (!over) {
        const std::uint32_t next = (ext | (nb[sz(xi)] & rem)) & ~(S | x) & ~excl;
        if (grow(S | x, next, excl, rem, t2)) return true;
        if (out_of_budget) return false;
      }
      excl |= x;
    }
    return false;
  }
};
}  // namespace

bool Splitter::exact(std::span<const UnitIndex> units, std::vector<GridIndex>& out, GridIndex& next_label,
                     std::int64_t budget, bool* proven) {
  if (proven) *proven = false;
  const std::size_t m = units.size();
  if (m == 0 || m > 24 || A_ > 8) return false;
  Exact ex;
  ex.m = static_cast<int>(m);
  ex.A = A_;
  ex.wt = &wt_;
  ex.budget = budget;
  ex.nb.assign(m, 0);
  ex.w.assign(m, {});
  ++cur_stamp_;
  for (std::size_t i = 0; i < m; ++i) {
    loc_[sz(units[i])] = static_cast<std::int32_t>(i);
    stamp_[sz(units[i])] = cur_stamp_;
  }
  for (std::size_t i = 0; i < m; ++i) {
    for (UnitIndex v : g_.neighbors(units[i]))
      if (stamp_[sz(v)] == cur_stamp_) ex.nb[i] |= 1u << loc_[sz(v)];
    for (int a = 0; a < A_; ++a) ex.w[i][sz(a)] = wt_.w(units[i], a);
  }
  const std::uint32_t all = m == 32 ? ~0u : ((1u << m) - 1u);
  const bool ok = ex.solve(all);
  if (proven) *proven = !ex.out_of_budget;
  if (!ok) return false;
  for (auto part : ex.parts) {
    for (std::size_t i = 0; i < m; ++i)
      if (part >> i & 1u) out[sz(units[i])] = next_label;
    ++next_label;
  }
  return true;
}

}  // namespace gridgov::detail

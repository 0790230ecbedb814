// One ReCom chain: merge two adjacent grids, draw a uniform spanning tree of
// the merged region (Wilson), cut a balanced tree edge.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>

#include "ensemble/chain.hpp"
#include "gridgov/core/format.hpp"

namespace gridgov::detail {

namespace {

constexpr int kMaxLag = 100;
constexpr std::size_t kGroupStates = 64;

double stddev(const std::vector<double>& x) {
  if (x.empty()) return 0;
  double m = 0;
  for (double v : x) m += v;
  m /= static_cast<double>(x.size());
  double q = 0;
  for (double v : x) q += (v - m) * (v - m);
  return std::sqrt(q / static_cast<double>(x.size()));
}

double gini(std::vector<double>& x) {
  if (x.empty()) return 0;
  std::sort(x.begin(), x.end());
  double sum = 0, acc = 0;
  const auto n = static_cast<double>(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    sum += x[i];
    acc += (2.0 * static_cast<double>(i + 1) - n - 1.0) * x[i];
  }
  return sum > 0 ? acc / (n * sum) : 0.0;
}

void put_varint(std::vector<unsigned char>& buf, std::uint64_t v) {
  while (v >= 0x80) {
    buf.push_back(static_cast<unsigned char>(v | 0x80));
    v >>= 7;
  }
  buf.push_back(static_cast<unsigned char>(v));
}

/// Sums over grids kept in a complete binary tree: an update is O(log k)
/// and the total depends only on the current values (not on the order of
/// the updates), so equal plans score exactly equal.
class SumTree {
 public:
  void init(std::size_t n) {
    size_ = 1;
    while (size_ < n) size_ <<= 1;
    t_.assign(2 * size_, 0.0);
  }
  void set(std::size_t i, double v) {
    std::size_t p = i + size_;
    t_[p] = v;
    for (p >>= 1; p >= 1; p >>= 1) t_[p] = t_[2 * p] + t_[2 * p + 1];
  }
  [[nodiscard]] double total() const { return t_[1]; }

 private:
  std::size_t size_ = 1;
  std::vector<double> t_{0.0, 0.0};
};

/// Per-grid sums a chain keeps.
struct GridSums {
  std::vector<double> tot;  // k * A
  std::vector<std::int32_t> rural;
  std::vector<std::int64_t> deg, cut;
  std::vector<double> wb, wp, wa;
  std::vector<std::uint64_t> hash;
};

class Chain {
 public:
  Chain(const EnsembleSetup& s, const Plan& start, int c, ChainOutput& out)
      : s_(s), g_(*s.g), out_(out), rng_(mix64(s.opt->run.seed ^ mix64(0xE45E3B1EULL + static_cast<std::uint64_t>(c)))),
        chain_(c) {
    grid_of_ = start.grid_of;
    const auto k = static_cast<std::size_t>(s.k);
    members_.assign(k, {});
    for (UnitIndex u = 0; u < s.n; ++u) members_[sz(grid_of_[sz(u)])].push_back(u);
    sums_.tot.assign(k * sz(s.A), 0);
    sums_.rural.assign(k, 0);
    sums_.deg.assign(k, 0);
    sums_.cut.assign(k, 0);
    sums_.wb.assign(k, 0);
    sums_.wp.assign(k, 0);
    sums_.wa.assign(k, 0);
    sums_.hash.assign(k, 0);
    group_cut_.assign(s.group_label.size(), 0);
    for (GridIndex q = 0; q < s.k; ++q) recompute_grid(q);
    for (UnitIndex u = 0; u < s.n; ++u)
      for (UnitIndex v : g_.neighbors(u))
        if (v > u && grid_of_[sz(u)] != grid_of_[sz(v)]) {
          ++sums_.cut[sz(grid_of_[sz(u)])];
          ++sums_.cut[sz(grid_of_[sz(v)])];
          ++cut_total_;
          if (s.group[sz(u)] == s.group[sz(v)]) ++group_cut_[sz(s.group[sz(u)])];
        }
    loc_.assign(sz(s.n), -1);
    for (GridIndex q = 0; q < s.k; ++q) plan_hash_ += mix64(sums_.hash[sz(q)]);
    for (auto* t : {&ratio_t_, &tot_t_, &tot2_t_, &wl_t_, &wl2_t_}) t->init(k);
    for (GridIndex q = 0; q < s.k; ++q) update_trees(q);
    for (GridIndex q = 0; q < s.k; ++q) scored_grids_ += s.grid_dedicated[sz(q)] ? 0 : 1;
    const auto S = sz(s.S);
    out_.below.assign(S, 0);
    out_.equal.assign(S, 0);
    out_.gbelow.assign(s.report_groups.size(), std::vector<std::int64_t>(S, 0));
    out_.gequal.assign(s.report_groups.size(), std::vector<std::int64_t>(S, 0));
    out_.gstates.assign(s.report_groups.size(), {});
    out_.hll.assign(kHllRegisters, 0);
    report_index_.assign(s.group_label.size(), -1);
    for (std::size_t i = 0; i < s.report_groups.size(); ++i) report_index_[sz(s.report_groups[i])] = static_cast<std::int32_t>(i);
    group_last_.assign(s.report_groups.size(), 0);
    group_vals_.assign(s.report_groups.size(), {});
    for (std::size_t i = 0; i < s.report_groups.size(); ++i) {
      group_vals_[i] = s.start_group_scores[sz(s.report_groups[i])];
      note_group_state(i);
    }
    mean_.assign(S, 0);
    m2_.assign(S, 0);
    sum_.assign(S, 0);
    for (int h = 0; h < 2; ++h) {
      hmean_[h].assign(S, 0);
      hm2_[h].assign(S, 0);
    }
    out_.min.assign(S, std::numeric_limits<double>::infinity());
    out_.max.assign(S, -std::numeric_limits<double>::infinity());
    lags_ = static_cast<int>(std::min<std::int64_t>(kMaxLag, std::max<std::int64_t>(s.records - 1, 0)));
    first_.assign(S, {});
    ring_.assign(S, std::vector<double>(sz(std::max(lags_, 1)), 0.0));
    lagsum_.assign(S, std::vector<double>(sz(lags_) + 1, 0.0));
    if (s.opt->keep_plans > 0 && s.records > 0) {
      const auto keep = std::min<std::int64_t>(s.opt->keep_plans, s.records);
      for (std::int64_t i = 0; i < keep; ++i) keep_at_.push_back((i + 1) * s.records / keep - 1);
    }
  }

  void run(std::FILE* scores, std::FILE* plans, const std::atomic<bool>& stop, std::atomic<std::int64_t>& done) {
    const auto& opt = *s_.opt;
    const auto t0 = std::chrono::steady_clock::now();
    std::int64_t last_move = 0;
    for (std::int64_t step = 1; step <= opt.steps; ++step) {
      if ((step & 63) == 0) {
        done.fetch_add(64, std::memory_order_relaxed);
        if (stop.load(std::memory_order_relaxed)) {
          out_.timed_out = true;
          break;
        }
        if (opt.run.time_limit > 0 &&
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() >= opt.run.time_limit) {
          out_.timed_out = true;
          break;
        }
      }
      const bool moved = this->step();
      ++out_.diag.steps;
      if (moved) {
        ++out_.diag.accepted;
        if (plans) write_move(plans, step - last_move);
        if (plans) last_move = step;
      }
      if (step > opt.burn_in && (step - opt.burn_in) % opt.thin == 0) record(step, moved, scores);
    }
    flush_groups();
    if (plans && !move_buf_.empty()) {
      (void)std::fwrite(move_buf_.data(), 1, move_buf_.size(), plans);
      move_buf_.clear();
    }
    finish_stats();
  }

  void scores_now(std::vector<double>& overall, std::vector<std::vector<double>>& per_group) {
    overall_scores(overall);
    per_group.assign(s_.group_label.size(), {});
    for (std::size_t grp = 0; grp < per_group.size(); ++grp)
      scores_over(s_.grids_in_group[grp], group_cut_[grp], per_group[grp]);
  }

 private:
  // --- per-grid sums -------------------------------------------------------
  void recompute_grid(GridIndex q) {
    const auto qi = sz(q);
    const auto A = sz(s_.A);
    for (std::size_t a = 0; a < A; ++a) sums_.tot[qi * A + a] = 0;
    sums_.rural[qi] = 0;
    sums_.deg[qi] = 0;
    sums_.wb[qi] = sums_.wp[qi] = sums_.wa[qi] = 0;
    sums_.hash[qi] = 0;
    for (UnitIndex u : members_[qi]) {
      const auto ui = sz(u);
      for (std::size_t a = 0; a < A; ++a) sums_.tot[qi * A + a] += s_.w.col[a][ui];
      sums_.rural[qi] += s_.rural[ui];
      sums_.deg[qi] += g_.degree(u);
      if (s_.workload) {
        sums_.wb[qi] += s_.wl_base[ui];
        sums_.wp[qi] += s_.wl_p[ui];
        sums_.wa[qi] += s_.wl_a[ui];
      }
      sums_.hash[qi] += s_.zobrist[ui];
    }
  }
  double workload_of(GridIndex q) const {
    const auto qi = sz(q);
    if (members_[qi].empty()) return 0;
    return sums_.wb[qi] + s_.wl_k * std::sqrt(sums_.wp[qi] * sums_.wa[qi]) + s_.wl_admin;
  }
  double ratio_of(GridIndex q) const {
    const auto qi = sz(q);
    const auto edges = (sums_.deg[qi] + sums_.cut[qi]) / 2;
    return edges > 0 ? static_cast<double>(sums_.cut[qi]) / static_cast<double>(edges) : 0.0;
  }

  /// Scores over `grids` (all grids when overall); cut edges given.
  void scores_over(const std::vector<GridIndex>& grids, std::int64_t cut, std::vector<double>& vals) {
    vals.assign(sz(s_.S), 0);
    vals[0] = static_cast<double>(cut);
    double r = 0;
    tmp_a_.clear();
    tmp_b_.clear();
    for (GridIndex q : grids) {
      r += ratio_of(q);
      if (s_.grid_dedicated[sz(q)]) continue;
      tmp_a_.push_back(sums_.tot[sz(q) * sz(s_.A)]);
      if (s_.workload) tmp_b_.push_back(workload_of(q));
    }
    vals[1] = grids.empty() ? 0 : r / static_cast<double>(grids.size());
    vals[2] = stddev(tmp_a_);
    if (s_.workload) {
      vals[3] = stddev(tmp_b_);
      vals[4] = gini(tmp_b_);
    }
  }
  void update_trees(GridIndex q) {
    const auto qi = sz(q);
    ratio_t_.set(qi, ratio_of(q));
    if (s_.grid_dedicated[qi]) return;  // dedicated grids stay 0 in the spreads
    const double x = sums_.tot[qi * sz(s_.A)];
    tot_t_.set(qi, x);
    tot2_t_.set(qi, x * x);
    if (s_.workload) {
      const double w = workload_of(q);
      wl_t_.set(qi, w);
      wl2_t_.set(qi, w * w);
    }
  }
  static double spread(double sum, double sumsq, double n) {
    if (n <= 0) return 0;
    const double m = sum / n;
    return std::sqrt(std::max(0.0, sumsq / n - m * m));
  }
  /// The overall scores in O(1) from the trees (Gini: O(k log k)).
  void overall_scores(std::vector<double>& vals) {
    vals.assign(sz(s_.S), 0);
    vals[0] = static_cast<double>(cut_total_);
    vals[1] = s_.k > 0 ? ratio_t_.total() / static_cast<double>(s_.k) : 0.0;
    const auto n = static_cast<double>(scored_grids_);
    vals[2] = spread(tot_t_.total(), tot2_t_.total(), n);
    if (s_.workload) {
      vals[3] = spread(wl_t_.total(), wl2_t_.total(), n);
      tmp_b_.clear();
      for (GridIndex q = 0; q < s_.k; ++q)
        if (!s_.grid_dedicated[sz(q)]) tmp_b_.push_back(workload_of(q));
      vals[4] = gini(tmp_b_);
    }
  }
  double metropolis_score() {
    const auto sc = static_cast<int>(s_.opt->score);
    if (sc == 0) return static_cast<double>(cut_total_);
    overall_scores(mvals_);
    return mvals_[sz(sc)];
  }

  // --- edges touching the region -------------------------------------------
  /// Adds sign to the cut counts of every edge touching the region; returns
  /// the edges between grids a and b.
  std::int64_t contribute(int sign, GridIndex a, GridIndex b) {
    std::int64_t between = 0;
    for (UnitIndex u : region_) {
      const GridIndex gu = grid_of_[sz(u)];
      for (UnitIndex v : g_.neighbors(u)) {
        if (loc_[sz(v)] >= 0 && v < u) continue;
        const GridIndex gv = grid_of_[sz(v)];
        if (gu == gv) continue;
        sums_.cut[sz(gu)] += sign;
        sums_.cut[sz(gv)] += sign;
        cut_total_ += sign;
        if (s_.group[sz(u)] == s_.group[sz(v)]) group_cut_[sz(s_.group[sz(u)])] += sign;
        if ((gu == a && gv == b) || (gu == b && gv == a)) ++between;
      }
    }
    return between;
  }

  /// Gives grid a the units of `side_a` (local flags) and b the rest.
  std::int64_t apply(GridIndex a, GridIndex b, const std::vector<char>& in_a) {
    (void)contribute(-1, a, b);
    plan_hash_ -= mix64(sums_.hash[sz(a)]) + mix64(sums_.hash[sz(b)]);
    members_[sz(a)].clear();
    members_[sz(b)].clear();
    for (std::size_t i = 0; i < region_.size(); ++i) {
      const UnitIndex u = region_[i];
      const GridIndex q = in_a[i] ? a : b;
      grid_of_[sz(u)] = q;
      members_[sz(q)].push_back(u);
    }
    recompute_grid(a);
    recompute_grid(b);
    plan_hash_ += mix64(sums_.hash[sz(a)]) + mix64(sums_.hash[sz(b)]);
    const auto between = contribute(+1, a, b);
    update_trees(a);
    update_trees(b);
    return between;
  }

  // --- proposals -----------------------------------------------------------
  bool pick_recom_pair(GridIndex& a, GridIndex& b) {
    const auto P = s_.pool_u.size();
    if (P == 0) return false;
    for (int t = 0; t < 256; ++t) {
      const auto e = sz(static_cast<std::int64_t>(rng_.next() % P));
      a = grid_of_[sz(s_.pool_u[e])];
      b = grid_of_[sz(s_.pool_v[e])];
      if (a != b) return true;
    }
    // Cut edges are rare here: draw among them exactly.
    std::int64_t count = 0;
    for (std::size_t e = 0; e < P; ++e) count += grid_of_[sz(s_.pool_u[e])] != grid_of_[sz(s_.pool_v[e])];
    if (count == 0) return false;
    auto r = static_cast<std::int64_t>(rng_.next() % static_cast<std::uint64_t>(count));
    for (std::size_t e = 0; e < P; ++e)
      if (grid_of_[sz(s_.pool_u[e])] != grid_of_[sz(s_.pool_v[e])] && r-- == 0) {
        a = grid_of_[sz(s_.pool_u[e])];
        b = grid_of_[sz(s_.pool_v[e])];
        return true;
      }
    return false;
  }
  bool pick_any_pair(GridIndex& a, GridIndex& b) {
    const std::uint64_t total = s_.pair_prefix.back();
    if (total == 0) return false;
    std::uint64_t r = rng_.next() % total;
    const auto it = std::upper_bound(s_.pair_prefix.begin(), s_.pair_prefix.end(), r);
    const auto grp = static_cast<std::size_t>(it - s_.pair_prefix.begin() - 1);
    r -= s_.pair_prefix[grp];
    const auto& mv = s_.movable_in_group[grp];
    // Pair r of the m*(m-1)/2 pairs (i < j), row by row.
    std::size_t i = 0;
    while (r >= mv.size() - i - 1) {
      r -= mv.size() - i - 1;
      ++i;
    }
    a = mv[i];
    b = mv[i + 1 + sz(static_cast<std::int64_t>(r))];
    return true;
  }

  /// Builds the local CSR of grids a and b; returns the edges between them.
  std::int64_t build_region(GridIndex a, GridIndex b) {
    region_.clear();
    region_.insert(region_.end(), members_[sz(a)].begin(), members_[sz(a)].end());
    region_.insert(region_.end(), members_[sz(b)].begin(), members_[sz(b)].end());
    for (std::size_t i = 0; i < region_.size(); ++i) loc_[sz(region_[i])] = static_cast<std::int32_t>(i);
    xoff_.assign(1, 0);
    xadj_.clear();
    std::int64_t between = 0;
    for (UnitIndex u : region_) {
      for (UnitIndex v : g_.neighbors(u)) {
        const std::int32_t lv = loc_[sz(v)];
        if (lv < 0) continue;
        xadj_.push_back(lv);
        if (grid_of_[sz(v)] != grid_of_[sz(u)]) ++between;
      }
      xoff_.push_back(static_cast<std::int32_t>(xadj_.size()));
    }
    return between / 2;
  }
  void clear_region() {
    for (UnitIndex u : region_) loc_[sz(u)] = -1;
  }

  /// Wilson's algorithm: a uniform spanning tree of the local graph; fills
  /// parent_ and order_ (root first, parents before children).
  void wilson() {
    const auto m = region_.size();
    parent_.assign(m, -1);
    in_tree_.assign(m, 0);
    order_.clear();
    const auto root = static_cast<std::int32_t>(rng_.below(static_cast<std::uint32_t>(m)));
    in_tree_[sz(root)] = 1;
    order_.push_back(root);
    for (std::size_t i0 = 0; i0 < m; ++i0) {
      auto u = static_cast<std::int32_t>(i0);
      while (!in_tree_[sz(u)]) {
        const auto b = xoff_[sz(u)], e = xoff_[sz(u) + 1];
        const auto next = xadj_[sz(b + static_cast<std::int32_t>(rng_.below(static_cast<std::uint32_t>(e - b))))];
        parent_[sz(u)] = next;
        u = next;
      }
      const std::size_t seg = order_.size();
      u = static_cast<std::int32_t>(i0);
      while (!in_tree_[sz(u)]) {
        in_tree_[sz(u)] = 1;
        order_.push_back(u);
        u = parent_[sz(u)];
      }
      std::reverse(order_.begin() + static_cast<std::ptrdiff_t>(seg), order_.end());
    }
    ++out_.diag.trees;
  }

  bool side_ok(const double* sub, std::int32_t rural, std::size_t a) const {
    const double x = sub[a];
    if (s_.w.above_max(x, a)) return false;
    if (s_.w.below_min(x, a) && !(s_.rural_ok && rural > 0)) return false;
    return true;
  }

  /// Balanced cut nodes of the current tree (the edge to their parent).
  void balanced_cuts() {
    const auto m = region_.size();
    const auto A = sz(s_.A);
    sub_.assign(m * A, 0);
    subr_.assign(m, 0);
    for (std::size_t i = 0; i < m; ++i) {
      const auto ui = sz(region_[i]);
      for (std::size_t a = 0; a < A; ++a) sub_[i * A + a] = s_.w.col[a][ui];
      subr_[i] = s_.rural[ui];
    }
    for (std::size_t j = m; j-- > 1;) {
      const auto v = sz(order_[j]);
      const auto p = sz(parent_[v]);
      for (std::size_t a = 0; a < A; ++a) sub_[p * A + a] += sub_[v * A + a];
      subr_[p] += subr_[v];
    }
    const auto root = sz(order_[0]);
    cuts_.clear();
    rest_.resize(A);
    for (std::size_t j = 1; j < m; ++j) {
      const auto v = sz(order_[j]);
      bool ok = true;
      for (std::size_t a = 0; a < A && ok; ++a) {
        rest_[a] = sub_[root * A + a] - sub_[v * A + a];
        ok = side_ok(&sub_[v * A], subr_[v], a) && side_ok(rest_.data(), subr_[root] - subr_[v], a);
      }
      if (ok) cuts_.push_back(static_cast<std::int32_t>(v));
    }
  }

  void mark_subtree(std::int32_t v, bool subtree_is_a) {
    const auto m = region_.size();
    in_sub_.assign(m, 0);
    in_sub_[sz(v)] = 1;
    for (std::size_t j = 1; j < m; ++j) {
      const auto x = sz(order_[j]);
      if (!in_sub_[x] && in_sub_[sz(parent_[x])]) in_sub_[x] = 1;
    }
    // order_ lists parents first, so one pass marks the whole subtree.
    if (!subtree_is_a)
      for (auto& f : in_sub_) f = static_cast<char>(!f);
  }

  bool step() {
    const auto& opt = *s_.opt;
    const bool rev = opt.proposal == EnsembleProposal::reversible;
    GridIndex a = 0, b = 0;
    if (!(rev ? pick_any_pair(a, b) : pick_recom_pair(a, b))) {
      ++out_.diag.rejected_no_cut;
      return false;
    }
    if (a > b) std::swap(a, b);
    const std::int64_t between_old = build_region(a, b);
    if (between_old == 0) {
      ++out_.diag.rejected_not_adjacent;
      clear_region();
      return false;
    }
    std::int32_t cut = -1;
    if (rev) {
      wilson();
      balanced_cuts();
      const auto r = rng_.below(static_cast<std::uint32_t>(region_.size() - 1));
      if (r < cuts_.size()) cut = cuts_[r];
    } else {
      for (int t = 0; t < opt.tree_attempts && cut < 0; ++t) {
        wilson();
        balanced_cuts();
        if (!cuts_.empty()) cut = cuts_[rng_.below(static_cast<std::uint32_t>(cuts_.size()))];
      }
    }
    if (cut < 0) {
      ++out_.diag.rejected_no_cut;
      clear_region();
      return false;
    }
    const bool sub_a = rng_.below(2) == 0;
    mark_subtree(cut, sub_a);
    const bool needs_old = rev || opt.acceptance == EnsembleAcceptance::metropolis;
    double old_score = 0;
    if (needs_old) {
      old_a_.assign(region_.size(), 0);
      for (std::size_t i = 0; i < region_.size(); ++i) old_a_[i] = grid_of_[sz(region_[i])] == a;
      if (opt.acceptance == EnsembleAcceptance::metropolis) old_score = metropolis_score();
    }
    // Flush typicality of the group before it changes.
    const auto grp = s_.grid_group[sz(a)];
    const auto ri = report_index_[sz(grp)];
    const std::int64_t between_new = apply(a, b, in_sub_);
    double p = 1.0;
    if (rev) p = static_cast<double>(between_old) / static_cast<double>(between_new);
    if (opt.acceptance == EnsembleAcceptance::metropolis) p *= std::exp(-opt.beta * (metropolis_score() - old_score));
    if (p < 1.0 && !(rng_.uniform() < p)) {
      (void)apply(a, b, old_a_);
      ++out_.diag.rejected_metropolis;
      clear_region();
      return false;
    }
    last_a_ = a;
    last_b_ = b;
    if (ri >= 0) group_changed(sz(ri), grp);
    clear_region();
    return true;
  }

  // --- recording -------------------------------------------------------------
  void note_group_state(std::size_t i) {
    auto& st = out_.gstates[i];
    if (st.size() >= kGroupStates) return;
    std::uint64_t h = 0;
    for (GridIndex q : s_.grids_in_group[sz(s_.report_groups[i])]) h += mix64(sums_.hash[sz(q)]);
    if (std::find(st.begin(), st.end(), h) == st.end()) st.push_back(h);
  }
  void flush_group(std::size_t i) {
    const auto pending = out_.diag.samples - group_last_[i];
    group_last_[i] = out_.diag.samples;
    if (pending == 0) return;
    const auto& ref = s_.start_group_scores[sz(s_.report_groups[i])];
    for (std::size_t sc = 0; sc < sz(s_.S); ++sc) {
      if (group_vals_[i][sc] < ref[sc]) out_.gbelow[i][sc] += pending;
      else if (group_vals_[i][sc] == ref[sc]) out_.gequal[i][sc] += pending;
    }
  }
  void group_changed(std::size_t i, std::int32_t grp) {
    flush_group(i);
    scores_over(s_.grids_in_group[sz(grp)], group_cut_[sz(grp)], group_vals_[i]);
    note_group_state(i);
  }
  void flush_groups() {
    for (std::size_t i = 0; i < group_vals_.size(); ++i) flush_group(i);
  }

  void write_move(std::FILE* f, std::int64_t gap) {
    put_varint(move_buf_, static_cast<std::uint64_t>(gap));
    put_varint(move_buf_, static_cast<std::uint64_t>(last_a_));
    put_varint(move_buf_, static_cast<std::uint64_t>(last_b_));
    sorted_.assign(members_[sz(last_a_)].begin(), members_[sz(last_a_)].end());
    std::sort(sorted_.begin(), sorted_.end());
    put_varint(move_buf_, sorted_.size());
    UnitIndex prev = 0;
    for (UnitIndex u : sorted_) {
      put_varint(move_buf_, static_cast<std::uint64_t>(u - prev));
      prev = u;
    }
    if (move_buf_.size() > (1u << 20)) {
      (void)std::fwrite(move_buf_.data(), 1, move_buf_.size(), f);
      move_buf_.clear();
    }
  }

  void record(std::int64_t step, bool moved, std::FILE* f) {
    overall_scores(vals_);
    const auto S = sz(s_.S);
    const auto t = out_.diag.samples;
    for (std::size_t sc = 0; sc < S; ++sc) {
      const double x = vals_[sc];
      if (x < s_.start_scores[sc]) ++out_.below[sc];
      else if (x == s_.start_scores[sc]) ++out_.equal[sc];
      const double d = x - mean_[sc];
      mean_[sc] += d / static_cast<double>(t + 1);
      m2_[sc] += d * (x - mean_[sc]);
      {
        const int h = t < s_.records / 2 ? 0 : 1;
        const auto th = h == 0 ? t : t - s_.records / 2;
        const double dh = x - hmean_[h][sc];
        hmean_[h][sc] += dh / static_cast<double>(th + 1);
        hm2_[h][sc] += dh * (x - hmean_[h][sc]);
      }
      out_.min[sc] = std::min(out_.min[sc], x);
      out_.max[sc] = std::max(out_.max[sc], x);
      sum_[sc] += x;
      if (lags_ > 0) {
        auto& ring = ring_[sc];
        const auto L = sz(lags_);
        for (std::size_t l = 1; l <= L && static_cast<std::int64_t>(l) <= t; ++l)
          lagsum_[sc][l] += x * ring[(sz(t) - l) % L];
        ring[sz(t) % L] = x;
        if (first_[sc].size() < L) first_[sc].push_back(x);
      }
    }
    hll_add(out_.hll, plan_hash_);
    if (!out_.capped) {
      if (static_cast<std::int64_t>(out_.hashes.size()) < s_.opt->distinct_cap) {
        out_.hashes.insert(plan_hash_);
      } else if (!out_.hashes.contains(plan_hash_)) {
        out_.capped = true;
        std::unordered_set<std::uint64_t>().swap(out_.hashes);  // the estimate takes over: free the set
      }
    }
    if (f) {
      line_.clear();
      line_ += std::to_string(chain_);
      line_ += ',';
      line_ += std::to_string(step);
      line_ += moved ? ",1," : ",0,";
      char hex[24];
      std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(plan_hash_));
      line_ += hex;
      for (std::size_t sc = 0; sc < S; ++sc) {
        line_ += ',';
        line_ += format_number(vals_[sc], 12);
      }
      line_ += '\n';
      (void)std::fwrite(line_.data(), 1, line_.size(), f);
    } else {
      auto& tb = out_.table;
      if (tb.scores.empty()) tb.scores.assign(S, {});
      tb.chain.push_back(chain_);
      tb.step.push_back(step);
      tb.accepted.push_back(moved ? 1 : 0);
      tb.plan_hash.push_back(plan_hash_);
      for (std::size_t sc = 0; sc < S; ++sc) tb.scores[sc].push_back(vals_[sc]);
    }
    if (next_keep_ < keep_at_.size() && keep_at_[next_keep_] == t) {
      out_.plans.push_back(grid_of_);
      out_.plan_steps.push_back(step);
      ++next_keep_;
    }
    ++out_.diag.samples;
  }

  void finish_stats() {
    const auto S = sz(s_.S);
    const auto n = out_.diag.samples;
    out_.diag.mean.assign(S, std::numeric_limits<double>::quiet_NaN());
    out_.diag.variance.assign(S, std::numeric_limits<double>::quiet_NaN());
    out_.diag.distinct_plans = out_.capped ? static_cast<std::int64_t>(std::llround(hll_estimate(out_.hll)))
                                           : static_cast<std::int64_t>(out_.hashes.size());
    out_.acf.assign(S, {});
    for (int h = 0; h < 2; ++h) {
      const auto nh = h == 0 ? std::min(n, s_.records / 2) : std::max<std::int64_t>(0, n - s_.records / 2);
      out_.diag.half_samples[h] = nh;
      out_.diag.half_mean[h] = hmean_[h];
      out_.diag.half_variance[h].assign(S, 0.0);
      for (std::size_t sc = 0; sc < S; ++sc)
        out_.diag.half_variance[h][sc] = nh > 1 ? hm2_[h][sc] / static_cast<double>(nh - 1) : 0.0;
    }
    if (n == 0) return;
    for (std::size_t sc = 0; sc < S; ++sc) {
      out_.diag.mean[sc] = mean_[sc];
      out_.diag.variance[sc] = n > 1 ? m2_[sc] / static_cast<double>(n - 1) : 0.0;
      const double c0 = m2_[sc] / static_cast<double>(n);
      const auto L = sz(std::min<std::int64_t>(lags_, n - 1));
      const auto Lr = sz(lags_);
      for (std::size_t l = 1; l <= L; ++l) {
        // sum over t < n-l of x_t and over t >= l of x_t.
        double last = 0, first = 0;
        for (std::size_t j = 0; j < l; ++j) {
          last += ring_[sc][(sz(n) - 1 - j) % Lr];
          first += first_[sc][j];
        }
        const double m = mean_[sc];
        const double head = sum_[sc] - last, tail = sum_[sc] - first;
        const double c = (lagsum_[sc][l] - m * head - m * tail + static_cast<double>(n - static_cast<std::int64_t>(l)) * m * m) /
                         static_cast<double>(n);
        out_.acf[sc].push_back(c0 > 0 ? c / c0 : 0.0);
      }
    }
  }

  const EnsembleSetup& s_;
  const UnitGraph& g_;
  ChainOutput& out_;
  Rng rng_;
  int chain_;
  std::vector<GridIndex> grid_of_;
  std::vector<std::vector<UnitIndex>> members_;
  GridSums sums_;
  std::int64_t cut_total_ = 0;
  std::vector<std::int64_t> group_cut_;
  std::uint64_t plan_hash_ = 0;
  std::vector<std::int32_t> loc_;
  std::vector<UnitIndex> region_;
  std::vector<std::int32_t> xoff_, xadj_, parent_, order_, cuts_;
  std::vector<char> in_tree_, in_sub_, old_a_;
  std::vector<double> sub_, rest_;
  std::vector<std::int32_t> subr_;
  std::vector<double> vals_, mvals_, tmp_a_, tmp_b_;
  SumTree ratio_t_, tot_t_, tot2_t_, wl_t_, wl2_t_;
  std::int64_t scored_grids_ = 0;
  std::vector<std::int32_t> report_index_;
  std::vector<std::int64_t> group_last_;
  std::vector<std::vector<double>> group_vals_;
  std::vector<double> mean_, m2_, sum_;
  std::vector<double> hmean_[2], hm2_[2];
  int lags_ = 0;
  std::vector<std::vector<double>> first_, ring_, lagsum_;
  std::vector<std::int64_t> keep_at_;
  std::size_t next_keep_ = 0;
  std::string line_;
  std::vector<unsigned char> move_buf_;
  std::vector<UnitIndex> sorted_;
  GridIndex last_a_ = 0, last_b_ = 0;
};

}  // namespace

double hll_estimate(const std::vector<std::uint8_t>& reg) {
  const auto m = static_cast<double>(reg.size());
  double sum = 0;
  std::size_t zeros = 0;
  for (auto r : reg) {
    sum += std::ldexp(1.0, -static_cast<int>(r));
    zeros += r == 0;
  }
  const double alpha = 0.7213 / (1.0 + 1.079 / m);
  const double e = alpha * m * m / sum;
  if (e <= 2.5 * m && zeros > 0) return m * std::log(m / static_cast<double>(zeros));  // small-range correction
  return e;
}

void plan_scores(const EnsembleSetup& s, const std::vector<GridIndex>& grid_of, std::vector<double>& overall,
                 std::vector<std::vector<double>>& per_group) {
  // A chain state on the plan gives the same sums in the same order as the
  // chains use, so equal plans score exactly equal.
  Plan p;
  p.grid_of = grid_of;
  p.grid_codes.resize(sz(s.k));
  ChainOutput scratch;
  EnsembleSetup s2 = s;
  s2.report_groups.clear();
  s2.records = 0;
  Chain c(s2, p, 0, scratch);
  c.scores_now(overall, per_group);
}

void run_chain(const EnsembleSetup& s, const Plan& start, int c, std::FILE* scores, std::FILE* plans,
               ChainOutput& out, const std::atomic<bool>& stop, std::atomic<std::int64_t>& done) {
  Chain chain(s, start, c, out);
  chain.run(scores, plans, stop, done);
}

}  // namespace gridgov::detail

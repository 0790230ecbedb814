// Min-cost transportation for staffing. Every min-cost flow here is solved
// by LEMON's network simplex; this file only decides which arcs it sees:
//
// 1. a sparse candidate network (nearest grids per person, nearest people per
//    grid), solved from scratch;
// 2. relief: grids cut off from the people with hours left get arcs to the
//    nearest of them (see below), solved again;
// 3. pricing: every omitted (person, grid) pair is priced against the
//    optimal potentials and the violators are added; the network is then
//    re-optimised from the current flow (a min-cost circulation on the
//    residual network, also solved by LEMON) until no pair violates, which
//    certifies optimality for the dense problem.
//
// LEMON is used here only, and privately: no public header of gridgov
// includes it. Its network simplex needs integer data (flows, capacities,
// costs), so the problem is scaled to 64-bit integers first (see Scale).
#include "workload/staffing_flow.hpp"

// Header-only LEMON: lemon::INVALID is then defined in <lemon/core.h> instead
// of liblemon, the only symbol of the library these templates would need.
#define LEMON_ONLY_TEMPLATES
#include <lemon/network_simplex.h>
#include <lemon/static_graph.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "gridgov/core/error.hpp"

namespace gridgov::detail {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// Uniform buckets over points for k-nearest queries.
class Buckets {
 public:
  Buckets(const std::vector<double>& x, const std::vector<double>& y, const std::vector<std::int32_t>& ids)
      : x_(x), y_(y) {
    if (ids.empty()) return;
    double minx = kInf, miny = kInf, maxx = -kInf, maxy = -kInf;
    for (auto i : ids) {
      minx = std::min(minx, x[static_cast<std::size_t>(i)]);
      maxx = std::max(maxx, x[static_cast<std::size_t>(i)]);
      miny = std::min(miny, y[static_cast<std::size_t>(i)]);
      maxy = std::max(maxy, y[static_cast<std::size_t>(i)]);
    }
    minx_ = minx;
    miny_ = miny;
    const double w = std::max(maxx - minx, 1e-9), h = std::max(maxy - miny, 1e-9);
    const double cells = std::max(1.0, static_cast<double>(ids.size()) / 2.0);
    cell_ = std::max(std::sqrt(w * h / cells), std::max(w, h) / 2048.0);
    nx_ = std::min(4096, static_cast<int>(w / cell_) + 1);
    ny_ = std::min(4096, static_cast<int>(h / cell_) + 1);
    start_.assign(static_cast<std::size_t>(nx_) * static_cast<std::size_t>(ny_) + 1, 0);
    for (auto i : ids) ++start_[cell_of(x[static_cast<std::size_t>(i)], y[static_cast<std::size_t>(i)]) + 1];
    for (std::size_t c = 1; c < start_.size(); ++c) start_[c] += start_[c - 1];
    items_.resize(ids.size());
    auto fill = start_;
    for (auto i : ids) items_[fill[cell_of(x[static_cast<std::size_t>(i)], y[static_cast<std::size_t>(i)])]++] = i;
  }

  /// Appends the (up to) k nearest points to (qx, qy) to `out`.
  void nearest(double qx, double qy, int k, std::vector<std::int32_t>& out) const {
    if (items_.empty() || k <= 0) return;
    const int cx = std::clamp(static_cast<int>((qx - minx_) / cell_), 0, nx_ - 1);
    const int cy = std::clamp(static_cast<int>((qy - miny_) / cell_), 0, ny_ - 1);
    best_.clear();
    const auto kk = static_cast<std::size_t>(k);
    const int rmax = std::max(nx_, ny_);
    for (int r = 0; r <= rmax; ++r) {
      for (int j = cy - r; j <= cy + r; ++j) {
        if (j < 0 || j >= ny_) continue;
        const bool edge_row = (j == cy - r || j == cy + r);
        for (int i = cx - r; i <= cx + r; i += (edge_row ? 1 : 2 * r)) {
          if (i >= 0 && i < nx_) {
            const auto c = static_cast<std::size_t>(j) * static_cast<std::size_t>(nx_) + static_cast<std::size_t>(i);
            for (auto t = start_[c]; t < start_[c + 1]; ++t) {
              const auto p = items_[t];
              const double dx = x_[static_cast<std::size_t>(p)] - qx, dy = y_[static_cast<std::size_t>(p)] - qy;
              const double d2 = dx * dx + dy * dy;
              if (best_.size() < kk) {
                best_.emplace_back(d2, p);
                std::push_heap(best_.begin(), best_.end());
              } else if (d2 < best_.front().first) {
                std::pop_heap(best_.begin(), best_.end());
                best_.back() = {d2, p};
                std::push_heap(best_.begin(), best_.end());
              }
            }
          }
          if (r == 0) break;
        }
      }
      if (best_.size() == kk) {
        const double reach = static_cast<double>(r) * cell_;
        if (best_.front().first <= reach * reach) break;
      }
    }
    for (const auto& [d2, p] : best_) out.push_back(p);
  }

 private:
  [[nodiscard]] std::size_t cell_of(double x, double y) const {
    const int i = std::clamp(static_cast<int>((x - minx_) / cell_), 0, nx_ - 1);
    const int j = std::clamp(static_cast<int>((y - miny_) / cell_), 0, ny_ - 1);
    return static_cast<std::size_t>(j) * static_cast<std::size_t>(nx_) + static_cast<std::size_t>(i);
  }
  const std::vector<double>& x_;
  const std::vector<double>& y_;
  double minx_ = 0, miny_ = 0, cell_ = 1;
  int nx_ = 1, ny_ = 1;
  std::vector<std::size_t> start_;
  std::vector<std::int32_t> items_;
  mutable std::vector<std::pair<double, std::int32_t>> best_;
};

double dist_km(const TransportProblem& P, std::size_t p, std::size_t g) {
  return std::hypot(P.px[p] - P.gx[g], P.py[p] - P.gy[g]) / 1000.0;
}

/// The problem in integers. Flows: units of 2^-e hours (or slots), e chosen
/// so that the total demand stays below 2^60; demands are rounded to the
/// nearest unit, segment capacities down (nobody gets more than their hours).
/// Costs: units of 1/cost, chosen so that the network simplex cannot
/// overflow. Its potentials are sums of arc costs along a path of the spanning
/// tree plus at most one artificial cost of 2^62, so every reduced cost stays
/// below 2^62 + (2n - 1) * C for n nodes and arc costs of at most C; C <=
/// limit = 2^61 / (2n + 1) keeps that below 2^63.
///
/// The uncovered cost only has to exceed the cost of any augmenting path
/// (at most n arcs) to make every optimum cover as much demand as possible,
/// so it is capped at (n + 1) times the largest other cost: the optimal
/// solutions stay the same and the other costs keep a finer resolution.
struct Scale {
  double flow = 1;             // integer units per hour (or slot)
  double cost = 1;             // integer units per unit of cost
  std::int64_t limit = 0;      // largest cost magnitude the simplex is given
  std::vector<std::int64_t> demand;                // #k
  std::vector<std::vector<std::int64_t>> seg_cap;  // #m
  std::vector<std::vector<std::int64_t>> seg_cost; // #m
  std::vector<std::int64_t> supply;                // #m, sum of seg_cap
  std::int64_t uncovered = 0;
  double per_m = 0;            // travel cost units per metre

  explicit Scale(const TransportProblem& P) : P_(P) {
    const auto k = P.demand.size(), m = P.px.size();
    double total = 0;
    for (double d : P.demand) total += std::max(0.0, d);
    flow = total > 0 ? std::ldexp(1.0, 59 - std::ilogb(total)) : 1.0;
    demand.resize(k);
    for (std::size_t g = 0; g < k; ++g) demand[g] = std::llround(std::max(0.0, P.demand[g]) * flow);

    // Bounding box of everybody: no travel cost exceeds weight * its diagonal.
    double minx = kInf, miny = kInf, maxx = -kInf, maxy = -kInf;
    auto box = [&](const std::vector<double>& xs, const std::vector<double>& ys) {
      for (std::size_t i = 0; i < xs.size(); ++i) {
        minx = std::min(minx, xs[i]);
        maxx = std::max(maxx, xs[i]);
        miny = std::min(miny, ys[i]);
        maxy = std::max(maxy, ys[i]);
      }
    };
    box(P.gx, P.gy);
    box(P.px, P.py);
    double cmax = m > 0 ? std::abs(P.weight) * std::hypot(maxx - minx, maxy - miny) / 1000.0 : 0.0;
    for (const auto& costs : P.seg_cost)
      for (double c : costs) cmax = std::max(cmax, std::abs(c));
    cmax = std::max(cmax, 1e-12);
    const double n = static_cast<double>(k + m + 1);
    const double u = std::min(P.uncovered_cost, (n + 1) * cmax);
    const double big = std::max(cmax, std::abs(u));
    limit = static_cast<std::int64_t>(std::ldexp(1.0, 61) / (2 * n + 1));
    cost = static_cast<double>(limit) / big * (1 - 1e-9);
    uncovered = std::llround(u * cost);
    per_m = P.weight * cost / 1000.0;

    seg_cap.resize(m);
    seg_cost.resize(m);
    supply.assign(m, 0);
    for (std::size_t p = 0; p < m; ++p) {
      // Nobody can serve more than the total demand: later segments are cut
      // there, which keeps every sum below 2^60 and changes no optimum.
      double left = total;
      for (std::size_t s = 0; s < P.seg_cap[p].size(); ++s) {
        const double c = std::clamp(P.seg_cap[p][s], 0.0, left);
        left -= c;
        seg_cap[p].push_back(static_cast<std::int64_t>(std::floor(c * flow)));
        seg_cost[p].push_back(std::llround(P.seg_cost[p][s] * cost));
        supply[p] += seg_cap[p].back();
      }
    }
  }

  /// Integer travel cost of person p serving grid g (the same wherever it
  /// is needed: solving and pricing).
  [[nodiscard]] std::int64_t travel(std::size_t p, std::size_t g) const {
    return std::llround(P_.weight * dist_km(P_, p, g) * cost);
  }

  /// Whether travel(p, g) < slack; squared distances settle all pairs but
  /// those within rounding of the bound.
  [[nodiscard]] bool cheaper(std::size_t p, std::size_t g, std::int64_t slack) const {
    if (slack <= 0) return false;
    if (per_m > 0) {
      const double dx = P_.px[p] - P_.gx[g], dy = P_.py[p] - P_.gy[g];
      const double far = static_cast<double>(slack) / per_m;  // metres at which travel reaches slack
      if (dx * dx + dy * dy >= far * far * (1 + 1e-9)) return false;
    }
    return travel(p, g) < slack;
  }

 private:
  const TransportProblem& P_;
};

/// Arcs of a flow network in parallel arrays (the staffing network, or the
/// residual network of a warm start).
struct Arcs {
  std::vector<std::int32_t> tail, head;
  std::vector<std::int64_t> cap, cost;

  void add(std::int32_t u, std::int32_t v, std::int64_t c, std::int64_t w) {
    tail.push_back(u);
    head.push_back(v);
    cap.push_back(c);
    cost.push_back(w);
  }
  [[nodiscard]] std::size_t size() const { return tail.size(); }
};

/// LEMON's network simplex on `arcs` over `nodes` nodes; `supply` empty for a
/// circulation. Fills the optimal flow per arc and potentials per node, with
/// reduced costs cost + pi[tail] - pi[head] (>= 0 below capacity, <= 0 above zero).
void network_simplex(std::int32_t nodes, const Arcs& arcs, const std::vector<std::int64_t>& supply,
                     std::vector<std::int64_t>& flow, std::vector<std::int64_t>& pi) {
  using Graph = lemon::StaticDigraph;
  using Simplex = lemon::NetworkSimplex<Graph, std::int64_t, std::int64_t>;
  // A static digraph takes its arcs sorted by tail: arc j of G is arcs[order[j]].
  std::vector<std::size_t> first(static_cast<std::size_t>(nodes) + 1, 0), order(arcs.size());
  for (auto u : arcs.tail) ++first[static_cast<std::size_t>(u) + 1];
  for (std::size_t v = 1; v < first.size(); ++v) first[v] += first[v - 1];
  for (std::size_t e = 0; e < arcs.size(); ++e) order[first[static_cast<std::size_t>(arcs.tail[e])]++] = e;
  std::vector<std::pair<int, int>> ends(arcs.size());
  for (std::size_t j = 0; j < order.size(); ++j) ends[j] = {arcs.tail[order[j]], arcs.head[order[j]]};
  Graph G;
  G.build(nodes, ends.begin(), ends.end());
  Graph::ArcMap<std::int64_t> upper(G), cost(G);
  for (std::size_t j = 0; j < order.size(); ++j) {
    upper[G.arc(static_cast<int>(j))] = arcs.cap[order[j]];
    cost[G.arc(static_cast<int>(j))] = arcs.cost[order[j]];
  }
  Simplex ns(G);
  ns.upperMap(upper).costMap(cost);
  if (!supply.empty()) {
    Graph::NodeMap<std::int64_t> sup(G);
    for (std::int32_t v = 0; v < nodes; ++v) sup[G.node(v)] = supply[static_cast<std::size_t>(v)];
    ns.supplyMap(sup);
  }
  if (ns.run() != Simplex::OPTIMAL) throw Error("staffing flow: no optimal flow (internal error)");
  flow.resize(arcs.size());
  for (std::size_t j = 0; j < order.size(); ++j) flow[order[j]] = ns.flow(G.arc(static_cast<int>(j)));
  pi.resize(static_cast<std::size_t>(nodes));
  for (std::int32_t v = 0; v < nodes; ++v) pi[static_cast<std::size_t>(v)] = ns.potential(G.node(v));
}

/// The staffing network: grids 0..k-1 supply their demand, people k..k+m-1,
/// the sink k+m takes it all. Arcs: grid -> person (travel; capacity the
/// smaller of demand and supply), person -> sink (one per segment), grid ->
/// sink (uncovered demand). Arcs added by pricing are appended.
class Network {
 public:
  Network(const TransportProblem& P, const Scale& S) : P_(P), S_(S) {
    k_ = static_cast<std::int32_t>(P.demand.size());
    m_ = static_cast<std::int32_t>(P.px.size());
    nodes_ = k_ + m_ + 1;
    supply_.assign(static_cast<std::size_t>(nodes_), 0);
    for (std::int32_t g = 0; g < k_; ++g) {
      supply_[static_cast<std::size_t>(g)] = S.demand[static_cast<std::size_t>(g)];
      supply_.back() -= S.demand[static_cast<std::size_t>(g)];
    }
  }

  void add_travel(std::int32_t p, std::int32_t g) {
    const auto pu = static_cast<std::size_t>(p), gu = static_cast<std::size_t>(g);
    const auto cap = std::min(S_.demand[gu], S_.supply[pu]);
    if (cap > 0) add(g, k_ + p, cap, S_.travel(pu, gu), P_.weight * dist_km(P_, pu, gu));
  }
  void add_segments_and_uncovered() {
    for (std::int32_t p = 0; p < m_; ++p) {
      const auto pu = static_cast<std::size_t>(p);
      for (std::size_t s = 0; s < S_.seg_cap[pu].size(); ++s)
        if (S_.seg_cap[pu][s] > 0) add(k_ + p, nodes_ - 1, S_.seg_cap[pu][s], S_.seg_cost[pu][s], P_.seg_cost[pu][s]);
    }
    for (std::int32_t g = 0; g < k_; ++g) {
      const auto d = S_.demand[static_cast<std::size_t>(g)];
      if (d > 0) add(g, nodes_ - 1, d, S_.uncovered, 0.0);
    }
  }

  void solve_cold() {
    network_simplex(nodes_, arcs_, supply_, flow_, pi_);
    delta_.clear();
  }


  /// Re-optimises after arcs [first, size()) were added with negative
  /// reduced costs, starting from the current optimal flow: LEMON solves the
  /// min-cost circulation on the residual network in reduced costs (all
  /// non-negative but the new arcs'), restricted to the arcs of small reduced
  /// cost; the arcs left out are then checked against the new potentials (and
  /// the restriction widened if one is violated), so the result is optimal
  /// for the whole network. Returns false (nothing changed) when the numbers
  /// would leave the safe range; the caller then solves cold.
  bool solve_warm(std::size_t first) {
    const auto n_arcs = arcs_.size();
    flow_.resize(n_arcs, 0);
    // Residual entries: 2e forward (below capacity), 2e+1 backward (above zero).
    std::vector<std::int64_t> rc(2 * n_arcs, kNone);
    std::vector<std::int64_t> sorted;
    sorted.reserve(n_arcs);
    for (std::size_t e = 0; e < n_arcs; ++e) {
      std::int64_t r = 0;
      if (__builtin_add_overflow(arcs_.cost[e], pi_[static_cast<std::size_t>(arcs_.tail[e])], &r) ||
          __builtin_sub_overflow(r, pi_[static_cast<std::size_t>(arcs_.head[e])], &r))
        return false;
      if (flow_[e] < arcs_.cap[e]) rc[2 * e] = r;
      if (flow_[e] > 0) rc[2 * e + 1] = -r;
      if (e >= first) {
        if (r >= 0 || -r > S_.limit) return false;
      } else {
        // The previous optimum: no residual arc has a negative reduced cost.
        if ((flow_[e] < arcs_.cap[e] && r < 0) || (flow_[e] > 0 && r > 0)) return false;
        for (int d = 0; d < 2; ++d)
          if (rc[2 * e + static_cast<std::size_t>(d)] != kNone) sorted.push_back(rc[2 * e + static_cast<std::size_t>(d)]);
      }
    }
    // The restriction: about 4 entries per node of the smallest reduced costs.
    std::int64_t tau = S_.limit;
    const auto want = static_cast<std::size_t>(4 * nodes_);
    if (sorted.size() > want) {
      std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(want), sorted.end());
      tau = std::min(tau, std::max<std::int64_t>(sorted[want], 1));
    }
    std::vector<std::int64_t> g, delta;
    std::vector<std::size_t> entry;
    Arcs R;
    for (;;) {
      R = Arcs{};
      entry.clear();
      for (std::size_t i = 0; i < rc.size(); ++i) {
        if (rc[i] == kNone || rc[i] > tau) continue;
        const auto e = i / 2;
        const bool fwd = (i % 2) == 0;
        R.add(fwd ? arcs_.tail[e] : arcs_.head[e], fwd ? arcs_.head[e] : arcs_.tail[e],
              fwd ? arcs_.cap[e] - flow_[e] : flow_[e], rc[i]);
        entry.push_back(i);
      }
      network_simplex(nodes_, R, {}, g, delta);
      bool ok = true;
      for (std::size_t i = 0; i < rc.size() && ok; ++i) {
        if (rc[i] == kNone || rc[i] <= tau) continue;
        const auto e = i / 2;
        const auto u = static_cast<std::size_t>((i % 2) == 0 ? arcs_.tail[e] : arcs_.head[e]);
        const auto v = static_cast<std::size_t>((i % 2) == 0 ? arcs_.head[e] : arcs_.tail[e]);
        // |delta| < 2^61 (sums of at most n costs <= limit, shifted to <= 0).
        ok = rc[i] >= kSafe || rc[i] + delta[u] - delta[v] >= 0;
      }
      if (ok) break;
      if (tau >= S_.limit) return false;
      tau = tau > S_.limit / 4 ? S_.limit : 4 * tau;
    }
    std::vector<std::int64_t> pi = pi_;
    for (std::size_t v = 0; v < pi.size(); ++v)
      if (__builtin_add_overflow(pi[v], delta[v], &pi[v])) return false;
    pi_ = std::move(pi);
    delta_ = std::move(delta);
    for (std::size_t j = 0; j < entry.size(); ++j) {
      const auto e = entry[j] / 2;
      flow_[e] += (entry[j] % 2) == 0 ? g[j] : -g[j];
    }
    return true;
  }

  [[nodiscard]] const Arcs& arcs() const { return arcs_; }
  [[nodiscard]] const std::vector<std::int64_t>& flow() const { return flow_; }
  [[nodiscard]] const std::vector<std::int64_t>& pi() const { return pi_; }
  /// The change of the potentials in the last solve if it was warm, else empty.
  [[nodiscard]] const std::vector<std::int64_t>& delta() const { return delta_; }
  [[nodiscard]] double real_cost(std::size_t e) const { return real_[e]; }

  /// Marks the nodes that can reach the sink in the residual network
  /// without an uncovered-demand arc: those with a way to capacity left.
  [[nodiscard]] std::vector<char> relieved() const {
    const auto n = static_cast<std::size_t>(nodes_);
    std::vector<std::size_t> first(n + 1, 0);
    auto usable = [&](std::size_t e) { return !(arcs_.tail[e] < k_ && arcs_.head[e] == nodes_ - 1); };
    for (std::size_t e = 0; e < arcs_.size(); ++e) {
      if (!usable(e)) continue;
      if (flow_[e] < arcs_.cap[e]) ++first[static_cast<std::size_t>(arcs_.head[e]) + 1];
      if (flow_[e] > 0) ++first[static_cast<std::size_t>(arcs_.tail[e]) + 1];
    }
    for (std::size_t v = 1; v <= n; ++v) first[v] += first[v - 1];
    std::vector<std::int32_t> from(first[n]);  // residual arcs by the node they enter
    auto fill = first;
    for (std::size_t e = 0; e < arcs_.size(); ++e) {
      if (!usable(e)) continue;
      if (flow_[e] < arcs_.cap[e]) from[fill[static_cast<std::size_t>(arcs_.head[e])]++] = arcs_.tail[e];
      if (flow_[e] > 0) from[fill[static_cast<std::size_t>(arcs_.tail[e])]++] = arcs_.head[e];
    }
    std::vector<char> seen(n, 0);
    std::vector<std::int32_t> stack(1, nodes_ - 1);
    seen[n - 1] = 1;
    while (!stack.empty()) {
      const auto v = static_cast<std::size_t>(stack.back());
      stack.pop_back();
      for (auto i = first[v]; i < first[v + 1]; ++i)
        if (!seen[static_cast<std::size_t>(from[i])]) {
          seen[static_cast<std::size_t>(from[i])] = 1;
          stack.push_back(from[i]);
        }
    }
    return seen;
  }

 private:
  static constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::min();
  static constexpr std::int64_t kSafe = std::int64_t{1} << 61;

  void add(std::int32_t u, std::int32_t v, std::int64_t cap, std::int64_t cost, double real) {
    arcs_.add(u, v, cap, cost);
    real_.push_back(real);
  }

  const TransportProblem& P_;
  const Scale& S_;
  std::int32_t k_ = 0, m_ = 0, nodes_ = 0;
  Arcs arcs_;
  std::vector<double> real_;  // cost per hour (slot) in the problem's units
  std::vector<std::int64_t> supply_, flow_, pi_, delta_;
};

/// pi[p] - pi[g], saturated.
std::int64_t slack_of(std::int64_t pp, std::int64_t pg) {
  std::int64_t s = 0;
  if (__builtin_sub_overflow(pp, pg, &s)) s = pp > pg ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
  return s;
}

/// Grids in spatial blocks of about 64 for pricing: a block can only hold a
/// violating pair for person p if its smallest potential plus the travel cost
/// to its bounding box is below p's potential.
class GridBlocks {
 public:
  explicit GridBlocks(const TransportProblem& P) {
    const auto k = P.gx.size();
    if (k == 0) return;
    const double minx = *std::min_element(P.gx.begin(), P.gx.end()), maxx = *std::max_element(P.gx.begin(), P.gx.end());
    const double miny = *std::min_element(P.gy.begin(), P.gy.end()), maxy = *std::max_element(P.gy.begin(), P.gy.end());
    const int side = std::max(1, static_cast<int>(std::sqrt(static_cast<double>(k) / 64.0)));
    const double w = std::max(maxx - minx, 1e-9) / side, h = std::max(maxy - miny, 1e-9) / side;
    std::vector<std::vector<std::int32_t>> cells(static_cast<std::size_t>(side) * static_cast<std::size_t>(side));
    for (std::size_t g = 0; g < k; ++g) {
      const auto i = static_cast<std::size_t>(std::clamp(static_cast<int>((P.gx[g] - minx) / w), 0, side - 1));
      const auto j = static_cast<std::size_t>(std::clamp(static_cast<int>((P.gy[g] - miny) / h), 0, side - 1));
      cells[j * static_cast<std::size_t>(side) + i].push_back(static_cast<std::int32_t>(g));
    }
    for (auto& c : cells) {
      if (c.empty()) continue;
      Block b;
      b.first = grids_.size();
      for (auto g : c) {
        grids_.push_back(g);
        b.x0 = std::min(b.x0, P.gx[static_cast<std::size_t>(g)]);
        b.x1 = std::max(b.x1, P.gx[static_cast<std::size_t>(g)]);
        b.y0 = std::min(b.y0, P.gy[static_cast<std::size_t>(g)]);
        b.y1 = std::max(b.y1, P.gy[static_cast<std::size_t>(g)]);
      }
      b.last = grids_.size();
      blocks_.push_back(b);
    }
  }

  /// Appends to `out` every grid g not marked in `skip` with
  /// travel(p, g) < pi[person] - pi[g].
  void violators(const TransportProblem& P, const Scale& S, const std::vector<std::int64_t>& pi, std::int32_t p,
                 const std::vector<char>& skip, std::vector<std::int32_t>& out) const {
    const auto pu = static_cast<std::size_t>(p);
    const auto pp = pi[static_cast<std::size_t>(P.demand.size()) + pu];
    const double px = P.px[pu], py = P.py[pu];
    for (const auto& b : blocks_) {
      // travel >= per_m * d - 1/2 and a violation needs travel <= slack - 1;
      // `err` covers the rounding of the potentials to double.
      const double slack = static_cast<double>(pp) - static_cast<double>(b.min_pi);
      const double err = 1e-15 * (std::abs(static_cast<double>(pp)) + std::abs(static_cast<double>(b.min_pi))) + 1.0;
      if (slack + err < 0.5) continue;
      const double dx = std::max({0.0, b.x0 - px, px - b.x1}), dy = std::max({0.0, b.y0 - py, py - b.y1});
      if (S.per_m * std::hypot(dx, dy) * (1 - 1e-9) > slack + err) continue;
      for (auto i = b.first; i < b.last; ++i) {
        const auto g = grids_[i];
        const auto gu = static_cast<std::size_t>(g);
        if (skip[gu]) continue;
        if (S.cheaper(pu, gu, slack_of(pp, pi[gu]))) out.push_back(g);
      }
    }
  }

  void update(const std::vector<std::int64_t>& pi) {
    for (auto& b : blocks_) {
      b.min_pi = std::numeric_limits<std::int64_t>::max();
      for (auto i = b.first; i < b.last; ++i) b.min_pi = std::min(b.min_pi, pi[static_cast<std::size_t>(grids_[i])]);
    }
  }

 private:
  struct Block {
    std::size_t first = 0, last = 0;
    double x0 = kInf, x1 = -kInf, y0 = kInf, y1 = -kInf;
    std::int64_t min_pi = 0;
  };
  std::vector<std::int32_t> grids_;
  std::vector<Block> blocks_;
};

}  // namespace

TransportSolution solve_transport(const TransportProblem& P) {
  const auto k = static_cast<std::int32_t>(P.demand.size());
  const auto m = static_cast<std::int32_t>(P.px.size());
  if (P.gx.size() != P.demand.size() || P.gy.size() != P.demand.size() || P.py.size() != P.px.size() ||
      P.seg_cap.size() != P.px.size() || P.seg_cost.size() != P.px.size() || (!P.fixed.empty() && P.fixed.size() != P.px.size()))
    throw Error("solve_transport: inconsistent sizes");
  TransportSolution sol;
  sol.uncovered.assign(static_cast<std::size_t>(k), 0.0);
  if (k == 0) return sol;

  // Candidate arcs.
  std::vector<std::vector<std::int32_t>> cand(static_cast<std::size_t>(m));
  std::vector<std::int32_t> all_grids(static_cast<std::size_t>(k)), free_people;
  for (std::int32_t g = 0; g < k; ++g) all_grids[static_cast<std::size_t>(g)] = g;
  for (std::int32_t p = 0; p < m; ++p) {
    const auto fx = P.fixed.empty() ? -1 : P.fixed[static_cast<std::size_t>(p)];
    if (fx >= 0) {
      if (fx >= k) throw Error("solve_transport: fixed grid out of range");
      cand[static_cast<std::size_t>(p)].push_back(fx);
    } else {
      free_people.push_back(p);
    }
  }
  {
    Buckets grids(P.gx, P.gy, all_grids);
    for (auto p : free_people)
      grids.nearest(P.px[static_cast<std::size_t>(p)], P.py[static_cast<std::size_t>(p)], P.candidates,
                    cand[static_cast<std::size_t>(p)]);
    Buckets people(P.px, P.py, free_people);
    std::vector<std::int32_t> near;
    for (std::int32_t g = 0; g < k; ++g) {
      near.clear();
      people.nearest(P.gx[static_cast<std::size_t>(g)], P.gy[static_cast<std::size_t>(g)], P.candidates, near);
      for (auto p : near) cand[static_cast<std::size_t>(p)].push_back(g);
    }
    for (auto& c : cand) {
      std::sort(c.begin(), c.end());
      c.erase(std::unique(c.begin(), c.end()), c.end());
    }
  }

  const Scale S(P);
  Network net(P, S);
  for (std::int32_t p = 0; p < m; ++p)
    for (auto g : cand[static_cast<std::size_t>(p)]) net.add_travel(p, g);
  net.add_segments_and_uncovered();
  if (P.progress && *P.progress && !(*P.progress)(0.0, "staffing")) throw Interrupted();
  net.solve_cold();

  // Relief: a grid whose every way to capacity left passes through an
  // uncovered-demand arc (an uncovered grid when someone still has hours,
  // or a region the candidate arcs shut off from the spare people) has a
  // potential near the uncovered cost, and pricing would pair it with nearly
  // everybody. Such grids get arcs to their nearest free people who do have
  // a way (a direct augmenting path each) and the network is solved again.
  {
    std::vector<std::int32_t> ids, near;
    for (int pass = 0; pass < 8; ++pass) {  // pricing completes what is left
      const auto ok = net.relieved();
      ids.clear();
      for (auto p : free_people)
        if (ok[static_cast<std::size_t>(k + p)] && S.supply[static_cast<std::size_t>(p)] > 0) ids.push_back(p);
      if (ids.empty()) break;  // nobody has hours left: a true shortage
      const Buckets people(P.px, P.py, ids);
      std::size_t added = 0;
      for (std::int32_t g = 0; g < k; ++g) {
        if (ok[static_cast<std::size_t>(g)] || S.demand[static_cast<std::size_t>(g)] <= 0) continue;
        near.clear();
        people.nearest(P.gx[static_cast<std::size_t>(g)], P.gy[static_cast<std::size_t>(g)], P.candidates, near);
        for (auto p : near) {
          auto& c = cand[static_cast<std::size_t>(p)];
          const auto it = std::lower_bound(c.begin(), c.end(), g);
          if (it != c.end() && *it == g) continue;
          c.insert(it, g);
          net.add_travel(p, g);
          ++added;
        }
      }
      if (added == 0) break;
      if (P.progress && *P.progress && !(*P.progress)(0.0, "staffing")) throw Interrupted();
      net.solve_cold();
    }
  }

  // Pricing: an omitted arc g -> p has reduced cost travel(p, g) + pi[g] - pi[p].
  // After a cold solve every omitted pair is priced. After a warm one only
  // pairs whose slack pi[p] - pi[g] grew can have turned violating: people
  // whose potential rose above that of the untouched nodes (the most common
  // change) against every grid, and grids whose potential fell below it
  // against everybody else.
  GridBlocks blocks(P);
  std::vector<char> mark(static_cast<std::size_t>(k), 0);  // 1: a candidate of the person at hand, 2: no demand
  for (std::int32_t g = 0; g < k; ++g)
    if (S.demand[static_cast<std::size_t>(g)] <= 0) mark[static_cast<std::size_t>(g)] = 2;
  std::vector<std::pair<std::int32_t, std::int32_t>> found;  // (person, grid)
  std::vector<std::int32_t> extra, moved_grids;
  std::vector<std::int64_t> sorted;
  bool capped = false;  // the last round added only part of the violators
  for (int round = 1;; ++round) {
    const auto& pi = net.pi();
    const auto& delta = net.delta();
    blocks.update(pi);
    std::int64_t usual = 0;
    if (!delta.empty()) {
      sorted.assign(delta.begin(), delta.end() - 1);
      std::sort(sorted.begin(), sorted.end());
      std::size_t best = 0;
      for (std::size_t i = 0, j = 0; i < sorted.size(); i = j) {
        while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
        if (j - i > best) {
          best = j - i;
          usual = sorted[i];
        }
      }
      moved_grids.clear();
      for (std::int32_t g = 0; g < k; ++g)
        if (delta[static_cast<std::size_t>(g)] < usual && mark[static_cast<std::size_t>(g)] != 2) moved_grids.push_back(g);
    }
    // With many grids moved, pricing everything is cheaper.
    const bool full = delta.empty() || capped || moved_grids.size() > static_cast<std::size_t>(k) / 8;
    found.clear();
    for (auto p : free_people) {
      const auto pu = static_cast<std::size_t>(p);
      if (S.supply[pu] <= 0) continue;
      const auto& c = cand[pu];
      const auto pp = pi[static_cast<std::size_t>(k) + pu];
      if (full || delta[static_cast<std::size_t>(k) + pu] > usual) {
        for (auto g : c) mark[static_cast<std::size_t>(g)] |= 1;
        extra.clear();
        blocks.violators(P, S, pi, p, mark, extra);
        for (auto g : c) mark[static_cast<std::size_t>(g)] &= 2;
        for (auto g : extra) found.emplace_back(p, g);
      } else {
        for (auto g : moved_grids) {
          const auto gu = static_cast<std::size_t>(g);
          if (S.cheaper(pu, gu, slack_of(pp, pi[gu])) && !std::binary_search(c.begin(), c.end(), g)) found.emplace_back(p, g);
        }
      }
    }
    if (found.empty()) break;
    capped = found.size() > net.arcs().size();
    if (capped) {
      // More violators than arcs: the potentials are far from the dense
      // optimum's. Each grid keeps its `candidates` most violated pairs.
      const auto L = static_cast<std::size_t>(std::max(1, P.candidates));
      std::vector<std::tuple<std::int32_t, std::int64_t, std::int32_t>> byg;  // grid, reduced cost, person
      byg.reserve(found.size());
      for (auto [p, g] : found) {
        const auto pu = static_cast<std::size_t>(p), gu = static_cast<std::size_t>(g);
        const auto sl = slack_of(pi[static_cast<std::size_t>(k) + pu], pi[gu]);
        const std::int64_t r = S.travel(pu, gu) - std::min<std::int64_t>(sl, std::numeric_limits<std::int64_t>::max() / 2);
        byg.emplace_back(g, r, p);
      }
      std::sort(byg.begin(), byg.end());
      found.clear();
      for (std::size_t i = 0, j = 0; i < byg.size(); i = j)
        for (j = i; j < byg.size() && std::get<0>(byg[j]) == std::get<0>(byg[i]); ++j)
          if (j - i < L) found.emplace_back(std::get<2>(byg[j]), std::get<0>(byg[j]));
    }
    std::sort(found.begin(), found.end());
    const auto first = net.arcs().size();
    for (std::size_t i = 0, j = 0; i < found.size(); i = j) {
      const auto p = found[i].first;
      auto& c = cand[static_cast<std::size_t>(p)];
      for (j = i; j < found.size() && found[j].first == p; ++j) {
        net.add_travel(p, found[j].second);
        c.push_back(found[j].second);
      }
      std::sort(c.begin(), c.end());
    }
    ++sol.pricing_rounds;
    if (P.progress && *P.progress &&
        !(*P.progress)(static_cast<double>(round) / static_cast<double>(std::max(1, P.max_pricing_rounds)), "staffing"))
      throw Interrupted();
    if (!net.solve_warm(first)) net.solve_cold();
    if (round >= P.max_pricing_rounds) {
      sol.priced_optimal = false;  // the pairs added last were not priced again
      break;
    }
  }

  // Read the flow back in hours (slots).
  const auto& arcs = net.arcs();
  const auto& flow = net.flow();
  const auto sink = k + m;
  for (std::size_t e = 0; e < arcs.size(); ++e) {
    const auto f = flow[e];
    if (f <= 0) continue;
    const double amount = static_cast<double>(f) / S.flow;
    const auto u = arcs.tail[e], v = arcs.head[e];
    if (u < k && v != sink) {
      sol.flows.push_back({v - k, u, amount});
      sol.travel_cost += amount * net.real_cost(e);
    } else if (u < k) {
      sol.uncovered[static_cast<std::size_t>(u)] = amount;
    } else {
      sol.segment_cost += amount * net.real_cost(e);
    }
  }
  std::sort(sol.flows.begin(), sol.flows.end(), [](const TransportFlow& a, const TransportFlow& b) {
    return a.person != b.person ? a.person < b.person : a.grid < b.grid;
  });
  sol.arcs = static_cast<std::int64_t>(arcs.size());
  return sol;
}

}  // namespace gridgov::detail

// Min-cost transportation for staffing: successive shortest paths with node
// potentials and early-terminating Dijkstra on a sparse candidate network,
// then pricing of every omitted (person, grid) pair against the potentials.
#include "workload/staffing_flow.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>

#include "gridgov/core/error.hpp"

namespace gridgov::detail {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kEps = 1e-9;

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

/// Residual network with paired arcs (e, e^1) in CSR form.
struct Network {
  std::vector<std::int32_t> tail, head;
  std::vector<double> cap, cost;
  std::vector<std::int64_t> first;  // CSR offsets by tail
  std::vector<std::int32_t> order;  // arc ids sorted by tail

  std::int32_t add(std::int32_t u, std::int32_t v, double c, double w) {
    const auto e = static_cast<std::int32_t>(head.size());
    tail.push_back(u);
    head.push_back(v);
    cap.push_back(c);
    cost.push_back(w);
    tail.push_back(v);
    head.push_back(u);
    cap.push_back(0.0);
    cost.push_back(-w);
    return e;
  }
  void finish(std::int32_t nodes) {
    first.assign(static_cast<std::size_t>(nodes) + 1, 0);
    for (auto t : tail) ++first[static_cast<std::size_t>(t) + 1];
    for (std::size_t i = 1; i < first.size(); ++i) first[i] += first[i - 1];
    order.resize(tail.size());
    auto fill = first;
    for (std::size_t e = 0; e < tail.size(); ++e) order[static_cast<std::size_t>(fill[static_cast<std::size_t>(tail[e])]++)] = static_cast<std::int32_t>(e);
  }
};

double dist_km(const TransportProblem& P, std::size_t p, std::size_t g) {
  return std::hypot(P.px[p] - P.gx[g], P.py[p] - P.gy[g]) / 1000.0;
}


/// The flow of a previous solve, carried into the next pricing round.
struct Warm {
  std::vector<std::vector<std::pair<std::int32_t, double>>> person_flow;  // per person: (grid, flow)
  std::vector<std::vector<double>> seg_flow;                               // per person, per segment
  std::vector<double> uncovered;                                           // per grid
  std::vector<double> pi;
};

/// Solves on the candidate arcs `cand` (per person, sorted grid ids). Cold:
/// every grid's demand is routed to the sink. Warm: the previous flow and
/// potentials are restored, arcs with negative reduced cost (the ones
/// pricing added) are saturated, and the excesses this creates are routed to
/// the deficits by the same shortest-path augmentations.
void solve_network(const TransportProblem& P, const std::vector<std::vector<std::int32_t>>& cand, Network& net,
                   std::vector<double>& pi, std::vector<std::int32_t>& uncovered_arc, const Warm* warm) {
  const auto k = static_cast<std::int32_t>(P.demand.size());
  const auto m = static_cast<std::int32_t>(P.px.size());
  const std::int32_t sink = k + m;
  const std::int32_t nodes = k + m + 1;
  net = Network{};
  std::size_t arcs = 0;
  for (const auto& c : cand) arcs += c.size();
  for (const auto& sc : P.seg_cap) arcs += sc.size();
  arcs += static_cast<std::size_t>(k);
  net.tail.reserve(2 * arcs);
  net.head.reserve(2 * arcs);
  net.cap.reserve(2 * arcs);
  net.cost.reserve(2 * arcs);
  std::vector<double> supply(static_cast<std::size_t>(m), 0.0);
  for (std::int32_t p = 0; p < m; ++p)
    for (double c : P.seg_cap[static_cast<std::size_t>(p)]) supply[static_cast<std::size_t>(p)] += c;
  std::vector<std::int32_t> cand_arc_begin(static_cast<std::size_t>(m) + 1, 0);
  for (std::int32_t p = 0; p < m; ++p) {
    cand_arc_begin[static_cast<std::size_t>(p)] = static_cast<std::int32_t>(net.head.size());
    for (auto g : cand[static_cast<std::size_t>(p)])
      net.add(g, k + p, std::min(P.demand[static_cast<std::size_t>(g)], supply[static_cast<std::size_t>(p)]),
              P.weight * dist_km(P, static_cast<std::size_t>(p), static_cast<std::size_t>(g)));
  }
  cand_arc_begin[static_cast<std::size_t>(m)] = static_cast<std::int32_t>(net.head.size());
  std::vector<std::vector<std::int32_t>> seg_arc(static_cast<std::size_t>(m));
  for (std::int32_t p = 0; p < m; ++p) {
    const auto& caps = P.seg_cap[static_cast<std::size_t>(p)];
    const auto& costs = P.seg_cost[static_cast<std::size_t>(p)];
    for (std::size_t sg = 0; sg < caps.size(); ++sg)
      seg_arc[static_cast<std::size_t>(p)].push_back(caps[sg] > kEps ? net.add(k + p, sink, caps[sg], costs[sg]) : -1);
  }
  uncovered_arc.assign(static_cast<std::size_t>(k), -1);
  for (std::int32_t g = 0; g < k; ++g)
    uncovered_arc[static_cast<std::size_t>(g)] = net.add(g, sink, P.demand[static_cast<std::size_t>(g)], P.uncovered_cost);
  net.finish(nodes);

  std::vector<double> excess(static_cast<std::size_t>(nodes), 0.0);
  auto push = [&](std::size_t e, double f) {
    net.cap[e] -= f;
    net.cap[e ^ 1U] += f;
  };
  if (!warm) {
    pi.assign(static_cast<std::size_t>(nodes), 0.0);
    double total = 0;
    for (std::int32_t g = 0; g < k; ++g) {
      excess[static_cast<std::size_t>(g)] = P.demand[static_cast<std::size_t>(g)];
      total += P.demand[static_cast<std::size_t>(g)];
    }
    excess[static_cast<std::size_t>(sink)] = -total - 1.0;  // the sink absorbs everything
  } else {
    pi = warm->pi;
    for (std::int32_t p = 0; p < m; ++p) {
      const auto pu = static_cast<std::size_t>(p);
      const auto& prev = warm->person_flow[pu];
      std::size_t j = 0;
      for (auto e = cand_arc_begin[pu]; e < cand_arc_begin[pu + 1]; e += 2) {
        const auto g = net.tail[static_cast<std::size_t>(e)];
        while (j < prev.size() && prev[j].first < g) ++j;
        if (j < prev.size() && prev[j].first == g) push(static_cast<std::size_t>(e), prev[j].second);
      }
      for (std::size_t sg = 0; sg < seg_arc[pu].size(); ++sg)
        if (seg_arc[pu][sg] >= 0) push(static_cast<std::size_t>(seg_arc[pu][sg]), warm->seg_flow[pu][sg]);
    }
    for (std::int32_t g = 0; g < k; ++g)
      push(static_cast<std::size_t>(uncovered_arc[static_cast<std::size_t>(g)]), warm->uncovered[static_cast<std::size_t>(g)]);
    // Saturate candidate arcs whose reduced cost is negative.
    for (std::int32_t e = 0; e < cand_arc_begin[static_cast<std::size_t>(m)]; e += 2) {
      const auto eu = static_cast<std::size_t>(e);
      const auto u = static_cast<std::size_t>(net.tail[eu]), v = static_cast<std::size_t>(net.head[eu]);
      const double rc = net.cost[eu] + pi[u] - pi[v];
      if (rc < -1e-9 * (1.0 + std::abs(pi[v])) && net.cap[eu] > kEps) {
        const double f = net.cap[eu];
        push(eu, f);
        excess[u] -= f;
        excess[v] += f;
      }
    }
  }

  std::vector<double> dist(static_cast<std::size_t>(nodes), kInf);
  std::vector<std::int32_t> pred(static_cast<std::size_t>(nodes), -1);
  std::vector<char> state(static_cast<std::size_t>(nodes), 0);
  std::vector<std::int32_t> touched, settled;
  using Item = std::pair<double, std::int32_t>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;

  for (std::int32_t s = 0; s < nodes; ++s) {
    if (P.progress && *P.progress && (s & 255) == 0 &&
        !(*P.progress)(static_cast<double>(s) / static_cast<double>(nodes), "staffing"))
      throw Interrupted();
    while (excess[static_cast<std::size_t>(s)] > kEps) {
      dist[static_cast<std::size_t>(s)] = 0;
      touched.push_back(s);
      heap.emplace(0.0, s);
      std::int32_t target = -1;
      while (!heap.empty()) {
        const auto [d, u] = heap.top();
        heap.pop();
        const auto uu = static_cast<std::size_t>(u);
        if (state[uu] == 2 || d > dist[uu]) continue;
        state[uu] = 2;
        settled.push_back(u);
        if (excess[uu] < -kEps) {
          target = u;
          break;
        }
        for (auto i = net.first[uu]; i < net.first[uu + 1]; ++i) {
          const auto e = static_cast<std::size_t>(net.order[static_cast<std::size_t>(i)]);
          if (net.cap[e] <= kEps) continue;
          const auto v = static_cast<std::size_t>(net.head[e]);
          if (state[v] == 2) continue;
          const double nd = d + std::max(0.0, net.cost[e] + pi[uu] - pi[v]);
          if (nd < dist[v]) {
            if (dist[v] == kInf) touched.push_back(static_cast<std::int32_t>(v));
            dist[v] = nd;
            pred[v] = static_cast<std::int32_t>(e);
            heap.emplace(nd, static_cast<std::int32_t>(v));
          }
        }
      }
      while (!heap.empty()) heap.pop();
      if (target < 0) throw Error("staffing flow: no path to a deficit (internal error)");
      const double D = dist[static_cast<std::size_t>(target)];
      for (auto v : settled) pi[static_cast<std::size_t>(v)] += dist[static_cast<std::size_t>(v)] - D;
      double delta = std::min(excess[static_cast<std::size_t>(s)], -excess[static_cast<std::size_t>(target)]);
      for (auto v = target; v != s;) {
        const auto e = static_cast<std::size_t>(pred[static_cast<std::size_t>(v)]);
        delta = std::min(delta, net.cap[e]);
        v = net.tail[e];
      }
      for (auto v = target; v != s;) {
        const auto e = static_cast<std::size_t>(pred[static_cast<std::size_t>(v)]);
        push(e, delta);
        v = net.tail[e];
      }
      excess[static_cast<std::size_t>(s)] -= delta;
      excess[static_cast<std::size_t>(target)] += delta;
      for (auto v : touched) {
        dist[static_cast<std::size_t>(v)] = kInf;
        state[static_cast<std::size_t>(v)] = 0;
      }
      touched.clear();
      settled.clear();
    }
  }
}

Warm capture(const TransportProblem& P, const Network& net, const std::vector<double>& pi,
             const std::vector<std::int32_t>& uncovered_arc) {
  const auto k = static_cast<std::int32_t>(P.demand.size());
  const auto m = static_cast<std::int32_t>(P.px.size());
  Warm w;
  w.pi = pi;
  w.person_flow.resize(static_cast<std::size_t>(m));
  w.seg_flow.resize(static_cast<std::size_t>(m));
  for (std::int32_t p = 0; p < m; ++p) w.seg_flow[static_cast<std::size_t>(p)].assign(P.seg_cap[static_cast<std::size_t>(p)].size(), 0.0);
  std::vector<std::size_t> seg_seen(static_cast<std::size_t>(m), 0);
  for (std::size_t e = 0; e < net.head.size(); e += 2) {
    const auto u = net.tail[e], v = net.head[e];
    const double f = net.cap[e + 1];
    if (u < k && v >= k && v < k + m) {
      if (f > 0) w.person_flow[static_cast<std::size_t>(v - k)].emplace_back(u, f);
    } else if (u >= k && u < k + m) {
      // Segment arcs were added in order, skipping empty segments.
      const auto pu = static_cast<std::size_t>(u - k);
      auto& sg = seg_seen[pu];
      while (sg < P.seg_cap[pu].size() && P.seg_cap[pu][sg] <= kEps) ++sg;
      if (sg < P.seg_cap[pu].size()) w.seg_flow[pu][sg++] = f;
    }
  }
  for (auto& pf : w.person_flow) std::sort(pf.begin(), pf.end());
  w.uncovered.resize(static_cast<std::size_t>(k));
  for (std::int32_t g = 0; g < k; ++g)
    w.uncovered[static_cast<std::size_t>(g)] = net.cap[static_cast<std::size_t>(uncovered_arc[static_cast<std::size_t>(g)]) + 1];
  return w;
}

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

  Network net;
  std::vector<double> pi;
  std::vector<std::int32_t> uncovered_arc;
  Warm warm;
  for (int round = 0;; ++round) {
    solve_network(P, cand, net, pi, uncovered_arc, round == 0 ? nullptr : &warm);
    // Pricing: an omitted arc g -> p has reduced cost w*d(p,g) + pi[g] - pi[p].
    std::int64_t added = 0;
    for (auto p : free_people) {
      const double pp = pi[static_cast<std::size_t>(k + p)];
      auto& c = cand[static_cast<std::size_t>(p)];
      std::vector<std::int32_t> extra;
      std::size_t ci = 0;
      for (std::int32_t g = 0; g < k; ++g) {
        while (ci < c.size() && c[ci] < g) ++ci;
        if (ci < c.size() && c[ci] == g) continue;
        const double slack = pp - pi[static_cast<std::size_t>(g)];
        const double tol = 1e-9 * (1.0 + std::abs(pp));
        if (slack <= tol) continue;
        if (P.weight > 0) {
          const double dx = P.px[static_cast<std::size_t>(p)] - P.gx[static_cast<std::size_t>(g)];
          const double dy = P.py[static_cast<std::size_t>(p)] - P.gy[static_cast<std::size_t>(g)];
          const double lim = (slack - tol) / P.weight * 1000.0;
          if (dx * dx + dy * dy >= lim * lim) continue;
        }
        extra.push_back(g);
      }
      if (!extra.empty()) {
        added += static_cast<std::int64_t>(extra.size());
        c.insert(c.end(), extra.begin(), extra.end());
        std::sort(c.begin(), c.end());
      }
    }
    if (added == 0) break;
    ++sol.pricing_rounds;
    if (round + 1 >= P.max_pricing_rounds) {
      warm = capture(P, net, pi, uncovered_arc);
      solve_network(P, cand, net, pi, uncovered_arc, &warm);
      sol.priced_optimal = false;
      break;
    }
    warm = capture(P, net, pi, uncovered_arc);
  }

  sol.arcs = static_cast<std::int64_t>(net.head.size() / 2);
  for (std::size_t e = 0; e < net.head.size(); e += 2) {
    const double f = net.cap[e + 1];
    if (f <= kEps) continue;
    const auto u = net.tail[e], v = net.head[e];
    if (u < k && v >= k && v < k + m) {
      sol.flows.push_back({v - k, u, f});
      sol.travel_cost += f * net.cost[e];
    } else if (u >= k && u < k + m) {
      sol.segment_cost += f * net.cost[e];
    }
  }
  for (std::int32_t g = 0; g < k; ++g) {
    const auto e = static_cast<std::size_t>(uncovered_arc[static_cast<std::size_t>(g)]);
    sol.uncovered[static_cast<std::size_t>(g)] = net.cap[e + 1];
  }
  std::sort(sol.flows.begin(), sol.flows.end(), [](const TransportFlow& a, const TransportFlow& b) {
    return a.person != b.person ? a.person < b.person : a.grid < b.grid;
  });
  return sol;
}

}  // namespace gridgov::detail

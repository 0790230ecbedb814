// Synthetic cities: a jittered lattice with rivers and parks, skewed
// households, streets and communities drawn by partition() itself.
#include "gridgov/partition/synth.hpp"

#include <algorithm>
#include <cmath>
#include <queue>
#include <string>
#include <unordered_set>

#include "partition/common.hpp"
#include "gridgov/core/codes.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/partition/partition.hpp"

namespace gridgov {

namespace {

// Coordinates are kept to the centimetre, the precision of survey data; their
// CSV text is then short (and exact to read back).
double to_cm(double metres) { return std::round(metres * 100.0) / 100.0; }

using detail::sz;

struct Lattice {
  std::int64_t W = 0, H = 0;
  std::vector<std::int32_t> unit_of;  // W*H, -1 = not a unit
  std::vector<std::int64_t> cell_of;  // n
};

void carve(std::int64_t W, std::int64_t H, const SynthOptions& opt, detail::Rng& rng, std::vector<std::uint8_t>& hole) {
  hole.assign(sz(W * H), 0);
  for (int r = 0; r < opt.rivers; ++r) {
    const double y0 = static_cast<double>(H) * (r + 1.0) / (opt.rivers + 1.0) + (rng.uniform() - 0.5) * static_cast<double>(H) * 0.1;
    const double amp = static_cast<double>(H) * (0.04 + 0.06 * rng.uniform());
    const double period = static_cast<double>(W) * (0.4 + 0.6 * rng.uniform());
    const double phase = rng.uniform() * 6.283185307179586;
    const std::int64_t width = H >= 120 ? 2 : 1;
    const std::int64_t gap = std::max<std::int64_t>(6, W / 8);
    const std::int64_t first_bridge = rng.between(0, gap - 1);
    double drift = 0;
    for (std::int64_t x = 0; x < W; ++x) {
      drift += (rng.uniform() - 0.5) * 0.6;
      drift = std::clamp(drift, -amp, amp);
      if ((x - first_bridge) % gap == 0) continue;  // a bridge
      const double yc = y0 + amp * std::sin(6.283185307179586 * static_cast<double>(x) / period + phase) + drift;
      const auto top = static_cast<std::int64_t>(std::floor(yc));
      for (std::int64_t y = top; y < top + width; ++y)
        if (y >= 0 && y < H) hole[sz(y * W + x)] = 1;
    }
  }
  const double park_cells = opt.park_share * static_cast<double>(W * H);
  double carved = 0;
  const double rmax = std::max(2.0, std::sqrt(static_cast<double>(W * H)) / 40.0);
  for (int guard = 0; carved < park_cells && guard < 100000; ++guard) {
    const double rad = 1.0 + rng.uniform() * rmax;
    const double cx = rng.uniform() * static_cast<double>(W), cy = rng.uniform() * static_cast<double>(H);
    for (auto y = static_cast<std::int64_t>(cy - rad); y <= static_cast<std::int64_t>(cy + rad); ++y)
      for (auto x = static_cast<std::int64_t>(cx - rad); x <= static_cast<std::int64_t>(cx + rad); ++x) {
        if (x < 0 || y < 0 || x >= W || y >= H) continue;
        const double dx = static_cast<double>(x) + 0.5 - cx, dy = static_cast<double>(y) + 0.5 - cy;
        if (dx * dx + dy * dy > rad * rad) continue;
        auto& h = hole[sz(y * W + x)];
        if (!h) {
          h = 1;
          carved += 1;
        }
      }
  }
}

/// Picks n connected cells, growing from the north-west in row-major order.
bool select_cells(std::int64_t W, std::int64_t H, std::int64_t n, const std::vector<std::uint8_t>& hole, Lattice& lat) {
  // start: the first cell (row-major) of the largest component
  std::vector<std::int32_t> comp(sz(W * H), -1);
  std::vector<std::int64_t> q;
  std::int32_t best = -1;
  std::int64_t best_size = 0, best_start = -1;
  std::int32_t c = 0;
  for (std::int64_t s = 0; s < W * H; ++s) {
    if (hole[sz(s)] || comp[sz(s)] >= 0) continue;
    q.clear();
    q.push_back(s);
    comp[sz(s)] = c;
    for (std::size_t h = 0; h < q.size(); ++h) {
      const auto cell = q[h];
      const auto x = cell % W, y = cell / W;
      const std::int64_t nb[4] = {x > 0 ? cell - 1 : -1, x + 1 < W ? cell + 1 : -1, y > 0 ? cell - W : -1,
                                  y + 1 < H ? cell + W : -1};
      for (auto v : nb)
        if (v >= 0 && !hole[sz(v)] && comp[sz(v)] < 0) {
          comp[sz(v)] = c;
          q.push_back(v);
        }
    }
    if (static_cast<std::int64_t>(q.size()) > best_size) {
      best_size = static_cast<std::int64_t>(q.size());
      best = c;
      best_start = s;
    }
    ++c;
  }
  if (best_size < n) return false;
  lat.W = W;
  lat.H = H;
  lat.unit_of.assign(sz(W * H), -1);
  lat.cell_of.clear();
  lat.cell_of.reserve(sz(n));
  std::priority_queue<std::int64_t, std::vector<std::int64_t>, std::greater<>> pq;
  std::vector<std::uint8_t> queued(sz(W * H), 0);
  pq.push(best_start);
  queued[sz(best_start)] = 1;
  while (!pq.empty() && static_cast<std::int64_t>(lat.cell_of.size()) < n) {
    const auto cell = pq.top();
    pq.pop();
    lat.unit_of[sz(cell)] = static_cast<std::int32_t>(lat.cell_of.size());
    lat.cell_of.push_back(cell);
    const auto x = cell % W, y = cell / W;
    const std::int64_t nb[4] = {x > 0 ? cell - 1 : -1, x + 1 < W ? cell + 1 : -1, y > 0 ? cell - W : -1,
                                y + 1 < H ? cell + W : -1};
    for (auto v : nb)
      if (v >= 0 && !hole[sz(v)] && !queued[sz(v)] && comp[sz(v)] == best) {
        queued[sz(v)] = 1;
        pq.push(v);
      }
  }
  return static_cast<std::int64_t>(lat.cell_of.size()) == n;
}

std::string pad3(long v) {
  std::string s = std::to_string(v);
  return std::string(3 - std::min<std::size_t>(3, s.size()), '0') + s;
}

std::int64_t code_suffix(const std::string& code) {
  const auto p = code.rfind('-');
  if (p == std::string::npos) return 0;
  return std::stoll(code.substr(p + 1));
}

}  // namespace

UnitGraph synth_city(const SynthOptions& opt) {
  if (opt.units < 1) throw InputError("synth", 0, "the number of units must be at least 1");
  if (opt.county.size() != 6 || !std::all_of(opt.county.begin(), opt.county.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
    throw InputError("synth", 0, "county code must be 6 digits (got '" + opt.county + "')");
  if (opt.small_min < 0 || opt.small_max < opt.small_min || opt.tower_min < 0 || opt.tower_max < opt.tower_min)
    throw InputError("synth", 0, "household ranges must satisfy 0 <= min <= max");
  if (!(opt.community_min > 0) || opt.community_max < opt.community_min)
    throw InputError("synth", 0, "community sizes must satisfy 0 < min <= max");
  if (opt.communities_per_street_min < 1 || opt.communities_per_street_max < opt.communities_per_street_min)
    throw InputError("synth", 0, "communities per street must satisfy 1 <= min <= max");
  if (opt.rivers < 0 || opt.park_share < 0 || opt.park_share > 0.5 || opt.tower_share < 0 || opt.tower_share > 1 ||
      opt.dedicated_share < 0 || opt.dedicated_share > 1 || opt.rural_share < 0 || opt.rural_share > 1)
    throw InputError("synth", 0, "shares must lie in [0, 1] (parks in [0, 0.5]) and rivers >= 0");
  for (const auto& c : opt.community_codes)
    if (!code_is_valid(c, Level::community)) throw InputError("synth", 0, "'" + c + "' is not a 12-digit community code");

  detail::Rng rng(opt.seed);
  const std::int64_t n = opt.units;
  // 1. lattice with holes, n connected cells
  Lattice lat;
  std::vector<std::uint8_t> hole;
  double cells = static_cast<double>(n) * (1.0 + opt.park_share * 1.6 + 0.05 * opt.rivers) * 1.08 + 16.0;
  for (int attempt = 0;; ++attempt) {
    const auto W = std::max<std::int64_t>(2, static_cast<std::int64_t>(std::ceil(std::sqrt(cells * 1.25))));
    const auto H = std::max<std::int64_t>(2, static_cast<std::int64_t>(std::ceil(cells / static_cast<double>(W))));
    carve(W, H, opt, rng, hole);
    if (attempt >= 6) std::fill(hole.begin(), hole.end(), std::uint8_t{0});
    if (select_cells(W, H, n, hole, lat)) break;
    cells *= 1.3;
  }

  // 2. units: coordinates, attributes, edges
  UnitTable t;
  t.id.resize(sz(n));
  t.x.resize(sz(n));
  t.y.resize(sz(n));
  std::vector<double> hh(sz(n)), pop(sz(n)), eld(sz(n)), dis(sz(n)), hard(sz(n));
  t.grid_type.assign(sz(n), GridType::urban);
  const double spacing = 40.0;  // metres between building centres
  for (std::int64_t u = 0; u < n; ++u) {
    const auto i = sz(u);
    t.id[i] = std::to_string(u);
    const auto cell = lat.cell_of[i];
    const auto cx = cell % lat.W, cy = cell / lat.W;
    t.x[i] = to_cm((static_cast<double>(cx) + (rng.uniform() - 0.5) * 0.6) * spacing);
    t.y[i] = to_cm((static_cast<double>(lat.H - 1 - cy) + (rng.uniform() - 0.5) * 0.6) * spacing);
    double h = 0;
    if (rng.uniform() < opt.dedicated_share) {
      t.grid_type[i] = GridType::dedicated;
    } else if (rng.uniform() < opt.tower_share) {
      h = static_cast<double>(rng.between(opt.tower_min, opt.tower_max));
    } else {
      const double r = rng.uniform();
      h = static_cast<double>(opt.small_min) +
          std::floor(static_cast<double>(opt.small_max - opt.small_min + 1) * r * r);
      h = std::min(h, static_cast<double>(opt.small_max));
    }
    hh[i] = h;
    const auto hi = static_cast<std::int64_t>(h);
    double p = std::round(h * opt.people_per_household + rng.normal() * std::sqrt(h) * 0.8);
    pop[i] = std::max(p, h);
    eld[i] = static_cast<double>(rng.binomial(hi, opt.elderly_alone_rate));
    dis[i] = static_cast<double>(rng.binomial(hi, opt.disabled_rate));
    hard[i] = static_cast<double>(rng.binomial(hi, opt.hardship_rate));
  }
  std::vector<Edge> edges;
  edges.reserve(sz(n) * (opt.queen ? 4 : 2));
  for (std::int64_t u = 0; u < n; ++u) {
    const auto cell = lat.cell_of[sz(u)];
    const auto x = cell % lat.W, y = cell / lat.W;
    auto link = [&](std::int64_t nx, std::int64_t ny) {
      if (nx < 0 || ny < 0 || nx >= lat.W || ny >= lat.H) return;
      const auto v = lat.unit_of[sz(ny * lat.W + nx)];
      if (v >= 0) edges.push_back({static_cast<UnitIndex>(u), v, 0.0});
    };
    link(x + 1, y);
    link(x, y + 1);
    if (opt.queen) {
      link(x + 1, y + 1);
      link(x - 1, y + 1);
    }
  }

  // 3. streets, then communities inside streets, drawn by partition() on
  // blocks of 4 x 4 lattice cells (each connected piece of a block is one
  // block unit), so community boundaries follow city blocks.
  const double cmid = (opt.community_min + opt.community_max) / 2.0;
  std::vector<std::int32_t> street_of(sz(n), 0), comm_of(sz(n), 0);
  {
    constexpr std::int64_t B = 4;
    std::vector<std::int32_t> blk(sz(n), -1);
    std::vector<std::int64_t> bq;
    std::int32_t nb = 0;
    UnitTable s;
    std::vector<double> bh;
    for (std::int64_t u0 = 0; u0 < n; ++u0) {
      if (blk[sz(u0)] >= 0) continue;
      const auto c0 = lat.cell_of[sz(u0)];
      const auto bx = (c0 % lat.W) / B, by = (c0 / lat.W) / B;
      bq.assign(1, u0);
      blk[sz(u0)] = nb;
      double sx = 0, sy = 0, h = 0;
      for (std::size_t i = 0; i < bq.size(); ++i) {
        const auto u = bq[i];
        sx += t.x[sz(u)];
        sy += t.y[sz(u)];
        h += hh[sz(u)];
        const auto cell = lat.cell_of[sz(u)];
        const auto x = cell % lat.W, y = cell / lat.W;
        const std::int64_t nbs[4][2] = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
        for (const auto& p2 : nbs) {
          if (p2[0] < 0 || p2[1] < 0 || p2[0] >= lat.W || p2[1] >= lat.H) continue;
          if (p2[0] / B != bx || p2[1] / B != by) continue;
          const auto v = lat.unit_of[sz(p2[1] * lat.W + p2[0])];
          if (v >= 0 && blk[sz(v)] < 0) {
            blk[sz(v)] = nb;
            bq.push_back(v);
          }
        }
      }
      s.id.push_back(std::to_string(nb));
      s.x.push_back(to_cm(sx / static_cast<double>(bq.size())));
      s.y.push_back(to_cm(sy / static_cast<double>(bq.size())));
      bh.push_back(h);
      ++nb;
    }
    std::vector<Edge> bedges;
    bedges.reserve(edges.size() / 4);
    for (const auto& ed : edges) {
      const auto a = blk[sz(ed.u)], b2 = blk[sz(ed.v)];
      if (a != b2) bedges.push_back({std::min(a, b2), std::max(a, b2), 0.0});
    }
    std::sort(bedges.begin(), bedges.end(), [](const Edge& x, const Edge& y) { return x.u != y.u ? x.u < y.u : x.v < y.v; });
    bedges.erase(std::unique(bedges.begin(), bedges.end(), [](const Edge& x, const Edge& y) { return x.u == y.u && x.v == y.v; }),
                 bedges.end());
    UnitTable s1 = s;
    s.community.assign(sz(nb), "city");
    s.attributes = {{"households", bh}};
    UnitGraph g0(std::move(s), bedges, "synth");
    PartitionOptions po;
    po.rules.nesting = Nesting::none;
    po.rules.bounds = {Bounds{"households", opt.communities_per_street_min * opt.community_min * 1.2,
                        opt.communities_per_street_max * opt.community_max * 0.8}};
    po.target_size = cmid * (opt.communities_per_street_min + opt.communities_per_street_max) / 2.0;
    po.polish_passes = 2;
    po.rules.dedicated_grids = false;
    po.run.seed = opt.seed;
    auto r = partition(g0, po);
    for (std::size_t u = 0; u < sz(n); ++u) street_of[u] = r.plan.grid_of[sz(blk[u])];
    s1.community.resize(sz(nb));
    for (std::size_t b2 = 0; b2 < sz(nb); ++b2) s1.community[b2] = "s" + std::to_string(r.plan.grid_of[b2]);
    s1.attributes = {{"households", bh}};
    UnitGraph g1(std::move(s1), bedges, "synth");
    po.rules.nesting = Nesting::community;
    po.rules.bounds = {Bounds{"households", opt.community_min, opt.community_max}};
    po.target_size = cmid;
    auto r1b = partition(g1, po);
    Plan r1plan;
    r1plan.grid_codes = r1b.plan.grid_codes;
    r1plan.grid_of.resize(sz(n));
    for (std::size_t u = 0; u < sz(n); ++u) r1plan.grid_of[u] = r1b.plan.grid_of[sz(blk[u])];
    struct {
      Plan plan;
    } r1{std::move(r1plan)};
    // order communities: by street, then by reading order inside it
    const auto K = r1.plan.num_grids();
    std::vector<std::int32_t> cstreet(sz(K), 0);
    for (std::size_t u = 0; u < sz(n); ++u) cstreet[sz(r1.plan.grid_of[u])] = street_of[u];
    std::vector<GridIndex> order(sz(K));
    for (GridIndex q = 0; q < K; ++q) order[sz(q)] = q;
    std::sort(order.begin(), order.end(), [&](GridIndex a, GridIndex b) {
      if (cstreet[sz(a)] != cstreet[sz(b)]) return cstreet[sz(a)] < cstreet[sz(b)];
      return code_suffix(r1.plan.grid_codes[sz(a)]) < code_suffix(r1.plan.grid_codes[sz(b)]);
    });
    std::vector<std::int32_t> rank(sz(K));
    for (std::size_t i = 0; i < order.size(); ++i) rank[sz(order[i])] = static_cast<std::int32_t>(i);
    for (std::size_t u = 0; u < sz(n); ++u) comm_of[u] = rank[sz(r1.plan.grid_of[u])];
    // codes
    std::vector<std::string> codes(sz(K));
    std::unordered_set<std::string> used(opt.community_codes.begin(), opt.community_codes.end());
    long county = std::stol(opt.county);
    std::int32_t prev_street = -1;
    long street_seq = 0, comm_seq = 0;
    for (std::size_t i = 0; i < order.size(); ++i) {
      const auto st = cstreet[sz(order[i])];
      if (st != prev_street) {
        prev_street = st;
        comm_seq = 0;
        if (++street_seq > 999) {
          street_seq = 1;
          ++county;
        }
      }
      if (i < opt.community_codes.size()) {
        codes[i] = opt.community_codes[i];
        continue;
      }
      std::string code;
      do {
        if (++comm_seq > 999) {
          comm_seq = 1;
          if (++street_seq > 999) {
            street_seq = 1;
            ++county;
          }
        }
        std::string cty = std::to_string(county);
        cty = std::string(6 - std::min<std::size_t>(6, cty.size()), '0') + cty;
        code = cty + pad3(street_seq) + pad3(comm_seq);
      } while (used.count(code));
      used.insert(code);
      codes[i] = std::move(code);
    }
    t.community.resize(sz(n));
    for (std::size_t u = 0; u < sz(n); ++u) t.community[u] = codes[sz(comm_of[u])];
    // rural villages
    if (opt.rural_share > 0) {
      std::vector<std::uint8_t> rural(sz(K), 0);
      for (auto& r2 : rural) r2 = rng.uniform() < opt.rural_share ? 1 : 0;
      for (std::size_t u = 0; u < sz(n); ++u)
        if (rural[sz(comm_of[u])] && t.grid_type[u] == GridType::urban) t.grid_type[u] = GridType::rural;
    }
  }
  t.attributes = {{"households", std::move(hh)},
                  {"population", std::move(pop)},
                  {"elderly_alone", std::move(eld)},
                  {"disabled", std::move(dis)},
                  {"hardship", std::move(hard)}};
  return UnitGraph(std::move(t), edges, "synth");
}

}  // namespace gridgov

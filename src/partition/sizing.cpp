// partition(): groups, fixed grids, pieces, grid counts, splitting, polish.
#include "gridgov/core/format.hpp"
#include "gridgov/partition/partition.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>
#include <unordered_map>

#include "partition/common.hpp"
#include "partition/local.hpp"
#include "partition/sizing.hpp"
#include "partition/split.hpp"
#include "gridgov/core/codes.hpp"
#include "gridgov/core/error.hpp"

namespace gridgov {

namespace detail {

std::string bounds_text(const Weights& wt, int a) {
  return format_number(wt.lo[sz(a)]) + ".." + (std::isfinite(wt.hi[sz(a)]) ? format_number(wt.hi[sz(a)]) : std::string("inf")) +
         " " + wt.names[sz(a)];
}

void k_range(const Weights& wt, const double* W, std::int64_t count, std::int64_t& klo, std::int64_t& khi) {
  klo = 1;
  khi = count;
  for (int a = 0; a < wt.A; ++a) {
    klo = std::max(klo, ceil_div(W[a], wt.hi[sz(a)], wt.tol));
    khi = std::min(khi, floor_div(W[a], wt.lo[sz(a)], wt.tol));
  }
}

double target_size(const Weights& wt, double option) {
  if (option > 0) return option;
  const double lo = wt.lo[0], hi = wt.hi[0];
  if (std::isfinite(hi)) return (lo + hi) / 2.0;
  return lo > 0 ? lo * 1.5 : 1.0;
}

std::int64_t least_violation_k(const Weights& wt, const double* W, std::int64_t count, double target) {
  std::int64_t best = 1;
  double best_v = 0, best_d = 0;
  std::int64_t klo = 0, khi = 0;
  k_range(wt, W, count, klo, khi);
  const auto around = static_cast<std::int64_t>(std::llround(W[0] / target));
  std::vector<std::int64_t> ks;
  for (std::int64_t c : std::initializer_list<std::int64_t>{klo - 1, klo, klo + 1, khi - 1, khi, khi + 1, around - 1, around, around + 1})
    if (c >= 1 && c <= count) ks.push_back(c);
  if (ks.empty()) ks.push_back(1);
  bool first = true;
  for (auto k : ks) {
    double v = 0;
    for (int a = 0; a < wt.A; ++a)
      v += static_cast<double>(k) * violation(W[a] / static_cast<double>(k), wt.lo[sz(a)], wt.hi[sz(a)]);
    const double d = std::abs(static_cast<double>(k) - W[0] / target);
    if (first || v < best_v - 1e-12 || (std::abs(v - best_v) <= 1e-12 && d < best_d)) {
      best = k;
      best_v = v;
      best_d = d;
      first = false;
    }
  }
  return best;
}

void sort_by_code(std::vector<GridIndex>& order, const std::vector<std::string>& codes) {
  // Codes of up to 16 bytes without NUL compare as two big-endian words,
  // shorter ones padded with zeros (a prefix sorts first, as in strings):
  // no string comparison in the sort. Other codes compare as strings.
  const bool packable = std::all_of(order.begin(), order.end(), [&](GridIndex q) {
    const auto& c = codes[sz(q)];
    return c.size() <= 16 && c.find('\0') == std::string::npos;
  });
  if (!packable) {
    std::sort(order.begin(), order.end(), [&](GridIndex x, GridIndex y) { return codes[sz(x)] < codes[sz(y)]; });
    return;
  }
  struct Key {
    std::uint64_t hi, lo;
    GridIndex q;
  };
  std::vector<Key> keys;
  keys.reserve(order.size());
  for (auto q : order) {
    std::uint64_t w[2] = {0, 0};
    const auto& c = codes[sz(q)];
    for (std::size_t i = 0; i < c.size(); ++i)
      w[i / 8] |= static_cast<std::uint64_t>(static_cast<unsigned char>(c[i])) << (8 * (7 - i % 8));
    keys.push_back({w[0], w[1], q});
  }
  std::sort(keys.begin(), keys.end(), [](const Key& x, const Key& y) {
    if (x.hi != y.hi) return x.hi < y.hi;
    if (x.lo != y.lo) return x.lo < y.lo;
    return x.q < y.q;
  });
  for (std::size_t i = 0; i < keys.size(); ++i) order[i] = keys[i].q;
}

/// Largest-remainder split of `total` over weights, at least 1 each.
std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<double>& weights) {
  const std::size_t p = weights.size();
  std::vector<std::int64_t> out(p, 1);
  if (p == 0) return out;
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (total <= static_cast<std::int64_t>(p) || sum <= 0) return out;
  std::vector<std::pair<double, std::size_t>> rem;
  std::int64_t given = 0;
  for (std::size_t i = 0; i < p; ++i) {
    const double share = static_cast<double>(total) * weights[i] / sum;
    out[i] = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::floor(share)));
    given += out[i];
    rem.emplace_back(share - std::floor(share), i);
  }
  std::stable_sort(rem.begin(), rem.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
  for (std::size_t i = 0; given < total && i < p; ++i, ++given) ++out[rem[i].second];
  return out;
}

}  // namespace detail

std::vector<std::string> name_grids_reserved(const UnitGraph& units, std::span<const GridIndex> grid_of, GridIndex k,
                                             std::span<const std::string> fixed, const std::vector<std::string>& reserved);

std::vector<std::string> name_grids(const UnitGraph& units, std::span<const GridIndex> grid_of, GridIndex k,
                                    std::span<const std::string> fixed) {
  return name_grids_reserved(units, grid_of, k, fixed, {});
}

std::vector<std::string> name_grids_reserved(const UnitGraph& units, std::span<const GridIndex> grid_of, GridIndex k,
                                             std::span<const std::string> fixed, const std::vector<std::string>& reserved) {
  using detail::sz;
  const auto n = sz(units.size());
  std::vector<std::string> codes(sz(k));
  std::unordered_map<std::string, char> taken;
  for (const auto& r : reserved) taken.emplace(r, 1);
  for (std::size_t q = 0; q < fixed.size() && q < sz(k); ++q)
    if (!fixed[q].empty()) {
      codes[q] = fixed[q];
      taken.emplace(fixed[q], 1);
    }
  std::vector<double> sx(sz(k), 0), sy(sz(k), 0);
  std::vector<std::int64_t> cnt(sz(k), 0);
  std::vector<std::int32_t> home(sz(k), -1);
  std::vector<std::uint8_t> mixed(sz(k), 0);
  const auto comm = units.community();
  for (std::size_t u = 0; u < n && u < grid_of.size(); ++u) {
    const auto q = grid_of[u];
    if (q < 0 || q >= k) continue;
    sx[sz(q)] += units.x()[u];
    sy[sz(q)] += units.y()[u];
    ++cnt[sz(q)];
    if (home[sz(q)] < 0) home[sz(q)] = comm[u];
    else if (home[sz(q)] != comm[u]) mixed[sz(q)] = 1;
  }
  if (std::any_of(mixed.begin(), mixed.end(), [](auto m) { return m != 0; })) {
    std::vector<std::unordered_map<std::int32_t, std::int64_t>> counts(sz(k));
    for (std::size_t u = 0; u < n && u < grid_of.size(); ++u) {
      const auto q = grid_of[u];
      if (q >= 0 && q < k && mixed[sz(q)]) ++counts[sz(q)][comm[u]];
    }
    for (std::size_t q = 0; q < sz(k); ++q) {
      if (!mixed[q]) continue;
      std::int64_t best = -1;
      for (auto [c, m] : counts[q])
        if (m > best || (m == best && c < home[q])) {
          best = m;
          home[q] = c;
        }
    }
  }
  // grids needing a code, per home community
  std::vector<std::vector<GridIndex>> by_comm(units.communities().size() + 1);
  for (GridIndex q = 0; q < k; ++q) {
    if (!codes[sz(q)].empty()) continue;
    const auto c = home[sz(q)] < 0 ? units.communities().size() : sz(home[sz(q)]);
    by_comm[c].push_back(q);
  }
  // Codes drawn for distinct communities cannot meet (each begins with its
  // community's label, then digits or '-' and digits); only reserved and
  // fixed codes, or grids with no community ("grid-N", which a community
  // could be called), need the look-up.
  const bool check_taken = !taken.empty() || !by_comm.back().empty();
  for (std::size_t c = 0; c < by_comm.size(); ++c) {
    auto& list = by_comm[c];
    if (list.empty()) continue;
    const std::string label = c < units.communities().size() ? units.communities()[c] : std::string("grid");
    const bool code = code_is_valid(label, Level::community);
    double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
    std::vector<std::pair<double, double>> cen(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto q = sz(list[i]);
      const double m = cnt[q] > 0 ? static_cast<double>(cnt[q]) : 1.0;
      cen[i] = {sx[q] / m, sy[q] / m};
      x0 = std::min(x0, cen[i].first);
      x1 = std::max(x1, cen[i].first);
      y0 = std::min(y0, cen[i].second);
      y1 = std::max(y1, cen[i].second);
    }
    // rows of about one grid's height, north to south; west to east inside a row
    const double w = std::max(x1 - x0, 0.0), h = std::max(y1 - y0, 0.0);
    double band = std::sqrt(std::max(w, 1e-12) * std::max(h, 1e-12) / static_cast<double>(list.size()));
    if (!(band > 0) || h <= 0) band = 1e300;
    band = std::max(band, h / std::max<double>(1.0, std::sqrt(static_cast<double>(list.size()))) * 0.75);
    std::vector<std::size_t> idx(list.size());
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    std::vector<std::int64_t> row(list.size());
    for (std::size_t i = 0; i < list.size(); ++i)
      row[i] = band >= 1e299 ? 0 : static_cast<std::int64_t>(std::floor((y1 - cen[i].second) / band));
    std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
      if (row[a] != row[b]) return row[a] < row[b];
      if (cen[a].first != cen[b].first) return cen[a].first < cen[b].first;
      if (cen[a].second != cen[b].second) return cen[a].second > cen[b].second;
      return list[a] < list[b];
    });
    long seq = 0;
    for (auto i : idx) {
      std::string s;
      do {
        ++seq;
        s = (code && seq <= 999) ? gridgov::child_code(label, Level::grid, seq) : label + "-" + std::to_string(seq);
      } while (check_taken && taken.count(s));
      if (check_taken) taken.emplace(s, 1);
      codes[sz(list[i])] = std::move(s);
    }
  }
  return codes;
}

}  // namespace gridgov

#pragma once
// Internal helpers shared by partition, improve, redesign and synth.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/random.hpp"
#include "gridgov/core/plan.hpp"
#include "gridgov/core/rules.hpp"
#include "gridgov/core/unit_graph.hpp"
#include "gridgov/core/validate.hpp"

namespace gridgov::detail {

inline std::size_t sz(std::int64_t v) noexcept { return static_cast<std::size_t>(v); }

/// Wall clock with an optional limit and a throttled progress callback.
class Clock {
 public:
  Clock(double limit_seconds, const ProgressCallback* progress)
      : start_(std::chrono::steady_clock::now()), limit_(limit_seconds), progress_(progress) {}
  [[nodiscard]] double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  /// True once the limit has passed (checked on the clock every call).
  [[nodiscard]] bool expired() {
    if (expired_) return true;
    if (limit_ > 0 && seconds() >= limit_) expired_ = true;
    return expired_;
  }
  [[nodiscard]] bool was_expired() const noexcept { return expired_; }
  /// Reports progress; throws Interrupted if the callback asks to stop.
  void report(double fraction, std::string_view stage);
  /// Counts work; every ~32k units reports progress and checks the clock.
  void tick(std::int64_t work, double fraction, std::string_view stage) {
    work_ += work;
    if (work_ >= 32768) {
      work_ = 0;
      (void)expired();
      report(fraction, stage);
    }
  }

 private:
  std::chrono::steady_clock::time_point start_;
  double limit_;
  const ProgressCallback* progress_;
  bool expired_ = false;
  std::int64_t work_ = 0;
};

/// Resolved bounds: attribute columns and limits.
struct Weights {
  int A = 0;
  std::vector<std::span<const double>> col;
  std::vector<double> lo, hi;
  std::vector<std::string> names;
  double tol = kDefaultTolerance;  ///< GridRules::bound_tolerance
  [[nodiscard]] double w(UnitIndex u, int a) const noexcept { return col[sz(a)][sz(u)]; }
  /// Bound checks with the rules' tolerance (gridgov/core/rules.hpp).
  [[nodiscard]] bool above_max(double x, std::size_t a) const noexcept { return x > hi[a] + bound_slack(hi[a], tol); }
  [[nodiscard]] bool below_min(double x, std::size_t a) const noexcept { return x < lo[a] - bound_slack(lo[a], tol); }
  [[nodiscard]] bool within(double x, std::size_t a) const noexcept { return !below_min(x, a) && !above_max(x, a); }
};

/// Checks and resolves the rules' bounds against the graph. @throws InputError.
Weights resolve_bounds(const UnitGraph& g, const GridRules& rules);

inline constexpr std::int64_t kBig = std::int64_t{1} << 40;
/// Fewest grids of at most d that hold x, and most grids of at least d that
/// x fills, with the rules' relative tolerance `tol` on the quotient.
inline std::int64_t ceil_div(double x, double d, double tol) noexcept {
  if (!(d < std::numeric_limits<double>::infinity())) return 0;
  if (d <= 0) return x > tol ? kBig : 0;
  const double q = std::ceil(x / d - tol);
  return q > static_cast<double>(kBig) ? kBig : static_cast<std::int64_t>(q);
}
inline std::int64_t floor_div(double x, double d, double tol) noexcept {
  if (d <= 0) return kBig;
  if (!(d < std::numeric_limits<double>::infinity())) return 0;
  const double q = std::floor(x / d + tol);
  return q > static_cast<double>(kBig) ? kBig : static_cast<std::int64_t>(q);
}

/// ceil_div and floor_div with the reciprocal of d precomputed (inv = 1/d):
/// a multiplication instead of a division in the bisection's inner loop
/// (the tolerance absorbs the rounding difference).
inline std::int64_t ceil_mul(double x, double d, double inv, double tol) noexcept {
  if (!(d < std::numeric_limits<double>::infinity())) return 0;
  if (d <= 0) return x > tol ? kBig : 0;
  const double q = std::ceil(x * inv - tol);
  return q > static_cast<double>(kBig) ? kBig : static_cast<std::int64_t>(q);
}
inline std::int64_t floor_mul(double x, double d, double inv, double tol) noexcept {
  if (d <= 0) return kBig;
  if (!(d < std::numeric_limits<double>::infinity())) return 0;
  const double q = std::floor(x * inv + tol);
  return q > static_cast<double>(kBig) ? kBig : static_cast<std::int64_t>(q);
}

/// Violation of one total against [lo, hi], relative to the bound.
inline double violation(double x, double lo, double hi) noexcept {
  if (x < lo) return (lo - x) / (lo > 0 ? lo : 1.0);
  if (x > hi) return (x - hi) / (hi > 0 ? hi : 1.0);
  return 0.0;
}

/// Nesting groups: group index per unit and a label per group.
struct Groups {
  std::vector<std::int32_t> of;       // #n
  std::vector<std::string> label;     // #groups
  std::vector<std::int32_t> community_of_group;  // community index when nesting = community, else -1
};
Groups nesting_groups(const UnitGraph& g, Nesting nesting);

/// Connected components of the units u with keep(u), where an edge counts
/// only if both ends share a group. comp[u] = -1 for units not kept.
/// Components are numbered in order of their smallest unit. O(n + m).
template <class Keep>
std::int32_t components(const UnitGraph& g, const std::vector<std::int32_t>& group, Keep keep,
                        std::vector<std::int32_t>& comp, std::vector<UnitIndex>& queue) {
  const UnitIndex n = g.size();
  comp.assign(sz(n), -1);
  queue.clear();
  queue.reserve(sz(n));
  std::int32_t c = 0;
  for (UnitIndex s = 0; s < n; ++s) {
    if (comp[sz(s)] >= 0 || !keep(s)) continue;
    comp[sz(s)] = c;
    std::size_t head = queue.size();
    queue.push_back(s);
    while (head < queue.size()) {
      const UnitIndex u = queue[head++];
      for (UnitIndex v : g.neighbors(u))
        if (comp[sz(v)] < 0 && group[sz(v)] == group[sz(u)] && keep(v)) {
          comp[sz(v)] = c;
          queue.push_back(v);
        }
    }
    ++c;
  }
  return c;
}

}  // namespace gridgov::detail

#pragma once
// Internal: one ReCom chain over a shared, read-only setup.
#include <atomic>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/random.hpp"
#include "gridgov/ensemble/ensemble.hpp"
#include "partition/common.hpp"

namespace gridgov::detail {

/// HyperLogLog with 2^14 registers: distinct plans beyond the exact cap.
inline constexpr int kHllBits = 14;
inline constexpr std::size_t kHllRegisters = std::size_t{1} << kHllBits;
inline void hll_add(std::vector<std::uint8_t>& reg, std::uint64_t hash) {
  const std::uint64_t h = mix64(hash);
  const auto idx = static_cast<std::size_t>(h >> (64 - kHllBits));
  const std::uint64_t rest = (h << kHllBits) | (std::uint64_t{1} << (kHllBits - 1));
  const auto rank = static_cast<std::uint8_t>(std::countl_zero(rest) + 1);
  if (rank > reg[idx]) reg[idx] = rank;
}
double hll_estimate(const std::vector<std::uint8_t>& reg);

/// Everything the chains share (read-only while they run).
struct EnsembleSetup {
  const UnitGraph* g = nullptr;
  const EnsembleOptions* opt = nullptr;
  Weights w;
  int A = 0;  // bounded attributes
  UnitIndex n = 0;
  GridIndex k = 0;
  std::vector<std::int32_t> group;       // #n nesting group per unit
  std::vector<std::string> group_label;  // #groups
  std::vector<std::int32_t> grid_group;  // #k
  std::vector<char> grid_fixed;          // #k never moves
  std::vector<char> grid_dedicated;      // #k left out of spreads
  std::vector<std::vector<GridIndex>> grids_in_group;    // all grids per group
  std::vector<std::vector<GridIndex>> movable_in_group;  // movable grids per group
  std::vector<std::uint64_t> pair_prefix;  // #groups+1 cumulative pair counts of movable grids
  std::vector<char> rural;               // #n rural unit (may stay below min)
  bool rural_ok = false;
  std::span<const double> spread_col;    // first bound's column
  // Workload (additive parts, BHH stops and area per unit).
  bool workload = false;
  std::vector<double> wl_base, wl_p, wl_a;
  double wl_k = 0, wl_admin = 0;
  std::vector<std::uint64_t> zobrist;    // #n
  // Directed CSR entries (u, v), u and v in movable grids of one group.
  std::vector<UnitIndex> pool_u, pool_v;
  int S = 0;  // recorded scores (3, or 5 with workload)
  std::vector<std::string> score_names;
  std::vector<double> start_scores;                   // #S
  std::vector<std::vector<double>> start_group_scores;  // per group, #S
  std::vector<std::int32_t> report_groups;           // groups reported (>= 2 movable grids)
  std::int64_t records = 0;  // records per chain (steps / thin)
};

/// What one chain hands back.
struct ChainOutput {
  ChainDiagnostics diag;
  std::vector<std::int64_t> below, equal;              // #S
  std::vector<std::vector<std::int64_t>> gbelow, gequal;  // per reported group, #S
  std::vector<std::vector<std::uint64_t>> gstates;     // per reported group, distinct hashes (<= 64)
  std::vector<std::vector<double>> acf;                // #S, autocorrelation at lags 1..L
  std::vector<double> min, max;                        // #S
  std::unordered_set<std::uint64_t> hashes;  // exact, up to distinct_cap
  bool capped = false;
  std::vector<std::uint8_t> hll;  // HyperLogLog registers (kHllRegisters)
  EnsembleTable table;
  std::vector<std::vector<GridIndex>> plans;
  std::vector<std::int64_t> plan_steps;
  bool timed_out = false;
};

/// Computes the per-group and overall scores of a plan given as grid_of.
void plan_scores(const EnsembleSetup& s, const std::vector<GridIndex>& grid_of, std::vector<double>& overall,
                 std::vector<std::vector<double>>& per_group);

/// Runs chain `c`; writes its rows to `scores` and its moves to `plans`
/// when they are open (else keeps rows in out.table).
void run_chain(const EnsembleSetup& s, const Plan& start, int c, std::FILE* scores, std::FILE* plans,
               ChainOutput& out, const std::atomic<bool>& stop, std::atomic<std::int64_t>& done);

}  // namespace gridgov::detail

#pragma once
// Internal: the simulation's random numbers: gridgov's xoshiro256**
// (core/random.hpp) and Walker alias tables.
//
// No std:: distributions (their output differs between standard
// libraries): the same seed gives the same numbers on every platform.

#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "core/random.hpp"

namespace gridgov::sim {

using detail::splitmix64;
using Rng = detail::Rng;

/// A 64-bit hash of two words (for per-grid and per-replication streams).
[[nodiscard]] constexpr std::uint64_t mix(std::uint64_t a, std::uint64_t b) noexcept {
  std::uint64_t s = a ^ (b * 0xd1342543de82ef95ULL + 0x2545f4914f6cdd1dULL);
  const std::uint64_t first = splitmix64(s);
  return splitmix64(s) ^ (first >> 29);
}

/// Walker/Vose alias table over non-negative weights: O(1) draws.
class AliasTable {
 public:
  AliasTable() = default;
  explicit AliasTable(std::span<const double> weights) { build(weights); }

  /// Rebuilds over `weights` (reusing storage). Returns the total weight.
  double build(std::span<const double> weights) {
    const std::size_t n = weights.size();
    prob_.assign(n, 0.0);
    alias_.assign(n, 0);
    double total = 0;
    for (double w : weights) total += w;
    if (n == 0 || total <= 0) return total;
    small_.clear();
    large_.clear();
    scaled_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      scaled_[i] = weights[i] * static_cast<double>(n) / total;
      (scaled_[i] < 1.0 ? small_ : large_).push_back(static_cast<std::uint32_t>(i));
    }
    while (!small_.empty() && !large_.empty()) {
      const auto s = small_.back(), l = large_.back();
      small_.pop_back();
      prob_[s] = scaled_[s];
      alias_[s] = l;
      scaled_[l] = (scaled_[l] + scaled_[s]) - 1.0;
      if (scaled_[l] < 1.0) {
        large_.pop_back();
        small_.push_back(l);
      }
    }
    for (auto i : large_) prob_[i] = 1.0;
    for (auto i : small_) prob_[i] = 1.0;  // rounding leftovers
    return total;
  }
  [[nodiscard]] std::uint32_t sample(Rng& rng) const noexcept {
    const auto n = static_cast<std::uint32_t>(prob_.size());
    const std::uint64_t x = rng.next();
    const auto i = static_cast<std::uint32_t>(((x >> 32) * n) >> 32);
    const double u = static_cast<double>(x & 0xffffffffULL) * 0x1.0p-32;
    return u < prob_[i] ? i : alias_[i];
  }
  [[nodiscard]] std::size_t size() const noexcept { return prob_.size(); }

 private:
  std::vector<double> prob_;
  std::vector<std::uint32_t> alias_;
  std::vector<double> scaled_;
  std::vector<std::uint32_t> small_, large_;
};

}  // namespace gridgov::sim

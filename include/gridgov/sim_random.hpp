#pragma once
/// @file sim_random.hpp
/// @brief The simulation's random numbers: xoshiro256** seeded by
///        splitmix64, inversion sampling and Walker alias tables.
///
/// No std:: distributions (their output differs between standard
/// libraries): the same seed gives the same numbers on every platform.

#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

namespace gridgov::sim {

[[nodiscard]] constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// A 64-bit hash of two words (for per-grid and per-replication streams).
[[nodiscard]] constexpr std::uint64_t mix(std::uint64_t a, std::uint64_t b) noexcept {
  std::uint64_t s = a ^ (b * 0xd1342543de82ef95ULL + 0x2545f4914f6cdd1dULL);
  const std::uint64_t first = splitmix64(s);
  return splitmix64(s) ^ (first >> 29);
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) noexcept {
    std::uint64_t s = seed;
    for (auto& w : s_) w = splitmix64(s);
  }
  std::uint64_t next() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  /// Uniform in [0, 1), 53 bits.
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// Uniform in (0, 1].
  double uniform_pos() noexcept { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }
  /// Exponential with the given mean (inversion; mean 0 gives 0).
  double exponential(double mean) noexcept { return -mean * std::log(uniform_pos()); }
  bool bernoulli(double p) noexcept { return uniform() < p; }
  /// Uniform integer in [0, n) (Lemire's multiply-shift, unbiased enough for n << 2^32).
  std::uint32_t below(std::uint32_t n) noexcept {
    return static_cast<std::uint32_t>(((next() >> 32) * static_cast<std::uint64_t>(n)) >> 32);
  }
  /// Poisson(mean) by counting exponential gaps (exact; mean up to ~1e3 per call).
  std::int64_t poisson(double mean) noexcept {
    std::int64_t k = 0;
    double t = exponential(1.0);
    while (t < mean) {
      ++k;
      t += exponential(1.0);
    }
    return k;
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4]{};
};

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

#pragma once
// Internal: the one random number generator of gridgov (partition, synth,
// redesign and the simulation): xoshiro256** seeded by splitmix64, with its
// own samplers. No std:: distributions, whose output differs between
// standard libraries: the same seed gives the same numbers everywhere.

#include <cmath>
#include <cstdint>

namespace gridgov::detail {

/// splitmix64: seeds and hashes.
[[nodiscard]] constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// One round of splitmix64 on a value (a 64-bit hash).
[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
  std::uint64_t s = x;
  return splitmix64(s);
}

/// xoshiro256**.
class Rng {
 public:
  explicit Rng(std::uint64_t seed = 1) noexcept {
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
  /// Uniform integer in [0, n) (Lemire's multiply-shift, for n << 2^32).
  std::uint32_t below(std::uint32_t n) noexcept {
    return static_cast<std::uint32_t>(((next() >> 32) * static_cast<std::uint64_t>(n)) >> 32);
  }
  /// Uniform integer in [lo, hi] (inclusive); lo <= hi.
  std::int64_t between(std::int64_t lo, std::int64_t hi) noexcept {
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    return lo + static_cast<std::int64_t>(span == 0 ? next() : next() % span);
  }
  /// Standard normal (Box-Muller).
  double normal() noexcept {
    double u1 = uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  /// Binomial(n, p): exact for n <= 64, normal approximation above.
  std::int64_t binomial(std::int64_t n, double p) noexcept {
    if (n <= 0 || p <= 0) return 0;
    if (n <= 64) {
      std::int64_t c = 0;
      for (std::int64_t i = 0; i < n; ++i) c += uniform() < p ? 1 : 0;
      return c;
    }
    const double mean = static_cast<double>(n) * p;
    const double sd = std::sqrt(mean * (1 - p));
    auto v = static_cast<std::int64_t>(std::llround(mean + sd * normal()));
    return v < 0 ? 0 : (v > n ? n : v);
  }
  /// Poisson(mean) by counting exponential gaps (exact; for means up to ~1e3).
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

}  // namespace gridgov::detail

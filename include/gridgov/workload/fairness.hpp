#pragma once
/// @file gridgov/workload/fairness.hpp
/// @brief Spread of load: per grid or per person, and before/after comparisons.

#include <cstdint>
#include <span>
#include <string>

namespace gridgov {

/// Summary of non-negative loads x_1..x_n.
struct FairnessStats {
  std::int64_t n = 0;
  double total = 0, mean = 0, min = 0, max = 0;
  double stddev = 0;         ///< population standard deviation (divides by n)
  double cv = 0;             ///< stddev / mean (0 when the mean is 0)
  double max_over_mean = 0;  ///< max / mean (0 when the mean is 0)
  /// Gini coefficient sum_i (2i - n - 1) x_(i) / (n sum x), x sorted
  /// ascending: 0 = equal, (n-1)/n = all on one.
  double gini = 0;
};

/// O(n log n). @throws InputError on a negative or non-finite value (naming its index).
[[nodiscard]] FairnessStats fairness(std::span<const double> values);

/// Two plans or two staffings compared (after - before).
struct FairnessComparison {
  FairnessStats before, after;
  double delta_cv = 0, delta_max_over_mean = 0, delta_gini = 0;
  bool fairer = false;  ///< after has a lower coefficient of variation
};

[[nodiscard]] FairnessComparison compare_fairness(std::span<const double> before, std::span<const double> after);

/// {"n":..,"total":..,"mean":..,"min":..,"max":..,"stddev":..,"cv":..,"max_over_mean":..,"gini":..}
[[nodiscard]] std::string to_json(const FairnessStats& stats);

}  // namespace gridgov

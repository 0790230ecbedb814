// Fairness metrics: coefficient of variation, max/mean, Gini.
#include "gridgov/workload/fairness.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <vector>

#include "gridgov/core/error.hpp"

namespace gridgov {

FairnessStats fairness(std::span<const double> values) {
  FairnessStats s;
  s.n = static_cast<std::int64_t>(values.size());
  if (values.empty()) return s;
  std::vector<double> v(values.begin(), values.end());
  for (std::size_t i = 0; i < v.size(); ++i)
    if (!std::isfinite(v[i]) || v[i] < 0)
      throw InputError("fairness", 0, "value " + std::to_string(i) + " is negative or not finite (" + std::to_string(v[i]) + ")");
  std::sort(v.begin(), v.end());
  const auto n = static_cast<double>(v.size());
  double sum = 0;
  for (double x : v) sum += x;
  s.total = sum;
  s.mean = sum / n;
  s.min = v.front();
  s.max = v.back();
  double ss = 0, g = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    ss += (v[i] - s.mean) * (v[i] - s.mean);
    g += (2.0 * static_cast<double>(i + 1) - n - 1.0) * v[i];
  }
  s.stddev = std::sqrt(ss / n);
  if (s.mean > 0) {
    s.cv = s.stddev / s.mean;
    s.max_over_mean = s.max / s.mean;
    s.gini = g / (n * sum);
  }
  return s;
}

FairnessComparison compare_fairness(std::span<const double> before, std::span<const double> after) {
  FairnessComparison c;
  c.before = fairness(before);
  c.after = fairness(after);
  c.delta_cv = c.after.cv - c.before.cv;
  c.delta_max_over_mean = c.after.max_over_mean - c.before.max_over_mean;
  c.delta_gini = c.after.gini - c.before.gini;
  c.fairer = c.after.cv < c.before.cv;
  return c;
}

std::string to_json(const FairnessStats& s) {
  return nlohmann::json{{"n", s.n},       {"total", s.total}, {"mean", s.mean},
                        {"min", s.min},   {"max", s.max},     {"stddev", s.stddev},
                        {"cv", s.cv},     {"max_over_mean", s.max_over_mean}, {"gini", s.gini}}
      .dump();
}

}  // namespace gridgov

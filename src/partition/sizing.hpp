#pragma once
// Helpers shared by partition, redesign and the CLI.
#include <cstdint>
#include <string>
#include <vector>

#include "partition/common.hpp"

namespace gridgov::detail {

/// "300..500 households"
std::string bounds_text(const Weights& wt, int a);
/// Feasible grid counts [klo, khi] for totals W over `count` units (empty when klo > khi).
void k_range(const Weights& wt, const double* W, std::int64_t count, std::int64_t& klo, std::int64_t& khi);
/// Size aimed at per grid (first attribute).
double target_size(const Weights& wt, double option);
/// Grid count with the least total violation when no count is feasible.
std::int64_t least_violation_k(const Weights& wt, const double* W, std::int64_t count, double target);
/// Sorts grid indices by their codes (as std::string compares them).
void sort_by_code(std::vector<GridIndex>& order, const std::vector<std::string>& codes);
/// Largest-remainder split of `total` over weights, at least 1 each.
std::vector<std::int64_t> apportion(std::int64_t total, const std::vector<double>& weights);

}  // namespace gridgov::detail

#pragma once
// Private: the transportation problem behind staffing (min-cost flow by
// LEMON's network simplex on sparse candidates, completed by pricing).
#include <cstdint>
#include <vector>

#include "gridgov/core/progress.hpp"

namespace gridgov::detail {

/// Grids g (demand[g] units) are served by persons p (capacity split into
/// segments with non-decreasing marginal costs). Serving costs weight * d(p,g)
/// per unit (weight >= 0), d in km from (px,py) to (gx,gy) (coordinates in
/// metres). Unserved demand costs uncovered_cost per unit.
///
/// Solved exactly on integers: amounts in units of 2^-e (about 2^-60 of the
/// total demand, demands rounded to the nearest unit, capacities down) and
/// costs in units chosen so that LEMON's 64-bit arithmetic cannot overflow
/// (at most (2n + 1)(n + 2) / 2^61 of the largest travel or segment cost for
/// n nodes: below 1e-8 of it up to 100,000 nodes).
struct TransportProblem {
  std::vector<double> demand;                     // #k
  std::vector<double> gx, gy;                     // #k
  std::vector<double> px, py;                     // #m
  std::vector<std::vector<double>> seg_cap;       // #m, segment capacities
  std::vector<std::vector<double>> seg_cost;      // #m, marginal cost per unit of each segment
  std::vector<std::int32_t> fixed;                // #m grid a person is tied to, -1 = free (or empty)
  double weight = 1.0;
  double uncovered_cost = 1e7;
  int candidates = 8;              // nearest grids per person and people per grid to start from
  int max_pricing_rounds = 100;    // pricing rounds (each adds violators and solves again)
  const ProgressCallback* progress = nullptr;
};

struct TransportFlow {
  std::int32_t person = 0, grid = 0;
  double amount = 0;
};

struct TransportSolution {
  std::vector<TransportFlow> flows;
  std::vector<double> uncovered;  // #k
  double travel_cost = 0;         // sum weight * d * f
  double segment_cost = 0;        // sum of segment costs
  std::int64_t pricing_rounds = 0;
  std::int64_t arcs = 0;          // arcs of the final network
  bool priced_optimal = true;     // no violated omitted pair remained
};

TransportSolution solve_transport(const TransportProblem& problem);

}  // namespace gridgov::detail

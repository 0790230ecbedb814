#pragma once
/// @file gridgov/simulate/simulate.hpp
/// @brief Discrete-event simulation of events flowing grid > community >
///        street > district.
///
/// Model (details and defaults in docs/simulation.md):
/// - Events arrive at every unit as Poisson processes whose rates come from
///   its population and special groups, per event type; each event carries
///   a channel drawn from its type's channel mix. Patrol events arrive only
///   in working hours, the others around the clock.
/// - Each grid is a multi-server priority queue: its full-time workers and
///   part-time helpers (a helper working h hours a week is a server of speed
///   h / week_hours) serve events in working hours only, at
///   event_time_share of their time. An event waiting longer than
///   grid.patience_hours (working hours) is escalated unstarted.
/// - A handled event is resolved at the grid with its type's
///   resolve_share.grid, else escalated. Community, street and district each
///   take an exponential escalation delay and handling time (working hours),
///   then resolve with their share or pass on; what the district does not
///   resolve ends unresolved.
/// - Events arrive during `days`; the simulation then runs `drain_days`
///   more without arrivals. What is still in hand at the end is "open".
///
/// Grids are independent until escalation and higher levels have no
/// capacity limit, so each grid is simulated on its own with flat arrays
/// and its own random stream (seed, grid): results do not depend on the
/// order or thread in which grids are run. Conservation holds in every
/// tally: received = sum(resolved) + unresolved + open.

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "gridgov/core/plan.hpp"
#include "gridgov/core/progress.hpp"
#include "gridgov/simulate/params.hpp"
#include "gridgov/core/unit_graph.hpp"

namespace gridgov {

/// Who works events in each grid: plain arrays, one entry per grid, so the
/// staffing module's output can be passed straight in.
struct Staffing {
  std::vector<double> full_time;        ///< full-time workers per grid (>= 0; may be fractional)
  std::vector<double> part_time;        ///< part-time helpers per grid (>= 0, whole helpers)
  std::vector<double> part_time_hours;  ///< weekly hours of each helper, per grid (>= 0)

  /// The same staffing in every one of `grids` grids; "1+3+X" with helpers
  /// of 8 hours a week by default.
  [[nodiscard]] static Staffing uniform(GridIndex grids, double full_time = 1, double part_time = 3,
                                        double part_time_hours = 8);
  /// Throws InputError if the arrays do not all have `grids` entries or hold
  /// values outside [0, 10000].
  void validate(GridIndex grids) const;
};

struct SimOptions {
  int days = 365;             ///< days with arrivals (day 0 is a Monday)
  int drain_days = 30;        ///< further days without arrivals to finish open events
  std::uint64_t seed = 0;
  ProgressCallback progress;  ///< called every few hundred grids; false cancels (throws Interrupted)
};

/// Counts for one slice of events (all, one grid, one channel, one type).
/// received == resolved[0] + ... + resolved[3] + unresolved + open.
struct SimTally {
  std::int64_t received = 0;
  std::array<std::int64_t, kLevels> resolved{};  ///< by the level that resolved them
  std::int64_t unresolved = 0;  ///< the district closed them unresolved
  std::int64_t open = 0;        ///< still in hand at the end
  std::int64_t on_time = 0;     ///< resolved within their type's deadline
  std::int64_t timeouts = 0;    ///< escalated from the grid unstarted (patience ran out)
  double resolution_days = 0;   ///< sum of arrival-to-resolution times of resolved events

  [[nodiscard]] std::int64_t resolved_total() const noexcept {
    return resolved[0] + resolved[1] + resolved[2] + resolved[3];
  }
  /// resolved / received (0 when nothing arrived).
  [[nodiscard]] double resolution_rate() const noexcept;
  /// on_time / resolved.
  [[nodiscard]] double on_time_rate() const noexcept;
  /// resolved at the grid / received ("small matters stay in the grid").
  [[nodiscard]] double grid_share() const noexcept;
  [[nodiscard]] double mean_resolution_days() const noexcept;
  void add(const SimTally& other) noexcept;
};

/// Flow through each level.
struct SimLevelTally {
  std::int64_t reached = 0;    ///< events that arrived at the level (grid: all received)
  std::int64_t resolved = 0;
  std::int64_t passed_on = 0;  ///< escalated to the next level (district: closed unresolved)
  std::int64_t open = 0;       ///< at the level (or on the way to it) at the end
};

struct SimResult {
  int days = 0, drain_days = 0;
  std::uint64_t seed = 0;
  SimTally total;
  std::array<SimLevelTally, kLevels> levels{};
  std::vector<SimTally> grids;                     ///< per grid (by the grid the event arose in)
  std::array<SimTally, kChannels> channels{};
  std::array<SimTally, kEventTypes> types{};
  /// Per grid: working hours spent on events, working hours available
  /// (servers x speed x event_time_share over the whole run), their ratio,
  /// and the mean working hours events waited before a worker started them.
  std::vector<double> busy_hours, capacity_hours, utilisation, mean_wait_hours;
  std::vector<std::int64_t> unit_received;         ///< events per unit

  /// Daily series over days + drain_days (index = day): arrivals, events
  /// resolved, events escalated out of a level, events closed unresolved,
  /// and the backlog (events in hand at the end of the day, all levels) and
  /// the grid queue (waiting or in service at a grid at the end of the day).
  std::vector<std::int64_t> daily_arrivals, daily_resolved, daily_escalated, daily_unresolved, daily_backlog,
      daily_grid_queue;

  /// Time to resolution (calendar days) of resolved events: exact
  /// quantiles and a histogram of `hist_bin_days` bins, the last one open
  /// ended (>= (bins-1) * width).
  double quantile_p50 = 0, quantile_p90 = 0, quantile_p95 = 0, quantile_p99 = 0, max_resolution_days = 0;
  double hist_bin_days = 0.25;
  std::vector<std::int64_t> histogram;

  std::int64_t events = 0;   ///< simulated event steps (arrivals + services + escalations + decisions)
  double seconds = 0;        ///< wall time of the run
};

/// Runs one replication.
/// @param graph    units with "population" (and optional special-group columns)
/// @param plan     a grid for every unit
/// @param staffing one entry per plan grid
/// @throws InputError on a plan/graph mismatch, a unit without a grid, bad
///         staffing or parameters; Interrupted when progress returns false.
[[nodiscard]] SimResult simulate(const UnitGraph& graph, const Plan& plan, const Staffing& staffing,
                                 const SimParams& params, const SimOptions& options = {});

/// Expected arrivals per day of each event type in each grid (before any
/// randomness): the rates simulate() uses. Row-major [grid][type].
[[nodiscard]] std::vector<double> expected_daily_arrivals(const UnitGraph& graph, const Plan& plan,
                                                          const SimParams& params);

}  // namespace gridgov

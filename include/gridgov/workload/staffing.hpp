#pragma once
/// @file gridgov/workload/staffing.hpp
/// @brief Assigning people to grids by a staffing pattern ("1+3+X", "1+N",
/// "1+4+X", "1+1"), covering each grid's workload.
///
/// ## Objective (solved exactly, stage by stage)
/// Distances d(p,g) are straight-line km from person p's home (or home
/// community's household-weighted centroid) to grid g's centroid.
///
/// 1. **Full-time workers** (pattern FT = 1): a maximum-cardinality matching
///    of full-time workers to grids of minimum total distance
///    sum d(p,g). When there are fewer workers than grids, the grids left
///    without one are reported (shortage "full_time").
/// 2. **Required helpers** (the "3" of "1+3+X", the "1" of "1+1"): per role,
///    every grid gets up to its required count of distinct people of that
///    role, maximising the filled slots, then minimising total distance.
/// 3. **Hours** (the "X" or "N"): grid g still needs
///    D_g = W_g - min(W_g, FT hours * utilisation) helper-hours. Helpers
///    from stage 2 serve only their grid; extra helpers (auxiliary for "X",
///    part-time or auxiliary for "N") may serve any grid and may split their
///    hours over several grids. With f(p,g) the hours p gives g and
///    L_p = sum_g f(p,g) <= h_p, the flow minimises
///        M * uncovered + sum_{p,g} travel_weight * d(p,g) * f(p,g)
///                      + sum_p phi_p(L_p),
///    phi_p convex piecewise-linear in the load fraction L_p / h_p with
///    marginal costs spread_costs[i] per hour below spread_breaks[i]; this
///    penalises heavily loaded people (spread). M = 1e7 per hour.
///
/// Each stage is a min-cost flow solved by successive shortest paths with
/// node potentials and early-terminating Dijkstra (one search per
/// augmentation, touching only the nodes nearer than the nearest free
/// capacity). Arcs start as the k nearest grids of each person plus the k
/// nearest people of each grid; then *pricing* checks the reduced cost of
/// every omitted (person, grid) pair against the final potentials and
/// re-solves with the violating pairs added, until none is left, so the
/// result is optimal for the dense problem. Boost.Graph's
/// successive_shortest_path_nonnegative_weights (one full Dijkstra per unit
/// of flow) is the reference in the tests; it is too slow for 5,000 grids.
///
/// Complexity: about O(A log V) per augmentation, A arcs touched; 5,000
/// grids and 50,000 people take seconds on one core (benchmarks/bench_staffing.cpp).

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gridgov/core/names.hpp"
#include "gridgov/workload/fairness.hpp"
#include "gridgov/core/progress.hpp"
#include "gridgov/workload/workload.hpp"
#include "gridgov/workload/config.hpp"

namespace gridgov {

enum class Role : unsigned char { full_time = 0, part_time = 1, auxiliary = 2 };
[[nodiscard]] const char* role_name(Role role) noexcept;
/// "full_time"/"ft"/"专职", "part_time"/"pt"/"兼职", "auxiliary"/"aux"/"辅助".
/// @throws InputError
[[nodiscard]] Role parse_role(const std::string& text);

struct Person {
  std::string id;
  Role role = Role::auxiliary;
  /// Hours per week available; NaN = the role's default (StaffingConfig::hours).
  double hours = std::numeric_limits<double>::quiet_NaN();
  bool has_home = false;  ///< x, y given
  double x = 0, y = 0;    ///< home, in the units' coordinate system
  std::string community;  ///< home community (used when there are no x, y)
  std::vector<std::string> skills;
  std::size_t line = 0;   ///< line in the people file (for errors), 0 if none
};

/// Reads `id,role[,hours][,x,y][,community][,skills]` (skills separated by
/// ';'). @throws InputError naming file and line: unknown role, negative or
/// non-numeric hours, duplicate id, a person with neither x,y nor community.
[[nodiscard]] std::vector<Person> read_people_csv(const std::string& path);
[[nodiscard]] std::vector<Person> parse_people_csv(std::string_view text, const std::string& source);

/// Which part of the pattern an assignment fills.
enum class AssignmentSlot : unsigned char {
  full_time = 0,  ///< the grid's full-time worker
  required,       ///< a required helper (the "3" of "1+3+X")
  extra,          ///< hours of an extra helper (the "X" or "N")
};

template <>
struct EnumNames<AssignmentSlot> {
  static constexpr std::string_view what = "assignment slot";
  static constexpr std::array<std::pair<AssignmentSlot, std::string_view>, 3> values{
      {{AssignmentSlot::full_time, "full_time"}, {AssignmentSlot::required, "required"}, {AssignmentSlot::extra, "extra"}}};
};

/// One person's hours in one grid.
struct Assignment {
  std::int32_t person = 0;  ///< index into the people
  GridIndex grid = 0;
  double hours = 0;
  AssignmentSlot slot = AssignmentSlot::required;
};

struct PersonLoad {
  std::string id;
  Role role = Role::auxiliary;
  double hours_available = 0;
  double hours_assigned = 0;
  double load = 0;          ///< hours_assigned / hours_available (0 if none available)
  std::int32_t grids = 0;   ///< grids served
  double distance_km = 0;   ///< to the grid of most hours
  bool overloaded = false;  ///< hours_assigned > hours_available (+1e-6)
};

struct GridStaffing {
  std::string code;
  double workload = 0;         ///< W_g
  std::string full_time;       ///< person id, "" if none
  double full_time_hours = 0;
  double helper_demand = 0;    ///< D_g
  double helper_hours = 0;     ///< hours given by helpers
  std::int32_t part_time = 0, auxiliary = 0;  ///< people serving the grid
  double uncovered = 0;        ///< W_g - full_time_hours - helper_hours (>= 0)
  std::int32_t missing_full_time = 0, missing_part_time = 0, missing_auxiliary = 0;
  std::vector<std::string> missing_skills;
};

/// What is short for the pattern, district-wide.
struct Shortage {
  std::string what;  ///< "full_time", "part_time", "auxiliary", "helper_hours", "skill:<name>"
  double needed = 0, available = 0;
  std::string message;
};

/// The smallest staff that can serve the pattern with each role's default hours.
struct MinimumStaff {
  std::int64_t full_time = 0, part_time = 0, auxiliary = 0;
  double hours = 0;             ///< total workload
  double uncoverable_hours = 0; ///< beyond the pattern when it allows no extra helpers
  std::vector<std::int32_t> extra_per_grid;  ///< extra helpers per grid (#k)
  [[nodiscard]] std::int64_t total() const noexcept { return full_time + part_time + auxiliary; }
};

struct StaffingSummary {
  std::int64_t grids = 0, people = 0, people_assigned = 0;
  double full_time_distance_km = 0;  ///< stage 1 objective
  double required_distance_km = 0;   ///< stage 2 objective
  double helper_travel_cost = 0;     ///< stage 3: sum travel_weight * d * f
  double helper_spread_cost = 0;     ///< stage 3: sum phi_p(L_p)
  double uncovered_hours = 0;
  std::int64_t grids_uncovered = 0;  ///< grids with uncovered > 1e-6 h
  std::int64_t overloaded_people = 0;
  std::int64_t pricing_rounds = 0;   ///< re-solves after pricing (all stages)
  bool feasible = false;             ///< pattern met and workload covered everywhere
  double seconds = 0;
};

struct StaffingResult {
  std::vector<Assignment> assignments;
  std::vector<PersonLoad> people;  ///< #people, in input order
  std::vector<GridStaffing> grids; ///< #k
  std::vector<Shortage> shortages;
  MinimumStaff minimum;
  FairnessStats load_fairness;     ///< of PersonLoad::load over people with hours assigned
  StaffingSummary summary;
};

/// Assigns people to grids (see the objective above).
/// @throws InputError for a person with negative or non-finite hours, an
///         unknown home community, no home, or a duplicate id.
/// @throws Interrupted if `progress` returns false.
[[nodiscard]] StaffingResult staff(const WorkloadResult& workload, const std::vector<Person>& people,
                                   const StaffingConfig& config = {}, const ProgressCallback& progress = {});

/// The minimum staff for `pattern` (StaffingConfig::pattern) and role hours:
/// per grid 1 full-time (if FT = 1), the required helpers, and
/// ceil(rest / hours) extra helpers of the extra role. O(k).
[[nodiscard]] MinimumStaff minimum_staff(const WorkloadResult& workload, const StaffingConfig& config = {});

/// Evaluates an existing staffing: each person given a grid (code, or ""
/// for none); a grid's workload is shared among its people in proportion to
/// their hours, so PersonLoad::overloaded flags people whose share exceeds
/// their hours. @throws InputError on an unknown grid code or person id.
[[nodiscard]] StaffingResult evaluate_staffing(const WorkloadResult& workload, const std::vector<Person>& people,
                                               const std::vector<std::string>& grid_of_person,
                                               const StaffingConfig& config = {});

/// `person,role,grid,hours,slot` rows, one per assignment.
[[nodiscard]] std::string assignments_csv(const StaffingResult& result, const WorkloadResult& workload);
/// Summary, shortages, grids, people and minimum staff as JSON.
[[nodiscard]] std::string staffing_to_json(const StaffingResult& result, int indent = 2);

}  // namespace gridgov

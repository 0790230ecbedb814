#pragma once
/// @file gridgov/io/scenario.hpp
/// @brief The gridgov scenario JSON: hierarchy + units + edges + plan in
/// one column-oriented file. The schema is documented in
/// docs/scenario-format.md.
///
///     {"format": "gridgov-scenario", "version": 1,
///      "divisions": [{"level": "community", "code": "620102001001",
///                     "name": "...", "parent_code": "620102001"}, ...],
///      "units": {"id": [...], "x": [...], "y": [...], "community": [...],
///                "attributes": {"households": [...], ...},
///                "grid_type": [...], "area": [...], "perimeter": [...]},
///      "edges": [[u_index, v_index], ...],
///      "shared_boundary": [...],
///      "plan": {"grid": ["620102001001001", null, ...]}}
///
/// Errors are InputErrors naming the file and the JSON path of the bad
/// value ("units.attributes.households[3] (unit 'b')").

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gridgov/core/hierarchy.hpp"
#include "gridgov/core/plan.hpp"
#include "gridgov/core/unit_graph.hpp"

namespace gridgov::io {

inline constexpr std::string_view kScenarioFormat = "gridgov-scenario";
inline constexpr int kScenarioVersion = 1;

struct Scenario {
  std::vector<DivisionRow> divisions;  ///< `line` holds the 1-based row position
  UnitTable units;
  std::vector<Edge> edges;  ///< by unit index, as written
  /// Per-unit grid code; std::nullopt for a unit outside every grid. Empty
  /// when the scenario has no plan.
  std::vector<std::optional<std::string>> plan;

  [[nodiscard]] bool has_plan() const noexcept { return !plan.empty(); }
};

[[nodiscard]] Scenario read_scenario(const std::string& path);
[[nodiscard]] Scenario parse_scenario(std::string_view text, const std::string& source);

/// Serialises a scenario: one line per section, numbers in their shortest
/// exact form (so reading it back gives identical values).
[[nodiscard]] std::string scenario_json(const Scenario& scenario);
void write_scenario(const std::string& path, const Scenario& scenario);

/// A scenario from a unit graph, an optional plan and division rows.
[[nodiscard]] Scenario make_scenario(const UnitGraph& units, const Plan* plan = nullptr,
                                     std::span<const DivisionRow> divisions = {});
/// The unit graph of a scenario (validated by UnitGraph).
[[nodiscard]] UnitGraph scenario_graph(const Scenario& scenario, const std::string& source = "scenario");
/// The plan of a scenario (grids in order of first appearance; units with
/// null grids get kNoGrid). Requires has_plan().
[[nodiscard]] Plan scenario_plan(const Scenario& scenario);

}  // namespace gridgov::io

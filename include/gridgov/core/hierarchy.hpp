#pragma once
/// @file gridgov/core/hierarchy.hpp
/// @brief The division hierarchy (province > city > county > street >
/// community > grid > building) as a tree in a Boost.Graph.
///
/// Nodes are numbered 0..size()-1 in insertion order and stored flat (codes,
/// names, levels, parents, children), so that the whole country's 665,000
/// divisions load in a fraction of a second. The Boost.Graph view (a
/// bidirectional adjacency_list with parent -> child edges, vertex
/// descriptors equal to node numbers) is built on first use by graph() in
/// gridgov/hierarchy_graph.hpp, kept apart so that this header stays light.
/// A Hierarchy is const and thread-safe for concurrent readers (graph()
/// included); adding nodes is not thread-safe and invalidates the view.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gridgov/core/codes.hpp"
#include "gridgov/core/plan.hpp"
#include "gridgov/core/unit_graph.hpp"

namespace gridgov {

/// One row of a divisions table: `level,code,name,parent_code`.
struct DivisionRow {
  std::string level;
  std::string code;
  std::string name;
  std::string parent_code;
  std::size_t line = 0;  ///< 1-based source line, for error messages
};

/// A non-owning view of a division row (the fast path of the CSV reader).
struct DivisionRowView {
  std::string_view level;
  std::string_view code;
  std::string_view name;
  std::string_view parent_code;
  std::size_t line = 0;
};

/// A problem found while building a hierarchy; also the form of a note on a
/// row that was accepted as published (Hierarchy::notes()).
struct HierarchyError {
  std::string source;
  std::size_t line = 0;
  std::string code;
  std::string message;
  /// "source:line: code: message"
  [[nodiscard]] std::string to_string() const;
};

namespace detail {
struct HierarchyAccess;
}  // namespace detail

class Hierarchy {
 public:
  using Node = std::int32_t;
  static constexpr Node kNone = -1;

  Hierarchy();
  ~Hierarchy();
  Hierarchy(Hierarchy&&) noexcept;
  Hierarchy& operator=(Hierarchy&&) noexcept;
  Hierarchy(const Hierarchy&);
  Hierarchy& operator=(const Hierarchy&);

  /// Builds a hierarchy from division rows, checking every rule: known
  /// level, a code valid for its level, unique codes, a parent code that
  /// the code extends, a parent at a higher level, no cycles, no orphans
  /// (only rows at the file's top level may have parents outside it).
  /// Every problem is appended to `errors`; rows with problems are left out,
  /// and so are the rows below them.
  ///
  /// Placeholders (a county, street or community code with an all-zero
  /// sequence, CodeKind::placeholder) are kept, each with a note in notes():
  /// they repeat their parent at their level, as the statistics bureau
  /// publishes a city without counties (county 441900 under city 4419, the
  /// streets 441900003, ... under it) or a county without streets (street
  /// 350527000 under county 350527). A placeholder is an error when its
  /// parent_code is not the code it repeats (the code without its zeros), or
  /// when that parent has divisions of its own at the placeholder's level
  /// (county 620100 beside 620102 under city 6201).
  [[nodiscard]] static Hierarchy from_rows(std::span<const DivisionRow> rows,
                                           std::vector<HierarchyError>& errors,
                                           const std::string& source = "divisions");

  /// The same over row views (which must stay valid during the call).
  [[nodiscard]] static Hierarchy from_rows(std::span<const DivisionRowView> rows,
                                           std::vector<HierarchyError>& errors,
                                           const std::string& source = "divisions");

  /// Adds a node under `parent` (kNone for a root). Throws Error if the code
  /// exists already or does not extend the parent's code.
  Node add(std::string code, std::string name, Level level, Node parent,
           GridType grid_type = GridType::urban);

  /// Remarks on rows that from_rows accepted as published (one per
  /// placeholder), in line order; empty for a hierarchy built with add().
  [[nodiscard]] std::span<const HierarchyError> notes() const noexcept;

  [[nodiscard]] Node size() const noexcept;
  [[nodiscard]] Node find(std::string_view code) const;  ///< kNone if absent
  [[nodiscard]] const std::string& code(Node n) const;
  [[nodiscard]] std::string_view name(Node n) const;
  [[nodiscard]] Level level(Node n) const;
  [[nodiscard]] GridType grid_type(Node n) const;
  [[nodiscard]] Node parent(Node n) const;  ///< kNone for a root
  [[nodiscard]] std::vector<Node> children(Node n) const;
  [[nodiscard]] std::vector<Node> roots() const;
  /// Parent, grandparent, ... up to the root.
  [[nodiscard]] std::vector<Node> ancestors(Node n) const;
  /// The ancestor of n at `level` (n itself if n is at that level), or kNone.
  [[nodiscard]] Node ancestor_at(Node n, Level level) const;
  /// All descendants of n at `level`, in depth-first order.
  [[nodiscard]] std::vector<Node> descendants(Node n, Level level) const;
  /// All nodes at `level`, in insertion order.
  [[nodiscard]] std::vector<Node> at_level(Level level) const;
  [[nodiscard]] std::size_t count(Level level) const;

  /// Adds a grid node per plan grid under its community and a building
  /// node per unit under its grid, so that unit attributes can be
  /// aggregated and neighbours found at any level. Grid codes that are
  /// valid 15-digit extensions of their community are kept; other grids get
  /// the next free code, numbered west to east, north to south by centroid
  /// inside their community. Communities missing from the hierarchy are
  /// added under their street (or as roots). Returns the grid node of each
  /// plan grid. Throws Error if units are already attached.
  std::vector<Node> attach(const UnitGraph& units, const Plan& plan);

  /// Building node of each unit after attach() (empty before).
  [[nodiscard]] std::span<const Node> unit_nodes() const noexcept;

  /// Sums a per-unit value at every node of `level`; the result is
  /// aligned with at_level(level). Requires attach().
  [[nodiscard]] std::vector<double> aggregate(std::span<const double> per_unit, Level level) const;

  /// Nodes at `level` adjacent to n (same level): two nodes are adjacent
  /// when any of their buildings are. Requires attach() with that graph.
  [[nodiscard]] std::vector<Node> neighbors(Node n, const UnitGraph& units) const;

 private:
  struct Impl;
  friend struct detail::HierarchyAccess;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gridgov

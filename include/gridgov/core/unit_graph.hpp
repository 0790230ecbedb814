#pragma once
/// @file gridgov/core/unit_graph.hpp
/// @brief Buildings (or blocks) with coordinates, attributes and contiguity.
///
/// A UnitGraph is immutable once built: const and thread-safe for
/// concurrent readers. Contiguity is stored in compressed sparse row form
/// (every undirected edge appears in both endpoints' rows), so one million
/// units with four million edges take about 90 MB.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gridgov {

namespace detail {
class IdIndex;
struct UnitGraphBuilder;
}  // namespace detail

/// Index of a unit inside its UnitGraph (0..n-1).
using UnitIndex = std::int32_t;
/// Offsets into the CSR target array.
using EdgeOffset = std::int64_t;

/// Grid types (domain.md): urban community grids, rural (village) grids and
/// dedicated grids for a school, hospital, market or park, which are fixed.
enum class GridType : unsigned char { urban = 0, rural = 1, dedicated = 2 };

[[nodiscard]] std::string_view grid_type_name(GridType type) noexcept;

/// The columns of a unit table. Build one, then hand it to UnitGraph.
struct UnitTable {
  std::vector<std::string> id;             ///< #n unique unit ids
  std::vector<double> x;                   ///< #n x (or longitude)
  std::vector<double> y;                   ///< #n y (or latitude)
  std::vector<std::string> community;      ///< #n community code or name of each unit
  /// Named numeric columns, each of length n. "households" and
  /// "population" are expected; "elderly_alone", "disabled", "hardship"
  /// and any other column are carried along.
  std::vector<std::pair<std::string, std::vector<double>>> attributes;
  std::vector<GridType> grid_type;         ///< #n, or empty for all urban
  std::vector<double> area;                ///< #n polygon areas, or empty
  std::vector<double> perimeter;           ///< #n polygon perimeters, or empty
  /// CRS of x, y (and of the polygons), as the input named it: "EPSG:32650",
  /// an OGC URN, WKT or PROJJSON (gridgov/io/crs.hpp); "" = not known.
  std::string crs;
};

/// An undirected edge between two unit indices, with an optional length of
/// shared boundary (0 when unknown).
struct Edge {
  UnitIndex u = 0;
  UnitIndex v = 0;
  double shared_boundary = 0.0;
};

class UnitGraph {
 public:
  UnitGraph();

  /// Validates the table and the edges and builds the graph.
  /// @param table   the unit columns (moved in)
  /// @param edges   undirected edges by unit index; duplicates are merged
  /// @param source  a name used in error messages (a file name)
  /// @throws InputError on duplicate ids, columns of the wrong length,
  ///         negative, NaN or infinite attribute values, self-loops or
  ///         out-of-range endpoints.
  UnitGraph(UnitTable table, std::span<const Edge> edges, const std::string& source = "units");
  UnitGraph(const UnitGraph& other);
  UnitGraph& operator=(const UnitGraph& other);
  UnitGraph(UnitGraph&&) noexcept;
  UnitGraph& operator=(UnitGraph&&) noexcept;
  ~UnitGraph();

  [[nodiscard]] UnitIndex size() const noexcept { return static_cast<UnitIndex>(ids_.size()); }
  [[nodiscard]] EdgeOffset num_edges() const noexcept {
    return static_cast<EdgeOffset>(targets_.size() / 2);
  }

  [[nodiscard]] std::span<const std::string> ids() const noexcept { return ids_; }
  [[nodiscard]] const std::string& id(UnitIndex u) const { return ids_[static_cast<std::size_t>(u)]; }
  /// Index of a unit id, or -1.
  [[nodiscard]] UnitIndex find(std::string_view id) const;

  [[nodiscard]] std::span<const double> x() const noexcept { return std::span<const double>(xy_).first(ids_.size()); }
  [[nodiscard]] std::span<const double> y() const noexcept {
    return std::span<const double>(xy_).subspan(ids_.size(), ids_.size());
  }
  /// x then y, one after the other: the n x 2 column-major matrix of the
  /// coordinates (gridgov/core/eigen.hpp maps it as an Eigen matrix).
  [[nodiscard]] std::span<const double> xy() const noexcept { return xy_; }

  /// Community index of each unit (into communities()).
  [[nodiscard]] std::span<const std::int32_t> community() const noexcept { return community_; }
  /// Distinct community codes, in order of first appearance.
  [[nodiscard]] std::span<const std::string> communities() const noexcept { return communities_; }
  [[nodiscard]] std::span<const GridType> grid_type() const noexcept { return grid_type_; }

  [[nodiscard]] std::span<const std::string> attribute_names() const noexcept { return attribute_names_; }
  [[nodiscard]] bool has_attribute(std::string_view name) const noexcept;
  /// The column `name`; throws InputError naming the column if absent.
  [[nodiscard]] std::span<const double> attribute(std::string_view name) const;

  /// CRS of the coordinates ("" = not known; see gridgov/io/crs.hpp).
  [[nodiscard]] const std::string& crs() const noexcept { return crs_; }
  /// States the CRS (the coordinates are unchanged). Not thread-safe against
  /// concurrent readers of crs(); everything else stays immutable.
  void set_crs(std::string crs) { crs_ = std::move(crs); }

  [[nodiscard]] std::span<const double> area() const noexcept { return area_; }
  [[nodiscard]] std::span<const double> perimeter() const noexcept { return perimeter_; }

  /// CSR: neighbours of u are targets()[offsets()[u] .. offsets()[u+1]).
  [[nodiscard]] std::span<const EdgeOffset> offsets() const noexcept { return offsets_; }
  [[nodiscard]] std::span<const UnitIndex> targets() const noexcept { return targets_; }
  /// Shared boundary length per CSR entry, or empty when none is known.
  [[nodiscard]] std::span<const double> shared_boundary() const noexcept { return shared_boundary_; }
  [[nodiscard]] std::span<const UnitIndex> neighbors(UnitIndex u) const noexcept {
    auto b = static_cast<std::size_t>(offsets_[static_cast<std::size_t>(u)]);
    auto e = static_cast<std::size_t>(offsets_[static_cast<std::size_t>(u) + 1]);
    return std::span<const UnitIndex>(targets_).subspan(b, e - b);
  }
  [[nodiscard]] std::int64_t degree(UnitIndex u) const noexcept {
    return offsets_[static_cast<std::size_t>(u) + 1] - offsets_[static_cast<std::size_t>(u)];
  }

  /// The undirected edge list (u < v), one entry per edge.
  [[nodiscard]] std::vector<Edge> edge_list() const;
  /// A copy of the unit columns.
  [[nodiscard]] UnitTable table() const;

 private:
  friend struct detail::UnitGraphBuilder;
  // The readers hand over the index of table.id they already built (and
  // checked for duplicates); it stays valid as the ids move in.
  UnitGraph(UnitTable table, std::span<const Edge> edges, const std::string& source, detail::IdIndex index);
  void build_index(const std::string& source);
  void init(UnitTable& table, std::span<const Edge> edges, const std::string& source, detail::IdIndex* index);

  std::vector<std::string> ids_;
  std::vector<double> xy_;  // #2n: x of every unit, then y
  std::vector<std::int32_t> community_;
  std::vector<std::string> communities_;
  std::vector<GridType> grid_type_;
  std::vector<std::string> attribute_names_;
  std::vector<std::vector<double>> attributes_;
  std::vector<double> area_, perimeter_;
  std::vector<EdgeOffset> offsets_{0};
  std::vector<UnitIndex> targets_;
  std::vector<double> shared_boundary_;
  std::string crs_;
  std::unique_ptr<detail::IdIndex> index_;  // null only when moved from
};

}  // namespace gridgov

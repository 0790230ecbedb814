#include "gridgov/core/unit_graph.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/id_index.hpp"
#include "gridgov/core/error.hpp"

namespace gridgov {

std::string_view grid_type_name(GridType type) noexcept {
  switch (type) {
    case GridType::urban: return "urban";
    case GridType::rural: return "rural";
    case GridType::dedicated: return "dedicated";
  }
  return "urban";
}

namespace {
void check_length(std::size_t got, std::size_t n, const char* column, const std::string& source) {
  if (got != n)
    throw InputError(source, 0,
                     std::string("column '") + column + "' has " + std::to_string(got) + " values for " +
                         std::to_string(n) + " units");
}
}  // namespace

UnitGraph::UnitGraph() : index_(std::make_unique<detail::IdIndex>()) {}
UnitGraph::~UnitGraph() = default;
UnitGraph::UnitGraph(UnitGraph&&) noexcept = default;
UnitGraph& UnitGraph::operator=(UnitGraph&&) noexcept = default;

UnitGraph::UnitGraph(UnitTable table, std::span<const Edge> edges, const std::string& source)
    : index_(std::make_unique<detail::IdIndex>()) {
  init(table, edges, source, nullptr);
}

UnitGraph::UnitGraph(UnitTable table, std::span<const Edge> edges, const std::string& source, detail::IdIndex index)
    : index_(std::make_unique<detail::IdIndex>()) {
  init(table, edges, source, &index);
}

void UnitGraph::init(UnitTable& table, std::span<const Edge> edges, const std::string& source, detail::IdIndex* index) {
  const std::size_t n = table.id.size();
  if (n > static_cast<std::size_t>(std::numeric_limits<UnitIndex>::max() - 1))
    throw InputError(source, 0, "too many units (" + std::to_string(n) + ")");
  check_length(table.x.size(), n, "x", source);
  check_length(table.y.size(), n, "y", source);
  check_length(table.community.size(), n, "community", source);
  if (!table.grid_type.empty()) check_length(table.grid_type.size(), n, "grid_type", source);
  if (!table.area.empty()) check_length(table.area.size(), n, "area", source);
  if (!table.perimeter.empty()) check_length(table.perimeter.size(), n, "perimeter", source);
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(table.x[i]) || !std::isfinite(table.y[i]))
      throw InputError(source, 0, "unit '" + table.id[i] + "': coordinates must be finite numbers");
    if (table.id[i].empty()) throw InputError(source, 0, "unit " + std::to_string(i) + " has an empty id");
    if (table.community[i].empty()) throw InputError(source, 0, "unit '" + table.id[i] + "' has no community");
  }
  for (auto& [name, col] : table.attributes) {
    check_length(col.size(), n, name.c_str(), source);
    for (std::size_t i = 0; i < n; ++i) {
      if (std::isnan(col[i]) || !std::isfinite(col[i]))
        throw InputError(source, 0, "unit '" + table.id[i] + "': " + name + " is not a finite number");
      if (col[i] < 0)
        throw InputError(source, 0, "unit '" + table.id[i] + "': " + name + " is negative (" + std::to_string(col[i]) + ")");
    }
    attribute_names_.push_back(name);
    attributes_.push_back(std::move(col));
  }
  for (std::size_t a = 0; a < attribute_names_.size(); ++a)
    for (std::size_t b = a + 1; b < attribute_names_.size(); ++b)
      if (attribute_names_[a] == attribute_names_[b])
        throw InputError(source, 0, "attribute column '" + attribute_names_[a] + "' appears twice");

  crs_ = std::move(table.crs);
  ids_ = std::move(table.id);
  xy_ = std::move(table.x);
  xy_.insert(xy_.end(), table.y.begin(), table.y.end());
  table.y.clear();
  grid_type_ = table.grid_type.empty() ? std::vector<GridType>(n, GridType::urban) : std::move(table.grid_type);
  area_ = std::move(table.area);
  perimeter_ = std::move(table.perimeter);
  if (index != nullptr && index->size() == ids_.size()) *index_ = std::move(*index);  // views into the moved strings stay valid
  else build_index(source);

  // Communities in order of first appearance.
  {
    std::unordered_map<std::string, std::int32_t> cindex;
    community_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (i > 0 && table.community[i] == table.community[i - 1]) {  // units usually come community by community
        community_[i] = community_[i - 1];
        continue;
      }
      auto [it, inserted] = cindex.try_emplace(table.community[i], static_cast<std::int32_t>(communities_.size()));
      if (inserted) communities_.push_back(table.community[i]);
      community_[i] = it->second;
    }
  }

  // CSR from the edge list: count, prefix sum, fill, then sort and dedupe rows.
  const bool lengths = std::any_of(edges.begin(), edges.end(), [](const Edge& e) { return e.shared_boundary != 0.0; });
  std::vector<EdgeOffset> deg(n + 1, 0);
  for (std::size_t k = 0; k < edges.size(); ++k) {
    const auto& e = edges[k];
    if (e.u < 0 || e.v < 0 || static_cast<std::size_t>(e.u) >= n || static_cast<std::size_t>(e.v) >= n)
      throw InputError(source, 0, "edge " + std::to_string(k + 1) + " refers to a unit index outside 0.." +
                                      std::to_string(n == 0 ? 0 : n - 1));
    if (e.u == e.v) throw InputError(source, 0, "edge " + std::to_string(k + 1) + " is a self-loop at unit '" + ids_[static_cast<std::size_t>(e.u)] + "'");
    if (!std::isfinite(e.shared_boundary) || e.shared_boundary < 0)
      throw InputError(source, 0, "edge " + std::to_string(k + 1) + " has a negative or non-finite length");
    ++deg[static_cast<std::size_t>(e.u) + 1];
    ++deg[static_cast<std::size_t>(e.v) + 1];
  }
  std::partial_sum(deg.begin(), deg.end(), deg.begin());
  std::vector<UnitIndex> tgt(static_cast<std::size_t>(deg[n]));
  std::vector<double> len(lengths ? tgt.size() : 0);
  {
    std::vector<EdgeOffset> pos(deg.begin(), deg.end() - 1);
    for (const auto& e : edges) {
      auto pu = static_cast<std::size_t>(pos[static_cast<std::size_t>(e.u)]++);
      auto pv = static_cast<std::size_t>(pos[static_cast<std::size_t>(e.v)]++);
      tgt[pu] = e.v;
      tgt[pv] = e.u;
      if (lengths) len[pu] = len[pv] = e.shared_boundary;
    }
  }
  if (!lengths) {
    // Edge lists sorted by their first unit (as written by gridgov and most
    // GIS exports) fill every row in order already: rows that are strictly
    // increasing need neither a sort nor a copy.
    bool ordered = true;
    for (std::size_t u = 0; u < n && ordered; ++u)
      for (auto k = static_cast<std::size_t>(deg[u]) + 1; k < static_cast<std::size_t>(deg[u + 1]); ++k)
        if (!(tgt[k - 1] < tgt[k])) {
          ordered = false;
          break;
        }
    if (ordered) {
      offsets_ = std::move(deg);
      targets_ = std::move(tgt);
      return;
    }
  }
  offsets_.assign(n + 1, 0);
  targets_.reserve(tgt.size());
  if (lengths) shared_boundary_.reserve(tgt.size());
  std::vector<std::pair<UnitIndex, double>> row;
  for (std::size_t u = 0; u < n; ++u) {
    auto b = static_cast<std::size_t>(deg[u]), e = static_cast<std::size_t>(deg[u + 1]);
    if (!lengths) {
      std::sort(tgt.begin() + static_cast<std::ptrdiff_t>(b), tgt.begin() + static_cast<std::ptrdiff_t>(e));
      auto last = std::unique(tgt.begin() + static_cast<std::ptrdiff_t>(b), tgt.begin() + static_cast<std::ptrdiff_t>(e));
      targets_.insert(targets_.end(), tgt.begin() + static_cast<std::ptrdiff_t>(b), last);
    } else {
      row.clear();
      for (auto k = b; k < e; ++k) row.emplace_back(tgt[k], len[k]);
      std::sort(row.begin(), row.end());
      for (std::size_t k = 0; k < row.size(); ++k) {
        if (k > 0 && row[k].first == row[k - 1].first) {
          shared_boundary_.back() = std::max(shared_boundary_.back(), row[k].second);
          continue;
        }
        targets_.push_back(row[k].first);
        shared_boundary_.push_back(row[k].second);
      }
    }
    offsets_[u + 1] = static_cast<EdgeOffset>(targets_.size());
  }
  targets_.shrink_to_fit();
}

void UnitGraph::build_index(const std::string& source) {
  auto [first, second] = index_->build(ids_);
  if (first >= 0)
    throw InputError(source, 0, "duplicate unit id '" + ids_[static_cast<std::size_t>(second)] + "' (units " +
                                    std::to_string(first + 1) + " and " + std::to_string(second + 1) + ")");
}

UnitGraph::UnitGraph(const UnitGraph& other)
    : ids_(other.ids_), xy_(other.xy_), community_(other.community_), communities_(other.communities_),
      grid_type_(other.grid_type_), attribute_names_(other.attribute_names_), attributes_(other.attributes_),
      area_(other.area_), perimeter_(other.perimeter_), offsets_(other.offsets_), targets_(other.targets_),
      shared_boundary_(other.shared_boundary_), crs_(other.crs_), index_(std::make_unique<detail::IdIndex>()) {
  index_->build(ids_);  // the index holds views into ids_: rebuild, never copy
}

UnitGraph& UnitGraph::operator=(const UnitGraph& other) {
  if (this != &other) {
    UnitGraph copy(other);
    *this = std::move(copy);
  }
  return *this;
}

UnitIndex UnitGraph::find(std::string_view id) const { return index_ ? static_cast<UnitIndex>(index_->find(id)) : -1; }

bool UnitGraph::has_attribute(std::string_view name) const noexcept {
  return std::find(attribute_names_.begin(), attribute_names_.end(), name) != attribute_names_.end();
}

std::span<const double> UnitGraph::attribute(std::string_view name) const {
  for (std::size_t i = 0; i < attribute_names_.size(); ++i)
    if (attribute_names_[i] == name) return attributes_[i];
  std::string columns;
  for (const auto& a : attribute_names_) columns += (columns.empty() ? "" : ", ") + a;
  throw InputError("units", 0,
                   "no attribute column '" + std::string(name) + "'; the columns are " +
                       (columns.empty() ? std::string("(none)") : columns));
}

std::vector<Edge> UnitGraph::edge_list() const {
  std::vector<Edge> out;
  out.reserve(targets_.size() / 2);
  for (UnitIndex u = 0; u < size(); ++u)
    for (auto k = offsets_[static_cast<std::size_t>(u)]; k < offsets_[static_cast<std::size_t>(u) + 1]; ++k) {
      auto v = targets_[static_cast<std::size_t>(k)];
      if (u < v) out.push_back({u, v, shared_boundary_.empty() ? 0.0 : shared_boundary_[static_cast<std::size_t>(k)]});
    }
  return out;
}

UnitTable UnitGraph::table() const {
  UnitTable t;
  t.id = ids_;
  t.x.assign(x().begin(), x().end());
  t.y.assign(y().begin(), y().end());
  t.community.reserve(ids_.size());
  for (auto c : community_) t.community.push_back(communities_[static_cast<std::size_t>(c)]);
  for (std::size_t i = 0; i < attribute_names_.size(); ++i) t.attributes.emplace_back(attribute_names_[i], attributes_[i]);
  t.grid_type = grid_type_;
  t.area = area_;
  t.perimeter = perimeter_;
  t.crs = crs_;
  return t;
}

}  // namespace gridgov

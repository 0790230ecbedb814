#include "gridgov/hierarchy.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "gridgov/error.hpp"
#include "gridgov/hierarchy_graph.hpp"

namespace gridgov {

struct Hierarchy::Impl {
  HierarchyGraph g;
  std::vector<Node> parent;  // mirrors the in-edge of each vertex, for O(1) walks
  std::unordered_map<std::string, Node> by_code;
  std::vector<Node> unit_node;  // building node per unit after attach()
  std::vector<UnitIndex> node_unit;  // unit per node (-1 for non-buildings)
};

const HierarchyGraph& graph(const Hierarchy& h) noexcept { return h.impl().g; }

std::string HierarchyError::to_string() const {
  std::string out = source;
  if (line > 0) out += ":" + std::to_string(line);
  out += ": ";
  if (!code.empty()) out += code + ": ";
  return out + message;
}

Hierarchy::Hierarchy() : impl_(std::make_unique<Impl>()) {}
Hierarchy::~Hierarchy() = default;
Hierarchy::Hierarchy(Hierarchy&&) noexcept = default;
Hierarchy& Hierarchy::operator=(Hierarchy&&) noexcept = default;
Hierarchy::Hierarchy(const Hierarchy& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
Hierarchy& Hierarchy::operator=(const Hierarchy& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}

namespace {
void check_node(const Hierarchy& h, Hierarchy::Node n) {
  if (n < 0 || n >= h.size()) throw Error("hierarchy node " + std::to_string(n) + " does not exist");
}
}  // namespace

Hierarchy::Node Hierarchy::add(std::string code, std::string name, Level level, Node parent, GridType grid_type) {
  if (impl_->by_code.count(code)) throw Error("division code '" + code + "' exists already");
  if (parent != kNone) {
    check_node(*this, parent);
    const auto& pc = impl_->g[static_cast<std::size_t>(parent)].code;
    if (static_cast<int>(level) <= static_cast<int>(impl_->g[static_cast<std::size_t>(parent)].level))
      throw Error("a " + std::string(level_name(level)) + " cannot be placed under a " +
                  std::string(level_name(impl_->g[static_cast<std::size_t>(parent)].level)));
    const bool both_codes = check_code(code).empty() && check_code(pc).empty();
    if (both_codes && !extends(code, pc))
      throw Error("code '" + code + "' does not extend its parent's code '" + pc + "'");
  }
  const auto v = boost::add_vertex(Division{code, std::move(name), level, grid_type}, impl_->g);
  impl_->parent.push_back(parent);
  impl_->node_unit.push_back(-1);
  if (parent != kNone) boost::add_edge(static_cast<std::size_t>(parent), v, impl_->g);
  impl_->by_code.emplace(std::move(code), static_cast<Node>(v));
  return static_cast<Node>(v);
}

Hierarchy Hierarchy::from_rows(std::span<const DivisionRow> rows, std::vector<HierarchyError>& errors,
                               const std::string& source) {
  struct Accepted {
    const DivisionRow* row;
    Level level;
  };
  std::vector<Accepted> ok;
  std::unordered_map<std::string, std::size_t> by_code;     // code -> index in ok
  std::unordered_map<std::string, std::size_t> seen_line;   // code -> first line (also rejected rows)
  auto err = [&](const DivisionRow& r, std::string msg) { errors.push_back({source, r.line, r.code, std::move(msg)}); };

  for (const auto& r : rows) {
    auto level = parse_level(r.level);
    if (!level) {
      err(r, "unknown level '" + r.level + "' (expected province, city, county, street, community, grid, micro_grid or building)");
      continue;
    }
    if (auto problem = check_code(r.code, *level); !problem.empty()) {
      err(r, problem);
      continue;
    }
    if (auto [it, inserted] = seen_line.try_emplace(r.code, r.line); !inserted) {
      err(r, "duplicate code (first on line " + std::to_string(it->second) + ")");
      if (auto k = by_code.find(r.code); k != by_code.end()) ok[k->second].row = nullptr;  // drop both
      continue;
    }
    if (r.name.empty()) err(r, "empty name");
    by_code.emplace(r.code, ok.size());
    ok.push_back({&r, *level});
  }
  int top = kLevelCount;
  for (const auto& a : ok)
    if (a.row) top = std::min(top, static_cast<int>(a.level));

  // Parent checks. parent_of[i] = index into ok, or -1 for a top row.
  std::vector<std::ptrdiff_t> parent_of(ok.size(), -1);
  std::vector<char> valid(ok.size(), 0);
  for (std::size_t i = 0; i < ok.size(); ++i) {
    if (!ok[i].row) continue;
    const auto& r = *ok[i].row;
    if (r.parent_code == r.code) {
      err(r, "cycle: the division is its own parent");
      continue;
    }
    auto p = by_code.find(r.parent_code);
    if (p == by_code.end() || !ok[p->second].row) {
      if (!r.parent_code.empty() && seen_line.count(r.parent_code)) {
        err(r, "parent '" + r.parent_code + "' (line " + std::to_string(seen_line[r.parent_code]) + ") is invalid");
        continue;
      }
      if (static_cast<int>(ok[i].level) != top) {
        err(r, r.parent_code.empty() ? std::string("orphan: no parent_code")
                                     : "orphan: parent '" + r.parent_code + "' is not in the file");
        continue;
      }
      if (!r.parent_code.empty() && check_code(r.parent_code).empty() && !extends(r.code, r.parent_code)) {
        err(r, "code does not extend its parent's code '" + r.parent_code + "'");
        continue;
      }
      valid[i] = 1;
      continue;
    }
    const auto& pa = ok[p->second];
    if (static_cast<int>(pa.level) >= static_cast<int>(ok[i].level)) {
      err(r, "parent '" + r.parent_code + "' is a " + std::string(level_name(pa.level)) + ", not above a " +
                 std::string(level_name(ok[i].level)));
      continue;
    }
    if (!extends(r.code, r.parent_code)) {
      err(r, "code does not extend its parent's code '" + r.parent_code + "'");
      continue;
    }
    parent_of[i] = static_cast<std::ptrdiff_t>(p->second);
    valid[i] = 1;
  }
  // A row is kept only if its whole chain up to a top row is valid. Walks
  // are bounded by the number of rows, which also catches cycles.
  std::vector<char> state(ok.size(), 0);  // 0 unknown, 1 kept, 2 dropped
  for (std::size_t i = 0; i < ok.size(); ++i) {
    if (!ok[i].row || state[i]) continue;
    std::vector<std::size_t> chain;
    std::size_t j = i;
    char verdict = 0;
    for (std::size_t steps = 0;; ++steps) {
      if (steps > ok.size()) {
        err(*ok[i].row, "cycle in parent codes");
        verdict = 2;
        break;
      }
      if (state[j]) {
        verdict = state[j];
        break;
      }
      chain.push_back(j);
      if (!valid[j]) {
        verdict = 2;
        break;
      }
      if (parent_of[j] < 0) {
        verdict = 1;
        break;
      }
      j = static_cast<std::size_t>(parent_of[j]);
    }
    for (auto c : chain) {
      if (verdict == 2 && valid[c] && c != j)
        err(*ok[c].row, "dropped: an ancestor ('" + ok[j].row->code + "') is invalid");
      state[c] = verdict;
    }
  }
  // Insert parents before children: by level, then file order.
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < ok.size(); ++i)
    if (ok[i].row && state[i] == 1) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return ok[a].level < ok[b].level; });
  Hierarchy h;
  std::vector<Node> node_of(ok.size(), kNone);
  for (auto i : order) {
    const auto& r = *ok[i].row;
    const Node parent = parent_of[i] >= 0 ? node_of[static_cast<std::size_t>(parent_of[i])] : kNone;
    node_of[i] = h.add(r.code, r.name, ok[i].level, parent);
  }
  std::stable_sort(errors.begin(), errors.end(),
                   [](const HierarchyError& a, const HierarchyError& b) { return a.line < b.line; });
  return h;
}

Hierarchy::Node Hierarchy::size() const noexcept { return static_cast<Node>(boost::num_vertices(impl_->g)); }

Hierarchy::Node Hierarchy::find(std::string_view code) const {
  auto it = impl_->by_code.find(std::string(code));
  return it == impl_->by_code.end() ? kNone : it->second;
}

const std::string& Hierarchy::code(Node n) const {
  check_node(*this, n);
  return impl_->g[static_cast<std::size_t>(n)].code;
}
const std::string& Hierarchy::name(Node n) const {
  check_node(*this, n);
  return impl_->g[static_cast<std::size_t>(n)].name;
}
Level Hierarchy::level(Node n) const {
  check_node(*this, n);
  return impl_->g[static_cast<std::size_t>(n)].level;
}
GridType Hierarchy::grid_type(Node n) const {
  check_node(*this, n);
  return impl_->g[static_cast<std::size_t>(n)].grid_type;
}
Hierarchy::Node Hierarchy::parent(Node n) const {
  check_node(*this, n);
  return impl_->parent[static_cast<std::size_t>(n)];
}

std::vector<Hierarchy::Node> Hierarchy::children(Node n) const {
  check_node(*this, n);
  std::vector<Node> out;
  for (auto [it, end] = boost::adjacent_vertices(static_cast<std::size_t>(n), impl_->g); it != end; ++it)
    out.push_back(static_cast<Node>(*it));
  return out;
}

std::vector<Hierarchy::Node> Hierarchy::roots() const {
  std::vector<Node> out;
  for (Node n = 0; n < size(); ++n)
    if (impl_->parent[static_cast<std::size_t>(n)] == kNone) out.push_back(n);
  return out;
}

std::vector<Hierarchy::Node> Hierarchy::ancestors(Node n) const {
  check_node(*this, n);
  std::vector<Node> out;
  for (Node p = impl_->parent[static_cast<std::size_t>(n)]; p != kNone; p = impl_->parent[static_cast<std::size_t>(p)])
    out.push_back(p);
  return out;
}

Hierarchy::Node Hierarchy::ancestor_at(Node n, Level lvl) const {
  check_node(*this, n);
  for (Node p = n; p != kNone; p = impl_->parent[static_cast<std::size_t>(p)])
    if (impl_->g[static_cast<std::size_t>(p)].level == lvl) return p;
  return kNone;
}

std::vector<Hierarchy::Node> Hierarchy::descendants(Node n, Level lvl) const {
  check_node(*this, n);
  std::vector<Node> out, stack{n};
  while (!stack.empty()) {
    Node v = stack.back();
    stack.pop_back();
    const auto& d = impl_->g[static_cast<std::size_t>(v)];
    if (v != n && d.level == lvl) {
      out.push_back(v);
      continue;  // nothing at the same level below
    }
    auto kids = children(v);
    stack.insert(stack.end(), kids.rbegin(), kids.rend());
  }
  return out;
}

std::vector<Hierarchy::Node> Hierarchy::at_level(Level lvl) const {
  std::vector<Node> out;
  for (Node n = 0; n < size(); ++n)
    if (impl_->g[static_cast<std::size_t>(n)].level == lvl) out.push_back(n);
  return out;
}

std::size_t Hierarchy::count(Level lvl) const { return at_level(lvl).size(); }

std::span<const Hierarchy::Node> Hierarchy::unit_nodes() const noexcept { return impl_->unit_node; }

std::vector<Hierarchy::Node> Hierarchy::attach(const UnitGraph& units, const Plan& plan) {
  if (!impl_->unit_node.empty()) throw Error("units are attached to this hierarchy already");
  if (plan.grid_of.size() != static_cast<std::size_t>(units.size()))
    throw Error("the plan has " + std::to_string(plan.grid_of.size()) + " units, the graph " +
                std::to_string(units.size()));
  const auto k = static_cast<std::size_t>(plan.num_grids());
  // Community, centroid and type of each grid (first unit's community).
  std::vector<std::int32_t> grid_comm(k, -1);
  std::vector<double> cx(k, 0), cy(k, 0), cnt(k, 0);
  std::vector<GridType> gtype(k, GridType::urban);
  for (UnitIndex u = 0; u < units.size(); ++u) {
    const auto g = plan.grid_of[static_cast<std::size_t>(u)];
    if (g == kNoGrid) throw Error("unit '" + units.id(u) + "' has no grid; validate the plan first");
    const auto gi = static_cast<std::size_t>(g);
    if (grid_comm[gi] < 0) grid_comm[gi] = units.community()[static_cast<std::size_t>(u)];
    cx[gi] += units.x()[static_cast<std::size_t>(u)];
    cy[gi] += units.y()[static_cast<std::size_t>(u)];
    cnt[gi] += 1;
    if (units.grid_type()[static_cast<std::size_t>(u)] != GridType::urban) gtype[gi] = units.grid_type()[static_cast<std::size_t>(u)];
  }
  // Community nodes, created when missing.
  std::vector<Node> comm_node(units.communities().size(), kNone);
  for (std::size_t c = 0; c < comm_node.size(); ++c) {
    const auto& code = units.communities()[c];
    Node n = find(code);
    if (n == kNone) {
      Node parent = kNone;
      if (auto street = ancestor_code(code, Level::street); street && check_code(code, Level::community).empty())
        parent = find(*street);
      const bool is_code = check_code(code, Level::community).empty();
      n = add(code, code, Level::community, is_code || parent != kNone ? parent : kNone);
    }
    comm_node[c] = n;
  }
  // Grid codes: keep valid extensions of the community code, number the rest.
  std::vector<std::string> codes(k);
  std::vector<std::vector<std::size_t>> by_comm(comm_node.size());
  for (std::size_t g = 0; g < k; ++g)
    if (grid_comm[g] >= 0) by_comm[static_cast<std::size_t>(grid_comm[g])].push_back(g);
  for (std::size_t c = 0; c < by_comm.size(); ++c) {
    const auto& ccode = units.communities()[c];
    const bool numbered = check_code(ccode, Level::community).empty();
    std::unordered_set<std::string> used;
    std::vector<std::size_t> todo;
    for (auto g : by_comm[c]) {
      const auto& pc = plan.grid_codes[g];
      if (numbered && extends(pc, ccode) && pc.size() == 15 && !used.count(pc) && find(pc) == kNone) {
        codes[g] = pc;
        used.insert(pc);
      } else {
        todo.push_back(g);
      }
    }
    std::vector<double> tx, ty;
    for (auto g : todo) {
      tx.push_back(cx[g] / std::max(cnt[g], 1.0));
      ty.push_back(cy[g] / std::max(cnt[g], 1.0));
    }
    long seq = 1;
    for (auto i : numbering_order(tx, ty)) {
      const auto g = todo[i];
      if (!numbered) {
        codes[g] = plan.grid_codes[g];
        if (find(codes[g]) != kNone || used.count(codes[g])) codes[g] = ccode + "/" + plan.grid_codes[g];
        used.insert(codes[g]);
        continue;
      }
      std::string code;
      do {
        code = child_code(ccode, Level::grid, seq++);
      } while (used.count(code) || find(code) != kNone);
      used.insert(code);
      codes[g] = code;
    }
  }
  std::vector<Node> grid_node(k, kNone);
  for (std::size_t g = 0; g < k; ++g) {
    if (grid_comm[g] < 0) continue;  // an empty grid
    grid_node[g] = add(codes[g], plan.grid_codes[g], Level::grid, comm_node[static_cast<std::size_t>(grid_comm[g])], gtype[g]);
  }
  // Buildings, numbered inside their grid.
  std::vector<long> next_seq(k, 1);
  impl_->unit_node.assign(static_cast<std::size_t>(units.size()), kNone);
  for (UnitIndex u = 0; u < units.size(); ++u) {
    const auto g = static_cast<std::size_t>(plan.grid_of[static_cast<std::size_t>(u)]);
    const auto& gcode = codes[g];
    std::string code = check_code(gcode, Level::grid).empty() && next_seq[g] < 100000
                           ? child_code(gcode, Level::building, next_seq[g]++)
                           : gcode + "/" + units.id(u);
    const Node n = add(std::move(code), units.id(u), Level::building, grid_node[g]);
    impl_->unit_node[static_cast<std::size_t>(u)] = n;
    impl_->node_unit[static_cast<std::size_t>(n)] = u;
  }
  return grid_node;
}

std::vector<double> Hierarchy::aggregate(std::span<const double> per_unit, Level lvl) const {
  if (impl_->unit_node.empty()) throw Error("aggregate() needs units: call attach() first");
  if (per_unit.size() != impl_->unit_node.size())
    throw Error("aggregate(): " + std::to_string(per_unit.size()) + " values for " +
                std::to_string(impl_->unit_node.size()) + " units");
  const auto nodes = at_level(lvl);
  std::vector<std::ptrdiff_t> pos(static_cast<std::size_t>(size()), -1);
  for (std::size_t i = 0; i < nodes.size(); ++i) pos[static_cast<std::size_t>(nodes[i])] = static_cast<std::ptrdiff_t>(i);
  std::vector<double> out(nodes.size(), 0.0);
  for (std::size_t u = 0; u < per_unit.size(); ++u) {
    const Node a = ancestor_at(impl_->unit_node[u], lvl);
    if (a != kNone) out[static_cast<std::size_t>(pos[static_cast<std::size_t>(a)])] += per_unit[u];
  }
  return out;
}

std::vector<Hierarchy::Node> Hierarchy::neighbors(Node n, const UnitGraph& units) const {
  check_node(*this, n);
  if (impl_->unit_node.size() != static_cast<std::size_t>(units.size()))
    throw Error("neighbors() needs the units attached with attach()");
  const Level lvl = level(n);
  std::vector<Node> buildings = lvl == Level::building ? std::vector<Node>{n} : descendants(n, Level::building);
  std::vector<Node> out;
  for (Node b : buildings) {
    const UnitIndex u = impl_->node_unit[static_cast<std::size_t>(b)];
    if (u < 0) continue;
    for (UnitIndex v : units.neighbors(u)) {
      const Node a = ancestor_at(impl_->unit_node[static_cast<std::size_t>(v)], lvl);
      if (a != kNone && a != n) out.push_back(a);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace gridgov

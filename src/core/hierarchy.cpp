#include "gridgov/core/hierarchy.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "gridgov/core/error.hpp"
#include "gridgov/core/hierarchy_graph.hpp"

namespace gridgov {

namespace {

// Open-addressing hash index from a code to a position, where the codes
// themselves live elsewhere (`key(i)` returns the code of position i). Slots
// keep the full 64-bit hash, so a probe touches the stored code only when
// the hashes agree: one cache miss per lookup on large tables.
class CodeIndex {
 public:
  template <class Key>
  std::int32_t find(std::string_view code, const Key& key) const {
    if (slots_.empty()) return -1;
    const std::uint64_t h = hash(code);
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const auto& s = slots_[i];
      if (s.pos < 0) return -1;
      if (s.tag == tag && key(s.pos) == code) return s.pos;
    }
  }
  /// Inserts position `pos` unless its code is present; returns the position
  /// holding the code (pos if inserted).
  template <class Key>
  std::int32_t insert(std::int32_t pos, const Key& key) {
    if ((size_ + 1) * 4 > slots_.size() * 3) grow(key);
    const std::string_view code = key(pos);
    const std::uint64_t h = hash(code);
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      auto& s = slots_[i];
      if (s.pos < 0) {
        s = {tag, pos};
        ++size_;
        return pos;
      }
      if (s.tag == tag && key(s.pos) == code) return s.pos;
    }
  }
  /// Hints that `code` will be looked up soon (hides the cache miss).
  void prefetch(std::string_view code) const noexcept {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash(code) & mask_]);
  }
  /// Makes room for n entries (call before the first insert).
  void reserve(std::size_t n) {
    std::size_t size = 64;
    while (n * 4 > size * 3) size *= 2;
    if (size_ == 0 && size > slots_.size()) {
      slots_.assign(size, Slot{});
      mask_ = size - 1;
    }
  }

 private:
  struct Slot {  // 8 bytes: the hash's upper half and the position
    std::uint32_t tag = 0;
    std::int32_t pos = -1;
  };
  static std::uint64_t mix(std::uint64_t x) noexcept {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
  }
  static std::uint64_t hash(std::string_view s) noexcept {
    std::uint64_t h = s.size() * 0x9E3779B97F4A7C15ULL;
    for (std::size_t i = 0; i < s.size(); i += 8) {
      std::uint64_t w = 0;
      std::memcpy(&w, s.data() + i, std::min<std::size_t>(8, s.size() - i));
      h = mix(h ^ w);
    }
    return h;
  }
  template <class Key>
  void grow(const Key& key) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (const auto& s : old) {
      if (s.pos < 0) continue;
      std::size_t i = hash(key(s.pos)) & mask_;
      while (slots_[i].pos >= 0) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace

struct Hierarchy::Impl {
  struct Data {
    std::vector<std::string> code;
    std::string names;                      // all names, back to back
    std::vector<std::uint64_t> name_end{};  // name i is names[name_end[i-1] .. name_end[i])
    std::vector<Level> level;
    std::vector<GridType> type;
    std::vector<Node> parent;
    std::vector<std::vector<Node>> children;
    std::vector<Node> unit_node;       // building node per unit after attach()
    std::vector<UnitIndex> node_unit;  // unit per node (-1 for non-buildings)
    std::vector<HierarchyError> notes;  // rows from_rows accepted with a remark
  } d;
  auto key() const {
    return [this](std::int32_t i) { return std::string_view(d.code[static_cast<std::size_t>(i)]); };
  }
  // The code index and the Boost.Graph view, both built on first use.
  mutable std::mutex view_mutex;
  mutable std::unique_ptr<HierarchyGraph> view;
  mutable std::mutex index_mutex;
  mutable std::atomic<bool> index_ready{false};
  mutable CodeIndex index;

  const CodeIndex& code_index() const {
    if (!index_ready.load(std::memory_order_acquire)) {
      std::lock_guard<std::mutex> lock(index_mutex);
      if (!index_ready.load(std::memory_order_relaxed)) {
        index = CodeIndex{};
        index.reserve(d.code.size());
        for (std::size_t i = 0; i < d.code.size(); ++i) {
          if (i + 8 < d.code.size()) index.prefetch(d.code[i + 8]);
          index.insert(static_cast<std::int32_t>(i), key());
        }
        index_ready.store(true, std::memory_order_release);
      }
    }
    return index;
  }

  Impl() = default;
  Impl(const Impl& o) : d(o.d) {}

  Node push(std::string code, std::string_view name, Level lvl, Node parent, GridType t) {
    const auto n = static_cast<Node>(d.code.size());
    d.code.push_back(std::move(code));
    d.names.append(name);
    d.name_end.push_back(d.names.size());
    d.level.push_back(lvl);
    d.type.push_back(t);
    d.parent.push_back(parent);
    d.children.emplace_back();
    d.node_unit.push_back(-1);
    if (parent != kNone) d.children[static_cast<std::size_t>(parent)].push_back(n);
    if (index_ready.load(std::memory_order_relaxed)) index.insert(n, key());
    view.reset();
    return n;
  }
};

namespace detail {
struct HierarchyAccess {
  static const Hierarchy::Impl& impl(const Hierarchy& h) noexcept { return *h.impl_; }
};
}  // namespace detail

const HierarchyGraph& graph(const Hierarchy& h) noexcept {
  const auto& impl = detail::HierarchyAccess::impl(h);
  std::lock_guard<std::mutex> lock(impl.view_mutex);
  if (!impl.view) {
    auto g = std::make_unique<HierarchyGraph>(impl.d.code.size());
    for (std::size_t v = 0; v < impl.d.code.size(); ++v) {
      auto& p = (*g)[v];
      p.code = impl.d.code[v];
      p.name = std::string(h.name(static_cast<Hierarchy::Node>(v)));
      p.level = impl.d.level[v];
      p.grid_type = impl.d.type[v];
      for (auto c : impl.d.children[v]) boost::add_edge(v, static_cast<std::size_t>(c), *g);
    }
    impl.view = std::move(g);
  }
  return *impl.view;
}

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
// The level above a county, street or community in the code layout.
Level parent_level(Level level) noexcept { return static_cast<Level>(static_cast<int>(level) - 1); }
// The code a county, street or community code extends: for a placeholder,
// the code it repeats (441900 -> 4419).
std::string_view repeated(std::string_view code, Level level) noexcept {
  return code.substr(0, static_cast<std::size_t>(code_length(parent_level(level))));
}
std::string plural(Level level) {
  switch (level) {
    case Level::county: return "counties";
    case Level::community: return "communities";
    default: return std::string(level_name(level)) + "s";
  }
}
}  // namespace

Hierarchy::Node Hierarchy::add(std::string code, std::string name, Level level, Node parent, GridType grid_type) {
  if (find(code) != kNone) throw Error("division code '" + code + "' exists already");
  if (parent != kNone) {
    check_node(*this, parent);
    const auto& pc = impl_->d.code[static_cast<std::size_t>(parent)];
    const Level pl = impl_->d.level[static_cast<std::size_t>(parent)];
    if (static_cast<int>(level) <= static_cast<int>(pl))
      throw Error("a " + std::string(level_name(level)) + " cannot be placed under a " + std::string(level_name(pl)));
    const bool both_codes = code_kind(code) != CodeKind::invalid && code_kind(pc) != CodeKind::invalid;
    if (both_codes && !extends(code, pc))
      throw Error("code '" + code + "' does not extend its parent's code '" + pc + "'");
  }
  return impl_->push(std::move(code), name, level, parent, grid_type);
}

Hierarchy Hierarchy::from_rows(std::span<const DivisionRow> owned, std::vector<HierarchyError>& errors,
                               const std::string& source) {
  std::vector<DivisionRowView> views;
  views.reserve(owned.size());
  for (const auto& r : owned) views.push_back({r.level, r.code, r.name, r.parent_code, r.line});
  return from_rows(views, errors, source);
}

Hierarchy Hierarchy::from_rows(std::span<const DivisionRowView> rows, std::vector<HierarchyError>& errors,
                               const std::string& source) {
  const std::size_t n = rows.size();
  auto err = [&](const DivisionRowView& r, std::string msg) {
    errors.push_back({source, r.line, std::string(r.code), std::move(msg)});
  };
  auto row_key = [&](std::int32_t i) { return std::string_view(rows[static_cast<std::size_t>(i)].code); };

  // Pass 1: level, code, duplicates. ok[i] is 0 (rejected), 1 (a regular
  // code) or 2 (a placeholder: an all-zero county, street or community sequence).
  std::vector<Level> level(n);
  std::vector<char> ok(n, 0);
  std::size_t placeholders = 0;
  CodeIndex index;
  index.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& r = rows[i];
    if (i + 8 < n) index.prefetch(rows[i + 8].code);
    auto lv = parse_level(r.level);
    if (!lv) {
      err(r, "unknown level '" + std::string(r.level) + "' (expected province, city, county, street, community, grid, micro_grid or building)");
      continue;
    }
    level[i] = *lv;
    const CodeKind kind = code_kind(r.code, *lv);
    if (kind == CodeKind::invalid) {
      err(r, check_code(r.code, *lv));
      continue;
    }
    const auto first = index.insert(static_cast<std::int32_t>(i), row_key);
    if (first != static_cast<std::int32_t>(i)) {
      err(r, "duplicate code (first on line " + std::to_string(rows[static_cast<std::size_t>(first)].line) + ")");
      ok[static_cast<std::size_t>(first)] = 0;  // neither copy can be trusted
      continue;
    }
    if (r.name.empty()) err(r, "empty name");
    ok[i] = kind == CodeKind::placeholder ? 2 : 1;
    placeholders += kind == CodeKind::placeholder;
  }
  int top = kLevelCount;
  for (std::size_t i = 0; i < n; ++i)
    if (ok[i]) top = std::min(top, static_cast<int>(level[i]));

  // Pass 2: parents. parent_of[i] = row of the parent, or -1 for a top row.
  std::vector<std::int32_t> parent_of(n, -1);
  std::vector<char> valid(n, 0);
  std::string_view last_parent_code;
  std::int32_t last_parent = -1;
  for (std::size_t i = 0; i < n; ++i) {
    if (!ok[i]) continue;
    const auto& r = rows[i];
    if (r.parent_code == r.code) {
      err(r, "cycle: the division is its own parent");
      continue;
    }
    if (ok[i] == 2 && !r.parent_code.empty() && r.parent_code != repeated(r.code, level[i])) {
      err(r, "all-zero " + std::string(level_name(level[i])) + " sequence: a placeholder repeats " +
                 std::string(level_name(parent_level(level[i]))) + " '" + std::string(repeated(r.code, level[i])) +
                 "' and must be listed under it, not under '" + std::string(r.parent_code) + "'");
      continue;
    }
    // Files list siblings together: reuse the previous row's parent lookup.
    if (r.parent_code != last_parent_code || i == 0) {
      last_parent_code = r.parent_code;
      last_parent = r.parent_code.empty() ? -1 : index.find(r.parent_code, row_key);
    }
    const auto p = last_parent;
    if (p < 0 || !ok[static_cast<std::size_t>(p)]) {
      if (p >= 0) {
        err(r, "parent '" + std::string(r.parent_code) + "' (line " + std::to_string(rows[static_cast<std::size_t>(p)].line) + ") is invalid");
        continue;
      }
      if (static_cast<int>(level[i]) != top) {
        err(r, r.parent_code.empty() ? std::string("orphan: no parent_code")
                                     : "orphan: parent '" + std::string(r.parent_code) + "' is not in the file");
        continue;
      }
      if (!r.parent_code.empty() && code_kind(r.parent_code) != CodeKind::invalid && !extends(r.code, r.parent_code)) {
        err(r, "code does not extend its parent's code '" + std::string(r.parent_code) + "'");
        continue;
      }
      valid[i] = 1;
      continue;
    }
    const Level pl = level[static_cast<std::size_t>(p)];
    if (static_cast<int>(pl) >= static_cast<int>(level[i])) {
      err(r, "parent '" + std::string(r.parent_code) + "' is a " + std::string(level_name(pl)) + ", not above a " +
                 std::string(level_name(level[i])));
      continue;
    }
    if (r.code.size() <= r.parent_code.size() || r.code.substr(0, r.parent_code.size()) != r.parent_code) {
      err(r, "code does not extend its parent's code '" + std::string(r.parent_code) + "'");
      continue;
    }
    parent_of[i] = p;
    valid[i] = 1;
  }
  // Pass 2b: a placeholder stands for a division with nothing of its own at
  // the placeholder's level; one beside a regular sibling is an error.
  if (placeholders > 0) {
    std::vector<std::int32_t> placeholder_under(n, -1);              // parent row -> its placeholder child
    std::unordered_map<std::string_view, std::int32_t> top_placeholders;  // repeated code -> a top placeholder
    for (std::size_t i = 0; i < n; ++i) {
      if (ok[i] != 2 || !valid[i]) continue;
      if (parent_of[i] >= 0) placeholder_under[static_cast<std::size_t>(parent_of[i])] = static_cast<std::int32_t>(i);
      else top_placeholders.emplace(repeated(rows[i].code, level[i]), static_cast<std::int32_t>(i));
    }
    for (std::size_t j = 0; j < n; ++j) {
      if (ok[j] != 1) continue;
      std::int32_t s = -1;
      if (valid[j] && parent_of[j] >= 0) {
        s = placeholder_under[static_cast<std::size_t>(parent_of[j])];
      } else if (!top_placeholders.empty() && level_has_placeholders(level[j])) {
        auto hit = top_placeholders.find(repeated(rows[j].code, level[j]));
        if (hit != top_placeholders.end()) s = hit->second;
      }
      if (s < 0) continue;
      const auto si = static_cast<std::size_t>(s);
      if (level[si] != level[j] || !valid[si]) continue;
      valid[si] = 0;
      const Level pl = parent_level(level[si]);
      err(rows[si], "all-zero " + std::string(level_name(level[si])) + " sequence under " +
                        std::string(level_name(pl)) + " '" + std::string(repeated(rows[si].code, level[si])) +
                        "', which has " + plural(level[si]) + " of its own ('" + std::string(rows[j].code) +
                        "', line " + std::to_string(rows[j].line) + "): a placeholder stands only for a " +
                        std::string(level_name(pl)) + " without " + plural(level[si]));
    }
  }
  // Pass 3: a row is kept only if its whole chain up to a top row is valid.
  // Walks are bounded by the number of rows, which also catches cycles.
  std::vector<char> state(n, 0);  // 0 unknown, 1 kept, 2 dropped
  std::vector<std::size_t> chain;
  for (std::size_t i = 0; i < n; ++i) {
    if (!ok[i] || state[i]) continue;
    chain.clear();
    std::size_t j = i;
    char verdict = 0;
    for (std::size_t steps = 0;; ++steps) {
      if (steps > n) {
        err(rows[i], "cycle in parent codes");
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
      if (verdict == 2 && valid[c] && c != j) err(rows[c], "dropped: an ancestor ('" + std::string(rows[j].code) + "') is invalid");
      state[c] = verdict;
    }
  }
  // Insert parents before children: by level (a counting sort), then file order.
  std::array<std::size_t, kLevelCount + 1> start{};
  for (std::size_t i = 0; i < n; ++i)
    if (ok[i] && state[i] == 1) ++start[static_cast<std::size_t>(level[i]) + 1];
  for (int l = 0; l < kLevelCount; ++l) start[static_cast<std::size_t>(l) + 1] += start[static_cast<std::size_t>(l)];
  std::vector<std::size_t> order(start[kLevelCount]);
  {
    auto pos = start;
    for (std::size_t i = 0; i < n; ++i)
      if (ok[i] && state[i] == 1) order[pos[static_cast<std::size_t>(level[i])]++] = i;
  }
  Hierarchy h;
  auto& d = h.impl_->d;
  d.code.reserve(order.size());
  d.level.reserve(order.size());
  d.parent.reserve(order.size());
  d.children.reserve(order.size());
  d.name_end.reserve(order.size());
  std::vector<Node> node_of(n, kNone);
  for (auto i : order) {
    const auto& r = rows[i];
    const Node parent = parent_of[i] >= 0 ? node_of[static_cast<std::size_t>(parent_of[i])] : kNone;
    node_of[i] = h.impl_->push(std::string(r.code), r.name, level[i], parent, GridType::urban);
  }
  // A note per placeholder kept.
  for (std::size_t i = 0; i < n && placeholders > 0; ++i) {
    if (ok[i] != 2 || state[i] != 1) continue;
    const auto& r = rows[i];
    const Level pl = parent_level(level[i]);
    d.notes.push_back({source, r.line, std::string(r.code),
                       "placeholder: all-zero " + std::string(level_name(level[i])) + " sequence, repeats " +
                           std::string(level_name(pl)) + " '" + std::string(repeated(r.code, level[i])) + "' (a " +
                           std::string(level_name(pl)) + " without " + plural(level[i]) +
                           "), as the statistics bureau publishes it"});
  }
  auto by_line = [](const HierarchyError& a, const HierarchyError& b) { return a.line < b.line; };
  std::stable_sort(errors.begin(), errors.end(), by_line);
  std::stable_sort(d.notes.begin(), d.notes.end(), by_line);
  return h;
}

std::span<const HierarchyError> Hierarchy::notes() const noexcept { return impl_->d.notes; }

Hierarchy::Node Hierarchy::size() const noexcept { return static_cast<Node>(impl_->d.code.size()); }

Hierarchy::Node Hierarchy::find(std::string_view code) const {
  return impl_->code_index().find(code, impl_->key());
}

const std::string& Hierarchy::code(Node n) const {
  check_node(*this, n);
  return impl_->d.code[static_cast<std::size_t>(n)];
}
std::string_view Hierarchy::name(Node n) const {
  check_node(*this, n);
  const auto i = static_cast<std::size_t>(n);
  const std::size_t b = i == 0 ? 0 : impl_->d.name_end[i - 1];
  return std::string_view(impl_->d.names).substr(b, impl_->d.name_end[i] - b);
}
Level Hierarchy::level(Node n) const {
  check_node(*this, n);
  return impl_->d.level[static_cast<std::size_t>(n)];
}
GridType Hierarchy::grid_type(Node n) const {
  check_node(*this, n);
  return impl_->d.type[static_cast<std::size_t>(n)];
}
Hierarchy::Node Hierarchy::parent(Node n) const {
  check_node(*this, n);
  return impl_->d.parent[static_cast<std::size_t>(n)];
}

std::vector<Hierarchy::Node> Hierarchy::children(Node n) const {
  check_node(*this, n);
  return impl_->d.children[static_cast<std::size_t>(n)];
}

std::vector<Hierarchy::Node> Hierarchy::roots() const {
  std::vector<Node> out;
  for (Node n = 0; n < size(); ++n)
    if (impl_->d.parent[static_cast<std::size_t>(n)] == kNone) out.push_back(n);
  return out;
}

std::vector<Hierarchy::Node> Hierarchy::ancestors(Node n) const {
  check_node(*this, n);
  std::vector<Node> out;
  for (Node p = impl_->d.parent[static_cast<std::size_t>(n)]; p != kNone; p = impl_->d.parent[static_cast<std::size_t>(p)])
    out.push_back(p);
  return out;
}

Hierarchy::Node Hierarchy::ancestor_at(Node n, Level lvl) const {
  check_node(*this, n);
  for (Node p = n; p != kNone; p = impl_->d.parent[static_cast<std::size_t>(p)])
    if (impl_->d.level[static_cast<std::size_t>(p)] == lvl) return p;
  return kNone;
}

std::vector<Hierarchy::Node> Hierarchy::descendants(Node n, Level lvl) const {
  check_node(*this, n);
  std::vector<Node> out, stack{n};
  while (!stack.empty()) {
    Node v = stack.back();
    stack.pop_back();
    if (v != n && impl_->d.level[static_cast<std::size_t>(v)] == lvl) {
      out.push_back(v);
      continue;  // nothing at the same level below
    }
    const auto& kids = impl_->d.children[static_cast<std::size_t>(v)];
    stack.insert(stack.end(), kids.rbegin(), kids.rend());
  }
  return out;
}

std::vector<Hierarchy::Node> Hierarchy::at_level(Level lvl) const {
  std::vector<Node> out;
  for (Node n = 0; n < size(); ++n)
    if (impl_->d.level[static_cast<std::size_t>(n)] == lvl) out.push_back(n);
  return out;
}

std::size_t Hierarchy::count(Level lvl) const {
  return static_cast<std::size_t>(std::count(impl_->d.level.begin(), impl_->d.level.end(), lvl));
}

std::span<const Hierarchy::Node> Hierarchy::unit_nodes() const noexcept { return impl_->d.unit_node; }

std::vector<Hierarchy::Node> Hierarchy::attach(const UnitGraph& units, const Plan& plan) {
  if (!impl_->d.unit_node.empty()) throw Error("units are attached to this hierarchy already");
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
  impl_->d.unit_node.assign(static_cast<std::size_t>(units.size()), kNone);
  for (UnitIndex u = 0; u < units.size(); ++u) {
    const auto g = static_cast<std::size_t>(plan.grid_of[static_cast<std::size_t>(u)]);
    const auto& gcode = codes[g];
    std::string code = check_code(gcode, Level::grid).empty() && next_seq[g] < 100000
                           ? child_code(gcode, Level::building, next_seq[g]++)
                           : gcode + "/" + units.id(u);
    const Node n = add(std::move(code), units.id(u), Level::building, grid_node[g]);
    impl_->d.unit_node[static_cast<std::size_t>(u)] = n;
    impl_->d.node_unit[static_cast<std::size_t>(n)] = u;
  }
  return grid_node;
}

std::vector<double> Hierarchy::aggregate(std::span<const double> per_unit, Level lvl) const {
  if (impl_->d.unit_node.empty()) throw Error("aggregate() needs units: call attach() first");
  if (per_unit.size() != impl_->d.unit_node.size())
    throw Error("aggregate(): " + std::to_string(per_unit.size()) + " values for " +
                std::to_string(impl_->d.unit_node.size()) + " units");
  const auto nodes = at_level(lvl);
  std::vector<std::ptrdiff_t> pos(static_cast<std::size_t>(size()), -1);
  for (std::size_t i = 0; i < nodes.size(); ++i) pos[static_cast<std::size_t>(nodes[i])] = static_cast<std::ptrdiff_t>(i);
  std::vector<double> out(nodes.size(), 0.0);
  for (std::size_t u = 0; u < per_unit.size(); ++u) {
    const Node a = ancestor_at(impl_->d.unit_node[u], lvl);
    if (a != kNone) out[static_cast<std::size_t>(pos[static_cast<std::size_t>(a)])] += per_unit[u];
  }
  return out;
}

std::vector<Hierarchy::Node> Hierarchy::neighbors(Node n, const UnitGraph& units) const {
  check_node(*this, n);
  if (impl_->d.unit_node.size() != static_cast<std::size_t>(units.size()))
    throw Error("neighbors() needs the units attached with attach()");
  const Level lvl = level(n);
  std::vector<Node> buildings = lvl == Level::building ? std::vector<Node>{n} : descendants(n, Level::building);
  std::vector<Node> out;
  for (Node b : buildings) {
    const UnitIndex u = impl_->d.node_unit[static_cast<std::size_t>(b)];
    if (u < 0) continue;
    for (UnitIndex v : units.neighbors(u)) {
      const Node a = ancestor_at(impl_->d.unit_node[static_cast<std::size_t>(v)], lvl);
      if (a != kNone && a != n) out.push_back(a);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace gridgov

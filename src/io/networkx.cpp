// networkx adjacency / node-link JSON (GerryChain's Graph.to_json).

#include "gridgov/io/networkx.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "gridgov/core/error.hpp"
#include "gridgov/io/csv.hpp"
#include "io/json_util.hpp"

namespace gridgov::io {

using nlohmann::json;
using detail::append_number;
using detail::append_string;
using detail::preview;
using detail::scalar_string;

namespace {

class NodeError {
 public:
  NodeError(const std::string& source, std::size_t node) : source_(source), node_(node) {}
  void set_id(std::string id) { id_ = std::move(id); }
  [[noreturn]] void fail(const std::string& message) const {
    std::string where = "node " + std::to_string(node_);
    if (!id_.empty()) where += " (id '" + id_ + "')";
    throw InputError(source_, node_, where + ": " + message);
  }

 private:
  const std::string& source_;
  std::size_t node_;
  std::string id_;
};

bool present(const json& node, const std::string& key) {
  auto it = node.find(key);
  return it != node.end() && !it->is_null();
}

double number(const json& node, const std::string& key, const NodeError& err, bool non_negative) {
  const auto& v = node.at(key);
  if (!v.is_number() || v.is_boolean()) err.fail("attribute '" + key + "' is not a number: " + preview(v));
  const double d = v.get<double>();
  if (!std::isfinite(d)) err.fail("attribute '" + key + "' is not finite");
  if (non_negative && d < 0) err.fail("attribute '" + key + "' is negative (" + preview(v) + ")");
  return d;
}

// A coordinate: a number, or a numeric string as census tables hold them
// ("+40.1234567" in INTPTLAT20).
double coordinate_value(const json& node, const std::string& key, const NodeError& err) {
  const auto& v = node.at(key);
  if (v.is_string()) {
    std::string_view s = v.get_ref<const std::string&>();
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    double d = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (s.empty() || ec != std::errc() || p != s.data() + s.size() || !std::isfinite(d))
      err.fail("attribute '" + key + "' is not a number: " + preview(v));
    return d;
  }
  return number(node, key, err, false);
}

// The node attributes holding x and y: the names given when the first node
// has them, else the first pair it has of x/y, lon/lat, lng/lat,
// longitude/latitude, INTPTLON*/INTPTLAT* (census internal points),
// C_X/C_Y (GerryChain centroids), centroid_x/centroid_y.
// Empty when the first node has none of them.
std::pair<std::string, std::string> coordinate_fields(const json& first, const NetworkxOptions& o) {
  if (!first.is_object()) return {};
  if (present(first, o.x) || present(first, o.y) || o.x != "x" || o.y != "y") return {o.x, o.y};
  static const std::pair<const char*, const char*> kPairs[] = {
      {"X", "Y"}, {"lon", "lat"}, {"lng", "lat"}, {"longitude", "latitude"}, {"LON", "LAT"},
      {"C_X", "C_Y"}, {"centroid_x", "centroid_y"}, {"INTPTLON", "INTPTLAT"}};
  for (const auto& [x, y] : kPairs)
    if (present(first, x) && present(first, y)) return {x, y};
  // Census internal points carry the vintage: INTPTLON20, INTPTLON10, ...
  for (const auto& [key, value] : first.items()) {
    if (key.rfind("INTPTLON", 0) != 0) continue;
    const std::string lat = "INTPTLAT" + key.substr(8);
    if (present(first, lat) && !value.is_null()) return {key, lat};
  }
  return {};
}

std::string node_id(const json& v, const std::string& source, const std::string& where) {
  std::string s = scalar_string(v);
  if (s.empty()) throw InputError(source, 0, where + ": node id must be a string or an integer, got " + preview(v));
  return s;
}

}  // namespace

NetworkxGraph parse_networkx_json(std::string_view text_in, const std::string& source, const NetworkxOptions& options) {
  std::string text(text_in);
  detail::replace_python_nonfinite(text);
  const json doc = detail::parse_json(text, source);
  if (!doc.is_object()) throw InputError(source, 0, "not a networkx JSON graph (the top level is not an object)");
  auto nit = doc.find("nodes");
  if (nit == doc.end() || !nit->is_array()) throw InputError(source, 0, "not a networkx JSON graph (no \"nodes\" array)");
  const json& nodes = *nit;
  if (nodes.empty()) throw InputError(source, 0, "the graph has no nodes");
  const json* adjacency = nullptr;
  const json* links = nullptr;
  if (auto a = doc.find("adjacency"); a != doc.end()) {
    if (!a->is_array()) throw InputError(source, 0, "\"adjacency\" must be an array");
    adjacency = &*a;
  } else if (auto l = doc.find("links"); l != doc.end()) {
    links = &*l;
  } else if (auto e = doc.find("edges"); e != doc.end()) {
    links = &*e;
  } else {
    throw InputError(source, 0, "not a networkx JSON graph (neither \"adjacency\" nor \"links\"/\"edges\")");
  }
  if (links && !links->is_array()) throw InputError(source, 0, "\"links\" must be an array");

  const std::size_t n = nodes.size();
  const auto [x_field, y_field] = coordinate_fields(nodes[0], options);
  NetworkxGraph out;
  UnitTable& t = out.table;
  // The graph's "crs" attribute (GerryChain keeps its GeoDataFrame's CRS
  // there): "graph" is a list of [key, value] pairs or an object.
  if (auto gi = doc.find("graph"); gi != doc.end()) {
    if (gi->is_object()) {
      if (auto c = gi->find("crs"); c != gi->end() && c->is_string()) t.crs = c->get<std::string>();
    } else if (gi->is_array()) {
      for (const auto& kv : *gi)
        if (kv.is_array() && kv.size() == 2 && kv[0] == "crs" && kv[1].is_string()) t.crs = kv[1].get<std::string>();
    }
  }
  t.id.reserve(n);
  std::unordered_map<std::string, UnitIndex> index;
  index.reserve(n);
  bool any_area = false, all_area = true, all_grid = true;
  for (std::size_t i = 0; i < n; ++i) {
    NodeError err(source, i + 1);
    const json& node = nodes[i];
    if (!node.is_object()) err.fail("a node must be an object");
    auto idit = node.find("id");
    if (idit == node.end() || idit->is_null()) err.fail("node has no \"id\"");
    std::string id = scalar_string(*idit);
    if (id.empty()) err.fail("node id must be a string or an integer, got " + preview(*idit));
    err.set_id(id);
    if (auto [it, inserted] = index.try_emplace(id, static_cast<UnitIndex>(i)); !inserted)
      err.fail("duplicate node id '" + id + "' (also node " + std::to_string(it->second + 1) + ")");
    t.id.push_back(id);

    if (present(node, options.community)) {
      std::string c = scalar_string(node[options.community]);
      if (c.empty()) err.fail("attribute '" + options.community + "' must be a string or an integer, got " + preview(node[options.community]));
      t.community.push_back(std::move(c));
    } else if (!options.default_community.empty()) {
      t.community.push_back(options.default_community);
    } else {
      err.fail("missing required attribute '" + options.community + "' (or give a default community)");
    }

    if (present(node, options.grid_type)) {
      const auto& v = node[options.grid_type];
      const std::string s = v.is_string() ? v.get<std::string>() : std::string();
      if (s == "urban") t.grid_type.push_back(GridType::urban);
      else if (s == "rural") t.grid_type.push_back(GridType::rural);
      else if (s == "dedicated") t.grid_type.push_back(GridType::dedicated);
      else err.fail("attribute '" + options.grid_type + "' is " + preview(v) + "; expected urban, rural or dedicated");
    } else {
      t.grid_type.push_back(GridType::urban);
    }
    const bool has_area = present(node, "area") && node["area"].is_number() && !node["area"].is_boolean();
    any_area = any_area || has_area;
    all_area = all_area && has_area;
    all_grid = all_grid && present(node, "grid") && !scalar_string(node["grid"]).empty();
  }

  // A column lands under `as`: households and population under the names
  // every later reader looks for, whatever attribute they came from.
  auto column = [&](const std::string& name, bool required, const std::string& as) {
    std::vector<double> col(n);
    for (std::size_t i = 0; i < n; ++i) {
      NodeError err(source, i + 1);
      err.set_id(t.id[i]);
      if (!present(nodes[i], name))
        err.fail(std::string(required ? "missing required attribute '" : "missing attribute '") + name +
                 (required ? "'" : "' (other nodes have it)"));
      col[i] = number(nodes[i], name, err, true);
    }
    t.attributes.emplace_back(as, std::move(col));
  };
  column(options.households, true, "households");
  std::unordered_set<std::string> taken{"id",     options.households, options.community, options.x,   options.y,
                                        x_field,  y_field,            "C_X",             "C_Y",       options.grid_type,
                                        "area",   "perimeter",        "geometry",        "grid",      "households"};
  const std::pair<std::string, std::string> optional[] = {{options.population, "population"},
                                                          {"elderly_alone", "elderly_alone"},
                                                          {"disabled", "disabled"},
                                                          {"hardship", "hardship"}};
  for (const auto& [name, as] : optional) {
    if (taken.count(name) || taken.count(as)) continue;
    bool any = false;
    for (std::size_t i = 0; i < n && !any; ++i) any = present(nodes[i], name);
    if (any) column(name, false, as);
    taken.insert(name);
    taken.insert(as);
  }
  if (options.auto_fields) {
    for (const auto& [key, value] : nodes[0].items()) {
      if (taken.count(key) || !value.is_number() || value.is_boolean()) continue;
      bool ok = true;
      for (std::size_t i = 0; i < n && ok; ++i) {
        auto it = nodes[i].find(key);
        ok = it != nodes[i].end() && it->is_number() && !it->is_boolean() && std::isfinite(it->get<double>()) &&
             it->get<double>() >= 0;
      }
      if (ok) column(key, false, key);
      taken.insert(key);
    }
  }
  if (all_area) {
    t.area.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      NodeError err(source, i + 1);
      err.set_id(t.id[i]);
      t.area[i] = number(nodes[i], "area", err, true);
    }
  }
  (void)any_area;
  if (all_grid) {
    out.grid.reserve(n);
    for (std::size_t i = 0; i < n; ++i) out.grid.push_back(scalar_string(nodes[i]["grid"]));
  }

  // Edges.
  auto edge_length = [&](const json& attrs, const std::string& where) {
    for (const char* key : {"shared_perim", "shared_boundary"}) {
      auto it = attrs.find(key);
      if (it == attrs.end() || it->is_null()) continue;
      if (!it->is_number() || it->is_boolean() || !std::isfinite(it->get<double>()) || it->get<double>() < 0)
        throw InputError(source, 0, where + ": edge attribute '" + key + "' must be a non-negative number, got " + preview(*it));
      return it->get<double>();
    }
    return 0.0;
  };
  auto resolve = [&](const json& v, const std::string& where) {
    const std::string id = node_id(v, source, where);
    auto it = index.find(id);
    if (it == index.end()) throw InputError(source, 0, where + ": unknown node id '" + id + "'");
    return it->second;
  };
  std::vector<Edge>& edges = out.edges;
  if (adjacency) {
    if (adjacency->size() != n)
      throw InputError(source, 0, "\"adjacency\" has " + std::to_string(adjacency->size()) + " lists for " + std::to_string(n) + " nodes");
    for (std::size_t i = 0; i < n; ++i) {
      const json& list = (*adjacency)[i];
      const std::string where_node = "adjacency of node " + std::to_string(i + 1) + " (id '" + t.id[i] + "')";
      if (!list.is_array()) throw InputError(source, i + 1, where_node + ": must be an array");
      for (std::size_t k = 0; k < list.size(); ++k) {
        const std::string where = where_node + ", entry " + std::to_string(k + 1);
        const json& entry = list[k];
        if (!entry.is_object() || !present(entry, "id")) throw InputError(source, i + 1, where + ": an entry must be an object with an \"id\"");
        UnitIndex j = 0;
        try {
          j = resolve(entry["id"], where);
        } catch (const InputError& e) {
          throw InputError(source, i + 1, e.message());
        }
        if (j == static_cast<UnitIndex>(i)) throw InputError(source, i + 1, where + ": self-loop at node '" + t.id[i] + "'");
        const double len = edge_length(entry, where);
        edges.push_back(Edge{std::min(static_cast<UnitIndex>(i), j), std::max(static_cast<UnitIndex>(i), j), len});
      }
    }
  } else {
    for (std::size_t k = 0; k < links->size(); ++k) {
      const json& link = (*links)[k];
      const std::string where = "link " + std::to_string(k + 1);
      if (!link.is_object() || !present(link, "source") || !present(link, "target"))
        throw InputError(source, 0, where + ": a link must be an object with \"source\" and \"target\"");
      const UnitIndex a = resolve(link["source"], where), b = resolve(link["target"], where);
      if (a == b) throw InputError(source, 0, where + ": self-loop at node '" + t.id[static_cast<std::size_t>(a)] + "'");
      edges.push_back(Edge{std::min(a, b), std::max(a, b), edge_length(link, where)});
    }
  }
  std::sort(edges.begin(), edges.end(), [](const Edge& l, const Edge& r) {
    return l.u != r.u ? l.u < r.u : (l.v != r.v ? l.v < r.v : l.shared_boundary > r.shared_boundary);
  });
  edges.erase(std::unique(edges.begin(), edges.end(), [](const Edge& l, const Edge& r) { return l.u == r.u && l.v == r.v; }),
              edges.end());

  // Coordinates: a plan drawn on units all at (0, 0) would be worse with no
  // word said, so a graph without them is an error.
  if (x_field.empty())
    throw InputError(source, 1,
                     "node 1: no coordinates (none of the attributes x/y, lon/lat, longitude/latitude, "
                     "INTPTLON*/INTPTLAT*, C_X/C_Y): name them (convert --x NAME --y NAME; x=, y= in Python)");
  t.x.reserve(n);
  t.y.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    NodeError err(source, i + 1);
    err.set_id(t.id[i]);
    for (const auto* key : {&x_field, &y_field}) {
      if (!present(nodes[i], *key))
        err.fail("missing coordinate attribute '" + *key + "'" + (i > 0 ? " (the first node has it)" : ""));
      (key == &x_field ? t.x : t.y).push_back(coordinate_value(nodes[i], *key, err));
    }
  }
  return out;
}

NetworkxGraph read_networkx_json(const std::string& path, const NetworkxOptions& options) {
  return parse_networkx_json(read_file(path), path, options);
}

std::string networkx_json(const UnitGraph& units, const Plan* plan) {
  const auto n = static_cast<std::size_t>(units.size());
  if (plan && plan->grid_of.size() != n)
    throw InputError("plan has " + std::to_string(plan->grid_of.size()) + " units, the unit graph " + std::to_string(n));
  // Integer node ids when every id is a canonical integer.
  bool integer_ids = true;
  for (std::size_t i = 0; i < n && integer_ids; ++i) {
    const auto& s = units.id(static_cast<UnitIndex>(i));
    long long v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    integer_ids = ec == std::errc() && p == s.data() + s.size() && std::to_string(v) == s;
  }
  auto write_id = [&](std::string& out, UnitIndex u) {
    if (integer_ids) out += units.id(u);
    else append_string(out, units.id(u));
  };
  const auto names = units.attribute_names();
  std::vector<std::span<const double>> cols;
  for (const auto& name : names) cols.push_back(units.attribute(name));
  const auto area = units.area();
  const auto perim = units.perimeter();
  const auto lengths = units.shared_boundary();

  std::string out;
  out.reserve(n * (120 + 20 * names.size()) + static_cast<std::size_t>(units.num_edges()) * 60);
  out += R"({"directed": false, "multigraph": false, "graph": [)";
  if (!units.crs().empty()) {
    out += R"(["crs", )";
    append_string(out, units.crs());
    out += ']';
  }
  out += R"(], "nodes": [)";
  for (std::size_t i = 0; i < n; ++i) {
    if (i) out += ", ";
    out += '{';
    for (std::size_t a = 0; a < names.size(); ++a) {
      append_string(out, names[a]);
      out += ": ";
      append_number(out, cols[a][i]);
      out += ", ";
    }
    const double x = units.x()[i], y = units.y()[i];
    for (const char* k : {"x", "C_X"}) {
      out += '"';
      out += k;
      out += "\": ";
      append_number(out, x);
      out += ", ";
    }
    for (const char* k : {"y", "C_Y"}) {
      out += '"';
      out += k;
      out += "\": ";
      append_number(out, y);
      out += ", ";
    }
    out += R"("community": )";
    append_string(out, units.communities()[static_cast<std::size_t>(units.community()[i])]);
    out += R"(, "grid_type": )";
    append_string(out, grid_type_name(units.grid_type()[i]));
    if (!area.empty()) {
      out += R"(, "area": )";
      append_number(out, area[i]);
    }
    if (!perim.empty()) {
      out += R"(, "perimeter": )";
      append_number(out, perim[i]);
    }
    if (plan) {
      out += R"(, "grid": )";
      const GridIndex k = plan->grid_of[i];
      if (k == kNoGrid) out += "null";
      else append_string(out, plan->grid_codes[static_cast<std::size_t>(k)]);
    }
    out += R"(, "id": )";
    write_id(out, static_cast<UnitIndex>(i));
    out += '}';
  }
  out += R"(], "adjacency": [)";
  const auto offsets = units.offsets();
  const auto targets = units.targets();
  for (std::size_t i = 0; i < n; ++i) {
    if (i) out += ", ";
    out += '[';
    for (auto e = static_cast<std::size_t>(offsets[i]); e < static_cast<std::size_t>(offsets[i + 1]); ++e) {
      if (e > static_cast<std::size_t>(offsets[i])) out += ", ";
      out += '{';
      if (!lengths.empty()) {
        out += R"("shared_perim": )";
        append_number(out, lengths[e]);
        out += ", ";
      }
      out += R"("id": )";
      write_id(out, targets[e]);
      out += '}';
    }
    out += ']';
  }
  out += "]}\n";
  return out;
}

void write_networkx_json(const std::string& path, const UnitGraph& units, const Plan* plan) {
  write_file_atomic(path, networkx_json(units, plan));
}

}  // namespace gridgov::io

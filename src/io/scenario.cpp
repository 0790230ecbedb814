// The gridgov scenario JSON (docs/scenario-format.md).

#include "gridgov/io/scenario.hpp"

#include <cmath>
#include <unordered_map>

#include "gridgov/core/error.hpp"
#include "gridgov/io/csv.hpp"
#include "io/json_util.hpp"

namespace gridgov::io {

using json = nlohmann::ordered_json;
using detail::append_number;
using detail::append_string;
using detail::preview;
using detail::scalar_string;

namespace {

struct Reader {
  const std::string& source;

  [[noreturn]] void fail(const std::string& where, const std::string& message) const {
    throw InputError(source, 0, where + ": " + message);
  }
  const json& array(const json& parent, const char* key, const std::string& where, bool required) const {
    static const json kNull;
    auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) {
      if (required) fail(where, std::string("missing \"") + key + "\"");
      return kNull;
    }
    if (!it->is_array()) fail(where + "." + key, "must be an array");
    return *it;
  }
  void length(const json& a, std::size_t n, const std::string& where) const {
    if (a.size() != n) fail(where, "has " + std::to_string(a.size()) + " values for " + std::to_string(n) + " units");
  }
  std::string unit_where(const std::string& where, std::size_t i, const std::vector<std::string>* ids) const {
    std::string w = where + "[" + std::to_string(i) + "]";
    if (ids && i < ids->size()) w += " (unit '" + (*ids)[i] + "')";
    return w;
  }
  std::vector<double> numbers(const json& a, const std::string& where, const std::vector<std::string>* ids,
                              bool non_negative) const {
    std::vector<double> out(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      const auto& v = a[i];
      if (!v.is_number() || v.is_boolean()) fail(unit_where(where, i, ids), "not a number: " + preview(v));
      out[i] = v.get<double>();
      if (!std::isfinite(out[i])) fail(unit_where(where, i, ids), "not finite");
      if (non_negative && out[i] < 0) fail(unit_where(where, i, ids), "negative (" + preview(v) + ")");
    }
    return out;
  }
  std::vector<std::string> strings(const json& a, const std::string& where, const std::vector<std::string>* ids) const {
    std::vector<std::string> out(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      out[i] = scalar_string(a[i]);
      if (out[i].empty()) fail(unit_where(where, i, ids), "must be a non-empty string, got " + preview(a[i]));
    }
    return out;
  }
};

std::optional<GridType> grid_type_of(std::string_view s) {
  if (s == "urban") return GridType::urban;
  if (s == "rural") return GridType::rural;
  if (s == "dedicated") return GridType::dedicated;
  return std::nullopt;
}

}  // namespace

Scenario parse_scenario(std::string_view text, const std::string& source) {
  const json doc = detail::parse_json<json>(text, source);
  const Reader r{source};
  if (!doc.is_object()) throw InputError(source, 0, "not a gridgov scenario (the top level is not an object)");
  auto fmt = doc.find("format");
  if (fmt == doc.end() || *fmt != kScenarioFormat)
    throw InputError(source, 0, std::string("not a gridgov scenario (\"format\" is ") +
                                    (fmt == doc.end() ? std::string("missing") : preview(*fmt)) + ", expected \"" +
                                    std::string(kScenarioFormat) + "\")");
  auto ver = doc.find("version");
  if (ver == doc.end() || !ver->is_number_integer() || ver->get<long long>() != kScenarioVersion)
    throw InputError(source, 0, "unsupported scenario version " + (ver == doc.end() ? std::string("(missing)") : preview(*ver)) +
                                    " (this gridgov reads version " + std::to_string(kScenarioVersion) + ")");
  Scenario s;

  const json& divs = r.array(doc, "divisions", "scenario", false);
  if (!divs.is_null()) {
    s.divisions.reserve(divs.size());
    for (std::size_t i = 0; i < divs.size(); ++i) {
      const std::string where = "divisions[" + std::to_string(i) + "]";
      const json& d = divs[i];
      if (!d.is_object()) r.fail(where, "must be an object");
      DivisionRow row;
      auto field = [&](const char* key, bool required) {
        auto it = d.find(key);
        if (it == d.end() || it->is_null()) {
          if (required) r.fail(where, std::string("missing \"") + key + "\"");
          return std::string();
        }
        if (it->is_string()) return it->get<std::string>();
        std::string v = scalar_string(*it);
        if (v.empty()) r.fail(where + "." + key, "must be a string, got " + preview(*it));
        return v;
      };
      row.level = field("level", true);
      row.code = field("code", true);
      row.name = field("name", false);
      row.parent_code = field("parent_code", false);
      row.line = i + 1;
      s.divisions.push_back(std::move(row));
    }
  }

  auto uit = doc.find("units");
  if (uit == doc.end() || !uit->is_object()) r.fail("scenario", "missing \"units\" object");
  const json& u = *uit;
  UnitTable& t = s.units;
  t.id = r.strings(r.array(u, "id", "units", true), "units.id", nullptr);
  const std::size_t n = t.id.size();
  {
    std::unordered_map<std::string_view, std::size_t> seen;
    seen.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
      if (auto [it, inserted] = seen.try_emplace(t.id[i], i); !inserted)
        r.fail("units.id[" + std::to_string(i) + "]", "duplicate id '" + t.id[i] + "' (also units.id[" + std::to_string(it->second) + "])");
  }
  const json& xs = r.array(u, "x", "units", true);
  r.length(xs, n, "units.x");
  t.x = r.numbers(xs, "units.x", &t.id, false);
  const json& ys = r.array(u, "y", "units", true);
  r.length(ys, n, "units.y");
  t.y = r.numbers(ys, "units.y", &t.id, false);
  if (auto c = u.find("crs"); c != u.end() && !c->is_null()) {
    if (!c->is_string()) r.fail("units.crs", "must be a string naming the CRS of x, y (\"EPSG:32650\", WKT, ...)");
    t.crs = c->get<std::string>();
  }
  const json& cs = r.array(u, "community", "units", true);
  r.length(cs, n, "units.community");
  t.community = r.strings(cs, "units.community", &t.id);
  if (auto at = u.find("attributes"); at != u.end() && !at->is_null()) {
    if (!at->is_object()) r.fail("units.attributes", "must be an object of arrays");
    for (const auto& [name, col] : at->items()) {
      const std::string where = "units.attributes." + name;
      if (!col.is_array()) r.fail(where, "must be an array");
      r.length(col, n, where);
      t.attributes.emplace_back(name, r.numbers(col, where, &t.id, true));
    }
  }
  if (const json& gt = r.array(u, "grid_type", "units", false); !gt.is_null()) {
    r.length(gt, n, "units.grid_type");
    t.grid_type.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      auto g = gt[i].is_string() ? grid_type_of(gt[i].get<std::string>()) : std::nullopt;
      if (!g) r.fail(r.unit_where("units.grid_type", i, &t.id), "must be urban, rural or dedicated, got " + preview(gt[i]));
      t.grid_type.push_back(*g);
    }
  }
  for (const char* key : {"area", "perimeter"}) {
    const json& a = r.array(u, key, "units", false);
    if (a.is_null()) continue;
    const std::string where = std::string("units.") + key;
    r.length(a, n, where);
    (key[0] == 'a' ? t.area : t.perimeter) = r.numbers(a, where, &t.id, true);
  }

  if (const json& es = r.array(doc, "edges", "scenario", false); !es.is_null()) {
    s.edges.reserve(es.size());
    for (std::size_t k = 0; k < es.size(); ++k) {
      const std::string where = "edges[" + std::to_string(k) + "]";
      const json& e = es[k];
      if (!e.is_array() || e.size() != 2 || !e[0].is_number_integer() || !e[1].is_number_integer())
        r.fail(where, "must be a pair of unit indices, got " + preview(e));
      const auto a = e[0].get<long long>(), b = e[1].get<long long>();
      if (a < 0 || b < 0 || static_cast<std::size_t>(a) >= n || static_cast<std::size_t>(b) >= n)
        r.fail(where, "unit index outside 0.." + std::to_string(n == 0 ? 0 : n - 1) + ": " + preview(e));
      if (a == b) r.fail(where, "self-loop at unit '" + t.id[static_cast<std::size_t>(a)] + "'");
      s.edges.push_back(Edge{static_cast<UnitIndex>(a), static_cast<UnitIndex>(b), 0.0});
    }
    if (const json& sb = r.array(doc, "shared_boundary", "scenario", false); !sb.is_null()) {
      if (sb.size() != s.edges.size())
        r.fail("shared_boundary", "has " + std::to_string(sb.size()) + " values for " + std::to_string(s.edges.size()) + " edges");
      auto lens = r.numbers(sb, "shared_boundary", nullptr, true);
      for (std::size_t k = 0; k < lens.size(); ++k) s.edges[k].shared_boundary = lens[k];
    }
  }

  if (auto pit = doc.find("plan"); pit != doc.end() && !pit->is_null()) {
    if (!pit->is_object()) r.fail("plan", "must be an object with a \"grid\" array");
    const json& g = r.array(*pit, "grid", "plan", true);
    r.length(g, n, "plan.grid");
    s.plan.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (g[i].is_null()) {
        s.plan.emplace_back(std::nullopt);
        continue;
      }
      std::string code = scalar_string(g[i]);
      if (code.empty()) r.fail(r.unit_where("plan.grid", i, &t.id), "must be a grid code or null, got " + preview(g[i]));
      s.plan.emplace_back(std::move(code));
    }
  }
  return s;
}

Scenario read_scenario(const std::string& path) { return parse_scenario(read_file(path), path); }

std::string scenario_json(const Scenario& s) {
  const UnitTable& t = s.units;
  const std::size_t n = t.id.size();
  std::string out;
  out.reserve(n * 64 + s.edges.size() * 24 + s.divisions.size() * 96);
  auto strings = [&](const std::vector<std::string>& v) {
    out += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) out += ',';
      append_string(out, v[i]);
    }
    out += ']';
  };
  auto numbers = [&](const std::vector<double>& v) {
    out += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) out += ',';
      append_number(out, v[i]);
    }
    out += ']';
  };
  out += "{\"format\": ";
  append_string(out, kScenarioFormat);
  out += ", \"version\": " + std::to_string(kScenarioVersion) + ",\n\"divisions\": [";
  for (std::size_t i = 0; i < s.divisions.size(); ++i) {
    const auto& d = s.divisions[i];
    out += i ? ",\n  {\"level\": " : "\n  {\"level\": ";
    append_string(out, d.level);
    out += ", \"code\": ";
    append_string(out, d.code);
    out += ", \"name\": ";
    append_string(out, d.name);
    out += ", \"parent_code\": ";
    if (d.parent_code.empty()) out += "null";
    else append_string(out, d.parent_code);
    out += '}';
  }
  out += "],\n\"units\": {\n  \"id\": ";
  strings(t.id);
  out += ",\n  \"x\": ";
  numbers(t.x);
  out += ",\n  \"y\": ";
  numbers(t.y);
  if (!t.crs.empty()) {
    out += ",\n  \"crs\": ";
    append_string(out, t.crs);
  }
  out += ",\n  \"community\": ";
  strings(t.community);
  out += ",\n  \"attributes\": {";
  for (std::size_t a = 0; a < t.attributes.size(); ++a) {
    out += a ? ",\n    " : "\n    ";
    append_string(out, t.attributes[a].first);
    out += ": ";
    numbers(t.attributes[a].second);
  }
  out += '}';
  if (!t.grid_type.empty()) {
    out += ",\n  \"grid_type\": [";
    for (std::size_t i = 0; i < t.grid_type.size(); ++i) {
      if (i) out += ',';
      append_string(out, grid_type_name(t.grid_type[i]));
    }
    out += ']';
  }
  if (!t.area.empty()) {
    out += ",\n  \"area\": ";
    numbers(t.area);
  }
  if (!t.perimeter.empty()) {
    out += ",\n  \"perimeter\": ";
    numbers(t.perimeter);
  }
  out += "},\n\"edges\": [";
  bool lengths = false;
  for (std::size_t k = 0; k < s.edges.size(); ++k) {
    if (k) out += ',';
    out += '[' + std::to_string(s.edges[k].u) + ',' + std::to_string(s.edges[k].v) + ']';
    lengths = lengths || s.edges[k].shared_boundary != 0.0;
  }
  out += ']';
  if (lengths) {
    out += ",\n\"shared_boundary\": [";
    for (std::size_t k = 0; k < s.edges.size(); ++k) {
      if (k) out += ',';
      append_number(out, s.edges[k].shared_boundary);
    }
    out += ']';
  }
  if (s.has_plan()) {
    out += ",\n\"plan\": {\"grid\": [";
    for (std::size_t i = 0; i < s.plan.size(); ++i) {
      if (i) out += ',';
      if (s.plan[i]) append_string(out, *s.plan[i]);
      else out += "null";
    }
    out += "]}";
  }
  out += "}\n";
  return out;
}

void write_scenario(const std::string& path, const Scenario& scenario) {
  write_file_atomic(path, scenario_json(scenario));
}

Scenario make_scenario(const UnitGraph& units, const Plan* plan, std::span<const DivisionRow> divisions) {
  Scenario s;
  s.divisions.assign(divisions.begin(), divisions.end());
  s.units = units.table();
  s.edges = units.edge_list();
  if (plan) {
    if (plan->grid_of.size() != static_cast<std::size_t>(units.size()))
      throw InputError("plan has " + std::to_string(plan->grid_of.size()) + " units, the unit graph " +
                       std::to_string(units.size()));
    s.plan.reserve(plan->grid_of.size());
    for (auto k : plan->grid_of)
      if (k == kNoGrid) s.plan.emplace_back(std::nullopt);
      else s.plan.emplace_back(plan->grid_codes[static_cast<std::size_t>(k)]);
  }
  return s;
}

UnitGraph scenario_graph(const Scenario& scenario, const std::string& source) {
  return UnitGraph(scenario.units, scenario.edges, source);
}

Plan scenario_plan(const Scenario& scenario) {
  Plan p;
  p.grid_of.reserve(scenario.plan.size());
  std::unordered_map<std::string, GridIndex> index;
  for (const auto& g : scenario.plan) {
    if (!g) {
      p.grid_of.push_back(kNoGrid);
      continue;
    }
    auto [it, inserted] = index.try_emplace(*g, static_cast<GridIndex>(p.grid_codes.size()));
    if (inserted) p.grid_codes.push_back(*g);
    p.grid_of.push_back(it->second);
  }
  return p;
}

}  // namespace gridgov::io

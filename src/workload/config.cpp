// The workload / staffing configuration: JSON through the field lists
// (gridgov/core/json.hpp), the checks across fields, and staffing patterns.
#include "gridgov/workload/config.hpp"

#include <cctype>
#include <nlohmann/json.hpp>
#include <set>

#include "gridgov/core/error.hpp"
#include "gridgov/core/json.hpp"
#include "gridgov/io/csv.hpp"
#include "io/json_util.hpp"

namespace gridgov {
namespace {

using nlohmann::json;

/// The checks across fields and the completions after reading: special
/// groups named once each, unnamed events named "events<i>", a convex spread
/// penalty whose last break is 1.
void check_settings(WorkloadSettings& c, const std::string& source) {
  auto fail = [&](const std::string& key, const std::string& msg) { throw InputError(source, 0, key + ": " + msg); };
  auto& w = c.workload;
  check_fields(w, source);
  std::set<std::string> seen;
  for (std::size_t i = 0; i < w.special_groups.size(); ++i) {
    const auto& g = w.special_groups[i];
    const auto key = "special_groups[" + std::to_string(i) + "].attribute";
    if (g.attribute.empty()) fail(key, "required");
    if (!seen.insert(g.attribute).second) fail(key, "'" + g.attribute + "' given twice");
  }
  for (std::size_t i = 0; i < w.events.size(); ++i)
    if (w.events[i].name.empty()) w.events[i].name = "events" + std::to_string(i);

  auto& s = c.staffing;
  check_fields(s, source, "staffing");
  if (s.spread_breaks.empty() || s.spread_breaks.size() != s.spread_costs.size())
    fail("staffing.spread_breaks", "spread_breaks and spread_costs must be non-empty and of equal length");
  for (std::size_t i = 1; i < s.spread_breaks.size(); ++i) {
    if (s.spread_breaks[i] <= s.spread_breaks[i - 1]) fail("staffing.spread_breaks", "must increase strictly");
    if (s.spread_costs[i] < s.spread_costs[i - 1])
      fail("staffing.spread_costs", "must not decrease (the spread penalty must be convex)");
  }
  s.spread_breaks.back() = 1.0;
}

int parse_count(std::string_view tok, std::string_view text) {
  if (tok.empty() || tok.size() > 3) throw InputError("pattern", 0, "bad count '" + std::string(tok) + "' in '" + std::string(text) + "'");
  int v = 0;
  for (char ch : tok) {
    if (!std::isdigit(static_cast<unsigned char>(ch)))
      throw InputError("pattern", 0,
                       "'" + std::string(tok) + "' in '" + std::string(text) +
                           "' is neither a count nor X or N (patterns look like 1+3+X, 1+N, 1+1)");
    v = v * 10 + (ch - '0');
  }
  return v;
}

bool is_extra(std::string_view tok) { return tok == "X" || tok == "x" || tok == "N" || tok == "n"; }

}  // namespace

StaffingPattern parse_pattern(std::string_view text) {
  std::vector<std::string_view> toks;
  std::size_t b = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '+') {
      auto t = text.substr(b, i - b);
      while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
      while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
      toks.push_back(t);
      b = i + 1;
    }
  }
  if (toks.size() < 2 || toks.size() > 4)
    throw InputError("pattern", 0, "'" + std::string(text) + "': expected 2 to 4 parts such as 1+3+X, 1+N or 1+1");
  StaffingPattern p;
  p.name = std::string(text);
  p.full_time = parse_count(toks[0], text);
  if (p.full_time > 1) throw InputError("pattern", 0, "'" + std::string(text) + "': at most one full-time worker per grid is supported");
  p.part_time = 0;
  p.auxiliary = 0;
  p.extra_helpers = false;
  p.extra_part_time = false;
  auto set_extra = [&](std::string_view t) {
    p.extra_helpers = true;
    p.extra_part_time = (t == "N" || t == "n");
  };
  if (toks.size() == 2) {
    if (is_extra(toks[1])) set_extra(toks[1]);
    else p.auxiliary = parse_count(toks[1], text);  // "1+1": one full-time plus one auxiliary
  } else {
    if (is_extra(toks[1])) throw InputError("pattern", 0, "'" + std::string(text) + "': X or N must come last");
    p.part_time = parse_count(toks[1], text);
    if (toks.size() == 3) {
      if (is_extra(toks[2])) set_extra(toks[2]);
      else p.auxiliary = parse_count(toks[2], text);
    } else {
      p.auxiliary = parse_count(toks[2], text);
      if (!is_extra(toks[3])) throw InputError("pattern", 0, "'" + std::string(text) + "': the fourth part must be X or N");
      set_extra(toks[3]);
    }
  }
  return p;
}

void to_json(json& j, const StaffingPattern& p) { j = p.name; }

void from_json(const json& j, StaffingPattern& p) {
  if (!j.is_string()) throw InputError("expected a string such as \"1+3+X\", got " + detail::json_preview(j));
  p = parse_pattern(j.get<std::string>());
}

WorkloadSettings parse_workload_config(std::string_view text, const std::string& source) {
  WorkloadSettings c;
  bool blank = true;
  for (char ch : text) blank = blank && std::isspace(static_cast<unsigned char>(ch));
  if (blank) return c;
  // Syntax errors, nesting past io::detail::kMaxJsonDepth and numbers out
  // of range are InputErrors with the line.
  const json j = io::detail::parse_json(text, source);
  try {
    if (!j.is_object()) throw InputError("expected an object, got " + detail::json_preview(j));
    // The workload keys may also sit at the top level: read after "workload".
    json top = json::object(), flat = json::object();
    for (const auto& item : j.items()) {
      // Named references, not a structured binding: the lambda below
      // captures them, which clang before 16 (Debian 12's clang 14) rejects.
      const std::string& key = item.key();
      const json& value = item.value();
      bool flat_key = false;
      WorkloadConfig::describe([&](const Field& f, auto) { flat_key = flat_key || key == f.name; });
      if (flat_key) flat[key] = value;
      else if (key == "workload" || key == "staffing") top[key] = value;
      else if (key != "description")
        throw JsonKeyError(key, "unknown key; the keys are workload, staffing, description, " +
                                    detail::field_names<WorkloadConfig>());
    }
    top.get_to(c);
    flat.get_to(c.workload);
  } catch (const InputError& e) {
    throw InputError(source, 0, e.message());
  }
  check_settings(c, source);
  return c;
}

WorkloadSettings read_workload_config(const std::string& path) { return parse_workload_config(io::read_file(path), path); }

std::string workload_config_to_json(const WorkloadSettings& c, int indent) { return json(c).dump(indent); }

}  // namespace gridgov

// Parsing and printing the workload / staffing configuration (JSON).
#include "gridgov/workload/config.hpp"

#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "gridgov/core/error.hpp"
#include "gridgov/io/csv.hpp"
#include "io/json_util.hpp"

namespace gridgov {
namespace {

using nlohmann::json;

struct Reader {
  const std::string& source;

  [[noreturn]] void fail(const std::string& key, const std::string& msg) const {
    throw InputError(source, 0, key + ": " + msg);
  }

  void check_keys(const json& obj, const std::string& path, std::initializer_list<const char*> allowed) const {
    if (!obj.is_object()) fail(path.empty() ? "(top level)" : path, "expected an object");
    for (const auto& [k, v] : obj.items()) {
      bool ok = false;
      for (const char* a : allowed) ok = ok || k == a;
      if (!ok) {
        std::string list;
        for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
        fail(path.empty() ? k : path + "." + k, "unknown key (expected one of: " + list + ")");
      }
    }
  }

  void number(const json& obj, const std::string& path, const char* key, double& out, bool positive = false) const {
    if (!obj.contains(key)) return;
    const auto& v = obj.at(key);
    const std::string name = path.empty() ? key : path + "." + key;
    if (!v.is_number()) fail(name, "expected a number");
    const double d = v.get<double>();
    if (!std::isfinite(d)) fail(name, "must be finite");
    if (d < 0) fail(name, "must not be negative (got " + std::to_string(d) + ")");
    if (positive && d <= 0) fail(name, "must be positive");
    out = d;
  }

  void integer(const json& obj, const std::string& path, const char* key, int& out, int min) const {
    if (!obj.contains(key)) return;
    const auto& v = obj.at(key);
    const std::string name = path.empty() ? key : path + "." + key;
    if (!v.is_number_integer()) fail(name, "expected an integer");
    const auto i = v.get<long long>();
    if (i < min || i > 1000000) fail(name, "must be between " + std::to_string(min) + " and 1000000");
    out = static_cast<int>(i);
  }

  void boolean(const json& obj, const std::string& path, const char* key, bool& out) const {
    if (!obj.contains(key)) return;
    const std::string name = path.empty() ? key : path + "." + key;
    if (!obj.at(key).is_boolean()) fail(name, "expected true or false");
    out = obj.at(key).get<bool>();
  }

  void string(const json& obj, const std::string& path, const char* key, std::string& out,
              std::initializer_list<const char*> allowed) const {
    if (!obj.contains(key)) return;
    const std::string name = path.empty() ? key : path + "." + key;
    if (!obj.at(key).is_string()) fail(name, "expected a string");
    out = obj.at(key).get<std::string>();
    if (allowed.size() == 0) return;
    std::string list;
    for (const char* a : allowed) {
      if (out == a) return;
      list += std::string(list.empty() ? "" : ", ") + a;
    }
    fail(name, "'" + out + "' is not one of: " + list);
  }

  std::vector<double> numbers(const json& v, const std::string& name) const {
    if (!v.is_array()) fail(name, "expected an array of numbers");
    std::vector<double> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const auto item = name + "[" + std::to_string(i) + "]";
      if (!v[i].is_number()) fail(item, "expected a number");
      const double d = v[i].get<double>();
      if (!std::isfinite(d) || d < 0) fail(item, "must be a finite number >= 0");
      out.push_back(d);
    }
    return out;
  }

  void workload(const json& j, const std::string& p, WorkloadConfig& w) const {
    const std::string pre = p.empty() ? "" : p + ".";
    if (j.contains("routine")) {
      const auto& r = j.at("routine");
      const auto path = pre + "routine";
      check_keys(r, path, {"visits_per_year", "minutes_per_visit", "exclude_special"});
      number(r, path, "visits_per_year", w.routine.visits_per_year);
      number(r, path, "minutes_per_visit", w.routine.minutes_per_visit);
      boolean(r, path, "exclude_special", w.routine.exclude_special);
    }
    if (j.contains("special_groups")) {
      const auto& arr = j.at("special_groups");
      if (!arr.is_array()) fail(pre + "special_groups", "expected an array");
      w.special_groups.clear();
      std::set<std::string> seen;
      for (std::size_t i = 0; i < arr.size(); ++i) {
        const auto path = pre + "special_groups[" + std::to_string(i) + "]";
        check_keys(arr[i], path, {"attribute", "visits_per_year", "minutes_per_visit"});
        SpecialGroup g;
        string(arr[i], path, "attribute", g.attribute, {});
        if (g.attribute.empty()) fail(path + ".attribute", "required");
        if (!seen.insert(g.attribute).second) fail(path + ".attribute", "'" + g.attribute + "' given twice");
        number(arr[i], path, "visits_per_year", g.visits_per_year);
        number(arr[i], path, "minutes_per_visit", g.minutes_per_visit);
        w.special_groups.push_back(g);
      }
    }
    if (j.contains("events")) {
      const auto& arr = j.at("events");
      if (!arr.is_array()) fail(pre + "events", "expected an array");
      w.events.clear();
      for (std::size_t i = 0; i < arr.size(); ++i) {
        const auto path = pre + "events[" + std::to_string(i) + "]";
        check_keys(arr[i], path, {"name", "per", "rate_per_year", "handling_minutes", "on_site"});
        WorkloadEvent e;
        string(arr[i], path, "name", e.name, {});
        if (e.name.empty()) e.name = "events" + std::to_string(i);
        string(arr[i], path, "per", e.per, {"household", "resident"});
        number(arr[i], path, "rate_per_year", e.rate_per_year);
        number(arr[i], path, "handling_minutes", e.handling_minutes);
        boolean(arr[i], path, "on_site", e.on_site);
        w.events.push_back(e);
      }
    }
    if (j.contains("travel")) {
      const auto& t = j.at("travel");
      const auto path = pre + "travel";
      check_keys(t, path,
                 {"method", "bhh_constant", "walking_speed_kmh", "rounds_per_week", "coordinates", "area"});
      string(t, path, "method", w.travel.method, {"bhh", "none"});
      number(t, path, "bhh_constant", w.travel.bhh_constant);
      number(t, path, "walking_speed_kmh", w.travel.walking_speed_kmh, true);
      number(t, path, "rounds_per_week", w.travel.rounds_per_week, true);
      string(t, path, "coordinates", w.travel.coordinates, {"meters", "lonlat"});
      string(t, path, "area", w.travel.area, {"auto", "polygon", "spacing"});
    }
    number(j, p, "admin_hours_per_grid_per_week", w.admin_hours_per_grid_per_week);
    number(j, p, "weeks_per_year", w.weeks_per_year, true);
  }

  void staffing(const json& s, StaffingConfig& c) const {
    const std::string path = "staffing";
    check_keys(s, path,
               {"pattern", "hours", "full_time_utilisation", "travel_weight", "spread_breaks", "spread_costs",
                "candidates", "required_skills"});
    if (s.contains("pattern")) {
      if (!s.at("pattern").is_string()) fail("staffing.pattern", "expected a string such as \"1+3+X\"");
      try {
        c.pattern = parse_pattern(s.at("pattern").get<std::string>());
      } catch (const InputError& e) {
        fail("staffing.pattern", e.message());
      }
    }
    if (s.contains("hours")) {
      const auto& h = s.at("hours");
      check_keys(h, "staffing.hours", {"full_time", "part_time", "auxiliary"});
      number(h, "staffing.hours", "full_time", c.hours.full_time, true);
      number(h, "staffing.hours", "part_time", c.hours.part_time, true);
      number(h, "staffing.hours", "auxiliary", c.hours.auxiliary, true);
    }
    number(s, path, "full_time_utilisation", c.full_time_utilisation);
    if (c.full_time_utilisation > 1.0) fail("staffing.full_time_utilisation", "must be at most 1");
    number(s, path, "travel_weight", c.travel_weight);
    if (s.contains("spread_breaks")) c.spread_breaks = numbers(s.at("spread_breaks"), "staffing.spread_breaks");
    if (s.contains("spread_costs")) c.spread_costs = numbers(s.at("spread_costs"), "staffing.spread_costs");
    integer(s, path, "candidates", c.candidates, 1);
    if (s.contains("required_skills")) {
      const auto& arr = s.at("required_skills");
      if (!arr.is_array()) fail("staffing.required_skills", "expected an array of strings");
      c.required_skills.clear();
      for (const auto& v : arr) {
        if (!v.is_string()) fail("staffing.required_skills", "expected strings");
        c.required_skills.push_back(v.get<std::string>());
      }
    }
    if (c.spread_breaks.empty() || c.spread_breaks.size() != c.spread_costs.size())
      fail("staffing.spread_breaks", "spread_breaks and spread_costs must be non-empty and of equal length");
    for (std::size_t i = 0; i < c.spread_breaks.size(); ++i) {
      if (c.spread_breaks[i] > 1.0 || (i > 0 && c.spread_breaks[i] <= c.spread_breaks[i - 1]))
        fail("staffing.spread_breaks", "must increase strictly and stay within (0, 1]");
      if (i > 0 && c.spread_costs[i] < c.spread_costs[i - 1])
        fail("staffing.spread_costs", "must not decrease (the spread penalty must be convex)");
    }
    if (c.spread_breaks.back() != 1.0) c.spread_breaks.back() = 1.0;
  }
};

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

WorkloadSettings parse_workload_config(std::string_view text, const std::string& source) {
  WorkloadSettings c;
  bool blank = true;
  for (char ch : text) blank = blank && std::isspace(static_cast<unsigned char>(ch));
  if (blank) return c;
  // Syntax errors, nesting past io::detail::kMaxJsonDepth and numbers out
  // of range are InputErrors with the line.
  const json j = io::detail::parse_json(text, source);
  Reader r{source};
  if (!j.is_object()) r.fail("(top level)", "expected a JSON object");
  r.check_keys(j, "",
               {"workload", "staffing", "routine", "special_groups", "events", "travel", "admin_hours_per_grid_per_week",
                "weeks_per_year", "description"});
  if (j.contains("workload")) {
    r.check_keys(j.at("workload"), "workload",
                 {"routine", "special_groups", "events", "travel", "admin_hours_per_grid_per_week", "weeks_per_year"});
    r.workload(j.at("workload"), "workload", c.workload);
  }
  r.workload(j, "", c.workload);
  if (j.contains("staffing")) r.staffing(j.at("staffing"), c.staffing);
  return c;
}

WorkloadSettings read_workload_config(const std::string& path) { return parse_workload_config(io::read_file(path), path); }

std::string workload_config_to_json(const WorkloadSettings& c, int indent) {
  const auto& w = c.workload;
  json groups = json::array();
  for (const auto& g : w.special_groups)
    groups.push_back({{"attribute", g.attribute}, {"visits_per_year", g.visits_per_year}, {"minutes_per_visit", g.minutes_per_visit}});
  json events = json::array();
  for (const auto& e : w.events)
    events.push_back({{"name", e.name},
                      {"per", e.per},
                      {"rate_per_year", e.rate_per_year},
                      {"handling_minutes", e.handling_minutes},
                      {"on_site", e.on_site}});
  const auto& s = c.staffing;
  json j{{"workload",
          {{"routine",
            {{"visits_per_year", w.routine.visits_per_year},
             {"minutes_per_visit", w.routine.minutes_per_visit},
             {"exclude_special", w.routine.exclude_special}}},
           {"special_groups", groups},
           {"events", events},
           {"travel",
            {{"method", w.travel.method},
             {"bhh_constant", w.travel.bhh_constant},
             {"walking_speed_kmh", w.travel.walking_speed_kmh},
             {"rounds_per_week", w.travel.rounds_per_week},
             {"coordinates", w.travel.coordinates},
             {"area", w.travel.area}}},
           {"admin_hours_per_grid_per_week", w.admin_hours_per_grid_per_week},
           {"weeks_per_year", w.weeks_per_year}}},
         {"staffing",
          {{"pattern", s.pattern.name},
           {"hours", {{"full_time", s.hours.full_time}, {"part_time", s.hours.part_time}, {"auxiliary", s.hours.auxiliary}}},
           {"full_time_utilisation", s.full_time_utilisation},
           {"travel_weight", s.travel_weight},
           {"spread_breaks", s.spread_breaks},
           {"spread_costs", s.spread_costs},
           {"candidates", s.candidates},
           {"required_skills", s.required_skills}}}};
  return j.dump(indent);
}

}  // namespace gridgov

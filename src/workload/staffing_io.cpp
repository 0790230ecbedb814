// People CSV, roles, and staffing output (CSV / JSON).
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_set>

#include "gridgov/core/format.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/io/csv.hpp"
#include "gridgov/workload/staffing.hpp"

namespace gridgov {
namespace {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          cur += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cur += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  for (auto& f : out) {
    while (!f.empty() && (f.back() == ' ' || f.back() == '\t')) f.pop_back();
    std::size_t b = 0;
    while (b < f.size() && (f[b] == ' ' || f[b] == '\t')) ++b;
    f.erase(0, b);
  }
  return out;
}

bool parse_number(const std::string& s, double& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}


std::string quote(const std::string& s) { return io::csv_field(s); }

}  // namespace

const char* role_name(Role role) noexcept {
  switch (role) {
    case Role::full_time: return "full_time";
    case Role::part_time: return "part_time";
    case Role::auxiliary: return "auxiliary";
  }
  return "auxiliary";
}

Role parse_role(const std::string& t) {
  if (t == "full_time" || t == "ft" || t == "full-time" || t == "fulltime" || t == "专职") return Role::full_time;
  if (t == "part_time" || t == "pt" || t == "part-time" || t == "parttime" || t == "兼职") return Role::part_time;
  if (t == "auxiliary" || t == "aux" || t == "helper" || t == "辅助") return Role::auxiliary;
  throw InputError("role", 0, "unknown role '" + t + "' (expected full_time, part_time or auxiliary)");
}

std::vector<Person> parse_people_csv(std::string_view text, const std::string& source) {
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF && static_cast<unsigned char>(text[1]) == 0xBB &&
      static_cast<unsigned char>(text[2]) == 0xBF)
    text.remove_prefix(3);
  std::vector<Person> people;
  std::size_t pos = 0, line_no = 0;
  int c_id = -1, c_role = -1, c_hours = -1, c_x = -1, c_y = -1, c_comm = -1, c_skills = -1;
  std::size_t columns = 0;
  std::unordered_set<std::string> ids;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string line(text.substr(pos, nl - pos));
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) {
      if (nl == text.size()) break;
      continue;
    }
    auto f = split_csv_line(line);
    if (columns == 0) {
      columns = f.size();
      for (std::size_t i = 0; i < f.size(); ++i) {
        const auto& h = f[i];
        const int ii = static_cast<int>(i);
        if (h == "id") c_id = ii;
        else if (h == "role") c_role = ii;
        else if (h == "hours" || h == "hours_per_week") c_hours = ii;
        else if (h == "x") c_x = ii;
        else if (h == "y") c_y = ii;
        else if (h == "community" || h == "home_community") c_comm = ii;
        else if (h == "skills") c_skills = ii;
      }
      if (c_id < 0) throw InputError(source, line_no, "no 'id' column (expected id,role[,hours][,x,y][,community][,skills])");
      if (c_role < 0) throw InputError(source, line_no, "no 'role' column (expected id,role[,hours][,x,y][,community][,skills])");
      if ((c_x < 0) != (c_y < 0)) throw InputError(source, line_no, "give both 'x' and 'y' columns, or neither");
      if (c_x < 0 && c_comm < 0) throw InputError(source, line_no, "people need a home: an 'x','y' pair or a 'community' column");
      if (nl == text.size()) break;
      continue;
    }
    if (f.size() != columns)
      throw InputError(source, line_no, "expected " + std::to_string(columns) + " fields, got " + std::to_string(f.size()));
    auto at = [&](int c) -> const std::string& {
      static const std::string empty;
      return c >= 0 ? f[static_cast<std::size_t>(c)] : empty;
    };
    Person p;
    p.line = line_no;
    p.id = at(c_id);
    if (p.id.empty()) throw InputError(source, line_no, "empty id");
    if (!ids.insert(p.id).second) throw InputError(source, line_no, "person '" + p.id + "' appears twice");
    try {
      p.role = parse_role(at(c_role));
    } catch (const InputError& e) {
      throw InputError(source, line_no, "person '" + p.id + "': " + e.message());
    }
    if (!at(c_hours).empty()) {
      if (!parse_number(at(c_hours), p.hours) || !std::isfinite(p.hours))
        throw InputError(source, line_no, "person '" + p.id + "': hours '" + at(c_hours) + "' is not a number");
      if (p.hours < 0)
        throw InputError(source, line_no, "person '" + p.id + "': negative hours (" + at(c_hours) + ")");
    }
    const std::string& xs = at(c_x);
    const std::string& ys = at(c_y);
    if (!xs.empty() || !ys.empty()) {
      if (!parse_number(xs, p.x) || !parse_number(ys, p.y) || !std::isfinite(p.x) || !std::isfinite(p.y))
        throw InputError(source, line_no, "person '" + p.id + "': home x,y '" + xs + "," + ys + "' are not two numbers");
      p.has_home = true;
    }
    p.community = at(c_comm);
    if (!p.has_home && p.community.empty())
      throw InputError(source, line_no, "person '" + p.id + "' has no home: give x,y or a community");
    const std::string& sk = at(c_skills);
    std::size_t b = 0;
    while (b < sk.size()) {
      auto e = sk.find(';', b);
      if (e == std::string::npos) e = sk.size();
      auto s = sk.substr(b, e - b);
      if (!s.empty()) p.skills.push_back(s);
      b = e + 1;
    }
    people.push_back(std::move(p));
    if (nl == text.size()) break;
  }
  if (columns == 0) throw InputError(source, 0, "empty file (expected a header id,role,...)");
  return people;
}

std::vector<Person> read_people_csv(const std::string& path) { return parse_people_csv(io::read_file(path), path); }

std::string assignments_csv(const StaffingResult& r, const WorkloadResult& w) {
  std::string out = "person,role,grid,hours,slot\n";
  for (const auto& a : r.assignments) {
    const auto& p = r.people[static_cast<std::size_t>(a.person)];
    out += quote(p.id) + "," + role_name(p.role) + "," + quote(w.grids[static_cast<std::size_t>(a.grid)].code) + "," +
           format_number(a.hours) + "," + std::string(name(a.slot)) + "\n";
  }
  return out;
}

std::string staffing_to_json(const StaffingResult& r, int indent) {
  using nlohmann::json;
  const auto& s = r.summary;
  json summary{{"grids", s.grids},
               {"people", s.people},
               {"people_assigned", s.people_assigned},
               {"full_time_distance_km", s.full_time_distance_km},
               {"required_distance_km", s.required_distance_km},
               {"helper_travel_cost", s.helper_travel_cost},
               {"helper_spread_cost", s.helper_spread_cost},
               {"uncovered_hours", s.uncovered_hours},
               {"grids_uncovered", s.grids_uncovered},
               {"overloaded_people", s.overloaded_people},
               {"pricing_rounds", s.pricing_rounds},
               {"feasible", s.feasible},
               {"seconds", s.seconds}};
  json shortages = json::array();
  for (const auto& sh : r.shortages)
    shortages.push_back({{"what", sh.what}, {"needed", sh.needed}, {"available", sh.available}, {"message", sh.message}});
  json grids = json::array();
  for (const auto& g : r.grids)
    grids.push_back({{"code", g.code},
                     {"workload", g.workload},
                     {"full_time", g.full_time},
                     {"full_time_hours", g.full_time_hours},
                     {"helper_demand", g.helper_demand},
                     {"helper_hours", g.helper_hours},
                     {"part_time", g.part_time},
                     {"auxiliary", g.auxiliary},
                     {"uncovered", g.uncovered},
                     {"missing_full_time", g.missing_full_time},
                     {"missing_part_time", g.missing_part_time},
                     {"missing_auxiliary", g.missing_auxiliary},
                     {"missing_skills", g.missing_skills}});
  json people = json::array();
  for (const auto& p : r.people)
    people.push_back({{"id", p.id},
                      {"role", role_name(p.role)},
                      {"hours_available", p.hours_available},
                      {"hours_assigned", p.hours_assigned},
                      {"load", p.load},
                      {"grids", p.grids},
                      {"distance_km", p.distance_km},
                      {"overloaded", p.overloaded}});
  const auto& m = r.minimum;
  json minimum{{"full_time", m.full_time},
               {"part_time", m.part_time},
               {"auxiliary", m.auxiliary},
               {"total", m.total()},
               {"hours", m.hours},
               {"uncoverable_hours", m.uncoverable_hours}};
  const auto& f = r.load_fairness;
  json fair{{"n", f.n}, {"mean", f.mean}, {"min", f.min}, {"max", f.max}, {"cv", f.cv}, {"max_over_mean", f.max_over_mean}, {"gini", f.gini}};
  return json{{"summary", summary}, {"shortages", shortages}, {"minimum_staff", minimum}, {"load_fairness", fair},
              {"grids", grids},     {"people", people}}
      .dump(indent);
}

}  // namespace gridgov

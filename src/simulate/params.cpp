// Simulation parameters: defaults, validation and JSON.
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "gridgov/core/format.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/io/csv.hpp"
#include "io/json_util.hpp"
#include "gridgov/simulate/params.hpp"

namespace gridgov {

namespace {

constexpr std::string_view kTypeNames[kEventTypes] = {"dispute", "request", "safety_hazard", "special_care"};
constexpr std::string_view kChannelNames[kChannels] = {"hotline_12345",    "public_app",      "qr_code", "patrol",
                                                       "mediation_office", "petition_office", "police"};
constexpr std::string_view kLevelNames[kLevels] = {"grid", "community", "street", "district"};
constexpr std::string_view kGroupNames[kSpecialGroups] = {"elderly_alone", "disabled", "hardship"};

using nlohmann::json;

[[noreturn]] void fail(const std::string& source, const std::string& key, const std::string& msg) {
  throw InputError(source, 0, key + ": " + msg);
}

void check_nonneg(const std::string& src, const std::string& key, double v) {
  if (!std::isfinite(v) || v < 0) fail(src, key, format_number(v) + " must be a finite number >= 0");
}
void check_positive(const std::string& src, const std::string& key, double v) {
  if (!std::isfinite(v) || v <= 0) fail(src, key, format_number(v) + " must be a finite number > 0");
}
void check_share(const std::string& src, const std::string& key, double v) {
  if (!std::isfinite(v) || v < 0 || v > 1) fail(src, key, format_number(v) + " is outside [0, 1]");
}

bool is_comment(const std::string& key) { return !key.empty() && (key[0] == '_' || key[0] == '$'); }

/// Visits the members of an object, rejecting unknown keys.
template <class F>
void members(const json& j, const std::string& src, const std::string& path, F&& f) {
  if (!j.is_object()) fail(src, path.empty() ? "(top level)" : path, "expected an object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (is_comment(it.key())) continue;
    const std::string key = path.empty() ? it.key() : path + "." + it.key();
    if (!f(it.key(), it.value(), key)) fail(src, key, "unknown key");
  }
}

double get_number(const json& v, const std::string& src, const std::string& key) {
  if (!v.is_number()) fail(src, key, "expected a number, got " + io::detail::preview(v));
  return v.get<double>();
}
int get_int(const json& v, const std::string& src, const std::string& key) {
  if (!v.is_number_integer()) fail(src, key, "expected an integer, got " + io::detail::preview(v));
  const auto x = v.get<std::int64_t>();
  if (x < -1000000 || x > 1000000) fail(src, key, "integer out of range");
  return static_cast<int>(x);
}

template <std::size_t N>
int index_of(const std::string_view (&names)[N], const std::string& name) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == name) return static_cast<int>(i);
  return -1;
}

}  // namespace

std::string_view event_type_name(EventType t) noexcept { return kTypeNames[static_cast<int>(t)]; }
std::string_view channel_name(Channel c) noexcept { return kChannelNames[static_cast<int>(c)]; }
std::string_view sim_level_name(SimLevel l) noexcept { return kLevelNames[static_cast<int>(l)]; }
std::string_view special_group_name(int group) noexcept { return kGroupNames[group]; }

SimParams::SimParams() {
  // Rates per day: about 0.8 events a day for a grid of 1,000 residents with
  // the synthetic special-group rates, i.e. ~300 a year (Anning collected
  // 327,209 items over 375 grids; Chengguan's 173,157 disputes and requests
  // over 1,549 grids are the part that needed handling).
  // dispute, request, safety hazard, special-group care; channels in the
  // order of kChannelNames, resolve shares grid, community, street, district
  types[0] = EventTypeParams{.per_1000_residents = 0.12, .service_hours = 3.0, .deadline_workdays = 15, .priority = 2,
                             .channels = {0.25, 0.10, 0.05, 0.20, 0.20, 0.10, 0.10},
                             .resolve_share = {0.70, 0.60, 0.60, 0.50}};
  types[1] = EventTypeParams{.per_1000_residents = 0.35, .service_hours = 1.5, .deadline_workdays = 5, .priority = 3,
                             .channels = {0.35, 0.20, 0.10, 0.20, 0.02, 0.05, 0.08},
                             .resolve_share = {0.85, 0.65, 0.60, 0.50}};
  types[2] = EventTypeParams{.per_1000_residents = 0.12, .service_hours = 1.0, .deadline_workdays = 3, .priority = 0,
                             .channels = {0.15, 0.10, 0.10, 0.55, 0.0, 0.0, 0.10},
                             .resolve_share = {0.80, 0.70, 0.65, 0.50}};
  types[3] = EventTypeParams{.per_special_person = 0.01, .service_hours = 1.0, .deadline_workdays = 2, .priority = 1,
                             .channels = {0.05, 0.05, 0.05, 0.80, 0.0, 0.0, 0.05},
                             .resolve_share = {0.95, 0.70, 0.60, 0.50}};
  levels[0] = LevelParams{0, 0};
  levels[1] = LevelParams{4, 18};
  levels[2] = LevelParams{9, 36};
  levels[3] = LevelParams{18, 72};
}

void SimParams::validate(const std::string& source) const {
  for (int t = 0; t < kEventTypes; ++t) {
    const auto& p = types[static_cast<std::size_t>(t)];
    const std::string base = "types." + std::string(kTypeNames[t]) + ".";
    check_nonneg(source, base + "per_1000_residents", p.per_1000_residents);
    check_nonneg(source, base + "per_special_person", p.per_special_person);
    check_nonneg(source, base + "service_hours", p.service_hours);
    check_positive(source, base + "deadline_workdays", p.deadline_workdays);
    double sum = 0;
    for (int c = 0; c < kChannels; ++c) {
      const double v = p.channels[static_cast<std::size_t>(c)];
      check_share(source, base + "channels." + std::string(kChannelNames[c]), v);
      sum += v;
    }
    if (std::abs(sum - 1.0) > 1e-6) fail(source, base + "channels", "shares sum to " + format_number(sum) + ", not 1");
    for (int l = 0; l < kLevels; ++l)
      check_share(source, base + "resolve_share." + std::string(kLevelNames[l]), p.resolve_share[static_cast<std::size_t>(l)]);
  }
  for (int l = 1; l < kLevels; ++l) {
    const std::string base = "levels." + std::string(kLevelNames[l]) + ".";
    check_nonneg(source, base + "escalate_hours", levels[static_cast<std::size_t>(l)].escalate_hours);
    check_nonneg(source, base + "handle_hours", levels[static_cast<std::size_t>(l)].handle_hours);
  }
  for (int g = 0; g < kSpecialGroups; ++g)
    check_nonneg(source, "special_weights." + std::string(kGroupNames[g]), special_weights[static_cast<std::size_t>(g)]);
  if (std::isnan(grid_patience_hours) || std::isinf(grid_patience_hours))
    fail(source, "grid.patience_hours", "must be a finite number (or null for no limit)");
  if (!std::isfinite(event_time_share) || event_time_share <= 0 || event_time_share > 1)
    fail(source, "grid.event_time_share", format_number(event_time_share) + " is outside (0, 1]");
  if (!std::isfinite(work_start) || work_start < 0 || work_start >= 24)
    fail(source, "calendar.work_start", format_number(work_start) + " is outside [0, 24)");
  if (!std::isfinite(work_end) || work_end <= work_start || work_end > 24)
    fail(source, "calendar.work_end", format_number(work_end) + " must be after work_start and at most 24");
  if (workdays_per_week < 1 || workdays_per_week > 7)
    fail(source, "calendar.workdays_per_week", std::to_string(workdays_per_week) + " is outside 1..7");
  check_nonneg(source, "scales.rate", rate_scale);
  check_nonneg(source, "scales.service", service_scale);
  check_nonneg(source, "scales.escalation", escalation_scale);
}

SimParams sim_params_from_json(std::string_view json_text, const std::string& source) {
  // Syntax errors, nesting past io::detail::kMaxJsonDepth and numbers out
  // of range are InputErrors with the line.
  const json j = io::detail::parse_json(json_text, source);
  SimParams p;
  const auto& src = source;
  members(j, src, "", [&](const std::string& k, const json& v, const std::string& key) {
    if (k == "types") {
      members(v, src, key, [&](const std::string& tk, const json& tv, const std::string& tkey) {
        const int t = index_of(kTypeNames, tk);
        if (t < 0) return false;
        auto& tp = p.types[static_cast<std::size_t>(t)];
        members(tv, src, tkey, [&](const std::string& f, const json& fv, const std::string& fkey) {
          if (f == "per_1000_residents") tp.per_1000_residents = get_number(fv, src, fkey);
          else if (f == "per_special_person") tp.per_special_person = get_number(fv, src, fkey);
          else if (f == "service_hours") tp.service_hours = get_number(fv, src, fkey);
          else if (f == "deadline_workdays") tp.deadline_workdays = get_number(fv, src, fkey);
          else if (f == "priority") tp.priority = get_int(fv, src, fkey);
          else if (f == "channels") {
            // A channel mix given replaces the default one: channels left out get 0.
            tp.channels.fill(0.0);
            members(fv, src, fkey, [&](const std::string& ck, const json& cv, const std::string& ckey) {
              const int c = index_of(kChannelNames, ck);
              if (c < 0) return false;
              tp.channels[static_cast<std::size_t>(c)] = get_number(cv, src, ckey);
              return true;
            });
          } else if (f == "resolve_share") {
            members(fv, src, fkey, [&](const std::string& lk, const json& lv, const std::string& lkey) {
              const int l = index_of(kLevelNames, lk);
              if (l < 0) return false;
              tp.resolve_share[static_cast<std::size_t>(l)] = get_number(lv, src, lkey);
              return true;
            });
          } else {
            return false;
          }
          return true;
        });
        return true;
      });
    } else if (k == "levels") {
      members(v, src, key, [&](const std::string& lk, const json& lv, const std::string& lkey) {
        const int l = index_of(kLevelNames, lk);
        if (l < 1) return false;  // the grid's handling is set under "grid" and per type
        auto& lp = p.levels[static_cast<std::size_t>(l)];
        members(lv, src, lkey, [&](const std::string& f, const json& fv, const std::string& fkey) {
          if (f == "escalate_hours") lp.escalate_hours = get_number(fv, src, fkey);
          else if (f == "handle_hours") lp.handle_hours = get_number(fv, src, fkey);
          else return false;
          return true;
        });
        return true;
      });
    } else if (k == "special_weights") {
      members(v, src, key, [&](const std::string& gk, const json& gv, const std::string& gkey) {
        const int g = index_of(kGroupNames, gk);
        if (g < 0) return false;
        p.special_weights[static_cast<std::size_t>(g)] = get_number(gv, src, gkey);
        return true;
      });
    } else if (k == "grid") {
      members(v, src, key, [&](const std::string& f, const json& fv, const std::string& fkey) {
        if (f == "patience_hours") {
          if (fv.is_null()) {
            p.grid_patience_hours = 0;
          } else {
            p.grid_patience_hours = get_number(fv, src, fkey);
            if (p.grid_patience_hours <= 0) fail(src, fkey, format_number(p.grid_patience_hours) + " must be > 0 (null for no limit)");
          }
        } else if (f == "event_time_share") {
          p.event_time_share = get_number(fv, src, fkey);
        } else {
          return false;
        }
        return true;
      });
    } else if (k == "calendar") {
      members(v, src, key, [&](const std::string& f, const json& fv, const std::string& fkey) {
        if (f == "work_start") p.work_start = get_number(fv, src, fkey);
        else if (f == "work_end") p.work_end = get_number(fv, src, fkey);
        else if (f == "workdays_per_week") p.workdays_per_week = get_int(fv, src, fkey);
        else return false;
        return true;
      });
    } else if (k == "scales") {
      members(v, src, key, [&](const std::string& f, const json& fv, const std::string& fkey) {
        if (f == "rate") p.rate_scale = get_number(fv, src, fkey);
        else if (f == "service") p.service_scale = get_number(fv, src, fkey);
        else if (f == "escalation") p.escalation_scale = get_number(fv, src, fkey);
        else return false;
        return true;
      });
    } else {
      return false;
    }
    return true;
  });
  p.validate(source);
  return p;
}

SimParams read_sim_params(const std::string& path) { return sim_params_from_json(io::read_file(path), path); }

std::string sim_params_to_json(const SimParams& p, int indent) {
  json j;
  for (int t = 0; t < kEventTypes; ++t) {
    const auto& tp = p.types[static_cast<std::size_t>(t)];
    json ch, rs;
    for (int c = 0; c < kChannels; ++c) ch[std::string(kChannelNames[c])] = tp.channels[static_cast<std::size_t>(c)];
    for (int l = 0; l < kLevels; ++l) rs[std::string(kLevelNames[l])] = tp.resolve_share[static_cast<std::size_t>(l)];
    j["types"][std::string(kTypeNames[t])] = {{"per_1000_residents", tp.per_1000_residents},
                                              {"per_special_person", tp.per_special_person},
                                              {"service_hours", tp.service_hours},
                                              {"deadline_workdays", tp.deadline_workdays},
                                              {"priority", tp.priority},
                                              {"channels", ch},
                                              {"resolve_share", rs}};
  }
  for (int l = 1; l < kLevels; ++l)
    j["levels"][std::string(kLevelNames[l])] = {{"escalate_hours", p.levels[static_cast<std::size_t>(l)].escalate_hours},
                                                {"handle_hours", p.levels[static_cast<std::size_t>(l)].handle_hours}};
  for (int g = 0; g < kSpecialGroups; ++g)
    j["special_weights"][std::string(kGroupNames[g])] = p.special_weights[static_cast<std::size_t>(g)];
  j["grid"]["patience_hours"] = p.grid_patience_hours > 0 ? json(p.grid_patience_hours) : json(nullptr);
  j["grid"]["event_time_share"] = p.event_time_share;
  j["calendar"] = {{"work_start", p.work_start}, {"work_end", p.work_end}, {"workdays_per_week", p.workdays_per_week}};
  j["scales"] = {{"rate", p.rate_scale}, {"service", p.service_scale}, {"escalation", p.escalation_scale}};
  return j.dump(indent);
}

}  // namespace gridgov

// Simulation parameters: defaults, the checks across fields, and JSON
// through the field lists (gridgov/core/json.hpp).
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "gridgov/core/error.hpp"
#include "gridgov/core/format.hpp"
#include "gridgov/core/json.hpp"
#include "gridgov/io/csv.hpp"
#include "gridgov/simulate/params.hpp"
#include "io/json_util.hpp"

namespace gridgov {

namespace {

using nlohmann::json;

/// Drops the comment keys (starting with '_' or '$') of every object.
void drop_comments(json& j) {
  if (j.is_array()) {
    for (auto& x : j) drop_comments(x);
  } else if (j.is_object()) {
    for (auto it = j.begin(); it != j.end();) {
      const auto& k = it.key();
      if (!k.empty() && (k[0] == '_' || k[0] == '$')) {
        it = j.erase(it);
      } else {
        drop_comments(it.value());
        ++it;
      }
    }
  }
}

}  // namespace

void from_json(const json& j, ChannelMix& mix) {
  mix.fill(0.0);  // a mix given replaces the default one
  from_json(j, static_cast<EnumArray<Channel, double>&>(mix));
}

SimParams::SimParams() {
  // Rates per day: about 0.8 events a day for a grid of 1,000 residents with
  // the synthetic special-group rates, i.e. ~300 a year (Anning collected
  // 327,209 items over 375 grids; Chengguan's 173,157 disputes and requests
  // over 1,549 grids are the part that needed handling).
  // Channels in the order of EnumNames<Channel>, resolve shares grid,
  // community, street, district.
  types[EventType::dispute] =
      EventTypeParams{.per_1000_residents = 0.12, .service_hours = 3.0, .deadline_workdays = 15, .priority = 2,
                      .channels = {0.25, 0.10, 0.05, 0.20, 0.20, 0.10, 0.10},
                      .resolve_share = {0.70, 0.60, 0.60, 0.50}};
  types[EventType::request] =
      EventTypeParams{.per_1000_residents = 0.35, .service_hours = 1.5, .deadline_workdays = 5, .priority = 3,
                      .channels = {0.35, 0.20, 0.10, 0.20, 0.02, 0.05, 0.08},
                      .resolve_share = {0.85, 0.65, 0.60, 0.50}};
  types[EventType::safety_hazard] =
      EventTypeParams{.per_1000_residents = 0.12, .service_hours = 1.0, .deadline_workdays = 3, .priority = 0,
                      .channels = {0.15, 0.10, 0.10, 0.55, 0.0, 0.0, 0.10},
                      .resolve_share = {0.80, 0.70, 0.65, 0.50}};
  types[EventType::special_care] =
      EventTypeParams{.per_special_person = 0.01, .service_hours = 1.0, .deadline_workdays = 2, .priority = 1,
                      .channels = {0.05, 0.05, 0.05, 0.80, 0.0, 0.0, 0.05},
                      .resolve_share = {0.95, 0.70, 0.60, 0.50}};
  levels[SimLevel::grid] = LevelParams{0, 0};
  levels[SimLevel::community] = LevelParams{4, 18};
  levels[SimLevel::street] = LevelParams{9, 36};
  levels[SimLevel::district] = LevelParams{18, 72};
}

void SimParams::validate(const std::string& source) const {
  check_fields(*this, source);
  for (std::size_t t = 0; t < types.size(); ++t) {
    double sum = 0;
    for (const double share : types[t].channels) sum += share;
    if (std::abs(sum - 1.0) > 1e-6)
      throw InputError(source, 0,
                       "types." + std::string(types.key(t)) + ".channels: shares sum to " + format_number(sum) + ", not 1");
  }
  if (!(calendar.work_end > calendar.work_start))
    throw InputError(source, 0,
                     "calendar.work_end: must be after calendar.work_start (" + format_number(calendar.work_start) +
                         "), got " + format_number(calendar.work_end));
}

SimParams sim_params_from_json(std::string_view json_text, const std::string& source) {
  // Syntax errors, nesting past io::detail::kMaxJsonDepth (drop_comments
  // and the readers recurse) and numbers out of range are InputErrors with
  // the line.
  json j = io::detail::parse_json(json_text, source);
  SimParams p;
  try {
    drop_comments(j);
    j.get_to(p);
  } catch (const InputError& e) {
    throw InputError(source, 0, e.message());
  }
  p.validate(source);
  return p;
}

SimParams read_sim_params(const std::string& path) { return sim_params_from_json(io::read_file(path), path); }

std::string sim_params_to_json(const SimParams& p, int indent) { return json(p).dump(indent); }

}  // namespace gridgov

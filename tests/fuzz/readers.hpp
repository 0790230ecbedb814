#pragma once
// What each fuzz target does with its input, shared by the libFuzzer
// targets (fuzz_<reader>.cpp) and the GoogleTest suite, which replays the
// seed corpus and the inputs of past findings through the same code
// (tests/cpp/io/test_fuzz_regressions.cpp).
//
// Each reader is given the bytes as text. A gridgov::Error is a fine
// outcome; any other exception, a crash or a sanitizer report is a finding.
// Whatever a reader accepts must also come out of the library's writers as
// text that the matching reader takes back, and every error message must be
// valid UTF-8 (the command-line program puts messages into JSON reports).
// Two readers take their options from the first byte of the input (see
// edges_csv and geojson).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>
#include <sys/mman.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "gridgov/core/error.hpp"
#include "gridgov/core/hierarchy.hpp"
#include "gridgov/core/plan.hpp"
#include "gridgov/core/unit_graph.hpp"
#include "gridgov/ensemble/ensemble.hpp"
#include "gridgov/io/csv.hpp"
#include "gridgov/io/geojson.hpp"
#include "gridgov/io/networkx.hpp"
#include "gridgov/io/scenario.hpp"
#include "gridgov/partition/partition.hpp"
#include "gridgov/partition/synth.hpp"
#include "gridgov/simulate/params.hpp"
#include "gridgov/workload/config.hpp"

namespace gridgov::fuzz {

/// A finding: thrown by the checks below, never by the library.
struct Finding : std::logic_error {
  using std::logic_error::logic_error;
};

[[noreturn]] inline void finding(const std::string& what, std::string_view detail) {
  throw Finding(what + ": " + std::string(detail.substr(0, 2000)));
}

/// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
inline bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  while (i < s.size()) {
    const unsigned c = byte(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (s.size() - i <= n) return false;  // truncated sequence
    if (byte(i + 1) < lo || byte(i + 1) > hi) return false;
    for (std::size_t k = 2; k <= n; ++k)
      if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return false;
    i += n + 1;
  }
  return true;
}

/// Text the library wrote must be JSON that nlohmann accepts (valid UTF-8).
inline void written_json(const std::string& text, const std::string& what) {
  if (!nlohmann::json::accept(text)) finding(what + " is not valid JSON", text.substr(0, 500));
}

/// Runs `reader` on `input`: "" when it returned or threw a gridgov::Error
/// with a valid message, else what was found.
template <class Reader>
std::string outcome(Reader&& reader, std::string_view input) {
  try {
    reader(input);
  } catch (const Finding& f) {
    return f.what();
  } catch (const Error& e) {
    if (!valid_utf8(e.what())) return std::string("an error message that is not valid UTF-8: ") + e.what();
  } catch (const std::exception& e) {
    return std::string("an exception that is not a gridgov::Error (") + typeid(e).name() + "): " + e.what();
  }
  return {};
}

// ---- the readers ----------------------------------------------------------

/// Units CSV, the unit graph built from it, its networkx JSON and its
/// scenario written and read back.
inline void units_csv(std::string_view text) {
  UnitTable table = io::parse_units_csv(text, "units.csv");
  const UnitGraph g(std::move(table), {}, "units.csv");
  written_json(io::networkx_json(g), "networkx_json of accepted units");
  const std::string scenario = io::scenario_json(io::make_scenario(g));
  written_json(scenario, "scenario_json of accepted units");
  try {
    (void)io::scenario_graph(io::parse_scenario(scenario, "written"));
  } catch (const Error& e) {
    finding("a scenario written from accepted units is not read back", e.what());
  }
}

/// Eight units with ids 0..7 in order (the edge reader's positional fast
/// path) or with named ids.
inline UnitTable eight_units(bool positional) {
  UnitTable t;
  const char* named[] = {"a", "b", "B00001", "620102001001", "x y", "\xE5\x8C\x97", "-1", "07"};
  std::vector<double> hh;
  for (int i = 0; i < 8; ++i) {
    t.id.push_back(positional ? std::to_string(i) : std::string(named[i]));
    t.x.push_back(static_cast<double>(i % 3));
    t.y.push_back(static_cast<double>(i / 3));
    t.community.emplace_back(i < 4 ? "620102001001" : "620102001002");
    hh.push_back(10.0 + i);
  }
  t.attributes.emplace_back("households", hh);
  t.attributes.emplace_back("population", hh);
  return t;
}

/// Edges CSV against eight units, then the unit graph. The first byte picks
/// the units: even, ids 0..7; odd, named ids (a, b, B00001, 620102001001,
/// "x y", 北, -1, 07).
inline void edges_csv(std::string_view input) {
  static const UnitTable positional = eight_units(true), named = eight_units(false);
  if (input.empty()) return;
  const UnitTable& t = (static_cast<unsigned char>(input[0]) & 1) != 0 ? named : positional;
  const auto edges = io::parse_edges_csv(input.substr(1), t, "edges.csv");
  const UnitGraph g(t, edges, "edges.csv");
  (void)g.num_edges();
}

/// Plan CSV against a path of the eight named units, then the plan's
/// labels read back into a plan.
inline void plan_csv(std::string_view text) {
  static const UnitGraph g = [] {
    std::vector<Edge> edges;
    for (UnitIndex i = 1; i < 8; ++i) edges.push_back({i - 1, i, 0.0});
    return UnitGraph(eight_units(false), edges, "units");
  }();
  const Plan p = io::parse_plan_csv(text, g, "plan.csv");
  std::vector<std::string> labels(static_cast<std::size_t>(g.size()));
  for (std::size_t u = 0; u < labels.size(); ++u)
    if (p.grid_of[u] != kNoGrid) labels[u] = p.grid_codes[static_cast<std::size_t>(p.grid_of[u])];
  (void)Plan::from_labels(labels);
}

inline void check_hierarchy(const std::vector<HierarchyError>& errors, const Hierarchy& h) {
  for (const auto& e : errors)
    if (!valid_utf8(e.to_string())) finding("a hierarchy error that is not valid UTF-8", e.to_string());
  for (Hierarchy::Node n = 0; n < h.size(); ++n)
    if (!valid_utf8(h.name(n)) || !valid_utf8(h.code(n))) finding("a division name or code that is not valid UTF-8", h.name(n));
}

/// Divisions CSV, both ways in: the one-pass io::parse_hierarchy_csv, and
/// io::parse_divisions_csv then Hierarchy::from_rows. Every error text must
/// be valid UTF-8 (`gridgov hierarchy --json` prints them).
inline void divisions_csv(std::string_view text) {
  {
    std::vector<HierarchyError> errors;
    const Hierarchy h = io::parse_hierarchy_csv(text, "divisions.csv", errors);
    check_hierarchy(errors, h);
  }
  const auto rows = io::parse_divisions_csv(text, "divisions.csv");
  std::vector<HierarchyError> errors;
  const Hierarchy h = Hierarchy::from_rows(rows, errors, "divisions.csv");
  check_hierarchy(errors, h);
}

/// The GeoJSON options of a first byte: bit 0 queen (else rook), (b >> 1) % 3
/// geographic automatic / yes / no, bit 3 a default community, bits 4-7 the
/// tolerance (automatic, or one of 1e-300, 1e-9, 0.5, 1e300, -1, the
/// smallest denormal, 1e-3, 10).
inline io::GeoJsonOptions geojson_options(unsigned char b) {
  static constexpr double kTolerance[] = {0.0,  0.0,  0.0, 0.0, 1e-300, 1e-9, 0.5, 1e300,
                                          -1.0, std::numeric_limits<double>::denorm_min(), 1e-3, 10.0,
                                          0.0,  0.0,  0.0, 0.0};
  io::GeoJsonOptions o;
  o.contiguity = (b & 1) != 0 ? io::Contiguity::queen : io::Contiguity::rook;
  const unsigned g = (b >> 1) % 3;
  o.geographic = g == 0 ? io::Geographic::automatic : g == 1 ? io::Geographic::yes : io::Geographic::no;
  o.tolerance = kTolerance[(b >> 4) & 15];
  o.allow_no_edges = true;  // Point input: no edges file
  if ((b & 8) != 0) o.default_community = "620102001001";
  return o;
}

/// GeoJSON units with their contiguity (options from the first byte), the
/// unit graph, and the plan GeoJSON written back.
inline void geojson(std::string_view input) {
  if (input.empty()) return;
  io::GeoUnits units = io::parse_units_geojson(input.substr(1), "units.geojson", geojson_options(static_cast<unsigned char>(input[0])));
  const io::Geometries polygons = units.polygons;
  const UnitGraph g(std::move(units.table), units.edges, "units.geojson");
  written_json(io::plan_geojson(g, nullptr, polygons.empty() ? nullptr : &polygons), "plan_geojson of accepted GeoJSON");
}

/// networkx JSON, the unit graph, and its networkx JSON written and read back.
inline void networkx(std::string_view text) {
  io::NetworkxGraph nx = io::parse_networkx_json(text, "graph.json");
  const UnitGraph g(std::move(nx.table), nx.edges, "graph.json");
  const std::string out = io::networkx_json(g);
  written_json(out, "networkx_json of an accepted graph");
  try {
    (void)io::parse_networkx_json(out, "written");
  } catch (const Error& e) {
    finding("a networkx graph written from an accepted one is not read back", e.what());
  }
}

/// Scenario JSON, written and read back, its unit graph and plan.
inline void scenario(std::string_view text) {
  const io::Scenario s = io::parse_scenario(text, "scenario.json");
  const std::string out = io::scenario_json(s);
  written_json(out, "scenario_json of an accepted scenario");
  try {
    (void)io::parse_scenario(out, "written");
  } catch (const Error& e) {
    finding("a scenario written from an accepted one is not read back", e.what());
  }
  const UnitGraph g = io::scenario_graph(s, "scenario.json");
  if (s.has_plan()) (void)io::scenario_plan(s);
}

/// Workload and staffing configuration, written and read back.
inline void workload_config(std::string_view text) {
  const auto settings = parse_workload_config(text, "workload.json");
  const std::string out = workload_config_to_json(settings);
  written_json(out, "workload_config_to_json of an accepted configuration");
  try {
    (void)parse_workload_config(out, "written");
  } catch (const Error& e) {
    finding("a workload configuration written from an accepted one is not read back", e.what());
  }
}

/// Simulation parameters, written and read back.
inline void sim_params(std::string_view text) {
  const SimParams p = sim_params_from_json(text, "sim.json");
  const std::string out = sim_params_to_json(p);
  written_json(out, "sim_params_to_json of accepted parameters");
  try {
    (void)sim_params_from_json(out, "written");
  } catch (const Error& e) {
    finding("simulation parameters written from accepted ones are not read back", e.what());
  }
}

/// The city and starting plan of the ensemble_plans target: its seed corpus
/// was written by `gridgov synth --units 200 --seed 1`, `gridgov partition`
/// (defaults) and `gridgov ensemble --plans-out` on that plan (tests/fuzz/README.md).
struct PlansCity {
  UnitGraph graph;
  Plan start;
};
inline const PlansCity& plans_city() {
  static const PlansCity c = [] {
    SynthOptions so;
    so.units = 200;
    so.seed = 1;
    UnitGraph g = synth_city(so);
    const Plan drawn = partition(g).plan;
    // Numbered as a plan CSV written in unit order reads back.
    std::vector<std::string> labels(drawn.grid_of.size());
    for (std::size_t u = 0; u < labels.size(); ++u)
      labels[u] = drawn.grid_codes[static_cast<std::size_t>(drawn.grid_of[u])];
    Plan start = Plan::from_labels(labels);
    return PlansCity{std::move(g), std::move(start)};
  }();
  return c;
}

/// An ensemble's plans file (replay_plans), handed over as a memory file:
/// every plan it replays must give every unit a grid of the start's.
inline void ensemble_plans(std::string_view bytes) {
  const PlansCity& c = plans_city();
  static const int fd = ::memfd_create("gridgov-plans", 0);
  if (fd < 0) throw std::runtime_error("memfd_create failed");
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, bytes.data(), bytes.size(), 0) != static_cast<ssize_t>(bytes.size()))
    throw std::runtime_error("memory file write failed");
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  const auto k = static_cast<GridIndex>(c.start.grid_codes.size());
  for (int chain = 0; chain < 2; ++chain)
    (void)replay_plans(path, c.start, chain, [&](std::int64_t step, const Plan& p) {
      if (p.grid_of.size() != c.start.grid_of.size()) finding("a replayed plan has the wrong size", std::to_string(step));
      for (const auto q : p.grid_of)
        if (q < 0 || q >= k) finding("a replayed plan names a grid out of range", std::to_string(step));
    });
}

}  // namespace gridgov::fuzz

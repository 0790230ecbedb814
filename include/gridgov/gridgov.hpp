#pragma once
/// @file gridgov/gridgov.hpp
/// @brief Umbrella header: the whole public API.
///
/// Areas (each a folder of include/gridgov/ and of src/):
///  - core:      division codes, the hierarchy, the unit graph, plans, rules, validation
///  - io:        CSV, GeoJSON, networkx JSON and scenario files
///  - partition: drawing, redesigning and improving grids; synthetic cities
///  - workload:  workload per grid, balanced grids, staffing, fairness
///  - simulate:  event handling through the hierarchy, replications, calibration
///  - ensemble:  ReCom chains of valid plans, how typical a plan is, diagnostics
///
/// The Boost.Graph view of the hierarchy (gridgov/core/hierarchy_graph.hpp),
/// the JSON serializers (gridgov/core/json.hpp) and the Eigen maps
/// (gridgov/core/eigen.hpp) are included too;
/// include single headers instead to compile faster.

#include "gridgov/core/codes.hpp"
#include "gridgov/core/eigen.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/core/fields.hpp"
#include "gridgov/core/format.hpp"
#include "gridgov/core/hierarchy.hpp"
#include "gridgov/core/hierarchy_graph.hpp"
#include "gridgov/core/json.hpp"
#include "gridgov/core/names.hpp"
#include "gridgov/core/plan.hpp"
#include "gridgov/core/progress.hpp"
#include "gridgov/core/rules.hpp"
#include "gridgov/core/unit_graph.hpp"
#include "gridgov/core/validate.hpp"
#include "gridgov/ensemble/ensemble.hpp"
#include "gridgov/ensemble/outcomes.hpp"
#include "gridgov/io/csv.hpp"
#include "gridgov/io/crs.hpp"
#include "gridgov/io/geojson.hpp"
#include "gridgov/io/networkx.hpp"
#include "gridgov/io/scenario.hpp"
#include "gridgov/partition/improve.hpp"
#include "gridgov/partition/partition.hpp"
#include "gridgov/partition/presets.hpp"
#include "gridgov/partition/redesign.hpp"
#include "gridgov/partition/synth.hpp"
#include "gridgov/simulate/params.hpp"
#include "gridgov/simulate/replicate.hpp"
#include "gridgov/simulate/simulate.hpp"
#include "gridgov/workload/balanced.hpp"
#include "gridgov/workload/config.hpp"
#include "gridgov/workload/fairness.hpp"
#include "gridgov/workload/staffing.hpp"
#include "gridgov/workload/workload.hpp"

#pragma once
/// @file gridgov.hpp
/// @brief Umbrella header: everything except the Boost.Graph views
/// (gridgov/hierarchy_graph.hpp), which pull in heavier templates.

#include "gridgov/codes.hpp"
#include "gridgov/error.hpp"
#include "gridgov/hierarchy.hpp"
#include "gridgov/io/csv.hpp"
#include "gridgov/plan.hpp"
#include "gridgov/progress.hpp"
#include "gridgov/unit_graph.hpp"
#include "gridgov/validate.hpp"

#pragma once
/// @file gridgov/core/progress.hpp
/// @brief Progress reporting and cancellation for long computations.

#include <functional>
#include <string_view>

namespace gridgov {

/// Called now and then by long computations with the fraction done (0..1)
/// and the current stage. Return false to cancel: the computation then
/// throws gridgov::Interrupted. The Python bindings use it to deliver
/// Ctrl-C from Jupyter.
using ProgressCallback = std::function<bool(double fraction, std::string_view stage)>;

}  // namespace gridgov

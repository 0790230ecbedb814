#pragma once
/// @file gridgov/core/format.hpp
/// @brief Numbers as text: the one formatter behind CSV outputs, messages
/// and report tables.

#include <string>

namespace gridgov {

/// `v` with up to `digits` significant digits (printf's %g): whole numbers
/// without a decimal point ("500", not "500.0"), "inf", "-inf", "nan".
/// The default, 10 digits, keeps every household count and survey
/// coordinate exact in CSV outputs.
[[nodiscard]] std::string format_number(double v, int digits = 10);

/// `v` with exactly `decimals` digits after the point (printf's %.*f), for
/// columns of a table.
[[nodiscard]] std::string format_fixed(double v, int decimals);

}  // namespace gridgov

#pragma once
/// @file gridgov/partition/presets.hpp
/// @brief Named presets for how hard partition(), redesign() and improve()
/// search: the defaults of every search setting, in one table.
///
/// The option structs take their defaults from `effort(Preset::standard)`,
/// so `PartitionOptions{}` and `PartitionOptions::preset(Preset::standard)`
/// are the same; `fast` and `even` change only the settings listed in
/// Effort, never the rules (bounds, nesting) or the seed.
///
/// Measured on a synthetic city of 200,000 buildings (15,474 grids, one
/// core of the development machine): standard 0.08 s, mean cut-edge ratio
/// 0.477, standard deviation of grid households 49; fast 0.07 s, 0.482, 49;
/// even 0.09 s, 0.486, 39. See README "Presets".

#include <array>
#include <string_view>
#include <utility>

#include "gridgov/core/names.hpp"

namespace gridgov {

/// How hard to search, traded against time or against boundary length.
enum class Preset : unsigned char {
  standard = 0,  ///< the defaults: balance and short boundaries weighed equally, four polish passes
  fast,          ///< no boundary polish after the split; improve() stops after two passes
  even,          ///< prefer even totals over short boundaries
};

template <>
struct EnumNames<Preset> {
  static constexpr std::string_view what = "preset";
  static constexpr std::array<std::pair<Preset, std::string_view>, 3> values{
      {{Preset::standard, "standard"}, {Preset::fast, "fast"}, {Preset::even, "even"}}};
  static constexpr std::array<std::pair<Preset, std::string_view>, 1> aliases{{{Preset::standard, "default"}}};
};

/// The search settings a preset fixes.
struct Effort {
  double compactness;   ///< PartitionOptions::compactness
  int polish_passes;    ///< PartitionOptions::polish_passes
  bool redesign_polish; ///< RedesignOptions::polish
  int improve_passes;   ///< ImproveOptions::max_passes
  bool improve_balance; ///< ImproveOptions::balance
};

/// The settings of preset `p`.
[[nodiscard]] constexpr Effort effort(Preset p) noexcept {
  switch (p) {
    case Preset::fast:
      return {0.5, 0, false, 2, false};
    case Preset::even:
      return {0.0, 4, true, 20, true};
    case Preset::standard:
      break;
  }
  return {0.5, 4, false, 20, true};
}

}  // namespace gridgov

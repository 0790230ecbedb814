#pragma once
/// @file gridgov/core/codes.hpp
/// @brief Unified division codes: parse, validate, extend.
///
/// Layout (digits):
///
/// | level      | length | composition                                    |
/// |------------|--------|------------------------------------------------|
/// | province   | 2      | GB/T 2260 province                             |
/// | city       | 4      | province + 2                                   |
/// | county     | 6      | city + 2 (district or county, GB/T 2260)       |
/// | street     | 9      | county + 3 (street or township)                |
/// | community  | 12     | street + 3 (community or village)              |
/// | grid       | 15     | community + 3 grid sequence (DB11/T 2157-2023) |
/// | micro_grid | 17     | grid + 2 micro-grid sequence                   |
/// | building   | 20     | grid + 5 building sequence (00001 to 99999)    |
///
/// Sequences start at 1. An all-zero sequence is a placeholder, not a
/// division of its own: at county, street and community level it repeats the
/// parent, as the statistics bureau publishes a city without counties
/// (Dongguan 4419: county 441900, its streets 441900003, ...) or a county with
/// no streets (street 350527000, community 350527000000). Placeholders are
/// accepted in divisions files only (Hierarchy::from_rows, with a note); at
/// every other level, and for unit and grid labels, an all-zero sequence is
/// not a valid code.

#include <optional>
#include <string>
#include <string_view>

namespace gridgov {

/// Levels of the hierarchy, from the top.
enum class Level : unsigned char {
  province = 0,
  city,
  county,
  street,
  community,
  grid,
  micro_grid,
  building,
};

inline constexpr int kLevelCount = 8;

/// "province", "city", ..., "building".
[[nodiscard]] std::string_view level_name(Level level) noexcept;
/// Parses a level name; also accepts "district" (county), "township"
/// (street), "village" (community) and "microgrid". nullopt if unknown.
[[nodiscard]] std::optional<Level> parse_level(std::string_view name) noexcept;
/// Number of digits of a code at this level.
[[nodiscard]] int code_length(Level level) noexcept;
/// The level a code of this many digits denotes; nullopt for other lengths.
[[nodiscard]] std::optional<Level> level_of_code_length(std::size_t length) noexcept;

/// What a code is. code_kind is the one place that decides; check_code,
/// code_is_valid, extends and child_code follow it.
enum class CodeKind : unsigned char {
  invalid,      ///< not digits only, no level's length (or not `level`'s), or an all-zero sequence
                ///< at a level without placeholders (province, city, grid, micro_grid, building)
  regular,      ///< digits, the level's length, a sequence that is not all zeros
  placeholder,  ///< a county, street or community code whose own sequence is all zeros: the
                ///< parent repeated at this level (441900, 350527000, 350527000000)
};

/// The kind of a code at the level its length denotes.
[[nodiscard]] CodeKind code_kind(std::string_view code) noexcept;
/// The kind of a code at `level` (invalid if the length is not the level's).
[[nodiscard]] CodeKind code_kind(std::string_view code, Level level) noexcept;
/// True for the levels at which an all-zero sequence is a placeholder:
/// county, street and community.
[[nodiscard]] bool level_has_placeholders(Level level) noexcept;

/// Why a code is not a regular code, or "" when it is.
/// Checks: digits only, a length of some level, a non-zero sequence part
/// (a placeholder is reported as such).
[[nodiscard]] std::string check_code(std::string_view code);
/// Same, and the code's length must be the one of `level`.
[[nodiscard]] std::string check_code(std::string_view code, Level level);

/// True when check_code(code, level) is "", i.e. code_kind(code, level) is
/// regular (no allocation; for hot loops).
[[nodiscard]] bool code_is_valid(std::string_view code, Level level) noexcept;

/// The code of the ancestor at `level` (a prefix), or nullopt if `level` is
/// not above the code's own level. building codes have grid parents.
[[nodiscard]] std::optional<std::string> ancestor_code(std::string_view code, Level level);
/// The same for a label that need not be a code (a community label, say):
/// the ancestor at `level` if code_is_valid(code, own), else nullopt.
/// valid_ancestor_code(community, Level::community, Level::street) is the
/// community's street.
[[nodiscard]] std::optional<std::string> valid_ancestor_code(std::string_view code, Level own, Level level);

/// True if `child` is a code (regular or placeholder) one or more levels
/// below the code `parent` (regular or placeholder) and starts with it:
/// extends("441900003", "441900") and extends("350527000", "350527") hold.
[[nodiscard]] bool extends(std::string_view child, std::string_view parent) noexcept;

/// The child code `parent` + zero-padded `sequence` for a child at `level`;
/// `parent` may be a placeholder (child_code("441900", Level::street, 3) is
/// "441900003"). Throws gridgov::Error if the sequence does not fit or the
/// levels do not nest.
[[nodiscard]] std::string child_code(std::string_view parent, Level level, long sequence);

}  // namespace gridgov

#include <cstddef>
#include <span>
#include <vector>

namespace gridgov {

/// The order in which to number children "west to east, north to south"
/// (DB11/T 2157-2023): points are cut into horizontal bands about one item
/// high (the band height is sqrt(bounding-box area / count)), bands are
/// taken north to south and each band west to east. Returns a permutation
/// of 0..n-1. x grows to the east and y to the north.
[[nodiscard]] std::vector<std::size_t> numbering_order(std::span<const double> x, std::span<const double> y);

}  // namespace gridgov

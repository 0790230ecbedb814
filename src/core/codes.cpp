#include "gridgov/core/codes.hpp"

#include <algorithm>
#include <array>

#include "gridgov/core/error.hpp"

namespace gridgov {
namespace {
constexpr std::array<std::string_view, kLevelCount> kNames = {
    "province", "city", "county", "street", "community", "grid", "micro_grid", "building"};
constexpr std::array<int, kLevelCount> kLengths = {2, 4, 6, 9, 12, 15, 17, 20};

bool all_digits(std::string_view s) noexcept {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
bool all_zero(std::string_view s) noexcept {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == '0'; });
}
// The parent level of a level in the code layout (building -> grid).
Level code_parent(Level level) noexcept {
  if (level == Level::building) return Level::grid;
  return static_cast<Level>(static_cast<int>(level) - 1);
}
}  // namespace

std::string_view level_name(Level level) noexcept { return kNames[static_cast<std::size_t>(level)]; }

std::optional<Level> parse_level(std::string_view name) noexcept {
  for (int i = 0; i < kLevelCount; ++i)
    if (kNames[static_cast<std::size_t>(i)] == name) return static_cast<Level>(i);
  if (name == "district") return Level::county;
  if (name == "township") return Level::street;
  if (name == "village") return Level::community;
  if (name == "microgrid" || name == "micro-grid") return Level::micro_grid;
  return std::nullopt;
}

int code_length(Level level) noexcept { return kLengths[static_cast<std::size_t>(level)]; }

std::optional<Level> level_of_code_length(std::size_t length) noexcept {
  for (int i = 0; i < kLevelCount; ++i)
    if (static_cast<std::size_t>(kLengths[static_cast<std::size_t>(i)]) == length) return static_cast<Level>(i);
  return std::nullopt;
}

bool level_has_placeholders(Level level) noexcept {
  return level == Level::county || level == Level::street || level == Level::community;
}

namespace {
// The one decision on a code, given its level (from its length).
CodeKind classify(std::string_view code, Level level) noexcept {
  if (!all_digits(code)) return CodeKind::invalid;
  if (level == Level::province) return all_zero(code) ? CodeKind::invalid : CodeKind::regular;
  if (!all_zero(code.substr(static_cast<std::size_t>(code_length(code_parent(level)))))) return CodeKind::regular;
  return level_has_placeholders(level) ? CodeKind::placeholder : CodeKind::invalid;
}
}  // namespace

CodeKind code_kind(std::string_view code) noexcept {
  auto level = level_of_code_length(code.size());
  return level ? classify(code, *level) : CodeKind::invalid;
}

CodeKind code_kind(std::string_view code, Level level) noexcept {
  if (code.size() != static_cast<std::size_t>(code_length(level))) return CodeKind::invalid;
  return classify(code, level);
}

std::string check_code(std::string_view code) {
  if (code.empty()) return "empty code";
  if (!all_digits(code)) return "code '" + std::string(code) + "' has characters other than digits";
  auto level = level_of_code_length(code.size());
  if (!level)
    return "code '" + std::string(code) + "' has " + std::to_string(code.size()) +
           " digits; expected 2, 4, 6, 9, 12, 15, 17 or 20";
  switch (classify(code, *level)) {
    case CodeKind::regular:
      return "";
    case CodeKind::placeholder: {
      const Level parent = code_parent(*level);
      return "code '" + std::string(code) + "' has an all-zero " + std::string(level_name(*level)) +
             " sequence: a placeholder repeating " + std::string(level_name(parent)) + " '" +
             std::string(code.substr(0, static_cast<std::size_t>(code_length(parent)))) +
             "', accepted in a divisions file only";
    }
    case CodeKind::invalid:
      break;
  }
  if (*level == Level::province) return "province code '00' is not valid";
  return "code '" + std::string(code) + "' has an all-zero " + std::string(level_name(*level)) + " sequence";
}

std::string check_code(std::string_view code, Level level) {
  if (all_digits(code) && code.size() != static_cast<std::size_t>(code_length(level)))
    return "code '" + std::string(code) + "' has " + std::to_string(code.size()) + " digits; a " +
           std::string(level_name(level)) + " code has " + std::to_string(code_length(level));
  return check_code(code);
}

bool code_is_valid(std::string_view code, Level level) noexcept {
  return code_kind(code, level) == CodeKind::regular;
}

std::optional<std::string> ancestor_code(std::string_view code, Level level) {
  auto own = level_of_code_length(code.size());
  if (!own || static_cast<int>(level) >= static_cast<int>(*own)) return std::nullopt;
  if (*own == Level::building && level == Level::micro_grid) return std::nullopt;
  return std::string(code.substr(0, static_cast<std::size_t>(code_length(level))));
}

std::optional<std::string> valid_ancestor_code(std::string_view code, Level own, Level level) {
  if (!code_is_valid(code, own)) return std::nullopt;
  return ancestor_code(code, level);
}

bool extends(std::string_view child, std::string_view parent) noexcept {
  if (code_kind(child) == CodeKind::invalid || code_kind(parent) == CodeKind::invalid) return false;
  if (child.size() <= parent.size()) return false;
  auto cl = level_of_code_length(child.size());
  if (*cl == Level::building && parent.size() == static_cast<std::size_t>(code_length(Level::micro_grid)))
    return false;
  return child.substr(0, parent.size()) == parent;
}

std::string child_code(std::string_view parent, Level level, long sequence) {
  auto pl = level_of_code_length(parent.size());
  if (!pl || code_kind(parent) == CodeKind::invalid)
    throw Error("not a valid parent code: '" + std::string(parent) + "'");
  if (code_parent(level) != *pl)
    throw Error("a " + std::string(level_name(level)) + " code cannot extend a " + std::string(level_name(*pl)) +
                " code '" + std::string(parent) + "'");
  const int width = code_length(level) - static_cast<int>(parent.size());
  long limit = 1;
  for (int i = 0; i < width; ++i) limit *= 10;
  if (sequence < 1 || sequence >= limit)
    throw Error("sequence " + std::to_string(sequence) + " does not fit in " + std::to_string(width) +
                " digits under '" + std::string(parent) + "'");
  std::string digits = std::to_string(sequence);
  return std::string(parent) + std::string(static_cast<std::size_t>(width) - digits.size(), '0') + digits;
}

}  // namespace gridgov

#include <cmath>
#include <numeric>

namespace gridgov {

std::vector<std::size_t> numbering_order(std::span<const double> x, std::span<const double> y) {
  const std::size_t n = std::min(x.size(), y.size());
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (n < 2) return order;
  auto [xmin, xmax] = std::minmax_element(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(n));
  auto [ymin, ymax] = std::minmax_element(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(n));
  const double w = std::max(*xmax - *xmin, 1e-12), h = std::max(*ymax - *ymin, 1e-12);
  const double band = std::sqrt(w * h / static_cast<double>(n));
  const double top = *ymax;
  auto band_of = [&](std::size_t i) { return static_cast<long>(std::floor((top - y[i]) / band)); };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const long ba = band_of(a), bb = band_of(b);
    if (ba != bb) return ba < bb;
    return x[a] < x[b];
  });
  return order;
}

}  // namespace gridgov

#pragma once
// Internal: the bytes of an input text file turned into UTF-8 once, before
// any parsing (see io::CsvOptions::encoding). Valid UTF-8 is returned as a
// view of the input (no copy); GBK/GB18030 are transcoded with iconv into
// `storage`. The result holds well-formed UTF-8 without NUL bytes, so the
// CSV reader need not check it again.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "gridgov/io/csv.hpp"

namespace gridgov::io::detail {

/// The UTF-8 text of `bytes` (a view of `bytes` or of `storage`). Throws
/// InputError naming `source`, the line and the column (in bytes) of the
/// first byte that no allowed encoding reads, and says what to do about
/// spreadsheets (.xlsx/.xls) and UTF-16 files.
[[nodiscard]] std::string_view to_utf8(std::string_view bytes, const std::string& source, const CsvOptions& options,
                                       std::string& storage);

/// True for a field Excel wrote in scientific notation ("6.20102E+11"): a
/// code that was a long number in a cell formatted as General. Codes are
/// large numbers, so the exponent is positive: a '+' is required.
[[nodiscard]] inline bool excel_scientific(std::string_view s) noexcept {
  const std::size_t n = s.size();
  // Checked on codes row after row: first a '+' among the last four bytes
  // (the sign of a 1-3 digit exponent), one load and four operations that
  // every real code fails.
  if (n < 4) return false;
  std::uint32_t w = 0;
  std::memcpy(&w, s.data() + n - 4, 4);
  w ^= 0x2B2B2B2BU;  // '+' bytes become zero
  if (((w - 0x01010101U) & ~w & 0x80808080U) == 0) return false;
  std::size_t i = 0;
  auto digit = [&](std::size_t k) { return k < n && s[k] >= '0' && s[k] <= '9'; };
  if (i < n && (s[i] == '-' || s[i] == '+')) ++i;
  if (!digit(i)) return false;
  while (digit(i)) ++i;
  if (i < n && s[i] == '.') {
    ++i;
    while (digit(i)) ++i;
  }
  if (i + 1 >= n || (s[i] != 'E' && s[i] != 'e') || s[i + 1] != '+') return false;
  i += 2;
  if (!digit(i)) return false;
  while (digit(i)) ++i;
  return i == n;
}

}  // namespace gridgov::io::detail

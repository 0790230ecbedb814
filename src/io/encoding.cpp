#include "io/encoding.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iconv.h>

#include "io/csv_reader.hpp"
#include "gridgov/core/error.hpp"

namespace gridgov::io {

namespace {

struct Place {
  std::size_t line, column;
};

// 1-based line and column (in bytes) of offset `at`: line ends are single
// LF bytes in every supported encoding.
Place place_of(std::string_view bytes, std::size_t at) {
  const auto before = bytes.substr(0, at);
  const std::size_t line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t nl = before.rfind('\n');
  return {line, nl == std::string_view::npos ? at + 1 : at - nl};
}

std::string where(Place p) { return "line " + std::to_string(p.line) + ", column " + std::to_string(p.column); }

std::string hex_byte(unsigned char b) {
  static const char* hex = "0123456789ABCDEF";
  return std::string("0x") + hex[b >> 4] + hex[b & 15];
}

bool starts_with(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(0, p.size()) == p; }

constexpr std::string_view kGiveEncoding = "save the file as UTF-8, or name its encoding (--encoding / encoding=)";

// Spreadsheets and UTF-16 files, told apart by their first bytes.
void check_signature(std::string_view bytes, const std::string& source) {
  if (starts_with(bytes, std::string_view("PK\x03\x04", 4)))
    throw InputError(source, 0,
                     "this is a zip file, most likely an Excel workbook (.xlsx), not CSV: in Excel use Save As > "
                     "\"CSV UTF-8 (Comma delimited)\", or read the .xlsx in Python (gridgov.read_graph and read_plan "
                     "accept .xlsx with openpyxl)");
  if (starts_with(bytes, std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)))
    throw InputError(source, 0,
                     "this is an old Excel workbook (.xls), not CSV: in Excel use Save As > \"CSV UTF-8 (Comma "
                     "delimited)\"");
  if (starts_with(bytes, "\xFF\xFE") || starts_with(bytes, "\xFE\xFF"))
    throw InputError(source, 1, "the file is UTF-16: save it as UTF-8");
}

void check_nul(std::string_view bytes, const std::string& source) {
  const void* z = std::memchr(bytes.data(), 0, bytes.size());
  if (z == nullptr) return;
  const auto p = place_of(bytes, static_cast<std::size_t>(static_cast<const char*>(z) - bytes.data()));
  throw InputError(source, p.line, "NUL byte at " + where(p) + " (a UTF-16 file? save it as UTF-8)");
}

// Transcodes all of `bytes` from `charset` into `out`; npos on success, else
// the offset of the first byte the charset does not read.
std::size_t transcode(std::string_view bytes, const char* charset, std::string& out) {
  iconv_t cd = ::iconv_open("UTF-8", charset);
  if (cd == reinterpret_cast<iconv_t>(-1)) throw Error(std::string("the C library cannot convert from ") + charset);
  out.resize(bytes.size() + bytes.size() / 2 + 16);  // CJK: 2 bytes -> 3
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  std::size_t done = 0;
  std::size_t bad = std::string_view::npos;
  while (in_left > 0) {
    char* o = out.data() + done;
    std::size_t o_left = out.size() - done;
    const std::size_t r = ::iconv(cd, &in, &in_left, &o, &o_left);
    done = static_cast<std::size_t>(o - out.data());
    if (r != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() + in_left * 2 + 16);
      continue;
    }
    bad = static_cast<std::size_t>(in - bytes.data());  // EILSEQ, or EINVAL: cut short at the end
    break;
  }
  ::iconv_close(cd);
  out.resize(done);
  return bad;
}

}  // namespace

Encoding parse_encoding(std::string_view name) {
  std::string s;
  for (char c : name) s += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (s == "auto" || s.empty()) return Encoding::automatic;
  if (s == "utf-8" || s == "utf8" || s == "utf-8-sig") return Encoding::utf8;
  if (s == "gbk" || s == "cp936" || s == "gb2312") return Encoding::gbk;
  if (s == "gb18030") return Encoding::gb18030;
  throw InputError("unknown encoding '" + std::string(name) + "': expected auto, utf-8, gbk or gb18030");
}

std::string_view encoding_name(Encoding e) noexcept {
  switch (e) {
    case Encoding::automatic: return "auto";
    case Encoding::utf8: return "utf-8";
    case Encoding::gbk: return "gbk";
    case Encoding::gb18030: return "gb18030";
  }
  return "auto";
}

std::vector<std::pair<std::string, std::string>> parse_column_map(std::string_view spec) {
  std::vector<std::pair<std::string, std::string>> out;
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  while (!spec.empty()) {
    const std::size_t comma = spec.find(',');
    const std::string_view item = trim(spec.substr(0, comma));
    spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
    if (item.empty()) continue;
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos)
      throw InputError("column mapping '" + std::string(item) + "' is not NAME=COLUMN (e.g. id=编号)");
    const auto name = trim(item.substr(0, eq)), column = trim(item.substr(eq + 1));
    if (name.empty() || column.empty())
      throw InputError("column mapping '" + std::string(item) + "' is not NAME=COLUMN (e.g. id=编号)");
    for (const auto& [n, c] : out)
      if (n == name) throw InputError("column mapping names '" + std::string(name) + "' twice");
    if (detail::invalid_utf8_at(column) != std::string_view::npos) throw InputError("column mapping '" + std::string(name) + "' is not UTF-8 text");
    out.emplace_back(std::string(name), std::string(column));
  }
  return out;
}

namespace detail {

std::string_view to_utf8(std::string_view bytes, const std::string& source, const CsvOptions& options,
                         std::string& storage) {
  check_signature(bytes, source);
  const bool bom = starts_with(bytes, "\xEF\xBB\xBF");
  if (options.encoding == Encoding::utf8 || options.encoding == Encoding::automatic) {
    const std::size_t at = invalid_utf8_at(bytes);
    if (at == std::string_view::npos) return bytes;
    const auto byte = static_cast<unsigned char>(bytes[at]);
    const auto p = place_of(bytes, at);
    if (byte == 0) throw InputError(source, p.line, "NUL byte at " + where(p) + " (a UTF-16 file? save it as UTF-8)");
    const std::string utf8_error = "not valid UTF-8 at " + where(p) + " (byte " + hex_byte(byte) + ")";
    // Chinese characters in UTF-8 before the bad byte: a UTF-8 file with a
    // broken character, which GB18030 would only turn into other
    // characters. (GBK text seldom forms even one 3-byte UTF-8 sequence.)
    const auto before = bytes.substr(0, at);
    const auto wide = std::count_if(before.begin(), before.end(), [](char c) { return static_cast<unsigned char>(c) >= 0xE0; });
    if (wide >= 2 && options.encoding == Encoding::automatic)
      throw InputError(source, p.line, utf8_error + " after text that is UTF-8: a broken character? " + std::string(kGiveEncoding));
    if (options.encoding == Encoding::utf8 || bom)
      throw InputError(source, p.line, utf8_error + (bom ? " although the file starts with a UTF-8 byte-order mark" : "") +
                                           ": " + std::string(kGiveEncoding));
    // Not UTF-8: what Excel writes on a Chinese Windows is GBK, read as its
    // superset GB18030.
    const std::size_t bad = transcode(bytes, "GB18030", storage);
    if (bad != std::string_view::npos) {
      const auto q = place_of(bytes, bad);
      throw InputError(source, p.line,
                       utf8_error + ", nor GB18030 (" + where(q) + ", byte " +
                           hex_byte(static_cast<unsigned char>(bytes[bad])) + "): " + std::string(kGiveEncoding));
    }
    if (options.on_note)
      options.on_note(source + ": not UTF-8 (" + where(p) + "); read as GB18030 (GBK), the Chinese Windows encoding");
    return storage;
  }
  check_nul(bytes, source);
  // A file that is UTF-8 throughout (as every file gridgov writes) is read
  // as UTF-8: Chinese text in GBK is not valid UTF-8 past a few characters.
  if (invalid_utf8_at(bytes) == std::string_view::npos) {
    const bool ascii = std::all_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (!ascii && options.on_note)
      options.on_note(source + ": valid UTF-8, read as UTF-8 although the encoding was given as " +
                      std::string(encoding_name(options.encoding)));
    return bytes;
  }
  if (bom)
    throw InputError(source, 1,
                     "the file starts with a UTF-8 byte-order mark but its encoding was given as " +
                         std::string(encoding_name(options.encoding)) + ": read it as utf-8 (or auto)");
  const char* charset = options.encoding == Encoding::gbk ? "GBK" : "GB18030";
  const std::size_t bad = transcode(bytes, charset, storage);
  if (bad != std::string_view::npos) {
    const auto q = place_of(bytes, bad);
    throw InputError(source, q.line,
                     "not valid " + std::string(options.encoding == Encoding::gbk ? "GBK" : "GB18030") + " at " +
                         where(q) + " (byte " + hex_byte(static_cast<unsigned char>(bytes[bad])) +
                         "): check the encoding (--encoding / encoding=)");
  }
  return storage;
}

}  // namespace detail
}  // namespace gridgov::io

#pragma once
// Internal: a fast CSV tokenizer over a whole file held in memory. Handles a
// UTF-8 BOM, LF or CRLF, blank lines, and double-quoted fields ("" escapes).
// The text must be UTF-8 without NUL bytes: anything else is an InputError
// with the line and column before a field is read, so no invalid byte
// reaches an id, a name or a message (and from there a JSON, GeoJSON or CSV
// output).

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gridgov/core/error.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace gridgov::io::detail {

/// Offset of the first byte of `text` that is NUL or not part of
/// well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF);
/// npos when there is none. ASCII goes 8 bytes at a time, CJK (3-byte
/// characters) has a path of its own: about 1.5 GB/s on Chinese division
/// files, a few percent of reading them.
inline std::size_t invalid_utf8_at(std::string_view text) noexcept {
  const auto* const begin = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = begin + text.size();
  const auto* p = begin;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL, kOnes = 0x0101010101010101ULL;
  while (p != end) {
    while (end - p >= 8) {
      std::uint64_t w = 0;
      std::memcpy(&w, p, 8);
      if ((w & kHigh) != 0 || ((w - kOnes) & ~w & kHigh) != 0) break;  // a byte >= 0x80, or a zero byte
      p += 8;
    }
    if (p == end) break;
    const unsigned c = *p;
    if (c == 0) return static_cast<std::size_t>(p - begin);
    if (c < 0x80) {
      ++p;
      continue;
    }
    // The common case first: a 3-byte character (all of CJK), E1-EC or
    // EE-EF then two continuation bytes.
    if ((c & 0xF0) == 0xE0 && c != 0xE0 && c != 0xED && end - p >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
      p += 3;
      continue;
    }
    std::ptrdiff_t n = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      if (c == 0xE0) lo = 0xA0;       // overlong
      else if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      if (c == 0xF0) lo = 0x90;       // overlong
      else if (c == 0xF4) hi = 0x8F;  // past U+10FFFF
    } else {
      return static_cast<std::size_t>(p - begin);
    }
    if (end - p <= n || p[1] < lo || p[1] > hi) return static_cast<std::size_t>(p - begin);
    for (std::ptrdiff_t k = 2; k <= n; ++k)
      if ((p[k] & 0xC0) != 0x80) return static_cast<std::size_t>(p - begin);
    p += n + 1;
  }
  return std::string_view::npos;
}

class CsvReader {
 public:
  CsvReader(std::string_view text, std::string source) : CsvReader(text, std::move(source), false) {}
  /// `checked`: the text is known to be UTF-8 without NUL (detail::to_utf8
  /// made it so), and is not checked again.
  CsvReader(std::string_view text, std::string source, bool checked) : text_(text), source_(std::move(source)) {
    if (text_.size() >= 3 && text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    if (!checked) check_text();
  }

  /// Reads the next non-blank record into fields(); false at end of input.
  bool next() {
    const char* const data = text_.data();
    const char* const end = data + text_.size();
    while (pos_ < text_.size()) {
      ++line_;
      fields_.clear();
      // One pass over the line splits it at commas and stops at the newline
      // (16 bytes at a time where SSE2 is available); a double quote sends
      // the line to the slower quoted-field path.
      const char* const b = data + pos_;
      const char* field = b;
      const char* nl = nullptr;
      bool quoted = false;
      const char* p = b;
#if defined(__SSE2__)
      const __m128i comma = _mm_set1_epi8(','), newline = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"');
      while (end - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        auto mc = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma)));
        const auto mn = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, newline)));
        auto mq = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)));
        if (mn != 0) {
          const unsigned before = (mn & (0u - mn)) - 1;  // bytes before the first newline
          mc &= before;
          mq &= before;
        }
        if (mq != 0) {
          quoted = true;
          break;
        }
        for (; mc != 0; mc &= mc - 1) {
          const char* c = p + std::countr_zero(mc);
          fields_.emplace_back(field, static_cast<std::size_t>(c - field));
          field = c + 1;
        }
        if (mn != 0) {
          nl = p + std::countr_zero(mn);
          break;
        }
        p += 16;
      }
#endif
      if (nl == nullptr && !quoted) {
        for (; p != end; ++p) {
          const char c = *p;
          if (c == ',') {
            fields_.emplace_back(field, static_cast<std::size_t>(p - field));
            field = p + 1;
          } else if (c == '\n') {
            break;
          } else if (c == '"') {
            quoted = true;
            break;
          }
        }
        nl = p;
      }
      if (quoted) {
        nl = static_cast<const char*>(std::memchr(b, '\n', static_cast<std::size_t>(end - b)));
        if (nl == nullptr) nl = end;
      }
      pos_ = static_cast<std::size_t>(nl - data) + 1;
      std::string_view row(b, static_cast<std::size_t>(nl - b));
      if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
      if (quoted) {
        fields_.clear();
        split_quoted(row);
        return true;
      }
      const std::string_view last(field, static_cast<std::size_t>(b + row.size() - field));
      if (fields_.empty() && last.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank line
      fields_.push_back(last);
      return true;
    }
    fields_.clear();
    return false;
  }

  /// Fast path for the commonest record of an edge list, two canonical
  /// non-negative integers and nothing else ("12,345", LF or CRLF): their
  /// values, and the offset after the record to pass to skip(). Any other
  /// record (spaces, quotes, signs, leading zeros, a third field, a blank
  /// line) returns false; next() then reads it the general way.
  [[nodiscard]] bool peek_two_naturals(std::int64_t& a, std::int64_t& b, std::size_t& after) const noexcept {
    if (pos_ >= text_.size()) return false;
    const char* p = text_.data() + pos_;
    const char* const end = text_.data() + text_.size();
    if (!natural(p, end, a) || p == end || *p != ',') return false;
    ++p;
    if (!natural(p, end, b)) return false;
    if (p != end && *p == '\r') ++p;
    if (p != end && *p != '\n') return false;
    after = static_cast<std::size_t>(p - text_.data()) + (p != end ? 1 : 0);
    return true;
  }
  /// Consumes the record peeked by peek_two_naturals.
  void skip(std::size_t after) noexcept {
    pos_ = after;
    ++line_;
  }

  /// Reads the record at the current position field by field, converting
  /// as it goes, when every field is plain: no quotes, no blanks around it,
  /// numbers in the fast decimal form. Any other record makes ok() false;
  /// the caller then leaves it to next() and the general conversions, which
  /// give the same values (and the errors, with their messages).
  class Plain {
   public:
    explicit Plain(const CsvReader& r) noexcept
        : p_(r.text_.data() + std::min(r.pos_, r.text_.size())), end_(r.text_.data() + r.text_.size()),
          base_(r.text_.data()), ok_(p_ != end_) {}
    [[nodiscard]] bool ok() const noexcept { return ok_; }
    /// The next field as text (empty allowed only with allow_empty).
    [[gnu::always_inline]] std::string_view text(bool allow_empty) noexcept {
      if (!start()) return {};
      const char* const b = p_;
      while (p_ != end_ && *p_ != ',' && *p_ != '\n' && *p_ != '\r' && *p_ != '"') ++p_;
      const std::string_view f(b, static_cast<std::size_t>(p_ - b));
      if ((f.empty() && !allow_empty) || (!f.empty() && (blank(f.front()) || blank(f.back())))) ok_ = false;
      separator();
      return f;
    }
    /// The next field as a plain decimal of at most 15 digits.
    [[gnu::always_inline]] double number() noexcept {
      if (!start()) return 0;
      double v = 0;
      if (!scan_decimal(p_, end_, v)) ok_ = false;
      if (p_ != end_ && *p_ != ',' && *p_ != '\n' && *p_ != '\r') ok_ = false;
      separator();
      return v;
    }
    /// True when the record ends after the fields read; `after` is the
    /// offset of the next record, to pass to skip().
    bool finish(std::size_t& after) noexcept {
      if (!ok_ || more_) return false;
      if (p_ != end_ && *p_ == '\r') ++p_;
      if (p_ != end_ && *p_ != '\n') return false;
      after = static_cast<std::size_t>(p_ - base_) + (p_ != end_ ? 1 : 0);
      return true;
    }

   private:
    bool start() noexcept {
      if (!more_) ok_ = false;
      return ok_;
    }
    void separator() noexcept {
      more_ = p_ != end_ && *p_ == ',';
      if (more_) ++p_;
    }
    const char* p_;
    const char* end_;
    const char* base_;
    bool ok_;
    bool more_ = true;  // a field is due
  };

  /// Whether byte `c` occurs anywhere in the text (memchr: several GB/s).
  [[nodiscard]] bool contains(char c) const noexcept { return std::memchr(text_.data(), c, text_.size()) != nullptr; }
  [[nodiscard]] const std::vector<std::string_view>& fields() const noexcept { return fields_; }
  [[nodiscard]] std::size_t line() const noexcept { return line_; }
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

  [[noreturn, gnu::cold, gnu::noinline]] void fail(const std::string& message) const { throw InputError(source_, line_, message); }

  /// Reads the header and returns the column names, a name that `columns`
  /// maps ({gridgov name, name in the file}) given as its gridgov name.
  /// Fails on an empty file or duplicate column names.
  std::vector<std::string> header(const std::vector<std::pair<std::string, std::string>>& columns = {}) {
    if (!next()) fail("empty file: expected a header line");
    std::vector<std::string> names;
    for (auto f : fields_)
      if (f.find('\r') != std::string_view::npos)
        fail("lines end in a bare carriage return (CR), as old Mac software writes: save the file with LF or CRLF line ends");
    for (auto f : fields_) {
      std::string name(trim(f));
      std::string from;
      for (const auto& [to, in_file] : columns)
        if (in_file == name && in_file != to) {
          from = std::move(name);
          name = to;
          break;
        }
      for (const auto& prev : names)
        if (prev == name)
          fail("column '" + name + "' appears twice in the header" +
               (from.empty() ? std::string() : " (column '" + from + "' is mapped to it)"));
      names.push_back(std::move(name));
    }
    return names;
  }

  /// Checks the record has exactly `n` fields.
  void expect_fields(std::size_t n) const {
    if (fields_.size() != n)
      fail("expected " + std::to_string(n) + " fields, found " + std::to_string(fields_.size()) +
           (fields_.size() < n ? " (truncated line?)" : ""));
  }

  /// Parses a finite number in field `i` named `column`.
  [[nodiscard]] double number(std::size_t i, std::string_view column) const {
    const std::string_view f = trim(fields_[i]);
    double v = 0;
    if (!f.empty() && fast_decimal(f, v)) return v;
    return general_number(i, column);
  }
  /// A number that must be >= 0.
  [[nodiscard]] double non_negative(std::size_t i, std::string_view column) const {
    double v = number(i, column);
    if (v < 0) fail(std::string(column) + " must not be negative, got '" + std::string(trim(fields_[i])) + "'");
    return v;
  }
  /// A non-empty text field.
  [[nodiscard]] std::string_view text(std::size_t i, std::string_view column) const {
    std::string_view f = trim(fields_[i]);
    if (f.empty()) fail(std::string(column) + " is empty");
    return f;
  }

  static std::string_view trim(std::string_view s) {
    // Most fields have no padding: two tests and no loop.
    if (s.empty() || !(blank(s.front()) || blank(s.back()))) return s;
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  }

 private:
  static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  static bool blank(char c) noexcept { return c == ' ' || c == '\t'; }
  // A canonical decimal of 1-18 digits ("0", "17"; not "017"), advancing p.
  static bool natural(const char*& p, const char* end, std::int64_t& v) noexcept {
    const char* const s = p;
    v = 0;
    // Digits past the 18th only lengthen the run (which then fails): no overflow.
    for (unsigned d; p != end && (d = static_cast<unsigned>(*p - '0')) < 10; ++p)
      if (p - s < 18) v = v * 10 + static_cast<std::int64_t>(d);
    const auto len = p - s;
    return len > 0 && len <= 18 && !(len > 1 && *s == '0');
  }
  // Numbers the fast path declines: exponents, long mantissas, a leading '+',
  // and every error.
  [[gnu::noinline]] double general_number(std::size_t i, std::string_view column) const {
    std::string_view f = trim(fields_[i]);
    if (f.empty()) fail(std::string(column) + " is empty");
    if (f.front() == '+') f.remove_prefix(1);
    double v = 0;
    auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
    if (ec != std::errc() || p != f.data() + f.size())
      fail(std::string(column) + " is not a number: '" + std::string(fields_[i]) + "'");
    if (!std::isfinite(v)) fail(std::string(column) + " must be a finite number, got '" + std::string(f) + "'");
    return v;
  }
  // Plain decimals ("-12", "3.25") whose digits fit 2^53 with at most 15
  // after the point convert exactly with one division: the decimal and the
  // power of ten are both exact doubles, and one IEEE operation rounds
  // correctly. Anything else (exponents, long mantissas) goes to from_chars.
  static bool fast_decimal(std::string_view f, double& out) {
    const char* p = f.data();
    return scan_decimal(p, p + f.size(), out) && p == f.data() + f.size();
  }
  // Reads a plain decimal at p, advancing p to the first byte after it:
  // false (value unusable) unless it has 1-15 digits and, with a point, a
  // digit after the point ("5." is left to the general parser).
  [[gnu::always_inline]] static bool scan_decimal(const char*& p, const char* e, double& out) noexcept {
    const bool negative = p != e && *p == '-';
    if (negative) ++p;
    std::uint64_t m = 0;
    const char* const int_begin = p;
    for (unsigned d; p != e && (d = static_cast<unsigned>(*p - '0')) < 10; ++p) m = m * 10 + d;
    const auto int_digits = p - int_begin;
    std::ptrdiff_t frac = 0;
    if (p != e && *p == '.') {
      const char* const frac_begin = ++p;
      for (unsigned d; p != e && (d = static_cast<unsigned>(*p - '0')) < 10; ++p) m = m * 10 + d;
      frac = p - frac_begin;
      if (frac == 0) return false;
    }
    if (int_digits + frac == 0 || int_digits + frac > 15) return false;  // 15 digits < 2^53
    double v = static_cast<double>(m);
    if (frac > 0) v /= kPow10[frac];
    out = negative ? -v : v;
    return true;
  }

  // Rejects text that is not UTF-8, naming the line and column (in bytes)
  // of the first bad byte.
  void check_text() const {
    const std::size_t at = invalid_utf8_at(text_);
    if (at == std::string_view::npos) return;
    const auto bytes = text_.substr(0, at);
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(bytes.begin(), bytes.end(), '\n'));
    const std::size_t nl = bytes.rfind('\n');
    const std::size_t column = nl == std::string_view::npos ? at + 1 : at - nl;
    const auto byte = static_cast<unsigned char>(text_[at]);
    const bool utf16 = text_.size() >= 2 && ((byte == 0xFF && text_[1] == '\xFE') || (byte == 0xFE && text_[1] == '\xFF'));
    static const char* hex = "0123456789ABCDEF";
    const std::string where = "line " + std::to_string(line) + ", column " + std::to_string(column);
    std::string message;
    if (utf16 && at == 0) message = "the file is UTF-16: save it as UTF-8";
    else if (byte == 0) message = "NUL byte at " + where + " (a UTF-16 file? save it as UTF-8)";
    else message = std::string("not valid UTF-8 at ") + where + " (byte 0x" + hex[byte >> 4] + hex[byte & 15] + "): save the file as UTF-8";
    throw InputError(source_, line, message);
  }

  void split_quoted(std::string_view row) {
    // Quoted fields are unescaped into owned storage that lives until next().
    unquoted_.clear();
    unquoted_.reserve(8);
    std::vector<std::pair<bool, std::size_t>> kinds;  // (owned?, index)
    std::vector<std::string_view> plain;
    std::size_t i = 0;
    while (true) {
      while (i < row.size() && row[i] == ' ') ++i;
      if (i < row.size() && row[i] == '"') {
        std::string value;
        ++i;
        bool closed = false;
        while (i < row.size()) {
          if (row[i] == '"') {
            if (i + 1 < row.size() && row[i + 1] == '"') {
              value += '"';
              i += 2;
              continue;
            }
            closed = true;
            ++i;
            break;
          }
          value += row[i++];
        }
        if (!closed) fail("unterminated quoted field (quoted fields may not span lines)");
        while (i < row.size() && row[i] == ' ') ++i;
        if (i < row.size() && row[i] != ',') fail("unexpected text after a quoted field");
        unquoted_.push_back(std::move(value));
        kinds.emplace_back(true, unquoted_.size() - 1);
      } else {
        std::size_t c = row.find(',', i);
        std::size_t e = c == std::string_view::npos ? row.size() : c;
        std::string_view f = row.substr(i, e - i);
        if (f.find('"') != std::string_view::npos) fail("stray double quote inside an unquoted field");
        plain.push_back(f);
        kinds.emplace_back(false, plain.size() - 1);
        i = e;
      }
      if (i >= row.size()) break;
      ++i;  // the comma
      if (i == row.size()) {
        plain.push_back(std::string_view());
        kinds.emplace_back(false, plain.size() - 1);
        break;
      }
    }
    for (auto [owned, k] : kinds) fields_.push_back(owned ? std::string_view(unquoted_[k]) : plain[k]);
  }

  std::string_view text_;
  std::string source_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;
  std::vector<std::string_view> fields_;
  std::vector<std::string> unquoted_;
};

}  // namespace gridgov::io::detail

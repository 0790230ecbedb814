#include "io/json_util.hpp"

#include "io/csv_reader.hpp"
#include "gridgov/core/json.hpp"

#include <algorithm>
#include <cstdint>

namespace gridgov::io::detail {

void throw_json_error(std::string_view text, const std::string& source, std::size_t byte, const std::string& what_in) {
  // byte is 1-based: the position of the byte where parsing failed.
  const std::size_t at = std::min<std::size_t>(byte == 0 ? 0 : byte - 1, text.size());
  const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
  const std::size_t nl = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
  const std::size_t column = nl == std::string_view::npos ? at + 1 : at - nl;
  std::string what = what_in;
  // Drop nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 2: " prefix.
  if (auto p = what.find(": "); p != std::string::npos && what.rfind("[json.exception", 0) == 0) what = what.substr(p + 2);
  what = printable_utf8(what);  // nlohmann quotes the bytes it last read, valid or not
  const bool truncated = at >= text.size() || text.find_first_not_of(" \t\r\n", at) == std::string_view::npos;
  throw InputError(source, line,
                   std::string(truncated ? "truncated JSON" : "malformed JSON") + " at line " + std::to_string(line) +
                       ", column " + std::to_string(column) + " (byte " + std::to_string(byte) + "): " + what);
}

void throw_json_error(const std::string& source, const std::string& what) {
  throw InputError(source, 0, "malformed JSON: " + printable_utf8(what));
}

std::string printable_utf8(std::string_view s) {
  std::string out;
  while (!s.empty()) {
    const std::size_t bad = invalid_utf8_at(s);
    if (bad == std::string_view::npos) {
      out += s;
      break;
    }
    out += s.substr(0, bad);
    static const char* hex = "0123456789ABCDEF";
    const auto b = static_cast<unsigned char>(s[bad]);
    out += "\\x";
    out += hex[b >> 4];
    out += hex[b & 15];
    s.remove_prefix(bad + 1);
  }
  return out;
}

void check_json_depth(std::string_view text, const std::string& source, std::size_t max_depth) {
  std::size_t depth = 0;
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  for (const char* p = begin; p != end; ++p) {
    switch (*p) {
      case '"':
        // Skip the string: to its closing quote, over escaped characters.
        for (++p; p != end && *p != '"'; ++p)
          if (*p == '\\' && p + 1 != end) ++p;
        if (p == end) return;
        break;
      case '[':
      case '{':
        if (++depth > max_depth) {
          const auto at = static_cast<std::size_t>(p - begin);
          const std::size_t line = 1 + static_cast<std::size_t>(std::count(begin, p, '\n'));
          const std::size_t nl = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
          const std::size_t column = nl == std::string_view::npos ? at + 1 : at - nl;
          throw InputError(source, line,
                           "JSON nested deeper than " + std::to_string(max_depth) + " arrays and objects at line " +
                               std::to_string(line) + ", column " + std::to_string(column));
        }
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default: break;
    }
  }
}

std::string_view utf8_prefix(std::string_view s, std::size_t n) noexcept {
  if (s.size() <= n) return s;
  // Back off over continuation bytes (10xxxxxx) to the start of a character.
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

void throw_json_error(std::string_view text, const std::string& source, const std::string& what_in) {
  // nlohmann: "[json.exception.out_of_range.406] number overflow parsing '1e999'".
  std::string what = what_in;
  if (what.rfind("[json.exception", 0) == 0)
    if (auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
  const auto open = what.find('\''), close = what.rfind('\'');
  if (open != std::string::npos && close > open + 1) {
    const std::string_view token = std::string_view(what).substr(open + 1, close - open - 1);
    if (const auto at = text.find(token); at != std::string_view::npos) {
      const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
      throw InputError(source, line, "malformed JSON at line " + std::to_string(line) + ": " + printable_utf8(what));
    }
  }
  throw_json_error(source, what);
}

bool replace_python_nonfinite(std::string& text) {
  // Quick exit: most files have none of these tokens.
  if (text.find("NaN") == std::string::npos && text.find("Infinity") == std::string::npos) return false;
  std::string out;
  out.reserve(text.size() + 16);
  bool any = false;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) out += text[++i];
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
      out += c;
    } else if (c == 'N' && text.compare(i, 3, "NaN") == 0) {
      out += "null";
      i += 2;
      any = true;
    } else if (c == 'I' && text.compare(i, 8, "Infinity") == 0) {
      out += "null";
      i += 7;
      any = true;
    } else if (c == '-' && text.compare(i, 9, "-Infinity") == 0) {
      out += "null";
      i += 8;
      any = true;
    } else {
      out += c;
    }
  }
  if (any) text.swap(out);  // newlines are untouched, so error lines stay right
  return any;
}

void append_string(std::string& out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          static const char* hex = "0123456789abcdef";
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

void append_number(std::string& out, double v, int precision) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buf[64];
  std::to_chars_result r{};
  if (v == std::floor(v) && std::abs(v) < 1e15) {
    r = std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(v));
  } else if (precision >= 0) {
    r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, precision);
    // Trim trailing zeros of the fraction.
    char* end = r.ptr;
    if (std::find(buf, end, '.') != end) {
      while (end > buf && end[-1] == '0') --end;
      if (end > buf && end[-1] == '.') --end;
    }
    r.ptr = end;
  } else {
    r = std::to_chars(buf, buf + sizeof buf, v);
  }
  out.append(buf, r.ptr);
}

}  // namespace gridgov::io::detail

namespace gridgov::detail {

std::string json_preview(const nlohmann::json& j) { return io::detail::preview(j); }

}  // namespace gridgov::detail

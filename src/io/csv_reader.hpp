#pragma once
// Internal: a fast CSV tokenizer over a whole file held in memory. Handles a
// UTF-8 BOM, LF or CRLF, blank lines, and double-quoted fields ("" escapes).

#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "gridgov/error.hpp"

namespace gridgov::io::detail {

class CsvReader {
 public:
  CsvReader(std::string_view text, std::string source) : text_(text), source_(std::move(source)) {
    if (text_.size() >= 3 && text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  /// Reads the next non-blank record into fields(); false at end of input.
  bool next() {
    fields_.clear();
    while (pos_ < text_.size()) {
      ++line_;
      const std::size_t start = pos_;
      std::size_t end = text_.find('\n', pos_);
      if (end == std::string_view::npos) end = text_.size();
      std::string_view row = text_.substr(start, end - start);
      pos_ = end + 1;
      if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
      if (row.find_first_not_of(" \t") == std::string_view::npos) continue;
      if (row.find('"') == std::string_view::npos) {
        split_plain(row);
      } else {
        split_quoted(row);
      }
      return true;
    }
    return false;
  }

  [[nodiscard]] const std::vector<std::string_view>& fields() const noexcept { return fields_; }
  [[nodiscard]] std::size_t line() const noexcept { return line_; }
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

  [[noreturn]] void fail(const std::string& message) const { throw InputError(source_, line_, message); }

  /// Reads the header and returns the column of each wanted name (-1 when
  /// absent). Fails on an empty file or duplicate column names.
  std::vector<std::string> header() {
    if (!next()) fail("empty file: expected a header line");
    std::vector<std::string> names;
    for (auto f : fields_) {
      std::string name(trim(f));
      for (const auto& prev : names)
        if (prev == name) fail("column '" + name + "' appears twice in the header");
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
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  }

 private:
  void split_plain(std::string_view row) {
    // A plain loop: fields are short, so calling memchr per field costs more.
    const char* p = row.data();
    const char* end = p + row.size();
    const char* b = p;
    for (; p != end; ++p) {
      if (*p == ',') {
        fields_.emplace_back(b, static_cast<std::size_t>(p - b));
        b = p + 1;
      }
    }
    fields_.emplace_back(b, static_cast<std::size_t>(end - b));
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

#pragma once
/// @file gridgov/core/error.hpp
/// @brief Exceptions thrown by gridgov.
///
/// Every error that bad input can cause is a gridgov::InputError that names
/// the file (or source), the line or feature (when there is one) and what is
/// wrong. Nothing in gridgov aborts on bad input.

#include <cstddef>
#include <stdexcept>
#include <string>

namespace gridgov {

/// Base class of every exception gridgov throws.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Bad input: a malformed file, a missing column, an unknown id, a bad value.
/// what() reads "FILE:LINE: message" (or "FILE: message" without a line).
class InputError : public Error {
 public:
  InputError(std::string source, std::size_t line, const std::string& message);
  explicit InputError(const std::string& message);

  /// The file or source name ("" when the input came from memory).
  [[nodiscard]] const std::string& source() const noexcept { return source_; }
  /// 1-based line (or feature) number; 0 when the error has no line.
  [[nodiscard]] std::size_t line() const noexcept { return line_; }
  /// The message without the location prefix.
  [[nodiscard]] const std::string& message() const noexcept { return message_; }

 private:
  std::string source_;
  std::size_t line_ = 0;
  std::string message_;
};

/// A file that cannot be opened, read or written: the operating system's
/// reason, not a fault of the contents (those are InputError). what() reads
/// "FILE: message"; the command line exits with code 4 on it.
class FileError : public Error {
 public:
  FileError(std::string path, const std::string& message, int error_number = 0);

  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// The errno value behind it (0 when there is none, e.g. a size limit).
  [[nodiscard]] int error_number() const noexcept { return errno_; }

 private:
  std::string path_;
  int errno_ = 0;
};

/// A long computation was cancelled through its progress callback.
class Interrupted : public Error {
 public:
  Interrupted() : Error("interrupted") {}
};

}  // namespace gridgov

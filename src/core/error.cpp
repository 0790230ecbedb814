#include "gridgov/core/error.hpp"

namespace gridgov {
namespace {
std::string located(const std::string& source, std::size_t line, const std::string& message) {
  std::string out = source;
  if (line > 0) out += ":" + std::to_string(line);
  if (!out.empty()) out += ": ";
  return out + message;
}
}  // namespace

InputError::InputError(std::string source, std::size_t line, const std::string& message)
    : Error(located(source, line, message)), source_(std::move(source)), line_(line), message_(message) {}

InputError::InputError(const std::string& message) : Error(message), message_(message) {}

FileError::FileError(std::string path, const std::string& message, int error_number)
    : Error(path + ": " + message), path_(std::move(path)), errno_(error_number) {}

}  // namespace gridgov

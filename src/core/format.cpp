
#include <cmath>
#include <string>
#include <cstdio>

namespace gridgov {

std::string format_number(double v, int digits) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  const int n = std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
}

std::string format_fixed(double v, int decimals) {
  char buf[400];  // %f of 1e308 has 309 digits before the point
  const int n = std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return std::string(buf, n > 0 && static_cast<std::size_t>(n) < sizeof buf ? static_cast<std::size_t>(n) : 0);
}

}  // namespace gridgov

// CRS names: what the GeoJSON writers state, and whether a CRS is lon/lat.
#include "gridgov/io/crs.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <nlohmann/json.hpp>

#include "gridgov/core/error.hpp"
#include "io/json_util.hpp"

namespace gridgov::io {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && upper(s.substr(0, prefix.size())) == upper(prefix);
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// An authority and code ("EPSG", "32650") named by the CRS text, or empty.
struct Code {
  std::string authority, code;
  [[nodiscard]] bool empty() const noexcept { return code.empty(); }
};

bool is_wkt(std::string_view s) {
  for (std::string_view k : {"PROJCS[", "GEOGCS[", "GEOCCS[", "COMPD_CS[", "LOCAL_CS[", "VERT_CS[", "PROJCRS[",
                             "GEOGCRS[", "GEODCRS[", "BOUNDCRS[", "COMPOUNDCRS[", "ENGCRS[", "ENGINEERINGCRS[",
                             "PROJECTEDCRS[", "GEODETICCRS[", "GEOGRAPHICCRS["})
    if (starts_with_ci(s, k)) return true;
  return false;
}

// The top-level identifier of WKT: the last ID[...] / AUTHORITY[...] when
// nothing but closing brackets follows it.
Code wkt_code(std::string_view s) {
  const std::string u = upper(s);
  std::size_t best = std::string::npos;
  for (std::string_view k : {"AUTHORITY[", "ID["}) {
    const auto at = u.rfind(k);
    if (at != std::string::npos && (best == std::string::npos || at > best)) best = at;
  }
  if (best == std::string::npos) return {};
  const auto open = u.find('[', best);
  const auto close = u.find(']', open);
  if (close == std::string::npos) return {};
  for (std::size_t i = close + 1; i < u.size(); ++i)
    if (u[i] != ']' && !std::isspace(static_cast<unsigned char>(u[i]))) return {};
  if (std::count(u.begin() + static_cast<std::ptrdiff_t>(close + 1), u.end(), ']') != 1) return {};  // not top level
  std::string inner(s.substr(open + 1, close - open - 1));
  inner.erase(std::remove(inner.begin(), inner.end(), '"'), inner.end());
  const auto comma = inner.find(',');
  if (comma == std::string::npos) return {};
  Code c{upper(trim(inner.substr(0, comma))), std::string(trim(inner.substr(comma + 1)))};
  if (c.authority.empty() || !all_digits(c.code)) return {};
  return c;
}

Code projjson_code(std::string_view s, std::string* type) {
  auto j = nlohmann::json::parse(s, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return {};
  if (type && j.contains("type") && j["type"].is_string()) *type = j["type"].get<std::string>();
  auto id = j.find("id");
  if (id == j.end() || !id->is_object()) return {};
  auto a = id->find("authority");
  auto c = id->find("code");
  if (a == id->end() || c == id->end() || !a->is_string()) return {};
  std::string code = c->is_number_integer() ? std::to_string(c->get<long long>())
                                            : (c->is_string() ? c->get<std::string>() : std::string());
  return {upper(a->get<std::string>()), code};
}

// "EPSG:4326", "urn:ogc:def:crs:EPSG::4326", ".../def/crs/EPSG/0/4326", WKT, PROJJSON.
Code code_of(std::string_view crs, std::string* projjson_type = nullptr) {
  crs = trim(crs);
  if (crs.empty()) return {};
  if (crs.front() == '{') return projjson_code(crs, projjson_type);
  if (is_wkt(crs)) return wkt_code(crs);
  if (starts_with_ci(crs, "urn:ogc:def:crs:")) {
    // urn:ogc:def:crs:AUTH:VERSION:CODE
    std::string_view rest = crs.substr(16);
    const auto c1 = rest.find(':');
    const auto c2 = rest.rfind(':');
    if (c1 == std::string_view::npos) return {};
    return {upper(rest.substr(0, c1)), upper(rest.substr(c2 + 1))};
  }
  if (const auto at = crs.find("/def/crs/"); at != std::string_view::npos) {
    std::string_view rest = crs.substr(at + 9);  // AUTH/VERSION/CODE
    const auto s1 = rest.find('/');
    const auto s2 = rest.rfind('/');
    if (s1 == std::string_view::npos || s2 == s1) return {};
    return {upper(rest.substr(0, s1)), upper(rest.substr(s2 + 1))};
  }
  const auto colon = crs.find(':');
  if (colon != std::string_view::npos && crs.find(':', colon + 1) == std::string_view::npos) {
    Code c{upper(trim(crs.substr(0, colon))), upper(trim(crs.substr(colon + 1)))};
    if (!c.authority.empty() && !c.code.empty() &&
        std::all_of(c.authority.begin(), c.authority.end(), [](char ch) { return std::isalpha(static_cast<unsigned char>(ch)); }))
      return c;
  }
  if (upper(crs) == "CRS84" || upper(crs) == "WGS84") return {"OGC", "CRS84"};
  return {};
}

}  // namespace

std::string crs_geojson_name(std::string_view crs) {
  crs = trim(crs);
  const Code c = code_of(crs);
  if (c.empty()) return std::string(crs);
  if (c.authority == "OGC") return "urn:ogc:def:crs:OGC:1.3:" + c.code;
  return "urn:ogc:def:crs:" + c.authority + "::" + c.code;
}

std::optional<bool> crs_is_geographic(std::string_view crs) {
  crs = trim(crs);
  if (crs.empty()) return std::nullopt;
  std::string projjson_type;
  const Code c = code_of(crs, &projjson_type);
  if (!c.empty()) {
    if (c.authority == "OGC") return c.code == "CRS84" || c.code == "CRS83" || c.code == "CRS27";
    if (c.authority == "EPSG" && all_digits(c.code)) {
      int n = 0;
      std::from_chars(c.code.data(), c.code.data() + c.code.size(), n);
      // 4000-4999: geographic 2D systems (4326 WGS 84, 4490 CGCS2000, ...), but 4978 geocentric
      return n >= 4000 && n <= 4999 && n != 4978;
    }
  }
  if (!projjson_type.empty()) return projjson_type == "GeographicCRS";
  return starts_with_ci(crs, "GEOGCS[") || starts_with_ci(crs, "GEOGCRS[") || starts_with_ci(crs, "GEOGRAPHICCRS[");
}

std::string crs_geojson_member(std::string_view crs) {
  std::string out = R"({"type":"name","properties":{"name":)";
  const std::string name = trim(crs).empty() ? std::string(kUnknownPlanarCrs) : crs_geojson_name(crs);
  detail::append_string(out, name);
  out += "}}";
  return out;
}

void check_crs(std::string_view crs, const std::string& where) {
  crs = trim(crs);
  if (crs.empty()) return;
  std::string projjson_type;
  const Code c = code_of(crs, &projjson_type);
  if (!c.empty() || is_wkt(crs) || !projjson_type.empty() || starts_with_ci(crs, "+proj=")) return;
  throw InputError(where, 0,
                   "'" + std::string(crs) + "' names no CRS: give an authority code (EPSG:32650), an OGC URN "
                   "(urn:ogc:def:crs:EPSG::32650), WKT, PROJJSON or a PROJ string");
}

bool same_crs(std::string_view a, std::string_view b) {
  // In GeoJSON, WGS 84 is longitude/latitude whichever way it is named.
  auto name = [](std::string_view c) {
    std::string n = crs_geojson_name(c);
    return n == "urn:ogc:def:crs:EPSG::4326" ? std::string("urn:ogc:def:crs:OGC:1.3:CRS84") : n;
  };
  return name(a) == name(b);
}

}  // namespace gridgov::io

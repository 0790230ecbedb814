#pragma once
/// @file gridgov/io/crs.hpp
/// @brief Coordinate reference systems as the inputs name them, and how the
/// GeoJSON writers state them.
///
/// gridgov keeps a unit graph's CRS as a string (UnitGraph::crs()): an
/// authority code ("EPSG:32650", "OGC:CRS84"), an OGC URN or URL, WKT or
/// PROJJSON, as the input gave it; "" when no input said. The core library
/// has no CRS database: whether a CRS is longitude/latitude is read from its
/// name (EPSG codes 4000-4999 and CRS84/83/27, WKT GEOGCS/GEOGCRS,
/// PROJJSON GeographicCRS); everything else is planar.
///
/// GeoJSON output: RFC 7946 takes coordinates without a "crs" member as
/// longitude/latitude (WGS 84), so the writers always state the CRS with
/// the legacy member `"crs":{"type":"name","properties":{"name":...}}`
/// that GDAL, QGIS and geopandas read: the URN
/// "urn:ogc:def:crs:EPSG::32650" for an authority code, else the CRS's own
/// text (GDAL reads WKT and PROJJSON there). Planar coordinates of no known
/// CRS get kUnknownPlanarCrs, an engineering CRS, so that no reader takes
/// them for degrees.

#include <optional>
#include <string>
#include <string_view>

namespace gridgov::io {

/// The CRS written for planar coordinates whose CRS no input named (WKT of
/// a local engineering CRS; GDAL reads it as such).
inline constexpr std::string_view kUnknownPlanarCrs = R"crs(LOCAL_CS["unknown planar CRS (gridgov: give --crs)",UNIT["metre",1]])crs";

/// Longitude/latitude on WGS 84 (the GeoJSON default).
inline constexpr std::string_view kLonLatCrs = "OGC:CRS84";

/// The name to write in a GeoJSON "crs" member: "urn:ogc:def:crs:EPSG::n"
/// for EPSG:n (also from an OGC URL, WKT or PROJJSON whose top-level
/// identifier is an authority code), "urn:ogc:def:crs:OGC:1.3:CRS84" for
/// CRS84, else the text as given ("" for "").
[[nodiscard]] std::string crs_geojson_name(std::string_view crs);

/// Whether the CRS is longitude/latitude; nullopt for "".
[[nodiscard]] std::optional<bool> crs_is_geographic(std::string_view crs);

/// The "crs" member of a GeoJSON document (the text after `"crs":`): the
/// legacy named CRS, or kUnknownPlanarCrs for "".
[[nodiscard]] std::string crs_geojson_member(std::string_view crs);

/// Checks that `crs` names a CRS the way gridgov keeps one (an authority
/// code "AUTH:code", an OGC URN or URL, WKT, PROJJSON or a PROJ string;
/// "" passes). Only the form is checked: gridgov_geo (geo::check_crs_known)
/// asks PROJ whether it knows the system.
/// @throws InputError from `where` saying what is accepted
void check_crs(std::string_view crs, const std::string& where = "--crs");

/// Whether two CRS strings name the same CRS as far as their names tell
/// (equal GeoJSON names).
[[nodiscard]] bool same_crs(std::string_view a, std::string_view b);

}  // namespace gridgov::io

#pragma once
/// @file gridgov/io/csv.hpp
/// @brief Reading and writing the CSV formats.
///
/// - units: `id,x,y,households,population,community` plus optional numeric
///   columns (`elderly_alone`, `disabled`, `hardship`, ...) and an optional
///   `grid_type` column (urban, rural, dedicated).
/// - edges: `u,v` (unit ids).
/// - plan: `id,grid`.
/// - divisions: `level,code,name,parent_code`.
///
/// Files are UTF-8 (a BOM is skipped) or, as Excel writes them on a Chinese
/// Windows, GBK/GB18030 (see CsvOptions::encoding), with LF or CRLF line
/// ends, and simple double-quoted fields. Every error names the file, the
/// line and the problem. Codes that Excel turned into scientific notation
/// ("6.20102E+11": unit ids, community and street codes, plan ids and
/// grids, division codes) are rejected with their line. Writers build the
/// whole text first and replace the target in one rename, so a failed
/// write leaves no partial file.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gridgov/core/format.hpp"
#include "gridgov/core/hierarchy.hpp"
#include "gridgov/core/plan.hpp"
#include "gridgov/core/unit_graph.hpp"

namespace gridgov::io {

/// The character encoding of a CSV file.
enum class Encoding : std::uint8_t {
  automatic,  ///< UTF-8 (with or without BOM) when the bytes are UTF-8, else GB18030 (with a note)
  utf8,
  gbk,      ///< what Excel writes on a Chinese Windows (code page 936)
  gb18030,  ///< the superset of GBK
};
/// "auto", "utf-8" (utf8), "gbk" (cp936, gb2312) or "gb18030", any case. @throws InputError
[[nodiscard]] Encoding parse_encoding(std::string_view name);
[[nodiscard]] std::string_view encoding_name(Encoding e) noexcept;

/// How CSV files are read: every reader below takes these.
struct CsvOptions {
  Encoding encoding = Encoding::automatic;
  /// Column mapping, {gridgov name, column in the file}: {"id", "编号"}
  /// reads the file's column 编号 as id. An entry whose column a file does
  /// not have is left aside for that file (one mapping serves the units,
  /// plan and edges files of a command).
  std::vector<std::pair<std::string, std::string>> columns;
  /// Told about each file read other than as given, e.g. one detected as
  /// GB18030 under Encoding::automatic.
  std::function<void(const std::string&)> on_note;
};
/// A whole text file as UTF-8, decoded as the CSV readers decode (a BOM,
/// GBK/GB18030 detected or given by options.encoding; columns unused): for
/// the files read by other parsers (people, staffing). @throws FileError, InputError
[[nodiscard]] std::string read_text(const std::string& path, const CsvOptions& options = {});
/// Parses "id=编号,households=户数" into CsvOptions::columns. @throws InputError
[[nodiscard]] std::vector<std::pair<std::string, std::string>> parse_column_map(std::string_view spec);

/// Reads a units table. @throws InputError
[[nodiscard]] UnitTable read_units_csv(const std::string& path, const CsvOptions& options = {});
/// Parses units CSV text; `source` names it in errors.
[[nodiscard]] UnitTable parse_units_csv(std::string_view text, const std::string& source,
                                         const CsvOptions& options = {});

/// Reads `u,v` edges and resolves ids against `table`. @throws InputError
/// on unknown ids or self-loops.
[[nodiscard]] std::vector<Edge> read_edges_csv(const std::string& path, const UnitTable& table,
                                              const CsvOptions& options = {});
[[nodiscard]] std::vector<Edge> parse_edges_csv(std::string_view text, const UnitTable& table,
                                                const std::string& source, const CsvOptions& options = {});

/// Reads units and edges and builds the graph.
[[nodiscard]] UnitGraph read_unit_graph(const std::string& units_path, const std::string& edges_path,
                                         const CsvOptions& options = {});

/// Reads `id,grid`. Unknown ids are errors; a unit given twice is recorded in
/// Plan::conflicts; units not in the file get kNoGrid.
[[nodiscard]] Plan read_plan_csv(const std::string& path, const UnitGraph& units, const CsvOptions& options = {});
/// Reads an old plan `id,grid` for redesign leniently: rows whose id is no
/// longer among the units (removed buildings) are skipped and counted in
/// `removed`; a unit listed twice must name the same grid both times.
[[nodiscard]] Plan read_old_plan_csv(const std::string& path, const UnitGraph& units, std::int64_t& removed,
                                     const CsvOptions& options = {});
[[nodiscard]] Plan parse_plan_csv(std::string_view text, const UnitGraph& units, const std::string& source,
                                    const CsvOptions& options = {});

/// Reads `level,code,name,parent_code` rows (syntax errors throw; rule
/// errors are found by Hierarchy::from_rows).
[[nodiscard]] std::vector<DivisionRow> read_divisions_csv(const std::string& path, const CsvOptions& options = {});
[[nodiscard]] std::vector<DivisionRow> parse_divisions_csv(std::string_view text, const std::string& source,
                                                           const CsvOptions& options = {});

/// Reads a divisions CSV and builds the hierarchy in one pass over the file
/// (the fast path: no per-row strings). Every problem, syntax (a short line)
/// or rule, is appended to `errors` and the row left out; a file that
/// cannot be read or has no usable header throws InputError.
[[nodiscard]] Hierarchy read_hierarchy_csv(const std::string& path, std::vector<HierarchyError>& errors,
                                             const CsvOptions& options = {});
[[nodiscard]] Hierarchy parse_hierarchy_csv(std::string_view text, const std::string& source,
                                            std::vector<HierarchyError>& errors, const CsvOptions& options = {});

/// Writers write UTF-8 without a BOM.
/// Writes `id,grid` for every unit (units without a grid are left out).
void write_plan_csv(const std::string& path, const UnitGraph& units, const Plan& plan);
void write_units_csv(const std::string& path, const UnitGraph& units);
void write_edges_csv(const std::string& path, const UnitGraph& units);
/// The text the three writers above write.
[[nodiscard]] std::string plan_csv(const UnitGraph& units, const Plan& plan);
[[nodiscard]] std::string units_csv(const UnitGraph& units);
[[nodiscard]] std::string edges_csv(const UnitGraph& units);

/// A CSV field: `s` as is, or double-quoted (quotes doubled) when it holds
/// a comma, a quote or a line break.
[[nodiscard]] std::string csv_field(std::string_view s);

/// Reads a whole file. @throws FileError naming it if it cannot be opened
/// or read, is a directory, or is a stream longer than kMaxStreamBytes.
[[nodiscard]] std::string read_file(const std::string& path);

/// The most a non-regular input (a pipe, a FIFO, a device) may hold: 2 GiB,
/// so that /dev/zero or a runaway writer ends in an error, not in memory
/// exhaustion. Regular files are mapped and have no such limit.
inline constexpr std::size_t kMaxStreamBytes = std::size_t{1} << 31;
/// How long to wait, in seconds, for a writer to open a FIFO given as input.
inline constexpr int kFifoWaitSeconds = 60;

/// Writes `text` to `path` whole or not at all (see OutputFiles).
/// @throws FileError on any failure; `path` is then unchanged.
void write_file_atomic(const std::string& path, std::string_view text);

/// Several output files replaced together. stage() writes each one in full
/// to an unnamed file beside its target (O_TMPFILE; a named temporary where
/// the file system has none) and flushes it to disk; commit() then gives
/// them their names, one rename each, and flushes the directories. Until
/// commit() nothing is visible, so a process killed while writing, or a
/// full disk, leaves every target as it was and no temporary behind (a
/// named temporary survives only a SIGKILL on file systems without
/// O_TMPFILE). Files staged but not committed are discarded.
/// A target that exists and is not a regular file (/dev/stdout, a FIFO) is
/// written in place at commit(), in staging order.
class OutputFiles {
 public:
  OutputFiles();
  ~OutputFiles();
  OutputFiles(const OutputFiles&) = delete;
  OutputFiles& operator=(const OutputFiles&) = delete;

  /// Writes `text` for `path`. @throws FileError (nothing of it remains).
  void stage(const std::string& path, std::string_view text);
  /// Replaces every staged target. @throws FileError naming the first that
  /// failed (the ones before it are replaced, the rest unchanged).
  void commit();

 private:
  struct Staged;
  std::vector<Staged> staged_;
};

}  // namespace gridgov::io

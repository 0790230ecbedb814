#include "gridgov/io/csv.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <sstream>
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/csv_reader.hpp"
#include "io/encoding.hpp"
#include "core/unit_graph_builder.hpp"
#include "gridgov/core/error.hpp"

namespace gridgov::io {

using detail::CsvReader;

namespace {

// An open file descriptor, closed when it goes out of scope.
struct OpenFile {
  int fd;
  struct stat st {};
  // Opened without blocking, so that a FIFO with no writer cannot hang the
  // open (see wait_for_writer).
  explicit OpenFile(const std::string& path) : fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)) {
    if (fd < 0) throw FileError(path, std::string("cannot open: ") + std::strerror(errno), errno);
    if (::fstat(fd, &st) != 0) st = {};
    if (S_ISFIFO(st.st_mode)) wait_for_writer(path);
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0) (void)::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  }
  ~OpenFile() { ::close(fd); }
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;

  // A FIFO or pipe: wait (bounded) until a writer has written or closed it.
  void wait_for_writer(const std::string& path) const {
    int seconds = kFifoWaitSeconds;
    if (const char* env = std::getenv("GRIDGOV_FIFO_WAIT")) seconds = std::max(0, std::atoi(env));
    pollfd p{fd, POLLIN, 0};
    while (true) {
      const int r = ::poll(&p, 1, seconds * 1000);
      if (r > 0) return;
      if (r == 0)
        throw FileError(path, "a FIFO that nothing wrote to within " + std::to_string(seconds) +
                                  " s (is its writer running? GRIDGOV_FIFO_WAIT sets the wait)");
      if (errno != EINTR) throw FileError(path, std::string("cannot read: ") + std::strerror(errno), errno);
    }
  }

  // Everything the descriptor gives: a regular file, a pipe or a FIFO
  // (read from this descriptor: reopening a FIFO would lose its writer).
  // Inputs are text: a stream stops at its first NUL byte (/dev/zero) or
  // at kMaxStreamBytes, so that no device can exhaust memory.
  [[nodiscard]] std::string read_all(const std::string& path) const {
    if (S_ISDIR(st.st_mode)) throw FileError(path, "is a directory, not a file", EISDIR);
    const bool regular = S_ISREG(st.st_mode);
    std::string data;
    if (st.st_size > 0) data.reserve(static_cast<std::size_t>(st.st_size));
    std::array<char, 1 << 16> buf{};
    while (true) {
      const auto got = ::read(fd, buf.data(), buf.size());
      if (got > 0) {
        const auto n = static_cast<std::size_t>(got);
        if (!regular) {
          if (const void* nul = std::memchr(buf.data(), '\0', n)) {
            data.append(buf.data(), static_cast<std::size_t>(static_cast<const char*>(nul) - buf.data()));
            const auto line = static_cast<std::size_t>(std::count(data.begin(), data.end(), '\n')) + 1;
            const auto last = data.rfind('\n');
            const auto column = data.size() - (last == std::string::npos ? 0 : last + 1) + 1;
            throw InputError(path, line, "column " + std::to_string(column) +
                                             ": a NUL byte: not text (a device such as /dev/zero?)");
          }
          if (data.size() + n > kMaxStreamBytes)
            throw FileError(path, "a stream longer than " + std::to_string(kMaxStreamBytes >> 20) +
                                      " MiB: not a gridgov input (save it to a file to read more)");
        }
        data.append(buf.data(), n);
      } else if (got == 0) {
        return data;
      } else if (errno != EINTR) {
        throw FileError(path, std::string("read error: ") + std::strerror(errno), errno);
      }
    }
  }
};

}  // namespace

std::string read_file(const std::string& path) { return OpenFile(path).read_all(path); }

namespace {

// A whole input file as text: mapped read-only when it is a regular file
// (no copy, no zeroed buffer), read into memory otherwise.
class InputText {
 public:
  explicit InputText(const std::string& path) {
    const OpenFile f(path);
    if (S_ISREG(f.st.st_mode) && f.st.st_size > 0) {
      const auto size = static_cast<std::size_t>(f.st.st_size);
      void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, f.fd, 0);
      if (p != MAP_FAILED) {
        map_ = p;
        size_ = size;
        return;
      }
    }
    owned_ = f.read_all(path);
  }
  ~InputText() {
    if (map_ != nullptr) ::munmap(map_, size_);
  }
  InputText(const InputText&) = delete;
  InputText& operator=(const InputText&) = delete;
  [[nodiscard]] std::string_view text() const noexcept {
    return map_ != nullptr ? std::string_view(static_cast<const char*>(map_), size_) : std::string_view(owned_);
  }

 private:
  void* map_ = nullptr;
  std::size_t size_ = 0;
  std::string owned_;
};

// An input file as UTF-8 text (see detail::to_utf8): a view of the mapped
// file when it is UTF-8, else its transcoded copy.
class CsvText {
 public:
  CsvText(const std::string& path, const CsvOptions& options)
      : input_(path), text_(detail::to_utf8(input_.text(), path, options, storage_)) {}
  [[nodiscard]] std::string_view text() const noexcept { return text_; }

 private:
  InputText input_;
  std::string storage_;
  std::string_view text_;
};

// A reader over bytes given in memory, decoded first.
struct DecodedReader {
  std::string storage;
  CsvReader r;
  DecodedReader(std::string_view bytes, const std::string& source, const CsvOptions& options)
      : r(detail::to_utf8(bytes, source, options, storage), source, true) {}
};

}  // namespace

std::string read_text(const std::string& path, const CsvOptions& options) {
  const CsvText t(path, options);
  return std::string(t.text());
}

namespace {

constexpr std::array<std::string_view, 5> kRequiredUnitColumns = {"id", "x", "y", "households", "community"};
// Text columns that are carried by planners' files but not used.
constexpr std::array<std::string_view, 6> kIgnoredTextColumns = {"name", "address", "note", "label", "street",
                                                                 "grid"};

std::ptrdiff_t column_of(const std::vector<std::string>& names, std::string_view want) {
  auto it = std::find(names.begin(), names.end(), want);
  return it == names.end() ? -1 : it - names.begin();
}

void require_columns(CsvReader& r, const std::vector<std::string>& names, std::span<const std::string_view> want) {
  std::string missing;
  for (auto w : want)
    if (column_of(names, w) < 0) missing += (missing.empty() ? "" : ", ") + std::string(w);
  if (!missing.empty()) r.fail("missing column(s): " + missing + " (header must name " + [&] {
    std::string all;
    for (auto w : want) all += (all.empty() ? "" : ",") + std::string(w);
    return all;
  }() + "; a column named otherwise is mapped with --columns / columns=, e.g. " + std::string(want.front()) + "=编号)");
}

// Rejects a code that Excel wrote in scientific notation: "6.20102E+11"
// stands for many different codes, which would merge.
constexpr const char* kScientific =
    "is in scientific notation (Excel shows long numbers so, and saves them so): format the column as Text in Excel "
    "and save again";

void check_code(const CsvReader& r, std::string_view value, std::string_view column) {
  if (detail::excel_scientific(value)) r.fail(std::string(column) + " '" + std::string(value) + "' " + kScientific);
}

bool grid_type_of(std::string_view s, GridType& out) {
  if (s.empty() || s == "urban") out = GridType::urban;
  else if (s == "rural") out = GridType::rural;
  else if (s == "dedicated") out = GridType::dedicated;
  else return false;
  return true;
}

GridType parse_grid_type(CsvReader& r, std::string_view s) {
  GridType g = GridType::urban;
  if (!grid_type_of(s, g)) r.fail("grid_type must be urban, rural or dedicated, got '" + std::string(s) + "'");
  return g;
}

// What the plain-record path of the units reader does with each column.
enum class Col : std::uint8_t { ignored, id, community, street, x, y, attribute, area, perimeter, grid_type };

// Reads a units record of plain fields (see CsvReader::Plain) into num and
// txt by column; grid types go into num as their enum value. False for any
// other record, negative counts and unknown grid types included: the
// general path reads those and reports what is wrong.
bool plain_unit_record(const CsvReader& r, const std::vector<Col>& kind, std::vector<double>& num,
                       std::vector<std::string_view>& txt, std::size_t& after) {
  CsvReader::Plain pr(r);
  for (std::size_t c = 0; c < kind.size() && pr.ok(); ++c) {
    switch (kind[c]) {
      case Col::ignored: (void)pr.text(true); break;
      case Col::id:
      case Col::community: txt[c] = pr.text(false); break;
      case Col::street: txt[c] = pr.text(true); break;
      case Col::grid_type: {
        GridType g = GridType::urban;
        if (!grid_type_of(pr.text(true), g)) return false;
        num[c] = static_cast<double>(g);
        break;
      }
      case Col::x:
      case Col::y: num[c] = pr.number(); break;
      case Col::attribute:
      case Col::area:
      case Col::perimeter:
        num[c] = pr.number();
        if (num[c] < 0) return false;
        break;
    }
  }
  return pr.finish(after);
}

void append_number(std::string& out, double v) {
  std::array<char, 32> buf{};
  auto [p, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  out.append(buf.data(), static_cast<std::size_t>(p - buf.data()));
}

bool needs_quotes(std::string_view s) {
  for (char c : s)
    if (c == ',' || c == '"' || c == '\n' || c == '\r') return true;
  return false;
}

void append_field(std::string& out, std::string_view s) {
  if (!needs_quotes(s)) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

namespace {
UnitTable parse_units(CsvReader& r, std::size_t size, const CsvOptions& options, gridgov::detail::IdIndex& index);
std::vector<Edge> parse_edges(CsvReader& r, std::size_t size, const CsvOptions& options,
                              const gridgov::detail::IdIndex& index);
}  // namespace

UnitTable parse_units_csv(std::string_view text, const std::string& source, const CsvOptions& options) {
  gridgov::detail::IdIndex index;
  DecodedReader d(text, source, options);
  return parse_units(d.r, text.size(), options, index);
}

namespace {
// Reads units and leaves the index of their ids (checked for duplicates) in `index`.
UnitTable parse_units(CsvReader& r, std::size_t size, const CsvOptions& options, gridgov::detail::IdIndex& index) {
  const std::string& source = r.source();
  const auto names = r.header(options.columns);
  require_columns(r, names, kRequiredUnitColumns);
  const auto c_id = static_cast<std::size_t>(column_of(names, "id"));
  const auto c_x = static_cast<std::size_t>(column_of(names, "x"));
  const auto c_y = static_cast<std::size_t>(column_of(names, "y"));
  const auto c_comm = static_cast<std::size_t>(column_of(names, "community"));
  const auto c_type = column_of(names, "grid_type");
  const auto c_area = column_of(names, "area");
  const auto c_perim = column_of(names, "perimeter");
  const auto c_street = column_of(names, "street");

  UnitTable t;
  // Numeric attribute columns: households and population first, then the rest in file order.
  std::vector<std::size_t> attr_cols;
  for (std::string_view w : {"households", "population"}) {
    if (column_of(names, w) < 0) continue;  // population is optional
    attr_cols.push_back(static_cast<std::size_t>(column_of(names, w)));
    t.attributes.emplace_back(std::string(w), std::vector<double>{});
  }
  for (std::size_t c = 0; c < names.size(); ++c) {
    const auto& nm = names[c];
    if (nm.empty()) r.fail("column " + std::to_string(c + 1) + " has an empty name");
    const bool known = std::find(kRequiredUnitColumns.begin(), kRequiredUnitColumns.end(), nm) !=
                           kRequiredUnitColumns.end() ||
                       nm == "population" || nm == "grid_type" || nm == "area" || nm == "perimeter" ||
                       std::find(kIgnoredTextColumns.begin(), kIgnoredTextColumns.end(), nm) !=
                           kIgnoredTextColumns.end();
    if (!known) {
      attr_cols.push_back(c);
      t.attributes.emplace_back(nm, std::vector<double>{});
    }
  }

  const std::size_t reserve = size / 48;
  t.id.reserve(reserve);
  t.x.reserve(reserve);
  t.y.reserve(reserve);
  t.community.reserve(reserve);
  for (auto& a : t.attributes) a.second.reserve(reserve);
  std::vector<std::size_t> lines;
  lines.reserve(reserve);

  std::vector<Col> kind(names.size(), Col::ignored);
  kind[c_id] = Col::id;
  kind[c_comm] = Col::community;
  kind[c_x] = Col::x;
  kind[c_y] = Col::y;
  for (auto c : attr_cols) kind[c] = Col::attribute;
  if (c_area >= 0) kind[static_cast<std::size_t>(c_area)] = Col::area;
  if (c_perim >= 0) kind[static_cast<std::size_t>(c_perim)] = Col::perimeter;
  if (c_type >= 0) kind[static_cast<std::size_t>(c_type)] = Col::grid_type;
  if (c_street >= 0) kind[static_cast<std::size_t>(c_street)] = Col::street;
  std::vector<double> num(names.size());
  // Codes in Excel's scientific notation have a '+': a file without one
  // (nearly every file; one memchr) skips the checks. Ids and communities
  // are checked after the loop, streets (not kept) as they are read.
  const bool sci = r.contains('+');
  const bool sci_street = sci && c_street >= 0;
  std::vector<std::string_view> txt(names.size());

  while (true) {
    // Plain records are converted straight from the text; the rest (and
    // every error) go through next() and the general conversions.
    std::size_t after = 0;
    if (plain_unit_record(r, kind, num, txt, after)) {
      t.id.emplace_back(txt[c_id]);
      t.x.push_back(num[c_x]);
      t.y.push_back(num[c_y]);
      t.community.emplace_back(txt[c_comm]);
      for (std::size_t a = 0; a < attr_cols.size(); ++a) t.attributes[a].second.push_back(num[attr_cols[a]]);
      if (c_type >= 0) t.grid_type.push_back(static_cast<GridType>(num[static_cast<std::size_t>(c_type)]));
      if (c_area >= 0) t.area.push_back(num[static_cast<std::size_t>(c_area)]);
      if (c_perim >= 0) t.perimeter.push_back(num[static_cast<std::size_t>(c_perim)]);
      r.skip(after);
      if (sci_street) check_code(r, txt[static_cast<std::size_t>(c_street)], "street");
      lines.push_back(r.line());
      continue;
    }
    if (!r.next()) break;
    r.expect_fields(names.size());
    const auto& f = r.fields();
    t.id.emplace_back(r.text(c_id, "id"));
    t.x.push_back(r.number(c_x, "x"));
    t.y.push_back(r.number(c_y, "y"));
    t.community.emplace_back(r.text(c_comm, "community"));
    for (std::size_t a = 0; a < attr_cols.size(); ++a)
      t.attributes[a].second.push_back(r.non_negative(attr_cols[a], t.attributes[a].first));
    if (c_type >= 0) t.grid_type.push_back(parse_grid_type(r, CsvReader::trim(f[static_cast<std::size_t>(c_type)])));
    if (c_area >= 0) t.area.push_back(r.non_negative(static_cast<std::size_t>(c_area), "area"));
    if (c_perim >= 0) t.perimeter.push_back(r.non_negative(static_cast<std::size_t>(c_perim), "perimeter"));
    if (sci_street) check_code(r, CsvReader::trim(f[static_cast<std::size_t>(c_street)]), "street");
    lines.push_back(r.line());
  }
  if (t.id.empty()) throw InputError(source, r.line(), "no units after the header");
  for (std::size_t k = 0; sci && k < t.id.size(); ++k)
    for (const auto& [value, column] : {std::pair<std::string_view, const char*>{t.id[k], "id"}, {t.community[k], "community"}})
      if (detail::excel_scientific(value))
        throw InputError(source, lines[k], std::string(column) + " '" + std::string(value) + "' " + kScientific);

  // Households and people are counted, not measured.
  for (const auto& [name, values] : t.attributes) {
    if (name != "households" && name != "population") continue;
    for (std::size_t k = 0; k < values.size(); ++k)
      if (values[k] != std::floor(values[k]))
        throw InputError(source, lines[k], name + " must be a whole number, got " + format_number(values[k]));
  }

  auto [first, second] = index.build(t.id);
  if (first >= 0)
    throw InputError(source, lines[static_cast<std::size_t>(second)],
                     "duplicate unit id '" + t.id[static_cast<std::size_t>(second)] + "' (first on line " +
                         std::to_string(lines[static_cast<std::size_t>(first)]) + ")");
  return t;
}
}  // namespace

UnitTable read_units_csv(const std::string& path, const CsvOptions& options) {
  const CsvText input(path, options);
  CsvReader r(input.text(), path, true);
  gridgov::detail::IdIndex index;
  return parse_units(r, input.text().size(), options, index);
}

std::vector<Edge> parse_edges_csv(std::string_view text, const UnitTable& table, const std::string& source,
                                  const CsvOptions& options) {
  gridgov::detail::IdIndex index;
  index.build(table.id);  // duplicates are rejected when the units are read
  DecodedReader d(text, source, options);
  return parse_edges(d.r, text.size(), options, index);
}

namespace {
std::vector<Edge> parse_edges(CsvReader& r, std::size_t size, const CsvOptions& options,
                              const gridgov::detail::IdIndex& index) {
  const auto names = r.header(options.columns);
  constexpr std::array<std::string_view, 2> want = {"u", "v"};
  require_columns(r, names, want);
  const auto cu = static_cast<std::size_t>(column_of(names, "u"));
  const auto cv = static_cast<std::size_t>(column_of(names, "v"));
  auto cl = column_of(names, "length");
  if (cl < 0) cl = column_of(names, "shared_boundary");

  std::vector<Edge> edges;
  edges.reserve(size / 12);
  // Positional ids and two columns: most records are "u,v" and need neither
  // field splitting nor an id lookup.
  const bool fast = index.positional() && names.size() == 2 && cl < 0;
  const auto n = static_cast<std::int64_t>(index.size());
  while (true) {
    std::int64_t first = 0, second = 0;
    std::size_t after = 0;
    if (fast && r.peek_two_naturals(first, second, after) && first < n && second < n && first != second) {
      r.skip(after);
      const auto fu = static_cast<UnitIndex>(cu == 0 ? first : second), fv = static_cast<UnitIndex>(cu == 0 ? second : first);
      edges.push_back(Edge{fu, fv, 0.0});
      continue;
    }
    if (!r.next()) break;
    r.expect_fields(names.size());
    auto su = r.text(cu, "u"), sv = r.text(cv, "v");
    const auto u = index.find(su), v = index.find(sv);
    if (u < 0) r.fail("edge refers to unknown unit '" + std::string(su) + "'");
    if (v < 0) r.fail("edge refers to unknown unit '" + std::string(sv) + "'");
    if (u == v) r.fail("self-loop: edge from unit '" + std::string(su) + "' to itself");
    Edge e{static_cast<UnitIndex>(u), static_cast<UnitIndex>(v), 0.0};
    if (cl >= 0) e.shared_boundary = r.non_negative(static_cast<std::size_t>(cl), names[static_cast<std::size_t>(cl)]);
    edges.push_back(e);
  }
  return edges;
}
}  // namespace

std::vector<Edge> read_edges_csv(const std::string& path, const UnitTable& table, const CsvOptions& options) {
  gridgov::detail::IdIndex index;
  index.build(table.id);
  const CsvText input(path, options);
  CsvReader r(input.text(), path, true);
  return parse_edges(r, input.text().size(), options, index);
}

UnitGraph read_unit_graph(const std::string& units_path, const std::string& edges_path, const CsvOptions& options) {
  // One index of the ids serves the duplicate check, the edges and the graph.
  gridgov::detail::IdIndex index;
  UnitTable t = [&] {
    const CsvText input(units_path, options);
    CsvReader r(input.text(), units_path, true);
    return parse_units(r, input.text().size(), options, index);
  }();
  auto edges = [&] {
    const CsvText input(edges_path, options);
    CsvReader r(input.text(), edges_path, true);
    return parse_edges(r, input.text().size(), options, index);
  }();
  return gridgov::detail::UnitGraphBuilder::build(std::move(t), edges, units_path, std::move(index));
}

namespace {
Plan parse_plan(CsvReader& r, const UnitGraph& units, const CsvOptions& options) {
  const auto names = r.header(options.columns);
  const bool sci = r.contains('+');  // see parse_units
  constexpr std::array<std::string_view, 2> want = {"id", "grid"};
  require_columns(r, names, want);
  const auto ci = static_cast<std::size_t>(column_of(names, "id"));
  const auto cg = static_cast<std::size_t>(column_of(names, "grid"));
  Plan p;
  p.grid_of.assign(static_cast<std::size_t>(units.size()), kNoGrid);
  std::unordered_map<std::string, GridIndex> grid_index;
  std::size_t rows = 0;
  while (r.next()) {
    r.expect_fields(names.size());
    ++rows;
    auto id = r.text(ci, "id");
    auto grid = r.text(cg, "grid");
    if (sci) {
      check_code(r, id, "id");
      check_code(r, grid, "grid");
    }
    const UnitIndex u = units.find(id);
    if (u < 0) r.fail("unknown unit id '" + std::string(id) + "'");
    auto [it, inserted] = grid_index.try_emplace(std::string(grid), static_cast<GridIndex>(p.grid_codes.size()));
    if (inserted) p.grid_codes.emplace_back(grid);
    auto& slot = p.grid_of[static_cast<std::size_t>(u)];
    if (slot != kNoGrid) {
      p.conflicts.push_back({u, p.grid_codes[static_cast<std::size_t>(slot)], std::string(grid), r.line()});
      continue;
    }
    slot = it->second;
  }
  if (rows == 0) throw InputError(r.source(), r.line(), "no assignments after the header");
  return p;
}
}  // namespace

Plan parse_plan_csv(std::string_view text, const UnitGraph& units, const std::string& source, const CsvOptions& options) {
  DecodedReader d(text, source, options);
  return parse_plan(d.r, units, options);
}

Plan read_plan_csv(const std::string& path, const UnitGraph& units, const CsvOptions& options) {
  const CsvText input(path, options);
  CsvReader r(input.text(), path, true);
  return parse_plan(r, units, options);
}

Plan read_old_plan_csv(const std::string& path, const UnitGraph& units, std::int64_t& removed, const CsvOptions& options) {
  const CsvText input(path, options);
  CsvReader r(input.text(), path, true);
  const auto names = r.header(options.columns);
  constexpr std::array<std::string_view, 2> want = {"id", "grid"};
  require_columns(r, names, want);
  const auto ci = static_cast<std::size_t>(column_of(names, "id"));
  const auto cg = static_cast<std::size_t>(column_of(names, "grid"));
  const std::size_t need = std::max(ci, cg) + 1;
  const bool sci = r.contains('+');
  std::vector<std::string> labels(static_cast<std::size_t>(units.size()));
  removed = 0;
  while (r.next()) {
    const auto& f = r.fields();
    if (f.size() < need) r.fail("expected at least " + std::to_string(need) + " fields");
    const auto id = CsvReader::trim(f[ci]);
    const auto grid = CsvReader::trim(f[cg]);
    if (sci) {
      check_code(r, id, "id");
      check_code(r, grid, "grid");
    }
    const UnitIndex u = units.find(id);
    if (u < 0) {
      ++removed;
      continue;
    }
    auto& slot = labels[static_cast<std::size_t>(u)];
    if (!slot.empty() && slot != grid)
      r.fail("unit '" + std::string(id) + "' is in two grids ('" + slot + "' and '" + std::string(grid) + "')");
    slot = grid;
  }
  return Plan::from_labels(labels);
}

std::vector<DivisionRow> parse_divisions_csv(std::string_view text, const std::string& source,
                                             const CsvOptions& options) {
  DecodedReader d(text, source, options);
  CsvReader& r = d.r;
  const auto names = r.header(options.columns);
  constexpr std::array<std::string_view, 4> want = {"level", "code", "name", "parent_code"};
  require_columns(r, names, want);
  std::array<std::size_t, 4> col{};
  for (std::size_t i = 0; i < 4; ++i) col[i] = static_cast<std::size_t>(column_of(names, want[i]));
  const bool sci = r.contains('+');
  std::vector<DivisionRow> rows;
  while (r.next()) {
    r.expect_fields(names.size());
    const auto& f = r.fields();
    DivisionRow row;
    row.level = CsvReader::trim(f[col[0]]);
    row.code = CsvReader::trim(f[col[1]]);
    row.name = CsvReader::trim(f[col[2]]);
    row.parent_code = CsvReader::trim(f[col[3]]);
    if (sci) {
      check_code(r, row.code, "code");
      check_code(r, row.parent_code, "parent_code");
    }
    row.line = r.line();
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw InputError(source, r.line(), "no divisions after the header");
  return rows;
}

std::vector<DivisionRow> read_divisions_csv(const std::string& path, const CsvOptions& options) {
  return parse_divisions_csv(read_file(path), path, options);
}

std::string csv_field(std::string_view s) {
  std::string out;
  append_field(out, s);
  return out;
}

Hierarchy parse_hierarchy_csv(std::string_view bytes, const std::string& source, std::vector<HierarchyError>& errors,
                              const CsvOptions& options) {
  DecodedReader d(bytes, source, options);
  CsvReader& r = d.r;
  const std::string_view text = d.storage.empty() ? bytes : std::string_view(d.storage);
  const auto names = r.header(options.columns);
  constexpr std::array<std::string_view, 4> want = {"level", "code", "name", "parent_code"};
  require_columns(r, names, want);
  std::array<std::size_t, 4> col{};
  for (std::size_t i = 0; i < 4; ++i) col[i] = static_cast<std::size_t>(column_of(names, want[i]));
  const bool sci = r.contains('+');
  std::vector<DivisionRowView> rows;
  rows.reserve(text.size() / 40);
  std::deque<std::array<std::string, 4>> owned;
  while (r.next()) {
    const auto& f = r.fields();
    if (f.size() != names.size()) {
      errors.push_back({source, r.line(), "", "expected " + std::to_string(names.size()) + " fields, found " +
                                                  std::to_string(f.size()) + (f.size() < names.size() ? " (truncated line?)" : "")});
      continue;
    }
    DivisionRowView v{CsvReader::trim(f[col[0]]), CsvReader::trim(f[col[1]]), CsvReader::trim(f[col[2]]),
                      CsvReader::trim(f[col[3]]), r.line()};
    if (sci && (detail::excel_scientific(v.code) || detail::excel_scientific(v.parent_code))) {
      const auto bad = detail::excel_scientific(v.code) ? v.code : v.parent_code;
      errors.push_back({source, r.line(), std::string(v.code),
                        "code '" + std::string(bad) + "' " + kScientific});
      continue;
    }
    if (!text.empty() && (v.name.data() < text.data() || v.name.data() >= text.data() + text.size() ||
                          v.code.data() < text.data() || v.code.data() >= text.data() + text.size() ||
                          v.level.data() < text.data() || v.level.data() >= text.data() + text.size() ||
                          (!v.parent_code.empty() && (v.parent_code.data() < text.data() ||
                                                      v.parent_code.data() >= text.data() + text.size())))) {
      // Unescaped quoted fields live in the reader's scratch space: copy them.
      auto& o = owned.emplace_back(std::array<std::string, 4>{std::string(v.level), std::string(v.code),
                                                              std::string(v.name), std::string(v.parent_code)});
      v = {o[0], o[1], o[2], o[3], r.line()};
    }
    rows.push_back(v);
  }
  if (rows.empty() && errors.empty()) errors.push_back({source, r.line(), "", "no divisions after the header"});
  return Hierarchy::from_rows(rows, errors, source);
}

Hierarchy read_hierarchy_csv(const std::string& path, std::vector<HierarchyError>& errors, const CsvOptions& options) {
  const std::string text = read_file(path);
  return parse_hierarchy_csv(text, path, errors, options);
}

std::string plan_csv(const UnitGraph& units, const Plan& plan) {
  // Each grid's ",code\n" tail is escaped once, not once per unit.
  std::vector<std::string> tails(plan.grid_codes.size());
  for (std::size_t q = 0; q < tails.size(); ++q) {
    tails[q] = ",";
    append_field(tails[q], plan.grid_codes[q]);
    tails[q] += '\n';
  }
  std::string out = "id,grid\n";
  out.reserve(static_cast<std::size_t>(units.size()) * 24);
  for (UnitIndex u = 0; u < units.size(); ++u) {
    const auto g = plan.grid_of[static_cast<std::size_t>(u)];
    if (g == kNoGrid) continue;
    append_field(out, units.id(u));
    out += tails[static_cast<std::size_t>(g)];
  }
  return out;
}

std::string units_csv(const UnitGraph& units) {
  std::string out = "id,x,y,community";
  const auto names = units.attribute_names();
  for (const auto& n : names) out += "," + n;
  const bool typed = std::any_of(units.grid_type().begin(), units.grid_type().end(),
                                 [](GridType t) { return t != GridType::urban; });
  if (typed) out += ",grid_type";
  out += '\n';
  std::vector<std::span<const double>> cols;
  for (const auto& n : names) cols.push_back(units.attribute(n));
  for (UnitIndex u = 0; u < units.size(); ++u) {
    const auto i = static_cast<std::size_t>(u);
    append_field(out, units.id(u));
    out += ',';
    append_number(out, units.x()[i]);
    out += ',';
    append_number(out, units.y()[i]);
    out += ',';
    append_field(out, units.communities()[static_cast<std::size_t>(units.community()[i])]);
    for (const auto& c : cols) {
      out += ',';
      append_number(out, c[i]);
    }
    if (typed) {
      out += ',';
      out += grid_type_name(units.grid_type()[i]);
    }
    out += '\n';
  }
  return out;
}

std::string edges_csv(const UnitGraph& units) {
  const bool lengths = !units.shared_boundary().empty();
  std::string out = lengths ? "u,v,length\n" : "u,v\n";
  for (const auto& e : units.edge_list()) {
    append_field(out, units.id(e.u));
    out += ',';
    append_field(out, units.id(e.v));
    if (lengths) {
      out += ',';
      append_number(out, e.shared_boundary);
    }
    out += '\n';
  }
  return out;
}

void write_plan_csv(const std::string& path, const UnitGraph& units, const Plan& plan) {
  write_file_atomic(path, plan_csv(units, plan));
}
void write_units_csv(const std::string& path, const UnitGraph& units) { write_file_atomic(path, units_csv(units)); }
void write_edges_csv(const std::string& path, const UnitGraph& units) { write_file_atomic(path, edges_csv(units)); }

}  // namespace gridgov::io

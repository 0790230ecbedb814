// Heap preparation and graph loading shared by the commands.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <system_error>

#if defined(__GLIBC__) && defined(__linux__)
#include <sys/mman.h>
#endif

#include "commands.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/io/csv.hpp"

namespace gridgov::cli {

namespace {

// Lets the next `bytes` of heap use transparent huge pages where the kernel
// offers them on request: one page fault per 2 MiB instead of per 4 KiB
// (partitioning 200,000 units: 10,400 page faults -> 240, about 13% less
// time). No effect on other systems or below 4 MiB.
void prepare_heap(std::uintmax_t bytes) {
#if defined(__GLIBC__) && defined(__linux__) && defined(MADV_HUGEPAGE)
  // main() keeps every block below 1 GiB on the sbrk heap and never trims
  // it. A block allocated and freed at once leaves its span as the heap's
  // free top, where the allocations that follow are carved; marking the span
  // for huge pages before anything touches it is what the C library's
  // glibc.malloc.hugetlb=1 tunable does, here without an environment variable.
  constexpr std::uintmax_t kHuge = std::uintmax_t{2} << 20;
  constexpr std::uintmax_t kMax = std::uintmax_t{1} << 29;
  if (bytes < 2 * kHuge) return;
  const auto size = static_cast<std::size_t>(bytes < kMax ? bytes : kMax);
  void* block = std::malloc(size);
  if (block == nullptr) return;
  const auto b = (reinterpret_cast<std::uintptr_t>(block) + kHuge - 1) & ~(kHuge - 1);
  const auto e = (reinterpret_cast<std::uintptr_t>(block) + size) & ~(kHuge - 1);
  if (e > b) (void)madvise(reinterpret_cast<void*>(b), e - b, MADV_HUGEPAGE);
  std::free(block);
#else
  (void)bytes;
#endif
}

}  // namespace

io::CsvOptions& csv_options() {
  static io::CsvOptions options = [] {
    io::CsvOptions o;
    o.on_note = [](const std::string& note) { std::cerr << "gridgov: note: " << note << "\n"; };
    return o;
  }();
  return options;
}

void add_csv_options(CLI::App* cmd) {
  cmd->add_option_function<std::string>(
         "--encoding",
         [](const std::string& name) {
           try {
             csv_options().encoding = io::parse_encoding(name);
           } catch (const InputError& e) {
             throw CLI::ValidationError("--encoding", e.message());
           }
         },
         "encoding of the CSV files: auto (UTF-8, else GB18030 with a note), utf-8, gbk or gb18030")
      ->default_str("auto");
  cmd->add_option_function<std::string>(
      "--columns",
      [](const std::string& spec) {
        try {
          csv_options().columns = io::parse_column_map(spec);
        } catch (const InputError& e) {
          throw CLI::ValidationError("--columns", e.message());
        }
      },
      "CSV columns named otherwise, NAME=COLUMN,... e.g. id=编号,households=户数,community=社区 "
      "(applies to every CSV the command reads)");
}

UnitGraph load_graph(const std::string& units, const std::string& edges) {
  // Reading and partitioning a graph peaks at about three times the size
  // of its CSV files; the span readied is twice that (untouched pages cost
  // no memory).
  std::uintmax_t bytes = 0;
  for (const auto* path : {&units, &edges}) {
    std::error_code ec;
    const auto s = std::filesystem::file_size(*path, ec);
    if (!ec) bytes += s;
  }
  prepare_heap(6 * bytes);
  return io::read_unit_graph(units, edges, csv_options());
}

}  // namespace gridgov::cli

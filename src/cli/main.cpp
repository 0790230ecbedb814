// The gridgov command-line program.
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "commands.hpp"
#include "gridgov/core/error.hpp"

// Commands registered by files that may not be built yet are weak.
namespace gridgov::cli {
void register_partition(CLI::App& app, int& result) __attribute__((weak));
void register_convert(CLI::App& app, int& result) __attribute__((weak));
void register_workload(CLI::App& app, int& result) __attribute__((weak));
void register_simulate(CLI::App& app, int& result) __attribute__((weak));
void register_ensemble(CLI::App& app, int& result) __attribute__((weak));
void register_build(CLI::App& app, int& result) __attribute__((weak));  // with GRIDGOV_GEO
}  // namespace gridgov::cli

int main(int argc, char** argv) {
  using namespace gridgov::cli;
#if defined(__GLIBC__)
  // A short-lived batch process: let freed blocks be reused instead of
  // returned to the kernel and faulted in again (a quarter fewer page faults
  // when partitioning 200,000 units).
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
  // A file size limit (ulimit -f) makes write() fail with EFBIG, reported
  // as a write error, instead of killing the process mid-write.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{
      "gridgov: community grid governance. Checks division hierarchies and grid plans,\n"
      "draws and redesigns grids of 300-500 households, and reports per grid and level.",
      "gridgov"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "gridgov 0.1.0");
  int result = kExitOk;
  register_hierarchy(app, result);
  register_validate(app, result);
  if (register_partition) register_partition(app, result);
  if (register_convert) register_convert(app, result);
  if (register_workload) register_workload(app, result);
  if (register_simulate) register_simulate(app, result);
  if (register_ensemble) register_ensemble(app, result);
  if (register_build) register_build(app, result);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitUsage;
  } catch (const gridgov::FileError& e) {
    std::cerr << "gridgov: error: " << e.what() << "\n";
    return kExitFile;
  } catch (const gridgov::InputError& e) {
    std::cerr << "gridgov: error: " << e.what() << "\n";
    return kExitInvalid;
  } catch (const gridgov::Error& e) {
    std::cerr << "gridgov: error: " << e.what() << "\n";
    return kExitInvalid;
  } catch (const std::bad_alloc&) {
    std::cerr << "gridgov: error: out of memory\n";
    return kExitInternal;
  } catch (const std::exception& e) {
    std::cerr << "gridgov: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
  return result;
}

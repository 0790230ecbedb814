#pragma once
// Each command lives in src/cli/cmd_<name>.cpp and registers itself here.
#include <CLI/CLI.hpp>

namespace gridgov::cli {

/// Exit codes: 0 success / plan valid, 1 input invalid or rules broken,
/// 2 usage error (CLI11's own), 3 an unexpected internal error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalid = 1;
inline constexpr int kExitUsage = 2;

/// Commands set `result` to their exit code.
void register_hierarchy(CLI::App& app, int& result);
void register_validate(CLI::App& app, int& result);   // validate + report
void register_partition(CLI::App& app, int& result);  // partition, redesign, improve, synth
void register_convert(CLI::App& app, int& result);    // format conversions
void register_workload(CLI::App& app, int& result);   // workload, staff
void register_simulate(CLI::App& app, int& result);   // simulate

}  // namespace gridgov::cli

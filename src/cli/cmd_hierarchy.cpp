// gridgov hierarchy DIVISIONS.csv [--json]
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/core/hierarchy.hpp"
#include "gridgov/io/csv.hpp"

namespace gridgov::cli {

void register_hierarchy(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("hierarchy",
                                 "Load a divisions CSV (level,code,name,parent_code), check every rule and count "
                                 "the divisions per level; placeholders (all-zero county, street or community sequences, as the "
                                 "statistics bureau publishes them) are kept and listed as notes. Exit 0 if valid, 1 if not, 2 on a "
                                 "usage error.");
  struct Args {
    std::string path;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("divisions", args->path, "divisions CSV file")->required();
  add_csv_options(cmd);
  cmd->add_flag("--json", args->json, "print {\"levels\": {...}, \"errors\": [...], \"notes\": [...]} as JSON");
  cmd->callback([args, &result] {
    std::vector<HierarchyError> errors;
    Hierarchy h;
    try {
      h = io::read_hierarchy_csv(args->path, errors, csv_options());
    } catch (const InputError& bad) {
      errors.push_back({bad.source(), bad.line(), "", bad.message()});
    }
    std::vector<std::pair<std::string, std::size_t>> counts;
    for (int l = 0; l < kLevelCount; ++l)
      if (auto c = h.count(static_cast<Level>(l)); c > 0) counts.emplace_back(std::string(level_name(static_cast<Level>(l))), c);
    if (args->json) {
      nlohmann::ordered_json j;
      j["levels"] = nlohmann::ordered_json::object();
      for (const auto& [name, c] : counts) j["levels"][name] = c;
      j["errors"] = nlohmann::ordered_json::array();
      for (const auto& e : errors) j["errors"].push_back(e.to_string());
      j["notes"] = nlohmann::ordered_json::array();
      for (const auto& e : h.notes()) j["notes"].push_back(e.to_string());
      std::cout << j.dump(2) << "\n";
    } else {
      std::cout << "Divisions in " << args->path << ":\n";
      for (const auto& [name, c] : counts) std::cout << "  " << name << ": " << c << "\n";
      if (errors.empty()) {
        std::cout << "No errors.\n";
      } else {
        std::cout << errors.size() << " error(s):\n";
        for (const auto& e : errors) std::cout << "  " << e.to_string() << "\n";
      }
      if (!h.notes().empty()) {
        std::cout << h.notes().size() << " note(s) (accepted as published):\n";
        for (const auto& e : h.notes()) std::cout << "  " << e.to_string() << "\n";
      }
    }
    result = errors.empty() ? kExitOk : kExitInvalid;
  });
}

}  // namespace gridgov::cli

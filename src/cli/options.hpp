#pragma once
// Command-line flags bound straight onto the option structs: every field of
// a described struct (gridgov/core/fields.hpp) becomes `--name-with-dashes`
// plus its `cli` aliases, with its help text, range check and default;
// described members (rules, run) are flattened. Bounds keep their own
// spelling (--min, --max, --attribute, --bound).
#include <CLI/CLI.hpp>
#include <string>
#include <type_traits>
#include <vector>

#include "gridgov/core/fields.hpp"
#include "gridgov/core/names.hpp"
#include "gridgov/core/rules.hpp"
#include "gridgov/partition/presets.hpp"

namespace gridgov::cli {

/// "--target-grids,--grids" for Field{"target_grids", ..., "grids"}.
inline std::string flag_names(const Field& f) {
  std::string out = "--";
  for (const char* c = f.name; *c != '\0'; ++c) out += *c == '_' ? '-' : *c;
  if (f.cli != nullptr) {
    std::string alias;
    for (const char* c = f.cli;; ++c) {
      if (*c == ',' || *c == '\0') {
        if (!alias.empty()) out += ",--" + alias;
        alias.clear();
        if (*c == '\0') break;
      } else {
        alias += *c;
      }
    }
  }
  return out;
}

/// Checks that a flag names a value of E (canonical name or alias); with
/// `to_number`, replaces the text by the value's number for CLI11 to store.
template <NamedEnum E>
CLI::Validator enum_validator(bool to_number) {
  return CLI::Validator(
      [to_number](std::string& text) {
        try {
          const E e = parse<E>(text);
          if (to_number) text = std::to_string(static_cast<int>(e));
          return std::string();
        } catch (const InputError& err) {
          return err.message();
        }
      },
      "");
}

/// Adds a flag for every field of `o` that the command line can carry.
template <Described T>
void add_options(CLI::App* cmd, T& o) {
  T::describe([&](const Field& f, auto member) {
    using M = std::remove_cvref_t<decltype(o.*member)>;
    if constexpr (Described<M>) {
      add_options(cmd, o.*member);
    } else if constexpr (std::is_arithmetic_v<M> || std::is_same_v<M, std::string> || NamedEnum<M>) {
      if (f.cli != nullptr && std::string_view(f.cli) == "-") return;
      auto* opt = cmd->add_option(flag_names(f), o.*member, f.help)->capture_default_str();
      if constexpr (NamedEnum<M>) {
        // The name (or an alias) becomes the enum's number, which CLI11 then reads.
        opt->transform(enum_validator<M>(true));
        opt->type_name("{" + names_list<M>() + "}");
        opt->default_str(std::string(name(o.*member)));
      } else if constexpr (std::is_arithmetic_v<M> && !std::is_same_v<M, bool>) {
        if (std::isfinite(f.min) || std::isfinite(f.max)) opt->check(CLI::Range(f.min, f.max));
      }
    }
  });
}

/// --preset NAME: the search settings of a preset (gridgov/partition/presets.hpp).
/// It is applied while the command line is read, before any other flag is
/// stored, so a flag given explicitly wins over the preset wherever it stands.
template <class T>
void add_preset_option(CLI::App* cmd, T& o) {
  cmd->add_option_function<std::string>(
         "--preset", [&o](const std::string& text) { o = T::preset(parse<Preset>(text)); },
         "search settings: standard (the defaults), fast (no boundary polish), even (prefer even totals)")
      ->transform(enum_validator<Preset>(false))
      ->type_name("{" + names_list<Preset>() + "}")
      ->default_str("standard")
      ->trigger_on_parse();
}

/// --min, --max, --attribute (the first bound) and --bound ATTR:MIN:MAX
/// (further bounds), read into GridRules::bounds by bounds_from().
struct BoundArgs {
  Bounds first;
  std::vector<std::string> extra;
};

inline void add_bound_options(CLI::App* cmd, BoundArgs& b) {
  cmd->add_option("--min", b.first.min, "lower bound per grid")->capture_default_str();
  cmd->add_option("--max", b.first.max, "upper bound per grid")->capture_default_str();
  cmd->add_option("--attribute", b.first.attribute, "attribute the bounds apply to")->capture_default_str();
  cmd->add_option("--bound", b.extra, "further bound ATTRIBUTE:MIN:MAX (repeatable), e.g. population:0:2500");
}

/// The bounds given on the command line. @throws InputError on a malformed --bound.
std::vector<Bounds> bounds_from(const BoundArgs& b);

}  // namespace gridgov::cli

#pragma once
/// @file gridgov/ensemble/ensemble.hpp
/// @brief Ensembles of valid grid plans drawn by a ReCom Markov chain, and
/// how typical a given plan is among them.
///
/// Each step merges two adjacent grids of the same nesting group (community
/// by default), draws a uniformly random spanning tree of the merged region
/// (Wilson's algorithm on a local CSR), and cuts one tree edge so that both
/// halves keep every bound (households and any other bounded attribute; a
/// half holding a rural unit may stay below the minimum when the rules say
/// so). The halves are connected (they are subtrees) and inside the group,
/// so every visited plan keeps the rules by construction. Grids holding a
/// dedicated unit (when GridRules::dedicated_grids) or a locked unit never
/// move. The number of grids is constant.
///
/// Proposals:
///  - recom: the pair is the two grids of a uniformly random cut edge
///    (between movable grids of one group); among the tree's balanced edges
///    one is taken uniformly; a tree without one is redrawn up to
///    tree_attempts times, then the step is rejected.
///  - reversible (reversible ReCom): the pair is uniform over all pairs of
///    movable grids of one group (rejected unless adjacent), a uniform edge
///    of the tree is cut (rejected unless balanced), and the move is
///    accepted with probability min(1, L_old / L_new), L the number of
///    edges between the two grids. The chain is reversible with respect to
///    pi(P) ~ prod over grids of the number of spanning trees of the grid,
///    restricted to valid plans (times exp(-beta score) with metropolis).
///
/// Chains are independent, each seeded from (seed, chain index), so the
/// same seed gives the same ensemble, byte for byte, for any thread count.
/// Memory is O(n + m) per chain plus what is kept on request, independent
/// of the number of steps when scores stream to a file.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "gridgov/core/names.hpp"
#include "gridgov/core/plan.hpp"
#include "gridgov/core/rules.hpp"
#include "gridgov/core/unit_graph.hpp"
#include "gridgov/workload/config.hpp"

namespace gridgov {

enum class EnsembleProposal : unsigned char { recom = 0, reversible };
template <>
struct EnumNames<EnsembleProposal> {
  static constexpr std::string_view what = "proposal";
  static constexpr std::array<std::pair<EnsembleProposal, std::string_view>, 2> values{
      {{EnsembleProposal::recom, "recom"}, {EnsembleProposal::reversible, "reversible"}}};
};

enum class EnsembleAcceptance : unsigned char { always = 0, metropolis };
template <>
struct EnumNames<EnsembleAcceptance> {
  static constexpr std::string_view what = "acceptance";
  static constexpr std::array<std::pair<EnsembleAcceptance, std::string_view>, 2> values{
      {{EnsembleAcceptance::always, "always"}, {EnsembleAcceptance::metropolis, "metropolis"}}};
};

/// The scores recorded per step (and the Metropolis score).
enum class EnsembleScore : unsigned char {
  cut_edges = 0,        ///< edges between different grids
  mean_cut_edge_ratio,  ///< mean over grids of cut edges / edges touching the grid (as validate)
  households_spread,    ///< standard deviation of the first bound's totals over grids
  workload_spread,      ///< standard deviation of grid workloads (hours/week; needs a workload config)
  workload_gini,        ///< Gini coefficient of grid workloads (needs a workload config)
};
inline constexpr int kEnsembleScores = 5;
template <>
struct EnumNames<EnsembleScore> {
  static constexpr std::string_view what = "score";
  static constexpr std::array<std::pair<EnsembleScore, std::string_view>, 5> values{
      {{EnsembleScore::cut_edges, "cut_edges"},
       {EnsembleScore::mean_cut_edge_ratio, "mean_cut_edge_ratio"},
       {EnsembleScore::households_spread, "households_spread"},
       {EnsembleScore::workload_spread, "workload_spread"},
       {EnsembleScore::workload_gini, "workload_gini"}}};
};

/// Options of ensemble().
struct EnsembleOptions {
  GridRules rules;
  RunControl run;
  /// Units whose grids never move.
  std::vector<UnitIndex> locked;
  /// Steps per chain.
  std::int64_t steps = 1000;
  /// Record every thin-th step (scores, typicality, diagnostics).
  std::int64_t thin = 1;
  /// Steps run before anything is recorded (the chain leaves the start;
  /// counted in steps).
  std::int64_t burn_in = 0;
  /// Independent chains (each from the given plan).
  int chains = 2;
  /// Worker threads (0 = one per core); does not change the result.
  int threads = 1;
  EnsembleProposal proposal = EnsembleProposal::recom;
  EnsembleAcceptance acceptance = EnsembleAcceptance::always;
  /// The score of the Metropolis acceptance: accept with min(1, exp(-beta (new - old))).
  EnsembleScore score = EnsembleScore::cut_edges;
  double beta = 1.0;
  /// Spanning trees drawn per recom step before it counts as rejected.
  int tree_attempts = 16;
  /// Plans kept in memory per chain, evenly spaced over the recorded steps
  /// (for simulation across plans; 0 = none).
  int keep_plans = 0;
  /// Distinct plans are counted exactly up to this many per chain (a hash
  /// set, about 40 bytes each), and estimated beyond (HyperLogLog, 16 KB,
  /// about 1% error), so memory stays bounded however long the run.
  std::int64_t distinct_cap = 100000;

  template <class V>
  static void describe(V&& v) {
    v(Field{"rules", "the rules every grid keeps"}, &EnsembleOptions::rules);
    v(Field{"run", "seed, time limit and progress"}, &EnsembleOptions::run);
    v(Field{"locked", "units whose grids never move", "-"}, &EnsembleOptions::locked);
    v(Field{"steps", "steps per chain", nullptr, 0.0, 1e15}, &EnsembleOptions::steps);
    v(Field{"thin", "record every thin-th step", nullptr, 1.0, 1e15}, &EnsembleOptions::thin);
    v(Field{"burn_in", "steps run before recording starts (counted in steps)", nullptr, 0.0, 1e15},
      &EnsembleOptions::burn_in);
    v(Field{"chains", "independent chains from the given plan", nullptr, 1.0, 4096.0}, &EnsembleOptions::chains);
    v(Field{"threads", "worker threads (0 = one per core); the result does not depend on it", nullptr, 0.0, 4096.0},
      &EnsembleOptions::threads);
    v(Field{"proposal", "recom or reversible (reversible ReCom)"}, &EnsembleOptions::proposal);
    v(Field{"acceptance", "always, or metropolis on the score"}, &EnsembleOptions::acceptance);
    v(Field{"score", "score of the metropolis acceptance"}, &EnsembleOptions::score);
    v(Field{"beta", "inverse temperature of the metropolis acceptance", nullptr, 0.0, kFiniteMax},
      &EnsembleOptions::beta);
    v(Field{"tree_attempts", "spanning trees drawn per recom step before it is rejected", nullptr, 1.0, 1e6},
      &EnsembleOptions::tree_attempts);
    v(Field{"keep_plans", "plans kept per chain, evenly spaced (for simulation across plans)", nullptr, 0.0, 1e6},
      &EnsembleOptions::keep_plans);
    v(Field{"distinct_cap", "distinct plans counted exactly up to this many per chain, estimated beyond", nullptr, 0.0, 1e12},
      &EnsembleOptions::distinct_cap);
  }
};

/// Where a value falls in the ensemble: the share of recorded samples
/// below it, plus half the share equal to it (0..1).
struct Typicality {
  std::string score;
  double value = 0;          ///< the given plan's value
  double percentile = 0;     ///< 0..1
  std::int64_t below = 0, equal = 0, samples = 0;
};

/// The given plan's place per nesting group (community).
struct GroupTypicality {
  std::string group;  ///< community (or street) code
  std::int32_t grids = 0;
  std::int32_t movable_grids = 0;
  std::int64_t states_seen = 0;  ///< distinct configurations of the group visited (counted up to 64)
  std::vector<Typicality> scores;
};

struct ChainDiagnostics {
  std::int64_t steps = 0;
  std::int64_t accepted = 0;
  std::int64_t rejected_no_cut = 0;       ///< no balanced cut (recom: within tree_attempts; reversible: the edge drawn)
  std::int64_t rejected_not_adjacent = 0; ///< reversible: the pair drawn does not touch
  std::int64_t rejected_metropolis = 0;   ///< refused by the acceptance probability
  std::int64_t trees = 0;                 ///< spanning trees drawn
  std::int64_t samples = 0;               ///< recorded steps
  std::int64_t distinct_plans = 0;
  std::vector<double> mean;               ///< per score
  std::vector<double> variance;           ///< per score (sample variance)
  /// Per score, mean and sample variance of the first and second half of
  /// the recorded samples (for the split R-hat).
  std::vector<double> half_mean[2], half_variance[2];
  std::int64_t half_samples[2] = {0, 0};
};

struct ScoreDiagnostics {
  std::string score;
  double mean = 0, sd = 0, min = 0, max = 0;
  /// Autocorrelation at lags 1..autocorrelation.size() (mean over chains).
  std::vector<double> autocorrelation;
  double integrated_time = 1;        ///< 1 + 2 sum of autocorrelations until they fall below 0.05
  /// The autocorrelation was still above 0.05 at the last lag computed: the
  /// integrated time is a lower bound (run longer or thin more).
  bool integrated_time_truncated = false;
  double effective_samples = 0;      ///< samples / integrated_time
  /// Split R-hat (Gelman et al.): every chain cut into halves, the halves
  /// compared, so a chain still drifting away from its start shows too
  /// (well above 1 until the chains mix; NaN with fewer than 4 samples).
  double gelman_rubin = 0;
};

/// Recorded scores: one row per recorded step, chains one after the other.
struct EnsembleTable {
  std::vector<std::int32_t> chain;
  std::vector<std::int64_t> step;
  std::vector<std::uint8_t> accepted;  ///< whether the step moved
  std::vector<std::uint64_t> plan_hash;  ///< a hash of the partition (label-free)
  std::vector<std::vector<double>> scores;  ///< #kEnsembleScores columns
};

struct EnsembleResult {
  std::vector<std::string> score_names;  ///< the recorded scores, in order
  std::vector<Typicality> overall;       ///< the given plan's place, per score
  std::vector<GroupTypicality> groups;   ///< per group with at least two movable grids
  std::vector<ChainDiagnostics> chains;
  std::vector<ScoreDiagnostics> diagnostics;
  double acceptance_rate = 0;
  std::int64_t samples = 0;
  std::int64_t distinct_plans = 0;  ///< over all chains (exact while under distinct_cap, else estimated)
  bool distinct_capped = false;     ///< true when distinct_plans is a HyperLogLog estimate
  std::vector<std::string> warnings;
  bool timed_out = false;
  /// Scores in memory (empty when streamed to scores_path).
  EnsembleTable table;
  /// Plans kept on request (EnsembleOptions::keep_plans), chain by chain.
  std::vector<Plan> plans;
  std::vector<std::int32_t> plan_chain;
  std::vector<std::int64_t> plan_step;
  /// The given plan's scores.
  std::vector<double> start_scores;
};

/// Where ensemble() writes as it goes.
struct EnsembleOutput {
  /// Scores CSV (chain,step,accepted,plan_hash,<scores>), written whole at
  /// the end from per-chain temporary files; "" keeps them in memory.
  std::string scores_path;
  /// Plans file for replay (every accepted move, varint-coded, per chain); "" = none.
  std::string plans_path;
};

/// Draws the ensemble. `plan` must keep the rules (validate() is run first).
/// `workload`: when given, workload spread and Gini are scored.
/// @throws InputError if the plan breaks a rule (naming the first
///         violation), sizes differ, a locked unit is out of range or an
///         option is out of range; Error if an output cannot be written;
///         Interrupted on cancel.
[[nodiscard]] EnsembleResult ensemble(const UnitGraph& units, const Plan& plan, const EnsembleOptions& options = {},
                                      const WorkloadConfig* workload = nullptr, const EnsembleOutput& output = {});

/// Replays a plans file: the plan after every recorded move of `chain`,
/// handed to `visit(step, plan)` in order; returns the number of plans visited.
/// @throws InputError if the file is damaged or does not match `start`.
std::int64_t replay_plans(const std::string& path, const Plan& start, int chain,
                          const std::function<void(std::int64_t, const Plan&)>& visit);

/// The result (not the table or the plans) as JSON.
[[nodiscard]] std::string to_json(const EnsembleResult& result, int indent = 2);

}  // namespace gridgov

// ensemble(): the setup shared by the chains, the threads, and the merge of
// the chains' outputs in chain order.
#include "gridgov/ensemble/ensemble.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <nlohmann/json.hpp>
#include <thread>

#include "ensemble/chain.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/core/json.hpp"
#include "gridgov/core/validate.hpp"
#include "gridgov/workload/workload.hpp"

namespace gridgov {

namespace {

using detail::sz;
constexpr char kPlansMagic[] = "GRIDGOV-ENSEMBLE-PLANS 1\n";

struct TempFile {
  std::string path;
  std::FILE* f = nullptr;
  TempFile() = default;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  TempFile(TempFile&& o) noexcept : path(std::move(o.path)), f(o.f) { o.f = nullptr; }
  ~TempFile() {
    if (f) std::fclose(f);
    if (!path.empty()) std::remove(path.c_str());
  }
  void open(const std::string& p) {
    path = p;
    f = std::fopen(p.c_str(), "w+b");
    if (!f) throw Error(p + ": cannot write: " + std::strerror(errno));
  }
  /// An unnamed temporary file (std::tmpfile): gone when closed or when the
  /// process ends, even on Ctrl-C, so an interrupted run leaves nothing behind.
  void open_unnamed(const std::string& what) {
    f = std::tmpfile();
    if (!f) throw Error(what + ": cannot create a temporary file: " + std::strerror(errno));
  }
};

/// A checksum of bytes (FNV-1a, 64 bits), fed in pieces.
struct Checksum {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  void add(const char* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) h = (h ^ static_cast<unsigned char>(p[i])) * 0x100000001B3ULL;
  }
};

/// Copies the whole of `from` to `to`; returns the checksum of the bytes.
std::uint64_t copy_into(std::FILE* from, std::FILE* to, const std::string& what) {
  std::rewind(from);
  std::vector<char> buf(1 << 16);
  std::size_t got = 0;
  Checksum sum;
  while ((got = std::fread(buf.data(), 1, buf.size(), from)) > 0) {
    sum.add(buf.data(), got);
    if (std::fwrite(buf.data(), 1, got, to) != got) throw Error(what + ": write failed (disk full?)");
  }
  return sum.h;
}

void put_varint(std::FILE* f, std::uint64_t v) {
  while (v >= 0x80) {
    std::fputc(static_cast<int>((v & 0x7F) | 0x80), f);
    v >>= 7;
  }
  std::fputc(static_cast<int>(v), f);
}

detail::EnsembleSetup make_setup(const UnitGraph& g, const Plan& plan, const EnsembleOptions& opt,
                                 const WorkloadConfig* workload) {
  check_fields(opt, "ensemble");
  detail::EnsembleSetup s;
  s.g = &g;
  s.opt = &opt;
  s.n = g.size();
  if (plan.grid_of.size() != sz(s.n))
    throw InputError("plan", 0,
                     "the plan has " + std::to_string(plan.grid_of.size()) + " units, the graph " + std::to_string(s.n));
  s.w = detail::resolve_bounds(g, opt.rules);
  s.A = s.w.A;
  s.k = plan.num_grids();
  // The start must keep every rule.
  ValidateOptions vo;
  vo.rules = opt.rules;
  vo.details = false;
  const auto rep = validate(g, plan, vo);
  if (!rep.summary.valid)
    throw InputError("plan", 0,
                     "the starting plan breaks the rules (" + std::to_string(rep.violations.size()) +
                         " violation(s); first: " + (rep.violations.empty() ? std::string("?") : rep.violations[0].message) +
                         "); an ensemble starts from a valid plan (gridgov redesign repairs one)");
  const auto groups = detail::nesting_groups(g, opt.rules.nesting);
  s.group = groups.of;
  s.group_label = groups.label;
  const auto k = sz(s.k);
  s.grid_group.assign(k, -1);
  s.grid_fixed.assign(k, 0);
  s.grid_dedicated.assign(k, 0);
  const auto types = g.grid_type();
  s.rural.assign(sz(s.n), 0);
  s.rural_ok = opt.rules.rural_below_min_ok;
  for (UnitIndex u = 0; u < s.n; ++u) {
    const auto q = sz(plan.grid_of[sz(u)]);
    s.grid_group[q] = s.group[sz(u)];
    if (!types.empty() && types[sz(u)] == GridType::dedicated) {
      s.grid_dedicated[q] = 1;
      if (opt.rules.dedicated_grids) s.grid_fixed[q] = 1;
    }
    if (!types.empty() && types[sz(u)] == GridType::rural) s.rural[sz(u)] = 1;
  }
  for (UnitIndex u : opt.locked) {
    if (u < 0 || u >= s.n)
      throw InputError("ensemble", 0, "locked unit index " + std::to_string(u) + " is out of range 0.." + std::to_string(s.n - 1));
    s.grid_fixed[sz(plan.grid_of[sz(u)])] = 1;
  }
  const auto G = s.group_label.size();
  s.grids_in_group.assign(G, {});
  s.movable_in_group.assign(G, {});
  for (GridIndex q = 0; q < s.k; ++q) {
    const auto grp = s.grid_group[sz(q)];
    if (grp < 0) continue;  // empty grid (validate refuses these)
    s.grids_in_group[sz(grp)].push_back(q);
    if (!s.grid_fixed[sz(q)]) s.movable_in_group[sz(grp)].push_back(q);
  }
  s.pair_prefix.assign(1, 0);
  for (std::size_t grp = 0; grp < G; ++grp) {
    const auto m = static_cast<std::uint64_t>(s.movable_in_group[grp].size());
    s.pair_prefix.push_back(s.pair_prefix.back() + (m > 1 ? m * (m - 1) / 2 : 0));
    if (m > 1) s.report_groups.push_back(static_cast<std::int32_t>(grp));
  }
  s.spread_col = s.w.col[0];
  if (workload) {
    s.workload = true;
    const auto uw = unit_workload(g, *workload);
    s.wl_base.resize(sz(s.n));
    s.wl_p.assign(sz(s.n), 0);
    s.wl_a = uw.area;
    for (std::size_t u = 0; u < sz(s.n); ++u) {
      s.wl_base[u] = uw.routine[u] + uw.special[u] + uw.events[u];
      if (workload->travel.rounds_per_week > 0)
        s.wl_p[u] = 1.0 - std::exp(-uw.visits_per_week[u] / workload->travel.rounds_per_week);
    }
    if (workload->travel.method == TravelMethod::bhh)
      s.wl_k = workload->travel.rounds_per_week * workload->travel.bhh_constant / 1000.0 / workload->travel.walking_speed_kmh;
    s.wl_admin = workload->admin_hours_per_grid_per_week;
  }
  s.S = s.workload ? 5 : 3;
  for (int i = 0; i < s.S; ++i) s.score_names.emplace_back(name(static_cast<EnsembleScore>(i)));
  if (opt.acceptance == EnsembleAcceptance::metropolis && static_cast<int>(opt.score) >= s.S)
    throw InputError("ensemble", 0,
                     std::string("score ") + std::string(name(opt.score)) + " needs a workload configuration");
  s.zobrist.resize(sz(s.n));
  for (std::size_t u = 0; u < sz(s.n); ++u) s.zobrist[u] = detail::mix64(0x9A7E5EEDULL ^ (u * 0x100000001B3ULL));
  for (UnitIndex u = 0; u < s.n; ++u) {
    const auto gu = plan.grid_of[sz(u)];
    if (s.grid_fixed[sz(gu)]) continue;
    for (UnitIndex v : g.neighbors(u)) {
      const auto gv = plan.grid_of[sz(v)];
      if (s.grid_fixed[sz(gv)] || s.group[sz(u)] != s.group[sz(v)]) continue;
      s.pool_u.push_back(u);
      s.pool_v.push_back(v);
    }
  }
  s.records = std::max<std::int64_t>(0, opt.steps - opt.burn_in) / opt.thin;
  detail::plan_scores(s, plan.grid_of, s.start_scores, s.start_group_scores);
  return s;
}

/// Split R-hat: each chain's two halves as chains of their own.
double rhat(const std::vector<ChainDiagnostics>& chains, std::size_t sc) {
  std::vector<double> means, vars;
  std::int64_t n = std::numeric_limits<std::int64_t>::max();
  for (const auto& c : chains)
    for (int h = 0; h < 2; ++h) {
      if (c.half_mean[h].size() <= sc) return std::numeric_limits<double>::quiet_NaN();
      means.push_back(c.half_mean[h][sc]);
      vars.push_back(c.half_variance[h][sc]);
      n = std::min(n, c.half_samples[h]);
    }
  const auto m = means.size();
  if (m < 2 || n < 2) return std::numeric_limits<double>::quiet_NaN();
  double grand = 0, W = 0;
  for (std::size_t i = 0; i < m; ++i) {
    grand += means[i];
    W += vars[i];
  }
  grand /= static_cast<double>(m);
  W /= static_cast<double>(m);
  double B = 0;
  for (double x : means) B += (x - grand) * (x - grand);
  const auto nd = static_cast<double>(n);
  B *= nd / static_cast<double>(m - 1);
  if (W <= 0) return B <= 0 ? 1.0 : std::numeric_limits<double>::infinity();
  return std::sqrt(((nd - 1) / nd * W + B / nd) / W);
}

}  // namespace

EnsembleResult ensemble(const UnitGraph& units, const Plan& plan, const EnsembleOptions& options,
                        const WorkloadConfig* workload, const EnsembleOutput& output) {
  const auto s = make_setup(units, plan, options, workload);
  const int C = options.chains;
  std::vector<detail::ChainOutput> outs(sz(C));
  std::vector<TempFile> score_files(sz(C)), plan_files(sz(C));
  for (int c = 0; c < C; ++c) {
    if (!output.scores_path.empty()) score_files[sz(c)].open_unnamed(output.scores_path);
    if (!output.plans_path.empty()) plan_files[sz(c)].open_unnamed(output.plans_path);
  }
  int T = options.threads == 0 ? static_cast<int>(std::max(1u, std::thread::hardware_concurrency())) : options.threads;
  T = std::max(1, std::min(T, C));
  std::atomic<bool> stop{false};
  std::atomic<std::int64_t> done{0};
  std::atomic<int> next{0};
  std::atomic<int> finished{0};
  std::vector<std::exception_ptr> errors(sz(C));
  auto worker = [&] {
    for (int c = next.fetch_add(1); c < C; c = next.fetch_add(1)) {
      try {
        detail::run_chain(s, plan, c, score_files[sz(c)].f, plan_files[sz(c)].f, outs[sz(c)], stop, done);
      } catch (...) {
        errors[sz(c)] = std::current_exception();
        stop = true;
      }
    }
    finished.fetch_add(1);
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < T; ++t) pool.emplace_back(worker);
  // The calling thread reports progress (and so is the only one to call back).
  bool cancelled = false;
  const double total = static_cast<double>(options.steps) * C;
  while (finished.load() < T) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (options.run.progress && total > 0 && !cancelled) {
      const double f = std::min(1.0, static_cast<double>(done.load()) / total);
      if (!options.run.progress(f, "ensemble")) {
        cancelled = true;
        stop = true;
      }
    }
  }
  for (auto& th : pool) th.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
  if (cancelled) throw Interrupted();

  EnsembleResult r;
  r.score_names = s.score_names;
  r.start_scores = s.start_scores;
  const auto S = sz(s.S);
  // Outputs: concatenated in chain order, written whole or not at all.
  if (!output.scores_path.empty()) {
    TempFile out;
    out.open(output.scores_path + ".tmp");
    std::string head = "chain,step,accepted,plan_hash";
    for (const auto& nm : s.score_names) head += "," + nm;
    head += '\n';
    std::fwrite(head.data(), 1, head.size(), out.f);
    for (int c = 0; c < C; ++c) copy_into(score_files[sz(c)].f, out.f, output.scores_path);
    if (std::fflush(out.f) != 0) throw Error(output.scores_path + ": write failed (disk full?)");
    std::fclose(out.f);
    out.f = nullptr;
    if (std::rename(out.path.c_str(), output.scores_path.c_str()) != 0)
      throw Error(output.scores_path + ": cannot replace: " + std::strerror(errno));
    out.path.clear();
  }
  if (!output.plans_path.empty()) {
    TempFile out;
    out.open(output.plans_path + ".tmp");
    std::fwrite(kPlansMagic, 1, sizeof kPlansMagic - 1, out.f);
    put_varint(out.f, static_cast<std::uint64_t>(s.n));
    put_varint(out.f, static_cast<std::uint64_t>(s.k));
    put_varint(out.f, static_cast<std::uint64_t>(C));
    for (int c = 0; c < C; ++c) {
      auto* f = plan_files[sz(c)].f;
      std::fflush(f);
      std::fseek(f, 0, SEEK_END);
      const long len = std::ftell(f);
      put_varint(out.f, static_cast<std::uint64_t>(outs[sz(c)].diag.accepted));
      put_varint(out.f, static_cast<std::uint64_t>(len));
      const std::uint64_t sum = copy_into(f, out.f, output.plans_path);
      for (int b = 0; b < 8; ++b) std::fputc(static_cast<int>((sum >> (8 * b)) & 0xFF), out.f);
    }
    if (std::fflush(out.f) != 0) throw Error(output.plans_path + ": write failed (disk full?)");
    std::fclose(out.f);
    out.f = nullptr;
    if (std::rename(out.path.c_str(), output.plans_path.c_str()) != 0)
      throw Error(output.plans_path + ": cannot replace: " + std::strerror(errno));
    out.path.clear();
  }

  // Merge.
  std::vector<std::int64_t> below(S, 0), equal(S, 0);
  std::vector<double> mn(S, std::numeric_limits<double>::infinity()), mx(S, -std::numeric_limits<double>::infinity());
  std::int64_t steps = 0, accepted = 0;
  std::unordered_set<std::uint64_t> all_hashes;
  std::vector<std::uint8_t> hll(detail::kHllRegisters, 0);
  for (int c = 0; c < C; ++c) {
    auto& o = outs[sz(c)];
    for (std::size_t sc = 0; sc < S; ++sc) {
      below[sc] += o.below[sc];
      equal[sc] += o.equal[sc];
      mn[sc] = std::min(mn[sc], o.min[sc]);
      mx[sc] = std::max(mx[sc], o.max[sc]);
    }
    steps += o.diag.steps;
    accepted += o.diag.accepted;
    r.samples += o.diag.samples;
    r.timed_out = r.timed_out || o.timed_out;
    r.distinct_capped = r.distinct_capped || o.capped;
    if (!r.distinct_capped) all_hashes.insert(o.hashes.begin(), o.hashes.end());
    for (std::size_t i = 0; i < hll.size(); ++i) hll[i] = std::max(hll[i], o.hll[i]);
    r.chains.push_back(o.diag);
    auto& tb = o.table;
    if (!tb.chain.empty()) {
      auto& rt = r.table;
      if (rt.scores.empty()) rt.scores.assign(S, {});
      rt.chain.insert(rt.chain.end(), tb.chain.begin(), tb.chain.end());
      rt.step.insert(rt.step.end(), tb.step.begin(), tb.step.end());
      rt.accepted.insert(rt.accepted.end(), tb.accepted.begin(), tb.accepted.end());
      rt.plan_hash.insert(rt.plan_hash.end(), tb.plan_hash.begin(), tb.plan_hash.end());
      for (std::size_t sc = 0; sc < S; ++sc) rt.scores[sc].insert(rt.scores[sc].end(), tb.scores[sc].begin(), tb.scores[sc].end());
    }
    for (std::size_t i = 0; i < o.plans.size(); ++i) {
      Plan p;
      p.grid_of = std::move(o.plans[i]);
      p.grid_codes = plan.grid_codes;
      r.plans.push_back(std::move(p));
      r.plan_chain.push_back(c);
      r.plan_step.push_back(o.plan_steps[i]);
    }
  }
  r.distinct_plans = r.distinct_capped ? static_cast<std::int64_t>(std::llround(detail::hll_estimate(hll)))
                                       : static_cast<std::int64_t>(all_hashes.size());
  r.acceptance_rate = steps > 0 ? static_cast<double>(accepted) / static_cast<double>(steps) : 0.0;
  auto typ = [&](const std::string& name, double value, std::int64_t b, std::int64_t e, std::int64_t n) {
    Typicality t;
    t.score = name;
    t.value = value;
    t.below = b;
    t.equal = e;
    t.samples = n;
    t.percentile = n > 0 ? (static_cast<double>(b) + 0.5 * static_cast<double>(e)) / static_cast<double>(n)
                         : std::numeric_limits<double>::quiet_NaN();
    return t;
  };
  for (std::size_t sc = 0; sc < S; ++sc) r.overall.push_back(typ(s.score_names[sc], s.start_scores[sc], below[sc], equal[sc], r.samples));
  for (std::size_t i = 0; i < s.report_groups.size(); ++i) {
    const auto grp = sz(s.report_groups[i]);
    GroupTypicality gt;
    gt.group = s.group_label[grp];
    gt.grids = static_cast<std::int32_t>(s.grids_in_group[grp].size());
    gt.movable_grids = static_cast<std::int32_t>(s.movable_in_group[grp].size());
    std::vector<std::uint64_t> states;
    for (int c = 0; c < C; ++c)
      for (auto h : outs[sz(c)].gstates[i])
        if (states.size() < 64 && std::find(states.begin(), states.end(), h) == states.end()) states.push_back(h);
    gt.states_seen = static_cast<std::int64_t>(states.size());
    for (std::size_t sc = 0; sc < S; ++sc) {
      std::int64_t b = 0, e = 0;
      for (int c = 0; c < C; ++c) {
        b += outs[sz(c)].gbelow[i][sc];
        e += outs[sz(c)].gequal[i][sc];
      }
      gt.scores.push_back(typ(s.score_names[sc], s.start_group_scores[grp][sc], b, e, r.samples));
    }
    if (r.samples > 0 && gt.states_seen <= 2)
      r.warnings.push_back("community " + gt.group + " (" + std::to_string(gt.movable_grids) + " movable grids) visited only " +
                           std::to_string(gt.states_seen) + " configuration(s): too small or too tight to mix");
    r.groups.push_back(std::move(gt));
  }
  std::int64_t frozen = 0;
  for (std::size_t grp = 0; grp < s.group_label.size(); ++grp)
    if (s.movable_in_group[grp].size() < 2 && !s.grids_in_group[grp].empty()) ++frozen;
  if (frozen > 0)
    r.warnings.push_back(std::to_string(frozen) + " communit" + (frozen == 1 ? "y has" : "ies have") +
                         " fewer than two movable grids and never change");
  if (s.pool_u.empty()) r.warnings.push_back("no two movable grids of one community touch: the chain cannot move");
  for (std::size_t sc = 0; sc < S; ++sc) {
    ScoreDiagnostics d;
    d.score = s.score_names[sc];
    double m = 0, v = 0;
    std::int64_t n = 0;
    for (const auto& c : r.chains) {
      if (c.samples == 0) continue;
      m += c.mean[sc] * static_cast<double>(c.samples);
      n += c.samples;
    }
    d.mean = n > 0 ? m / static_cast<double>(n) : std::numeric_limits<double>::quiet_NaN();
    for (const auto& c : r.chains)
      if (c.samples > 0)
        v += c.variance[sc] * static_cast<double>(c.samples - 1) +
             static_cast<double>(c.samples) * (c.mean[sc] - d.mean) * (c.mean[sc] - d.mean);
    d.sd = n > 1 ? std::sqrt(v / static_cast<double>(n - 1)) : 0.0;
    d.min = mn[sc];
    d.max = mx[sc];
    std::size_t L = std::numeric_limits<std::size_t>::max();
    for (int c = 0; c < C; ++c) L = std::min(L, outs[sz(c)].acf[sc].size());
    if (L == std::numeric_limits<std::size_t>::max()) L = 0;
    d.autocorrelation.assign(L, 0.0);
    for (int c = 0; c < C; ++c)
      for (std::size_t l = 0; l < L; ++l) d.autocorrelation[l] += outs[sz(c)].acf[sc][l] / C;
    d.integrated_time = 1;
    std::size_t l = 0;
    for (; l < L && d.autocorrelation[l] >= 0.05; ++l) d.integrated_time += 2 * d.autocorrelation[l];
    d.integrated_time_truncated = L > 0 && l == L;
    d.effective_samples = static_cast<double>(r.samples) / d.integrated_time;
    d.gelman_rubin = rhat(r.chains, sc);
    r.diagnostics.push_back(std::move(d));
  }
  return r;
}

std::int64_t replay_plans(const std::string& path, const Plan& start, int chain,
                          const std::function<void(std::int64_t, const Plan&)>& visit) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw InputError(path, 0, std::string("cannot open: ") + std::strerror(errno));
  struct Closer {
    std::FILE* f;
    ~Closer() { std::fclose(f); }
  } closer{f};
  auto bad = [&](const std::string& what) { return InputError(path, 0, "not a whole plans file: " + what); };
  auto get = [&]() -> std::uint64_t {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const int ch = std::fgetc(f);
      if (ch == EOF) throw bad("it ends early");
      v |= static_cast<std::uint64_t>(ch & 0x7F) << shift;
      if (!(ch & 0x80)) return v;
    }
    throw bad("a number is too long");
  };
  char magic[sizeof kPlansMagic - 1];
  if (std::fread(magic, 1, sizeof magic, f) != sizeof magic || std::memcmp(magic, kPlansMagic, sizeof magic) != 0)
    throw bad("the header is missing");
  const auto n = get(), k = get(), chains = get();
  if (n != start.grid_of.size() || k != static_cast<std::uint64_t>(start.num_grids()))
    throw InputError(path, 0, "the file is for " + std::to_string(n) + " units and " + std::to_string(k) +
                                  " grids, the plan has " + std::to_string(start.grid_of.size()) + " and " +
                                  std::to_string(start.num_grids()));
  if (chain < 0 || static_cast<std::uint64_t>(chain) >= chains)
    throw InputError(path, 0, "chain " + std::to_string(chain) + " is not in the file (" + std::to_string(chains) + " chains)");
  for (int c = 0; c < chain; ++c) {
    (void)get();
    const auto len = get();
    if (std::fseek(f, static_cast<long>(len) + 8, SEEK_CUR) != 0) throw bad("it ends early");
  }
  const auto moves = get();
  const auto len = get();
  {  // The block's checksum first: a damaged file is refused before any plan is handed out.
    const long start_pos = std::ftell(f);
    std::vector<char> buf(1 << 16);
    Checksum sum;
    std::uint64_t left = len;
    while (left > 0) {
      const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(left, buf.size()));
      if (std::fread(buf.data(), 1, want, f) != want) throw bad("it ends early");
      sum.add(buf.data(), want);
      left -= want;
    }
    std::uint64_t stored = 0;
    for (int b = 0; b < 8; ++b) {
      const int ch = std::fgetc(f);
      if (ch == EOF) throw bad("it ends early");
      stored |= static_cast<std::uint64_t>(ch) << (8 * b);
    }
    if (stored != sum.h) throw bad("the checksum of chain " + std::to_string(chain) + " does not match (the file is damaged)");
    std::fseek(f, start_pos, SEEK_SET);
  }
  Plan p = start;
  std::vector<std::vector<UnitIndex>> members(sz(start.num_grids()));
  for (std::size_t u = 0; u < p.grid_of.size(); ++u) members[sz(p.grid_of[u])].push_back(static_cast<UnitIndex>(u));
  std::int64_t step = 0;
  std::vector<char> in_a(p.grid_of.size(), 0);
  for (std::uint64_t i = 0; i < moves; ++i) {
    step += static_cast<std::int64_t>(get());
    const auto a = get(), b = get(), cnt = get();
    if (a >= k || b >= k || a == b) throw bad("a move names grids out of range");
    auto& ma = members[a];
    auto& mb = members[b];
    std::vector<UnitIndex> region(ma);
    region.insert(region.end(), mb.begin(), mb.end());
    if (cnt > region.size()) throw bad("a move is larger than its grids");
    ma.clear();
    mb.clear();
    std::uint64_t u = 0;
    for (std::uint64_t j = 0; j < cnt; ++j) {
      u += get();
      if (u >= n) throw bad("a unit is out of range");
      in_a[u] = 1;
    }
    for (UnitIndex x : region) {
      const bool to_a = in_a[sz(x)] != 0;
      p.grid_of[sz(x)] = static_cast<GridIndex>(to_a ? a : b);
      (to_a ? ma : mb).push_back(x);
      in_a[sz(x)] = 0;
    }
    if (ma.size() != cnt) throw bad("a move names units outside its grids");
    visit(step, p);
  }
  return static_cast<std::int64_t>(moves);
}

std::string to_json(const EnsembleResult& r, int indent) {
  using nlohmann::json;
  auto typ = [](const Typicality& t) {
    return json{{"score", t.score}, {"value", t.value}, {"percentile", t.percentile},
                {"below", t.below}, {"equal", t.equal}, {"samples", t.samples}};
  };
  json j;
  json summary{{"samples", r.samples},
               {"acceptance_rate", r.acceptance_rate},
               {"distinct_plans", r.distinct_plans},
               {"distinct_capped", r.distinct_capped},
               {"timed_out", r.timed_out},
               {"scores", r.score_names}};
  j["summary"] = summary;
  json start = json::object();
  for (std::size_t i = 0; i < r.score_names.size(); ++i) start[r.score_names[i]] = r.start_scores[i];
  j["plan_scores"] = start;
  j["overall"] = json::array();
  for (const auto& t : r.overall) j["overall"].push_back(typ(t));
  j["communities"] = json::array();
  for (const auto& gt : r.groups) {
    json g{{"community", gt.group}, {"grids", gt.grids}, {"movable_grids", gt.movable_grids}, {"states_seen", gt.states_seen}};
    g["scores"] = json::array();
    for (const auto& t : gt.scores) g["scores"].push_back(typ(t));
    j["communities"].push_back(g);
  }
  j["chains"] = json::array();
  for (const auto& c : r.chains)
    j["chains"].push_back(json{{"steps", c.steps},
                               {"accepted", c.accepted},
                               {"rejected_no_cut", c.rejected_no_cut},
                               {"rejected_not_adjacent", c.rejected_not_adjacent},
                               {"rejected_metropolis", c.rejected_metropolis},
                               {"trees", c.trees},
                               {"samples", c.samples},
                               {"distinct_plans", c.distinct_plans},
                               {"mean", c.mean}});
  j["diagnostics"] = json::array();
  for (const auto& d : r.diagnostics)
    j["diagnostics"].push_back(json{{"score", d.score},
                                    {"mean", d.mean},
                                    {"sd", d.sd},
                                    {"min", d.min},
                                    {"max", d.max},
                                    {"autocorrelation", d.autocorrelation},
                                    {"integrated_time", d.integrated_time},
                                    {"integrated_time_truncated", d.integrated_time_truncated},
                                    {"effective_samples", d.effective_samples},
                                    {"gelman_rubin", d.gelman_rubin}});
  j["warnings"] = r.warnings;
  return j.dump(indent);
}

}  // namespace gridgov

// The event-handling simulation: one independent queue per grid on the
// working clock, then escalation through community, street and district.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>

#include "gridgov/core/format.hpp"
#include "gridgov/core/error.hpp"
#include "simulate/sampling.hpp"
#include "gridgov/simulate/simulate.hpp"
#include "simulate/calendar.hpp"

namespace gridgov {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int kHistBins = 241;  // 60 days of quarter days + an open-ended bin

void check_plan(const UnitGraph& g, const Plan& plan) {
  if (plan.grid_of.size() != static_cast<std::size_t>(g.size()))
    throw InputError("simulate: the plan has " + std::to_string(plan.grid_of.size()) + " units, the graph " +
                     std::to_string(g.size()));
  const GridIndex k = plan.num_grids();
  for (UnitIndex u = 0; u < g.size(); ++u) {
    const GridIndex q = plan.grid_of[static_cast<std::size_t>(u)];
    if (q == kNoGrid) throw InputError("simulate: unit '" + g.id(u) + "' has no grid");
    if (q < 0 || q >= k) throw InputError("simulate: unit '" + g.id(u) + "' has grid index " + std::to_string(q) +
                                          " outside 0.." + std::to_string(k - 1));
  }
}

/// Rate per day of each (unit, type), row-major.
std::vector<double> unit_rates(const UnitGraph& g, const SimParams& p) {
  const auto n = static_cast<std::size_t>(g.size());
  const auto pop = g.attribute("population");
  std::vector<std::span<const double>> groups;
  std::vector<double> weights;
  for (int s = 0; s < kSpecialGroups; ++s) {
    const auto name = special_group_name(s);
    if (g.has_attribute(name)) {
      groups.push_back(g.attribute(name));
      weights.push_back(p.special_weights[static_cast<std::size_t>(s)]);
    }
  }
  std::vector<double> r(n * kEventTypes);
  for (std::size_t u = 0; u < n; ++u) {
    double special = 0;
    for (std::size_t s = 0; s < groups.size(); ++s) special += weights[s] * groups[s][u];
    for (int t = 0; t < kEventTypes; ++t) {
      const auto& tp = p.types[static_cast<std::size_t>(t)];
      r[u * kEventTypes + static_cast<std::size_t>(t)] =
          p.scales.rate * (pop[u] / 1000.0 * tp.per_1000_residents + special * tp.per_special_person);
    }
  }
  return r;
}

struct Arrival {
  double t;  // calendar hours
  double w;  // working clock
  std::int32_t unit;
  std::uint8_t type;
  std::uint8_t channel;
};

struct Server {
  double speed;
  double busy_until;
  double started;
  std::int32_t event;  // index into the grid's arrivals, -1 when idle
};

/// Simulates every grid in turn, accumulating into one SimResult.
class Engine {
 public:
  Engine(const UnitGraph& g, const Plan& plan, const Staffing& staffing, const SimParams& p, const SimOptions& o,
         SimResult& out)
      : plan_(plan), staff_(staffing), p_(p), o_(o), cal_(p), out_(out) {
    total_days_ = o.days + o.drain_days;
    t_arrivals_end_ = 24.0 * o.days;
    w_arrivals_end_ = cal_.to_work(t_arrivals_end_);
    w_end_ = cal_.to_work(24.0 * static_cast<double>(total_days_));
    rates_ = unit_rates(g, p);
    for (int t = 0; t < kEventTypes; ++t) {
      const auto& tp = p.types[static_cast<std::size_t>(t)];
      patrol_share_[t] = tp.channels[static_cast<std::size_t>(Channel::patrol)];
      // Cumulative mix over the non-patrol channels.
      double acc = 0;
      const double np = 1.0 - patrol_share_[t];
      for (int c = 0; c < kChannels; ++c) {
        if (c != static_cast<int>(Channel::patrol) && np > 0) acc += tp.channels[static_cast<std::size_t>(c)] / np;
        channel_cdf_[t][c] = acc;
      }
      for (int l = 0; l < kLevels; ++l) {
        const double esc = std::min(1.0, p.scales.escalation * (1.0 - tp.resolve_share[static_cast<std::size_t>(l)]));
        resolve_[t][l] = 1.0 - esc;
      }
      service_mean_[t] = tp.service_hours * p.scales.service;
      deadline_[t] = tp.deadline_workdays * cal_.day;  // working hours
    }
    // Priority classes: types ordered by priority (ties keep type order).
    int order[kEventTypes] = {0, 1, 2, 3};
    std::stable_sort(order, order + kEventTypes,
                     [&](int a, int b) { return p.types[static_cast<std::size_t>(a)].priority < p.types[static_cast<std::size_t>(b)].priority; });
    for (int i = 0; i < kEventTypes; ++i) class_of_[order[i]] = i;
    patience_ = p.grid.patience_hours.value_or(kInf);

    const auto k = static_cast<std::size_t>(plan.num_grids());
    out.grids.assign(k, SimTally{});
    out.busy_hours.assign(k, 0.0);
    out.capacity_hours.assign(k, 0.0);
    out.utilisation.assign(k, 0.0);
    out.mean_wait_hours.assign(k, 0.0);
    out.unit_received.assign(static_cast<std::size_t>(g.size()), 0);
    const auto nd = static_cast<std::size_t>(total_days_);
    out.daily_arrivals.assign(nd, 0);
    out.daily_resolved.assign(nd, 0);
    out.daily_escalated.assign(nd, 0);
    out.daily_unresolved.assign(nd, 0);
    out.daily_backlog.assign(nd, 0);
    out.daily_grid_queue.assign(nd, 0);
    grid_leave_.assign(nd, 0);
    closed_.assign(nd, 0);
    out.histogram.assign(kHistBins, 0);

    // Units of each grid (counting sort).
    grid_start_.assign(k + 1, 0);
    for (auto q : plan.grid_of) ++grid_start_[static_cast<std::size_t>(q) + 1];
    for (std::size_t q = 0; q < k; ++q) grid_start_[q + 1] += grid_start_[q];
    grid_units_.resize(plan.grid_of.size());
    std::vector<std::int64_t> fill(grid_start_.begin(), grid_start_.end() - 1);
    for (std::size_t u = 0; u < plan.grid_of.size(); ++u)
      grid_units_[static_cast<std::size_t>(fill[static_cast<std::size_t>(plan.grid_of[u])]++)] = static_cast<UnitIndex>(u);
  }

  void run() {
    const GridIndex k = plan_.num_grids();
    for (GridIndex q = 0; q < k; ++q) {
      if (o_.progress && (q & 63) == 0 && !o_.progress(static_cast<double>(q) / std::max(1, k), "simulate"))
        throw Interrupted();
      run_grid(q);
    }
    finish();
    if (o_.progress && !o_.progress(1.0, "simulate")) throw Interrupted();
  }

 private:
  [[nodiscard]] std::size_t day_of(double t) const noexcept {
    const auto d = static_cast<std::int64_t>(t / 24.0);
    return static_cast<std::size_t>(std::clamp<std::int64_t>(d, 0, total_days_ - 1));
  }

  void generate(GridIndex q, sim::Rng& rng) {
    arrivals_.clear();
    const auto b = static_cast<std::size_t>(grid_start_[static_cast<std::size_t>(q)]);
    const auto e = static_cast<std::size_t>(grid_start_[static_cast<std::size_t>(q) + 1]);
    const std::size_t m = (e - b) * kEventTypes;
    w_np_.resize(m);
    w_p_.resize(m);
    for (std::size_t i = b; i < e; ++i) {
      const auto u = static_cast<std::size_t>(grid_units_[i]);
      for (int t = 0; t < kEventTypes; ++t) {
        const double r = rates_[u * kEventTypes + static_cast<std::size_t>(t)];
        w_np_[(i - b) * kEventTypes + static_cast<std::size_t>(t)] = r * (1.0 - patrol_share_[t]);
        w_p_[(i - b) * kEventTypes + static_cast<std::size_t>(t)] = r * patrol_share_[t];
      }
    }
    const double total_np = alias_np_.build(w_np_);  // per day
    const double total_p = alias_p_.build(w_p_);      // per day
    // Around-the-clock arrivals on the calendar.
    np_.clear();
    if (total_np > 0) {
      const double mean_gap = 24.0 / total_np;
      for (double t = rng.exponential(mean_gap); t < t_arrivals_end_; t += rng.exponential(mean_gap)) {
        const auto j = alias_np_.sample(rng);
        const auto type = static_cast<int>(j % kEventTypes);
        const double u = rng.uniform();
        int c = 0;
        while (c < kChannels - 1 && (c == static_cast<int>(Channel::patrol) || u >= channel_cdf_[type][c])) ++c;
        np_.push_back(Arrival{t, cal_.to_work(t), grid_units_[b + j / kEventTypes], static_cast<std::uint8_t>(type),
                              static_cast<std::uint8_t>(c)});
      }
    }
    // Patrol arrivals on the working clock: the same mean per calendar day.
    pa_.clear();
    if (total_p > 0) {
      const double mean_gap = cal_.week / (7.0 * total_p);
      for (double w = rng.exponential(mean_gap); w < w_arrivals_end_; w += rng.exponential(mean_gap)) {
        const auto j = alias_p_.sample(rng);
        pa_.push_back(Arrival{cal_.to_calendar(w), w, grid_units_[b + j / kEventTypes],
                              static_cast<std::uint8_t>(j % kEventTypes), static_cast<std::uint8_t>(Channel::patrol)});
      }
    }
    arrivals_.resize(np_.size() + pa_.size());
    std::merge(np_.begin(), np_.end(), pa_.begin(), pa_.end(), arrivals_.begin(),
               [](const Arrival& a, const Arrival& c) { return a.w < c.w || (a.w == c.w && a.t < c.t); });
  }

  void setup_servers(GridIndex q) {
    servers_.clear();
    const auto i = static_cast<std::size_t>(q);
    const double share = p_.grid.event_time_share;
    double ft = staff_.full_time[i];
    while (ft > 1e-12) {
      servers_.push_back(Server{std::min(1.0, ft) * share, 0.0, 0.0, -1});
      ft -= 1.0;
    }
    const double helper_speed = std::min(1.0, staff_.part_time_hours[i] / cal_.week) * share;
    if (helper_speed > 0) {
      const auto helpers = static_cast<std::int64_t>(std::floor(staff_.part_time[i] + 1e-9));
      for (std::int64_t h = 0; h < helpers; ++h) servers_.push_back(Server{helper_speed, 0.0, 0.0, -1});
    }
    std::stable_sort(servers_.begin(), servers_.end(), [](const Server& a, const Server& b) { return a.speed > b.speed; });
    double cap = 0;
    for (const auto& s : servers_) cap += s.speed;
    out_.capacity_hours[i] = cap * w_end_;
  }

  // ---- bookkeeping --------------------------------------------------------

  void record_resolved(const Arrival& a, int level, double w, SimTally& grid) {
    const double t = std::max(a.t, cal_.to_calendar(w));
    const double days = (t - a.t) / 24.0;
    const bool on_time = w - a.w <= deadline_[a.type];
    auto bump = [&](SimTally& s) {
      ++s.resolved[static_cast<std::size_t>(level)];
      s.resolution_days += days;
      if (on_time) ++s.on_time;
    };
    bump(out_.total);
    bump(grid);
    bump(out_.channels[a.channel]);
    bump(out_.types[a.type]);
    ++out_.levels[static_cast<std::size_t>(level)].resolved;
    ++out_.daily_resolved[day_of(t)];
    durations_.push_back(static_cast<float>(days));
    const auto bin = std::min<std::size_t>(kHistBins - 1, static_cast<std::size_t>(days / out_.hist_bin_days));
    ++out_.histogram[bin];
    ++closed_[day_of(t)];
    ++out_.events;
  }

  void record_open(const Arrival& a, int level, SimTally& grid) {
    ++out_.total.open;
    ++grid.open;
    ++out_.channels[a.channel].open;
    ++out_.types[a.type].open;
    ++out_.levels[static_cast<std::size_t>(level)].open;
  }

  void record_unresolved(const Arrival& a, double w, SimTally& grid) {
    ++out_.total.unresolved;
    ++grid.unresolved;
    ++out_.channels[a.channel].unresolved;
    ++out_.types[a.type].unresolved;
    const double t = cal_.to_calendar(w);
    ++out_.daily_unresolved[day_of(t)];
    ++closed_[day_of(t)];
    ++out_.events;
  }

  /// The event leaves the grid unresolved at working time w: the higher
  /// levels take it from there.
  void escalate(const Arrival& a, double w, SimTally& grid, sim::Rng& rng) {
    int level = 0;
    for (;;) {
      ++out_.levels[static_cast<std::size_t>(level)].passed_on;
      if (level == kLevels - 1) {
        record_unresolved(a, w, grid);
        return;
      }
      ++out_.daily_escalated[day_of(cal_.to_calendar(w))];
      ++level;
      const auto& lp = p_.levels[static_cast<std::size_t>(level)];
      ++out_.levels[static_cast<std::size_t>(level)].reached;
      w += rng.exponential(lp.escalate_hours) + rng.exponential(lp.handle_hours);
      out_.events += 2;
      if (w > w_end_) {
        record_open(a, level, grid);
        return;
      }
      if (rng.uniform() < resolve_[a.type][level]) {
        record_resolved(a, level, w, grid);
        return;
      }
    }
  }

  // ---- one grid -----------------------------------------------------------

  void run_grid(GridIndex q) {
    sim::Rng rng(sim::mix(o_.seed, static_cast<std::uint64_t>(q)));
    generate(q, rng);
    setup_servers(q);
    auto& tally = out_.grids[static_cast<std::size_t>(q)];
    const auto n = arrivals_.size();
    for (const auto& a : arrivals_) {
      ++out_.unit_received[static_cast<std::size_t>(a.unit)];
      ++out_.daily_arrivals[day_of(a.t)];
      ++out_.channels[a.channel].received;
      ++out_.types[a.type].received;
    }
    tally.received = static_cast<std::int64_t>(n);
    out_.total.received += tally.received;
    out_.levels[0].reached += tally.received;
    out_.events += tally.received;
    for (auto& cq : queue_) cq.clear();
    std::fill(std::begin(head_), std::end(head_), std::size_t{0});
    std::size_t queued = 0;
    double busy = 0, wait_sum = 0;
    std::int64_t started = 0;

    auto leave_grid = [&](std::size_t idx, double w) { ++grid_leave_[day_of(cal_.to_calendar(std::max(w, arrivals_[idx].w)))]; };
    auto timeout = [&](std::size_t idx) {
      const auto& a = arrivals_[idx];
      const double w = a.w + patience_;
      ++tally.timeouts;
      ++out_.total.timeouts;
      ++out_.channels[a.channel].timeouts;
      ++out_.types[a.type].timeouts;
      leave_grid(idx, w);
      escalate(a, w, tally, rng);
    };
    auto dispatch = [&](double now) {
      while (queued > 0) {
        Server* idle = nullptr;
        for (auto& s : servers_)
          if (s.event < 0) {
            idle = &s;
            break;
          }
        if (idle == nullptr) return;
        int c = 0;
        while (head_[c] == queue_[c].size()) ++c;
        const auto idx = static_cast<std::size_t>(queue_[c][head_[c]++]);
        --queued;
        const auto& a = arrivals_[idx];
        if (now - a.w > patience_) {
          timeout(idx);
          continue;
        }
        idle->event = static_cast<std::int32_t>(idx);
        idle->started = now;
        idle->busy_until = now + rng.exponential(service_mean_[a.type]) / idle->speed;
        wait_sum += now - a.w;
        ++started;
      }
    };

    std::size_t next = 0;
    for (;;) {
      const double t_arr = next < n ? arrivals_[next].w : kInf;
      Server* done = nullptr;
      double t_done = kInf;
      for (auto& s : servers_)
        if (s.event >= 0 && s.busy_until < t_done) {
          t_done = s.busy_until;
          done = &s;
        }
      if (t_arr == kInf && t_done == kInf) break;
      if (t_done <= t_arr) {
        if (t_done > w_end_) break;
        const auto idx = static_cast<std::size_t>(done->event);
        done->event = -1;
        busy += (t_done - done->started) * done->speed;
        ++out_.events;
        const auto& a = arrivals_[idx];
        leave_grid(idx, t_done);
        if (rng.uniform() < resolve_[a.type][0]) {
          record_resolved(a, 0, t_done, tally);
        } else {
          escalate(a, t_done, tally, rng);
        }
        dispatch(t_done);
      } else {
        const auto& a = arrivals_[next];
        queue_[class_of_[a.type]].push_back(static_cast<std::int32_t>(next));
        ++queued;
        ++next;
        dispatch(t_arr);
      }
    }
    // In service at the end: open at the grid.
    for (auto& s : servers_)
      if (s.event >= 0) {
        busy += (w_end_ - s.started) * s.speed;
        record_open(arrivals_[static_cast<std::size_t>(s.event)], 0, tally);
        s.event = -1;
      }
    // Still queued: timed out before the end (escalated), else open.
    for (int c = 0; c < kEventTypes; ++c)
      for (std::size_t i = head_[c]; i < queue_[c].size(); ++i) {
        const auto idx = static_cast<std::size_t>(queue_[c][i]);
        if (arrivals_[idx].w + patience_ <= w_end_) {
          timeout(idx);
        } else {
          record_open(arrivals_[idx], 0, tally);
        }
      }
    const auto qi = static_cast<std::size_t>(q);
    out_.busy_hours[qi] = busy;
    out_.utilisation[qi] = out_.capacity_hours[qi] > 0 ? busy / out_.capacity_hours[qi] : 0.0;
    out_.mean_wait_hours[qi] = started > 0 ? wait_sum / static_cast<double>(started) : 0.0;
  }

  void finish() {
    std::int64_t backlog = 0, in_grid = 0;
    for (std::size_t d = 0; d < static_cast<std::size_t>(total_days_); ++d) {
      backlog += out_.daily_arrivals[d] - closed_[d];
      in_grid += out_.daily_arrivals[d] - grid_leave_[d];
      out_.daily_backlog[d] = backlog;
      out_.daily_grid_queue[d] = in_grid;
    }
    if (!durations_.empty()) {
      auto q = [&](double f) {
        const auto k = static_cast<std::size_t>(std::floor(f * static_cast<double>(durations_.size() - 1)));
        std::nth_element(durations_.begin(), durations_.begin() + static_cast<std::ptrdiff_t>(k), durations_.end());
        return static_cast<double>(durations_[k]);
      };
      out_.quantile_p50 = q(0.50);
      out_.quantile_p90 = q(0.90);
      out_.quantile_p95 = q(0.95);
      out_.quantile_p99 = q(0.99);
      out_.max_resolution_days = static_cast<double>(*std::max_element(durations_.begin(), durations_.end()));
    }
  }

  const Plan& plan_;
  const Staffing& staff_;
  const SimParams& p_;
  const SimOptions& o_;
  sim::Calendar cal_;
  SimResult& out_;

  std::int64_t total_days_ = 0;
  double t_arrivals_end_ = 0, w_arrivals_end_ = 0, w_end_ = 0, patience_ = kInf;
  std::vector<double> rates_;
  double patrol_share_[kEventTypes]{};
  double channel_cdf_[kEventTypes][kChannels]{};
  double resolve_[kEventTypes][kLevels]{};
  double service_mean_[kEventTypes]{};
  double deadline_[kEventTypes]{};
  int class_of_[kEventTypes]{};

  std::vector<std::int64_t> grid_start_;
  std::vector<UnitIndex> grid_units_;
  std::vector<std::int64_t> closed_, grid_leave_;
  std::vector<float> durations_;

  // Per-grid scratch, reused.
  std::vector<double> w_np_, w_p_;
  sim::AliasTable alias_np_, alias_p_;
  std::vector<Arrival> np_, pa_, arrivals_;
  std::vector<Server> servers_;
  std::vector<std::int32_t> queue_[kEventTypes];
  std::size_t head_[kEventTypes]{};
};

}  // namespace

double SimTally::resolution_rate() const noexcept {
  return received > 0 ? static_cast<double>(resolved_total()) / static_cast<double>(received) : 0.0;
}
double SimTally::on_time_rate() const noexcept {
  const auto r = resolved_total();
  return r > 0 ? static_cast<double>(on_time) / static_cast<double>(r) : 0.0;
}
double SimTally::grid_share() const noexcept {
  return received > 0 ? static_cast<double>(resolved[0]) / static_cast<double>(received) : 0.0;
}
double SimTally::mean_resolution_days() const noexcept {
  const auto r = resolved_total();
  return r > 0 ? resolution_days / static_cast<double>(r) : 0.0;
}
void SimTally::add(const SimTally& o) noexcept {
  received += o.received;
  for (std::size_t l = 0; l < resolved.size(); ++l) resolved[l] += o.resolved[l];
  unresolved += o.unresolved;
  open += o.open;
  on_time += o.on_time;
  timeouts += o.timeouts;
  resolution_days += o.resolution_days;
}

Staffing Staffing::uniform(GridIndex grids, double full_time, double part_time, double part_time_hours) {
  const auto k = static_cast<std::size_t>(std::max<GridIndex>(grids, 0));
  Staffing s;
  s.full_time.assign(k, full_time);
  s.part_time.assign(k, part_time);
  s.part_time_hours.assign(k, part_time_hours);
  s.validate(grids);
  return s;
}

void Staffing::validate(GridIndex grids) const {
  const auto k = static_cast<std::size_t>(std::max<GridIndex>(grids, 0));
  auto check = [&](const std::vector<double>& v, const char* name) {
    if (v.size() != k)
      throw InputError("staffing", 0, std::string(name) + ": " + std::to_string(v.size()) + " entries for " +
                                          std::to_string(k) + " grids");
    for (std::size_t i = 0; i < k; ++i)
      if (!std::isfinite(v[i]) || v[i] < 0 || v[i] > 10000)
        throw InputError("staffing", 0, std::string(name) + "[" + std::to_string(i) + "]: " + format_number(v[i]) +
                                            " must be a number in [0, 10000]");
  };
  check(full_time, "full_time");
  check(part_time, "part_time");
  check(part_time_hours, "part_time_hours");
}

SimResult simulate(const UnitGraph& graph, const Plan& plan, const Staffing& staffing, const SimParams& params,
                   const SimOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  params.validate();
  check_plan(graph, plan);
  staffing.validate(plan.num_grids());
  if (options.days < 1) throw InputError("simulate", 0, "days: " + std::to_string(options.days) + " must be >= 1");
  if (options.drain_days < 0)
    throw InputError("simulate", 0, "drain_days: " + std::to_string(options.drain_days) + " must be >= 0");
  if (options.days + options.drain_days > 100000)
    throw InputError("simulate", 0, "days + drain_days: at most 100000");
  SimResult out;
  out.days = options.days;
  out.drain_days = options.drain_days;
  out.seed = options.seed;
  {
    Engine e(graph, plan, staffing, params, options, out);
    e.run();
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

std::vector<double> expected_daily_arrivals(const UnitGraph& graph, const Plan& plan, const SimParams& params) {
  params.validate();
  check_plan(graph, plan);
  const auto rates = unit_rates(graph, params);
  std::vector<double> out(static_cast<std::size_t>(plan.num_grids()) * kEventTypes, 0.0);
  for (std::size_t u = 0; u < plan.grid_of.size(); ++u)
    for (std::size_t t = 0; t < kEventTypes; ++t)
      out[static_cast<std::size_t>(plan.grid_of[u]) * kEventTypes + t] += rates[u * kEventTypes + t];
  return out;
}

}  // namespace gridgov

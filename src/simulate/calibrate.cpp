// Calibration of one parameter to a target resolution rate by bisection.
#include <algorithm>
#include <cmath>

#include "gridgov/core/error.hpp"
#include "gridgov/simulate/replicate.hpp"

namespace gridgov {

namespace {

struct KnobRange {
  double low, high, limit;  // initial bracket and how far `high` may be widened
};

KnobRange knob_range(const std::string& knob) {
  if (knob == "escalation_scale") return {0.0, 1.0, 256.0};
  if (knob == "rate_scale") return {0.01, 2.0, 1024.0};
  if (knob == "service_scale") return {0.01, 2.0, 1024.0};
  if (knob == "grid_patience_hours") return {0.05, 45.0, 1e5};
  if (knob == "district_resolve") return {0.0, 1.0, 1.0};
  throw InputError("calibrate", 0,
                   "parameter: unknown '" + knob +
                       "' (escalation_scale, rate_scale, service_scale, grid_patience_hours, district_resolve)");
}

}  // namespace

SimParams with_knob(const SimParams& params, const std::string& knob, double value) {
  (void)knob_range(knob);
  SimParams p = params;
  if (knob == "escalation_scale") p.scales.escalation = value;
  else if (knob == "rate_scale") p.scales.rate = value;
  else if (knob == "service_scale") p.scales.service = value;
  else if (knob == "grid_patience_hours") p.grid.patience_hours = value;
  else
    for (auto& t : p.types) t.resolve_share[static_cast<std::size_t>(SimLevel::district)] = value;
  p.validate("calibrate");
  return p;
}

CalibrationResult calibrate(const UnitGraph& graph, const Plan& plan, const Staffing& staffing, const SimParams& params,
                            const CalibrateOptions& options) {
  if (!(options.target > 0 && options.target <= 1))
    throw InputError("calibrate", 0, "target: must be inside (0, 1]");
  if (!(options.tolerance > 0)) throw InputError("calibrate", 0, "tolerance: must be > 0");
  const KnobRange range = knob_range(options.parameter);
  double lo = range.low, hi = range.high;
  if (options.low != 0 || options.high != 0) {
    lo = options.low;
    hi = options.high;
    if (!(hi > lo)) throw InputError("calibrate", 0, "high must be greater than low");
  }
  CalibrationResult res;
  res.parameter = options.parameter;
  ReplicateOptions ro = options.replicate;
  ro.keep_runs = false;
  const std::size_t rate_index = 2;  // sim_metric_names()[2] == "resolution_rate"
  auto eval = [&](double x) {
    const auto s = replicate(graph, plan, staffing, with_knob(params, options.parameter, x), ro);
    const double rate = s.estimates[rate_index].mean;
    res.trace.emplace_back(x, rate);
    return rate;
  };
  auto done = [&](double x, double rate, bool converged) {
    res.value = x;
    res.achieved = rate;
    res.converged = converged;
    res.params = with_knob(params, options.parameter, x);
    res.iterations = static_cast<int>(res.trace.size());
    return res;
  };
  double flo = eval(lo), fhi = eval(hi);
  if (std::abs(flo - options.target) <= options.tolerance) return done(lo, flo, true);
  if (std::abs(fhi - options.target) <= options.tolerance) return done(hi, fhi, true);
  // Widen the bracket until the target lies between the two ends.
  while ((flo - options.target) * (fhi - options.target) > 0 && hi * 2 <= range.limit &&
         static_cast<int>(res.trace.size()) < options.max_iterations) {
    lo = hi;
    flo = fhi;
    hi *= 2;
    fhi = eval(hi);
    if (std::abs(fhi - options.target) <= options.tolerance) return done(hi, fhi, true);
  }
  if ((flo - options.target) * (fhi - options.target) > 0) {
    // Unreachable: report the closer end.
    return std::abs(flo - options.target) < std::abs(fhi - options.target) ? done(lo, flo, false) : done(hi, fhi, false);
  }
  double best_x = lo, best_f = flo;
  if (std::abs(fhi - options.target) < std::abs(flo - options.target)) {
    best_x = hi;
    best_f = fhi;
  }
  while (static_cast<int>(res.trace.size()) < options.max_iterations) {
    const double mid = 0.5 * (lo + hi);
    const double fm = eval(mid);
    if (std::abs(fm - options.target) < std::abs(best_f - options.target)) {
      best_x = mid;
      best_f = fm;
    }
    if (std::abs(fm - options.target) <= options.tolerance) return done(mid, fm, true);
    if ((fm - options.target) * (flo - options.target) > 0) {
      lo = mid;
      flo = fm;
    } else {
      hi = mid;
      fhi = fm;
    }
  }
  return done(best_x, best_f, std::abs(best_f - options.target) <= options.tolerance);
}

}  // namespace gridgov

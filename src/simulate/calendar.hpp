#pragma once
// Working-time clock of the simulation (private to src/simulate_*.cpp).
//
// Calendar time is in hours from Monday 00:00 of week 0. The working clock
// counts only working hours (work_start..work_end on the first
// workdays_per_week days of each week), so a grid's queue is an ordinary
// multi-server queue on the working clock and service pauses overnight
// and at weekends by construction.
#include <algorithm>
#include <cmath>

#include "gridgov/simulate/params.hpp"

namespace gridgov::sim {

struct Calendar {
  double start = 8.5, day = 9.0, week = 45.0;
  int workdays = 5;

  explicit Calendar(const SimParams& p)
      : start(p.calendar.work_start), day(p.day_hours()), week(p.week_hours()), workdays(p.calendar.workdays_per_week) {}

  /// Working hours elapsed at calendar time t (off-hours map to the end of
  /// the last working period, i.e. the start of the next).
  [[nodiscard]] double to_work(double t) const noexcept {
    const double wk = std::floor(t / 168.0);
    const double r = t - wk * 168.0;
    int d = static_cast<int>(r / 24.0);
    d = std::min(d, 6);
    const double base = wk * week;
    if (d >= workdays) return base + week;
    const double h = std::clamp(r - d * 24.0 - start, 0.0, day);
    return base + d * day + h;
  }

  /// The calendar time at which the working clock reads w.
  [[nodiscard]] double to_calendar(double w) const noexcept {
    const double wk = std::floor(w / week);
    const double r = w - wk * week;
    int d = static_cast<int>(r / day);
    d = std::clamp(d, 0, workdays - 1);
    const double h = r - d * day;
    return wk * 168.0 + d * 24.0 + start + h;
  }
};

}  // namespace gridgov::sim

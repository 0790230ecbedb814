#pragma once
// Recursive bisection of a connected piece on sweep-line spanning trees.
//
// For a direction d, units are added in order of their projection; each
// new unit becomes the parent of the components of already-added units it
// touches. The subtree of a unit is then the connected component of the
// half-plane "projection <= its own" that contains it, so cutting the tree
// edge above it leaves both sides connected and the cut is a nearly straight
// line. Subtree totals and cut sizes come out of one union-find sweep.
// Orders are sorted once per piece and kept sorted through the splits by
// stable partitioning (as in a k-d tree): O(m log m + m D log k) per piece.
#include <array>
#include <bit>
#include <cstdint>
#include <vector>

#include "partition/common.hpp"

namespace gridgov::detail {

class Splitter {
 public:
  static constexpr int kAngles = 2;

  Splitter(const UnitGraph& g, const Weights& wt, Clock& clock, double compactness, std::uint64_t seed);

  /// Splits the connected unit set `units` into k parts, writing labels
  /// next_label, next_label+1, ... into out[u]. strict: return false as soon
  /// as no admissible cut exists (labels then partly written; the caller
  /// retries). Not strict: always succeeds, minimising the violation.
  bool split_piece(std::span<const UnitIndex> units, std::int64_t k, bool strict, std::uint64_t variant,
                   std::vector<GridIndex>& out, GridIndex& next_label);

  /// Exhaustive search on a small connected set (<= 24 units): any number of
  /// connected parts, every part within every bound. Returns false when no
  /// such partition exists or the budget ran out (*proven = true only when
  /// the search was complete).
  bool exact(std::span<const UnitIndex> units, std::vector<GridIndex>& out, GridIndex& next_label,
             std::int64_t budget, bool* proven = nullptr);

  /// Admissible part counts [lo, hi] for a side of total w (count c) when a
  /// region of total W (count C) is cut into k parts. Empty when lo > hi.
  void k1_range(const double* w, std::int64_t c, const double* W, std::int64_t C, std::int64_t k,
                std::int64_t& lo, std::int64_t& hi) const;

  std::int64_t splits = 0;
  double fraction = 0;  ///< progress fraction reported while splitting

 private:
  struct Cand {
    double score = 0;
    UnitIndex v = -1;  // global unit at the cut
    int dir = 0;       // angle index * 2 + (backward ? 1 : 0)
    std::int64_t k1 = 0;
  };

  bool split_range(std::size_t b, std::size_t e, std::int64_t k, bool strict, std::vector<GridIndex>& out,
                   GridIndex& next_label, int depth);
  void build_local(std::size_t b, std::size_t e);
  // Cuts of a range in the order they are tried: the best cut along the
  // long axis, then along the other angle (within the window; without it
  // only if neither had a cut). Each is swept only when asked for: most
  // ranges take the first, so the other angle is never swept.
  struct Candidates {
    bool lenient = false;
    int first = 0;  // the angle swept first
    int stage = 0;
    bool found_windowed = false;
    Candidates(bool lenient_, int first_) : lenient(lenient_), first(first_), stage(lenient_ ? kAngles : 0) {}
    Cand next(Splitter& s, std::size_t b, std::size_t e, std::int64_t k);
  };
  Cand sweep(std::size_t b, std::size_t e, std::int64_t k, bool lenient, int angle, bool windowed);
  /// Window of first-attribute totals worth scoring for a cut into k.
  void window(std::int64_t k, double& wlo, double& whi) const;
  /// The angle along which the range [b, e) is longest.
  int long_axis(std::size_t b, std::size_t e) const;
  double project(int angle, UnitIndex u) const noexcept {
    return g_.x()[sz(u)] * cos_[sz(angle)] + g_.y()[sz(u)] * sin_[sz(angle)];
  }
  template <std::size_t AN>
  Cand sweep_dir(std::size_t b, std::size_t e, std::int64_t k, bool lenient, int dir, bool windowed, double wlo,
                 double whi, double norm);
  bool random_tree_cut(std::size_t b, std::size_t e, std::int64_t k, int attempt, std::int64_t& k1);
  void extract_sweep(std::size_t b, std::size_t e, const Cand& c);
  bool close_complement(std::size_t b, std::size_t e, std::int64_t k, bool lenient, std::int64_t& k1);
  void apply_cut(std::size_t b, std::size_t e, std::size_t& mid);
  void choose_k1(const double* w, std::int64_t c, const double* W, std::int64_t C, std::int64_t k,
                 bool lenient, std::int64_t& k1, double& score) const;
  // The same with the attribute count fixed at compile time (AN > 0).
  template <std::size_t AN>
  void k1_range_t(const double* w, std::int64_t c, const double* W, std::int64_t C, std::int64_t k, std::int64_t& lo,
                  std::int64_t& hi) const;
  template <std::size_t AN>
  void choose_k1_t(const double* w, std::int64_t c, const double* W, std::int64_t C, std::int64_t k, bool lenient,
                   std::int64_t& k1, double& score) const;
  std::int32_t find(std::int32_t x) noexcept {
    while (dsu_[sz(x)] != x) {
      dsu_[sz(x)] = dsu_[sz(dsu_[sz(x)])];
      x = dsu_[sz(x)];
    }
    return x;
  }

  const UnitGraph& g_;
  const Weights& wt_;
  Clock& clock_;
  double compactness_;
  std::uint64_t seed_;
  std::uint64_t variant_ = 0;
  int A_;
  std::vector<double> inv_lo_, inv_hi_;  // reciprocals of the bounds

  // global arrays (size n)
  std::vector<std::int32_t> loc_;
  std::vector<std::int32_t> stamp_;
  std::int32_t cur_stamp_ = 0;
  std::vector<std::vector<UnitIndex>> backup_;
  std::vector<std::uint8_t> in_a_;
  // orders per angle (positions aligned with the piece's ranges)
  std::array<std::vector<UnitIndex>, kAngles> ord_;
  std::array<double, kAngles> cos_{}, sin_{};
  std::vector<UnitIndex> tmp_;
  // local region data (size m)
  std::vector<std::int64_t> loff_;
  std::vector<std::int32_t> ladj_;
  std::vector<double> lw_;       // m*A
  std::vector<double> W_;        // A
  std::vector<std::int32_t> dsu_;
  std::vector<double> cw_;       // m*A component weights
  std::vector<std::int32_t> cc_; // component counts
  std::vector<std::int64_t> cb_; // component boundaries
  std::vector<std::uint8_t> added_;
  std::vector<std::int32_t> pos_;
  std::vector<std::int32_t> queue_;
  std::vector<std::int32_t> parent_, order_;
  std::vector<std::pair<std::int32_t, std::int32_t>> edges_;
};

}  // namespace gridgov::detail

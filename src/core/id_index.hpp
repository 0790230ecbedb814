#pragma once
// Internal: maps unit ids to positions. Ids "0","1",...,"n-1" in order need
// no hash table at all (the common case for generated data).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace gridgov::detail {

class IdIndex {
 public:
  /// Indexes `ids`; returns {first, second} positions of a duplicate id, or
  /// {-1, -1} when all ids are unique. `ids` must outlive the index.
  std::pair<std::int64_t, std::int64_t> build(std::span<const std::string> ids) {
    n_ = ids.size();
    map_.clear();
    positional_ = true;
    {
      // Compare each id with the decimal text of its position, kept as a
      // counter (cheaper than parsing every id).
      char d[20];
      std::size_t start = sizeof d - 1;  // the counter is d[start, 20)
      d[start] = '0';
      for (std::size_t i = 0; i < n_ && positional_; ++i) {
        positional_ = std::string_view(ids[i]) == std::string_view(d + start, sizeof d - start);
        std::size_t j = sizeof d;
        while (j > start && d[j - 1] == '9') d[--j] = '0';
        if (j > start) ++d[j - 1];
        else if (start > 0) d[--start] = '1';
        else positional_ = false;
      }
    }
    if (positional_) return {-1, -1};
    map_.reserve(n_);
    for (std::size_t i = 0; i < n_; ++i) {
      auto [it, inserted] = map_.try_emplace(ids[i], static_cast<std::int64_t>(i));
      if (!inserted) return {it->second, static_cast<std::int64_t>(i)};
    }
    return {-1, -1};
  }
  /// True when the ids are "0", "1", ..., "n-1" in order: an id's position
  /// is its value.
  [[nodiscard]] bool positional() const noexcept { return positional_; }
  [[nodiscard]] std::size_t size() const noexcept { return n_; }
  /// Position of `id`, or -1.
  [[nodiscard]] std::int64_t find(std::string_view id) const {
    if (positional_) {
      auto v = parse(id);
      return v >= 0 && static_cast<std::size_t>(v) < n_ ? v : -1;
    }
    auto it = map_.find(id);
    return it == map_.end() ? -1 : it->second;
  }

 private:
  // A canonical non-negative decimal ("0", "17"; not "017" or "+1"), or -1.
  static std::int64_t parse(std::string_view s) {
    if (s.empty() || s.size() > 18 || (s.size() > 1 && s[0] == '0')) return -1;
    std::int64_t v = 0;
    for (char c : s) {
      const auto d = static_cast<unsigned>(c - '0');
      if (d > 9) return -1;
      v = v * 10 + static_cast<std::int64_t>(d);
    }
    return v;
  }
  std::size_t n_ = 0;
  bool positional_ = false;
  std::unordered_map<std::string_view, std::int64_t> map_;
};

}  // namespace gridgov::detail

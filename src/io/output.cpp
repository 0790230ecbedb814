// Output files written whole or not at all (gridgov/io/csv.hpp: OutputFiles).
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gridgov/core/error.hpp"
#include "gridgov/io/csv.hpp"

namespace gridgov::io {

namespace {

std::string reason(int err) {
  if (err == ENOSPC) return "no space left on the device";
  if (err == EFBIG) return "file too large (a size limit was reached)";
  if (err == EDQUOT) return "disk quota exceeded";
  return std::strerror(err);
}

std::string directory_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

/// Writes all of `text` to `fd`; returns 0 or the errno of the failure.
int write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const auto n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

/// A name beside `path` that no other writer uses: PATH.tmp.<pid>.<n>.
std::string temporary_name(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  return path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter.fetch_add(1));
}

// New files get 0666 less the umask, which open() applies (to O_TMPFILE
// files too); reading the umask would take setting it, racing other threads.
constexpr mode_t kNewFileMode = 0666;

}  // namespace

struct OutputFiles::Staged {
  std::string path;
  int fd = -1;          // the unnamed file (O_TMPFILE), or the named temporary
  std::string named;    // the named temporary, when the file system has no O_TMPFILE
  std::string in_place; // the text, for a target that is not a regular file
  bool special = false;
};

OutputFiles::OutputFiles() = default;

OutputFiles::~OutputFiles() {
  for (auto& s : staged_) {
    if (s.fd >= 0) ::close(s.fd);
    if (!s.named.empty()) ::unlink(s.named.c_str());
  }
}

void OutputFiles::stage(const std::string& path, std::string_view text) {
  if (path.empty()) throw FileError(path, "no file name given");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) throw FileError(path, "is a directory, not a file");
    Staged s;
    s.path = path;
    s.special = true;
    s.in_place.assign(text);
    staged_.push_back(std::move(s));
    return;
  }
  Staged s;
  s.path = path;
  const std::string dir = directory_of(path);
  s.fd = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, kNewFileMode);
  if (s.fd < 0) {
    const int err = errno;
    if (err != EOPNOTSUPP && err != EISDIR && err != EINVAL)
      throw FileError(path, "cannot write: " + reason(err), err);
    s.named = temporary_name(path);
    s.fd = ::open(s.named.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, kNewFileMode);
    if (s.fd < 0) {
      const int e2 = errno;
      s.named.clear();
      throw FileError(path, "cannot write: " + reason(e2), e2);
    }
  }
  // From here on the destructor of `staged_` cleans up after a failure.
  staged_.push_back(std::move(s));
  Staged& t = staged_.back();
  int err = write_all(t.fd, text);
  if (err == 0 && ::fsync(t.fd) != 0) err = errno;
  if (err != 0) {
    ::close(t.fd);
    if (!t.named.empty()) ::unlink(t.named.c_str());
    staged_.pop_back();
    throw FileError(path, "write failed: " + reason(err), err);
  }
}

void OutputFiles::commit() {
  std::vector<std::string> dirs;
  for (auto& s : staged_) {
    if (s.special) {
      const int fd = ::open(s.path.c_str(), O_WRONLY | O_CLOEXEC);
      if (fd < 0) throw FileError(s.path, "cannot write: " + reason(errno), errno);
      const int err = write_all(fd, s.in_place);
      ::close(fd);
      if (err != 0) throw FileError(s.path, "write failed: " + reason(err), err);
      s.special = false;
      continue;
    }
    if (s.fd < 0) continue;
    if (s.named.empty()) {
      // Give the unnamed file a temporary name, then move it over the target.
      std::string tmp = temporary_name(s.path);
      const std::string self = "/proc/self/fd/" + std::to_string(s.fd);
      if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, tmp.c_str(), AT_SYMLINK_FOLLOW) != 0 &&
          ::linkat(s.fd, "", AT_FDCWD, tmp.c_str(), AT_EMPTY_PATH) != 0)  // no /proc: needs CAP_DAC_READ_SEARCH
        throw FileError(s.path, "cannot write: " + reason(errno), errno);
      s.named = std::move(tmp);
    }
    // Named and renamed back to back (a named temporary lives for two system
    // calls), closed after.
    const int renamed = ::rename(s.named.c_str(), s.path.c_str());
    const int err = errno;
    ::close(s.fd);
    s.fd = -1;
    if (renamed != 0) throw FileError(s.path, "cannot replace: " + reason(err), err);  // the destructor removes the temporary
    s.named.clear();
    auto dir = directory_of(s.path);
    if (std::find(dirs.begin(), dirs.end(), dir) == dirs.end()) dirs.push_back(std::move(dir));
  }
  for (const auto& d : dirs) {
    const int fd = ::open(d.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
      (void)::fsync(fd);
      ::close(fd);
    }
  }
  staged_.clear();
}

void write_file_atomic(const std::string& path, std::string_view text) {
  OutputFiles out;
  out.stage(path, text);
  out.commit();
}

}  // namespace gridgov::io

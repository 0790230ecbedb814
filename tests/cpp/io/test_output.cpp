// Outputs whole or not at all (a full disk, a size limit, a target that is
// a device or a folder), and inputs that are not regular files (a folder, a
// FIFO with no writer, /dev/zero).
#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/stat.h>

#include "gridgov/core/error.hpp"
#include "gridgov/io/csv.hpp"

namespace gridgov {
namespace {

namespace fs = std::filesystem;

class Folder {
 public:
  Folder() {
    path_ = fs::temp_directory_path() / ("gridgov_output_" + std::to_string(::getpid()) + "_" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~Folder() { fs::remove_all(path_); }
  Folder(const Folder&) = delete;
  Folder& operator=(const Folder&) = delete;
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }
  /// Names of everything in the folder, sorted.
  [[nodiscard]] std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path_)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  fs::path path_;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void put(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

TEST(OutputFiles, NothingIsVisibleBeforeCommit) {
  Folder d;
  put(d.file("plan.csv"), "old plan\n");
  put(d.file("report.json"), "old report\n");
  {
    io::OutputFiles out;
    out.stage(d.file("plan.csv"), "new plan\n");
    out.stage(d.file("report.json"), "new report\n");
    out.stage(d.file("grids.geojson"), "new grids\n");
    EXPECT_EQ(slurp(d.file("plan.csv")), "old plan\n");
    EXPECT_EQ(slurp(d.file("report.json")), "old report\n");
    EXPECT_EQ(d.entries(), (std::vector<std::string>{"plan.csv", "report.json"}));
  }  // dropped without commit: discarded
  EXPECT_EQ(d.entries(), (std::vector<std::string>{"plan.csv", "report.json"}));
  EXPECT_EQ(slurp(d.file("plan.csv")), "old plan\n");
}

TEST(OutputFiles, CommitReplacesEveryTarget) {
  Folder d;
  put(d.file("plan.csv"), "old plan\n");
  io::OutputFiles out;
  out.stage(d.file("plan.csv"), "new plan\n");
  out.stage(d.file("report.json"), std::string(1 << 20, 'r'));
  out.commit();
  EXPECT_EQ(slurp(d.file("plan.csv")), "new plan\n");
  EXPECT_EQ(slurp(d.file("report.json")).size(), std::size_t{1} << 20);
  EXPECT_EQ(d.entries(), (std::vector<std::string>{"plan.csv", "report.json"}));
  // Permissions follow the umask, as for any new file.
  struct stat st {};
  ASSERT_EQ(::stat(d.file("plan.csv").c_str(), &st), 0);
  const mode_t mask = ::umask(0);
  ::umask(mask);
  EXPECT_EQ(st.st_mode & 0777, 0666 & ~mask);
}

TEST(OutputFiles, SizeLimitLeavesTheOldFileAndNoTemporary) {
  Folder d;
  put(d.file("plan.csv"), "old plan\n");
  rlimit old{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  auto* previous = std::signal(SIGXFSZ, SIG_IGN);
  rlimit low = old;
  low.rlim_cur = 64 * 1024;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &low), 0);
  try {
    io::write_file_atomic(d.file("plan.csv"), std::string(1 << 20, 'x'));
    ADD_FAILURE() << "no error";
  } catch (const FileError& e) {
    EXPECT_EQ(e.error_number(), EFBIG) << e.what();
    EXPECT_NE(std::string(e.what()).find("plan.csv: write failed: file too large"), std::string::npos) << e.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, previous);
  EXPECT_EQ(slurp(d.file("plan.csv")), "old plan\n");
  EXPECT_EQ(d.entries(), (std::vector<std::string>{"plan.csv"}));
}

TEST(OutputFiles, FullDeviceIsAnError) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full here";
  try {
    io::write_file_atomic("/dev/full", "plan\n");
    ADD_FAILURE() << "no error";
  } catch (const FileError& e) {
    EXPECT_EQ(e.error_number(), ENOSPC) << e.what();
    EXPECT_NE(std::string(e.what()).find("no space left"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::is_character_file("/dev/full"));  // written to, never replaced
}

TEST(OutputFiles, FolderOrMissingFolderIsAnError) {
  Folder d;
  fs::create_directories(d.file("sub"));
  EXPECT_THROW(io::write_file_atomic(d.file("sub"), "x"), FileError);
  EXPECT_THROW(io::write_file_atomic(d.file("missing/p.csv"), "x"), FileError);
  EXPECT_THROW(io::write_file_atomic("", "x"), FileError);
  EXPECT_EQ(d.entries(), (std::vector<std::string>{"sub"}));
}

TEST(Inputs, FolderIsAFileError) {
  Folder d;
  fs::create_directories(d.file("units.csv"));
  EXPECT_THROW((void)io::read_file(d.file("units.csv")), FileError);
}

TEST(Inputs, DevZeroStopsAtTheFirstNulByte) {
  if (!fs::exists("/dev/zero")) GTEST_SKIP() << "no /dev/zero here";
  try {
    (void)io::read_file("/dev/zero");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.source(), "/dev/zero");
    EXPECT_EQ(e.line(), 1u);
    EXPECT_NE(e.message().find("column 1: a NUL byte"), std::string::npos) << e.what();
  }
}

TEST(Inputs, FifoWithNoWriterEndsInABoundedWait) {
  Folder d;
  const auto fifo = d.file("edges.fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  ::setenv("GRIDGOV_FIFO_WAIT", "1", 1);
  const auto t0 = std::chrono::steady_clock::now();
  try {
    (void)io::read_file(fifo);
    ADD_FAILURE() << "no error";
  } catch (const FileError& e) {
    EXPECT_NE(std::string(e.what()).find("nothing wrote to within 1 s"), std::string::npos) << e.what();
  }
  ::unsetenv("GRIDGOV_FIFO_WAIT");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(10));
}

}  // namespace
}  // namespace gridgov

// Reliability of `newsintel ingest` through the real binary: SIGKILL at random
// moments while it writes, a full disk, a read-only database, and hostile
// input files. The knowledge base must stay intact and exactly-once.
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <zlib.h>

#include "crawler/test_server.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace newsintel {
namespace testing {
namespace {

namespace fs = std::filesystem;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

std::string Binary() { return std::string(NEWSINTEL_BINARY_DIR) + "/newsintel"; }

// How a child process is started.
struct SpawnOptions {
  std::string err_path = "/dev/null";  // stderr goes here
  long fsize_limit = -1;               // RLIMIT_FSIZE in bytes when >= 0
  bool drop_root = false;              // run as nobody when started as root
};

// A finished child: exit status, wall time and peak RSS.
struct ChildResult {
  int exit_code = -1;  // 128 + signal when killed
  double seconds = 0;
  long max_rss_kb = 0;
  std::string err;
};

pid_t Spawn(const std::vector<std::string>& args, const SpawnOptions& opt) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  int devnull = open("/dev/null", O_WRONLY);
  int err = open(opt.err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
  dup2(devnull, STDOUT_FILENO);
  dup2(err >= 0 ? err : devnull, STDERR_FILENO);
  if (opt.fsize_limit >= 0) {
    rlimit lim{static_cast<rlim_t>(opt.fsize_limit), static_cast<rlim_t>(opt.fsize_limit)};
    setrlimit(RLIMIT_FSIZE, &lim);
  }
  if (opt.drop_root && geteuid() == 0) {
    if (setgid(65534) != 0 || setuid(65534) != 0) _exit(126);
  }
  std::vector<char*> argv;
  std::string bin = Binary();
  argv.push_back(bin.data());
  std::vector<std::string> copy = args;
  for (std::string& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  execv(bin.c_str(), argv.data());
  _exit(127);
}

ChildResult Wait(pid_t pid, std::chrono::steady_clock::time_point start, const SpawnOptions& opt) {
  ChildResult r;
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.max_rss_kb = usage.ru_maxrss;
  if (opt.err_path != "/dev/null") r.err = ReadFile(opt.err_path);
  return r;
}

ChildResult RunChild(const std::vector<std::string>& args, const SpawnOptions& opt = {}) {
  auto start = std::chrono::steady_clock::now();
  return Wait(Spawn(args, opt), start, opt);
}

// Read-only view of a knowledge base file through the SQLite C API.
class Db {
 public:
  explicit Db(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      sqlite3_close(db_);
      db_ = nullptr;
    }
  }
  ~Db() { sqlite3_close(db_); }
  bool ok() const { return db_ != nullptr; }
  // The first column of every row of `sql`, as text.
  std::vector<std::string> Column(const std::string& sql) const {
    std::vector<std::string> out;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      out.push_back(std::string("error: ") + sqlite3_errmsg(db_));
      return out;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
      const unsigned char* t = sqlite3_column_text(st, 0);
      out.push_back(t != nullptr ? reinterpret_cast<const char*>(t) : "");
    }
    sqlite3_finalize(st);
    return out;
  }
  std::string One(const std::string& sql) const {
    std::vector<std::string> c = Column(sql);
    return c.empty() ? "" : c[0];
  }
  long Long(const std::string& sql) const { return std::atol(One(sql).c_str()); }

 private:
  sqlite3* db_ = nullptr;
};

// Integrity, and articles keyed exactly once; returns the article count.
long CheckDb(const std::string& path, const std::string& when) {
  if (!fs::exists(path)) return 0;
  Db db(path);
  EXPECT_TRUE(db.ok()) << when;
  if (!db.ok()) return -1;
  EXPECT_EQ(db.One("PRAGMA integrity_check"), "ok") << when;
  EXPECT_EQ(db.One("PRAGMA foreign_key_check"), "") << when;
  std::string tables = db.One("SELECT count(*) FROM sqlite_master WHERE name = 'articles'");
  if (tables != "1") return 0;  // killed before the schema was committed
  long n = db.Long("SELECT count(*) FROM articles");
  EXPECT_EQ(n, db.Long("SELECT count(DISTINCT doc_key) FROM articles")) << when;
  EXPECT_EQ(n, db.Long("SELECT count(DISTINCT doc) FROM articles")) << when;
  return n;
}

std::string StripTags(const std::string& html) {
  std::string out;
  size_t i = 0;
  while (i < html.size()) {
    if (html.compare(i, 7, "<script") == 0 || html.compare(i, 6, "<style") == 0) {
      size_t end = html.find(html.compare(i, 7, "<script") == 0 ? "</script>" : "</style>", i);
      i = end == std::string::npos ? html.size() : end + 8;
      continue;
    }
    if (html[i] == '<') {
      size_t end = html.find('>', i);
      if (end == std::string::npos) break;
      std::string tag = html.substr(i, std::min<size_t>(4, end - i));
      if (tag == "</p>" || tag.rfind("</h", 0) == 0) out += "\n\n";
      i = end + 1;
      continue;
    }
    out += html[i++];
  }
  return out;
}

std::vector<std::string> Paragraphs(const std::string& text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find("\n\n", pos);
    if (end == std::string::npos) end = text.size();
    std::string p = text.substr(pos, end - pos);
    size_t a = p.find_first_not_of(" \t\r\n");
    if (a != std::string::npos) out.push_back(p.substr(a, p.find_last_not_of(" \t\r\n") - a + 1));
    pos = end + 2;
  }
  return out;
}

// Writes `n` distinct plain-text articles derived from examples/articles:
// paragraphs rotated, a numbered paragraph of our own with varying figures
// and speakers. Returns the file paths.
std::vector<std::string> MakeCorpus(const std::string& dir, int n) {
  std::vector<std::vector<std::string>> bases;
  for (const auto& e : fs::directory_iterator(std::string(NEWSINTEL_SOURCE_DIR) + "/examples/articles")) {
    std::string raw = ReadFile(e.path().string());
    std::vector<std::string> ps = Paragraphs(e.path().extension() == ".html" ? StripTags(raw) : raw);
    if (ps.size() >= 3) bases.push_back(ps);
  }
  std::sort(bases.begin(), bases.end());
  static const char* kSpeakers[] = {"Claire Dumont", "Jonas Weber", "Inès Moreau", "Sam Okafor"};
  static const char* kChips[] = {"H100", "H800", "H20", "A100", "Blackwell"};
  std::vector<std::string> files;
  for (int i = 0; i < n; ++i) {
    const std::vector<std::string>& ps = bases[i % bases.size()];
    std::string text = ps[0] + " (" + std::to_string(i) + ")\n\n";
    size_t rot = 1 + (i / bases.size()) % (ps.size() - 1);
    for (size_t k = 0; k < ps.size() - 1; ++k) {
      size_t j = 1 + (rot + k - 1) % (ps.size() - 1);
      text += ps[j] + "\n\n";
      if (k == 1) {
        bool fr = i % 2 == 0;
        const char* who = kSpeakers[i % 4];
        const char* chip = kChips[i % 5];
        int units = 100 + (i * 37) % 9000;
        text += fr ? "Lot numéro " + std::to_string(i) + " : " + who + " affirme que " + std::to_string(units) +
                         " puces " + chip + " ont été expédiées le " + std::to_string(1 + i % 28) +
                         " mars pour " + std::to_string(2 + i % 40) + " millions de dollars.\n\n"
                   : "Batch number " + std::to_string(i) + ": " + who + " said " + std::to_string(units) + " " +
                         chip + " chips were shipped on March " + std::to_string(1 + i % 28) + " for $" +
                         std::to_string(2 + i % 40) + " million.\n\n";
      }
    }
    char name[32];
    std::snprintf(name, sizeof(name), "/a%04d.txt", i);
    std::ofstream(dir + name, std::ios::binary) << text;
    files.push_back(dir + name);
  }
  return files;
}

void RemoveDb(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix);
}

// SIGKILL at a random moment of an ingest into a fresh file, until 50 kills
// have hit a running ingest: after every kill the file passes integrity_check
// with no duplicated article; every fifth file is then ingested to completion
// and holds every article exactly once.
TEST(ReliabilityE2eTest, KilledIngestLosesAndDuplicatesNothing) {
  const int kArticles = 120;
  const int kKills = kSanitized ? 12 : 50;
  const int kResumeEvery = kSanitized ? 3 : 5;
  std::string dir = TempDir("reliability-kill");
  fs::create_directories(dir + "/in");
  std::vector<std::string> files = MakeCorpus(dir + "/in", kArticles);
  std::vector<std::string> args = {"ingest", "--db", "", "--batch", "4", "--jobs", "2", dir + "/in"};

  // Clean runs set the time scale of the kills: the faster of two (the first
  // one also warms the caches), so that the kills land while ingest runs.
  double scale = 0;
  for (int run = 0; run < 2; ++run) {
    args[2] = dir + "/clean" + std::to_string(run) + ".db";
    ChildResult clean = RunChild(args);
    ASSERT_EQ(clean.exit_code, 0);
    ASSERT_EQ(CheckDb(args[2], "clean run"), kArticles);
    std::printf("clean ingest of %d articles: %.2f s, peak RSS %ld MB\n", kArticles, clean.seconds,
                clean.max_rss_kb / 1024);
    scale = run == 0 ? clean.seconds : std::min(scale, clean.seconds);
  }

  unsigned seed = static_cast<unsigned>(std::random_device{}());
  std::printf("seed %u\n", seed);
  std::mt19937 rng(seed);
  // Kill moments are drawn in [0.05, latest] x scale. A run can be much faster
  // than the clean runs were (this machine's speed changes with what its host
  // runs): when a kill comes after the ingest ended, later kills aim earlier, and
  // attempts go on until kKills kills have hit a running ingest.
  double latest = 0.85;
  std::string db = dir + "/kill.db";
  args[2] = db;
  int killed_running = 0, resumed = 0, attempts = 0;
  long stored_at_kill = 0;
  while (killed_running < kKills && attempts < 3 * kKills) {
    int k = ++attempts;
    RemoveDb(db);
    std::uniform_real_distribution<double> moment(0.05 * scale, latest * scale);
    auto start = std::chrono::steady_clock::now();
    pid_t pid = Spawn(args, {});
    std::this_thread::sleep_for(std::chrono::duration<double>(moment(rng)));
    kill(pid, SIGKILL);
    ChildResult r = Wait(pid, start, {});
    if (r.exit_code == 128 + SIGKILL) {
      ++killed_running;
    } else {
      EXPECT_EQ(r.exit_code, 0) << "attempt " << k;
      latest = std::max(0.2, latest * 0.8);
    }
    long n = CheckDb(db, "after kill " + std::to_string(k));
    EXPECT_LE(n, kArticles);
    stored_at_kill += std::max(0L, n);
    if (k % kResumeEvery == 0) {
      ChildResult done = RunChild(args);
      EXPECT_EQ(done.exit_code, 0) << "resume after kill " << k;
      EXPECT_EQ(CheckDb(db, "resumed after kill " + std::to_string(k)), kArticles);
      ++resumed;
    }
  }
  std::printf("%d kills while ingest was running in %d attempts (%ld articles stored at the kills in all), "
              "%d resumed to completion\n", killed_running, attempts, stored_at_kill, resumed);
  EXPECT_EQ(killed_running, kKills);
}

// Counts of the main tables and the article keys: what must not change.
std::string Snapshot(const std::string& path) {
  Db db(path);
  std::string s;
  for (const char* t : {"articles", "claims", "figures", "mentions"}) {
    s += std::string(t) + "=" + db.One(std::string("SELECT count(*) FROM ") + t) + " ";
  }
  for (const std::string& k : db.Column("SELECT doc_key FROM articles ORDER BY doc_key")) s += k + "\n";
  return s;
}

int CountLines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

TEST(ReliabilityE2eTest, DiskFullGivesOneErrorAndKeepsTheKb) {
  std::string dir = TempDir("reliability-full");
  fs::create_directories(dir + "/a");
  fs::create_directories(dir + "/b");
  std::vector<std::string> first = MakeCorpus(dir + "/a", 10);
  std::vector<std::string> more = MakeCorpus(dir + "/b", 120);
  std::string db = dir + "/kb.db";
  ASSERT_EQ(RunChild({"ingest", "--db", db, dir + "/a"}).exit_code, 0);
  std::string before = Snapshot(db);
  ASSERT_NE(before.find("articles=10 "), std::string::npos) << before;

  SpawnOptions opt;
  opt.err_path = dir + "/err";
  opt.fsize_limit = static_cast<long>(fs::file_size(db)) + 64 * 1024;
  ChildResult r = RunChild({"ingest", "--db", db, "--batch", "1000", dir + "/b"}, opt);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(r.exit_code < 128, true) << "killed by signal " << r.exit_code - 128;
  std::printf("disk full: exit %d, stderr:\n%s", r.exit_code, r.err.c_str());
  EXPECT_TRUE(r.err.find("database or disk is full") != std::string::npos ||
              r.err.find("disk I/O error") != std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.rfind("newsintel: ", 0), 0u) << r.err;
  EXPECT_LE(CountLines(r.err), 3) << r.err;
  EXPECT_EQ(CheckDb(db, "after disk full"), 10);
  EXPECT_EQ(Snapshot(db), before);
}

TEST(ReliabilityE2eTest, ReadOnlyDatabaseGivesOneErrorAndKeepsTheKb) {
  std::string dir = TempDir("reliability-ro");
  fs::create_directories(dir + "/a");
  fs::create_directories(dir + "/b");
  MakeCorpus(dir + "/a", 6);
  MakeCorpus(dir + "/b", 20);
  std::string kb_dir = dir + "/kb";
  fs::create_directories(kb_dir);
  std::string db = kb_dir + "/kb.db";
  ASSERT_EQ(RunChild({"ingest", "--db", db, dir + "/a"}).exit_code, 0);
  std::string before = Snapshot(db);

  // Root ignores permission bits, so the child drops to nobody first.
  chmod(db.c_str(), 0444);
  chmod(kb_dir.c_str(), 0555);
  chmod(dir.c_str(), 0777);
  SpawnOptions opt;
  opt.err_path = dir + "/err";
  opt.drop_root = true;
  ChildResult r = RunChild({"ingest", "--db", db, dir + "/b"}, opt);
  chmod(kb_dir.c_str(), 0755);
  chmod(db.c_str(), 0644);
  ASSERT_NE(r.exit_code, 126) << "could not drop privileges";
  std::printf("read-only: exit %d, stderr:\n%s", r.exit_code, r.err.c_str());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(r.err.rfind("newsintel: ", 0), 0u) << r.err;
  EXPECT_TRUE(r.err.find("readonly") != std::string::npos || r.err.find("read-only") != std::string::npos ||
              r.err.find("unable to open") != std::string::npos)
      << r.err;
  EXPECT_LE(CountLines(r.err), 3) << r.err;
  EXPECT_EQ(Snapshot(db), before);
  EXPECT_EQ(CheckDb(db, "after read-only"), 6);
}

// One hostile input file: it gives at most a one-line error or a partial
// result, in bounded time and memory, and the good file after it is stored.
struct Hostile {
  std::string name;
  std::string bytes;
};

std::vector<Hostile> HostileFiles() {
  std::vector<Hostile> h;
  std::string fr = "La société Exemplia a commandé 1 200 puces H20 pour 40 millions de dollars, affirme Paul Martin.\n";
  std::string bad = fr;
  for (int i = 0; i < 2000; ++i) bad += static_cast<char>(0x80 + (i * 37) % 128);
  bad += "\xC3\x28 \xE2\x82 \xF0\x9F\x98 \xED\xA0\x80 \xC0\xAF fin.\n" + fr;
  h.push_back({"invalid-utf8.txt", bad});
  std::string u16;
  for (char c : std::string("Paul Martin affirme que Exemplia a acheté 300 puces H100.\n")) {
    u16 += c;
    u16 += '\0';
  }
  h.push_back({"utf16-no-bom.txt", u16 + u16});
  h.push_back({"nul-bytes.txt", fr + std::string("\0\0\0 puces\0H100 \0", 16) + fr});
  std::string nested = "<html><head><title>Profond</title></head><body>";
  for (int i = 0; i < 10000; ++i) nested += "<div><span>";
  nested += "<p>" + fr + "</p>";
  for (int i = 0; i < 10000; ++i) nested += "</span></div>";
  h.push_back({"nested-10000.html", nested + "</body></html>"});
  std::string longline(1000000, 'x');
  std::string words;
  while (words.size() < 1000000) words += "puces H20 et 12 millions de dollars selon Paul Martin, ";
  h.push_back({"million-char-lines.txt", fr + longline + "\n" + words + "\n" + fr});
  std::string digits = "Exemplia a vendu ";
  for (int i = 0; i < 400; ++i) digits += static_cast<char>('1' + i % 9);
  digits += " puces H100 pour 0,";
  for (int i = 0; i < 400; ++i) digits += '7';
  digits += " million de dollars et ";
  for (int i = 0; i < 400; ++i) digits += i % 3 == 0 ? " " : "9";
  h.push_back({"digits-400.txt", digits + " %.\n" + fr});
  h.push_back({"unbalanced-quotes.txt",
               "« Nous n'avons jamais livré de H100 à Exemplia, a déclaré Paul Martin.\n\n"
               "Il a ajouté : \"Les 300 puces sont restées à Singapour.\n\n« « « » \" \" \" “ ” ” »\n" +
                   fr});
  size_t big = kSanitized ? (8u << 20) : (50u << 20);
  std::string page = "<html><head><title>Immense</title></head><body><article>";
  while (page.size() < big) page += "<p>" + fr + "</p>\n";
  h.push_back({"page-50mb.html", page + "</article></body></html>"});
  return h;
}

TEST(ReliabilityE2eTest, HostileFilesGiveBoundedResultsAndTheNextFileIsStored) {
  std::string dir = TempDir("reliability-hostile");
  std::string good = dir + "/good.txt";
  std::ofstream(good) << "Titre sûr\n\nLe fabricant Exemplia a expédié 500 puces H20 en mars, "
                         "a déclaré Paul Martin à la presse.\n";
  for (const Hostile& h : HostileFiles()) {
    std::string path = dir + "/" + h.name;
    std::ofstream(path, std::ios::binary) << h.bytes;
    std::string db = dir + "/" + h.name + ".db";
    SpawnOptions opt;
    opt.err_path = dir + "/" + h.name + ".err";
    ChildResult r = RunChild({"ingest", "--db", db, "--jobs", "1", path, good}, opt);
    std::printf("%-24s %9zu bytes: exit %d, %.2f s, peak RSS %ld MB, stderr lines %d\n", h.name.c_str(),
                h.bytes.size(), r.exit_code, r.seconds, r.max_rss_kb / 1024, CountLines(r.err));
    EXPECT_LE(r.exit_code, 1) << h.name << "\n" << r.err;
    double limit = (kSanitized ? 120.0 : 20.0);
    EXPECT_LT(r.seconds, limit) << h.name;
    EXPECT_LT(r.max_rss_kb / 1024, kSanitized ? 4096 : 2048) << h.name;
    // Every stderr line is an error line or the summary.
    size_t pos = 0;
    while (pos < r.err.size()) {
      size_t end = r.err.find('\n', pos);
      if (end == std::string::npos) end = r.err.size();
      std::string line = r.err.substr(pos, end - pos);
      EXPECT_TRUE(line.rfind("newsintel: ", 0) == 0 || line.rfind("ingest: ", 0) == 0) << h.name << ": " << line;
      EXPECT_LT(line.size(), 1000u) << h.name;
      pos = end + 1;
    }
    Db kb(db);
    std::string good_key = fs::absolute(good).lexically_normal().string();
    EXPECT_EQ(kb.Long("SELECT count(*) FROM articles WHERE doc_key = '" + good_key + "'"), 1) << h.name;
    EXPECT_EQ(kb.One("PRAGMA integrity_check"), "ok") << h.name;
    fs::remove(path);
  }
}

// gzip of `size` bytes: `head`, then spaces, then `tail`.
std::string GzipBomb(const std::string& head, size_t size, const std::string& tail) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
  std::string out, chunk(1 << 20, ' ');
  char buf[1 << 16];
  auto feed = [&](const std::string& in, int flush) {
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    do {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof(buf);
      deflate(&z, flush);
      out.append(buf, sizeof(buf) - z.avail_out);
    } while (z.avail_out == 0);
  };
  feed(head, Z_NO_FLUSH);
  for (size_t done = head.size(); done + chunk.size() + tail.size() < size; done += chunk.size()) feed(chunk, Z_NO_FLUSH);
  feed(tail, Z_FINISH);
  deflateEnd(&z);
  return out;
}

// Hostile servers: each case crawls a bad URL and a good page in one run;
// the bad one gives one error line or a partial result in bounded time and
// memory, and the good page is stored.
TEST(ReliabilityE2eTest, HostileServersGiveBoundedResultsAndTheCrawlGoesOn) {
  std::string dir = TempDir("reliability-net");
  const std::string good_page =
      "<html><head><title>Page saine</title></head><body><article><p>Le fabricant Exemplia a expédié 500 puces "
      "H20 en mars, a déclaré Paul Martin à la presse.</p></article></body></html>";
  const size_t bomb_size = kSanitized ? (64u << 20) : (1u << 30);
  const std::string page_bomb = GzipBomb("<html><body><article><p>", bomb_size, "</p></article></body></html>");
  TestServer server;
  httplib::Server& http = server.http();
  http.Get(R"(/good/(\d+)\.html)", [&](const httplib::Request& req, httplib::Response& res) {
    std::string page = good_page;
    page.insert(page.find("</p>"), " Lot " + req.matches[1].str() + ".");
    res.set_content(page, "text/html; charset=utf-8");
  });
  http.Get("/bomb.html", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(page_bomb, "text/html");
  });
  std::string sitemap_bomb;
  http.Get("/sitemap.xml.gz", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(sitemap_bomb, "application/gzip");
  });
  std::string big_feed;
  http.Get("/feed.xml", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(big_feed, "application/rss+xml");
  });
  http.Get("/loop/a", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/loop/b"); });
  http.Get("/loop/b", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/loop/a"); });
  http.Get("/drip.html", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/html", [](size_t offset, httplib::DataSink& sink) {
      if (offset > 120) return false;
      std::this_thread::sleep_for(std::chrono::seconds(1));
      return sink.write("<", 1);
    });
  });
  server.Start();
  sitemap_bomb = GzipBomb("<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                          "<url><loc>" + server.Url("/good/2.html") + "</loc></url>",
                          bomb_size, "</urlset>");
  big_feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Fil</title>";
  for (int i = 0; i < 100000; ++i) {
    big_feed += "<item><title>Article " + std::to_string(i) + "</title><link>" +
                server.Url("/good/" + std::to_string(1000 + i) + ".html") + "</link></item>";
  }
  big_feed += "</channel></rss>";

  struct Case {
    std::string name;
    std::vector<std::string> args;
    std::string expect;  // in stderr
  };
  std::vector<Case> cases = {
      {"gzip bomb page", {"--url", server.Url("/bomb.html"), "--url", server.Url("/good/1.html")}, "larger than"},
      {"gzip bomb sitemap", {"--sitemap", server.Url("/sitemap.xml.gz"), "--url", server.Url("/good/1.html")}, ""},
      {"feed of 100000 items", {"--feed", server.Url("/feed.xml"), "--url", server.Url("/good/1.html"), "--max-pages", "3"}, ""},
      {"redirect loop", {"--url", server.Url("/loop/a"), "--url", server.Url("/good/1.html")}, "redirects"},
      {"one byte a second", {"--url", server.Url("/drip.html"), "--url", server.Url("/good/1.html"), "--timeout", "2"}, ""},
  };
  for (const Case& c : cases) {
    std::string db = dir + "/" + std::to_string(&c - cases.data()) + ".db";
    std::vector<std::string> args = {"crawl", "--db", db, "--allow-private", "--delay", "0", "--jobs", "4"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    SpawnOptions opt;
    opt.err_path = db + ".err";
    ChildResult r = RunChild(args, opt);
    std::printf("%-22s exit %d, %.2f s, peak RSS %ld MB, stderr:\n%s", c.name.c_str(), r.exit_code, r.seconds,
                r.max_rss_kb / 1024, r.err.c_str());
    EXPECT_LE(r.exit_code, 1) << c.name;
    EXPECT_LT(r.seconds, kSanitized ? 120.0 : 30.0) << c.name;
    EXPECT_LT(r.max_rss_kb / 1024, kSanitized ? 4096 : 1024) << c.name;
    if (!c.expect.empty()) {
      EXPECT_NE(r.err.find(c.expect), std::string::npos) << c.name << "\n" << r.err;
    }
    size_t pos = 0;
    while (pos < r.err.size()) {
      size_t end = r.err.find('\n', pos);
      if (end == std::string::npos) end = r.err.size();
      std::string line = r.err.substr(pos, end - pos);
      EXPECT_TRUE(line.rfind("newsintel: ", 0) == 0 || line.rfind("crawl: ", 0) == 0) << c.name << ": " << line;
      EXPECT_LT(line.size(), 1000u) << c.name;
      pos = end + 1;
    }
    Db kb(db);
    EXPECT_GE(kb.Long("SELECT count(*) FROM articles WHERE url = '" + server.Url("/good/1.html") + "'"), 1) << c.name;
    EXPECT_EQ(kb.One("PRAGMA integrity_check"), "ok") << c.name;
  }
}

}  // namespace
}  // namespace testing
}  // namespace newsintel

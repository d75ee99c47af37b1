#include "kb/sqlite_db.h"

#include <sqlite3.h>

#include <utility>

namespace newsintel {
namespace kb {

Stmt::Stmt(Connection* conn, sqlite3_stmt* stmt, Status error)
    : conn_(conn), stmt_(stmt), error_(std::move(error)) {}

Stmt::Stmt(Stmt&& other) noexcept
    : conn_(other.conn_), stmt_(other.stmt_), error_(std::move(other.error_)) {
  other.stmt_ = nullptr;
}

Stmt::~Stmt() {
  if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

void Stmt::BindInt(int i, int64_t v) {
  if (stmt_ != nullptr) sqlite3_bind_int64(stmt_, i, v);
}
void Stmt::BindDouble(int i, double v) {
  if (stmt_ != nullptr) sqlite3_bind_double(stmt_, i, v);
}
void Stmt::BindText(int i, std::string_view v) {
  if (stmt_ != nullptr) sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}
void Stmt::BindTextOrNull(int i, std::string_view v) {
  if (v.empty()) {
    BindNull(i);
  } else {
    BindText(i, v);
  }
}
void Stmt::BindNull(int i) {
  if (stmt_ != nullptr) sqlite3_bind_null(stmt_, i);
}

Result<bool> Stmt::Step() {
  if (stmt_ == nullptr) return error_;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return conn_->Error(rc, sqlite3_sql(stmt_));
}

Status Stmt::Run() {
  while (true) {
    Result<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::OK();
  }
}

int64_t Stmt::Int(int col) const { return sqlite3_column_int64(stmt_, col); }
double Stmt::Double(int col) const { return sqlite3_column_double(stmt_, col); }
std::string Stmt::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  if (p == nullptr) return std::string();
  return std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col));
}
bool Stmt::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, bool read_only,
                                                     int busy_timeout_ms) {
  sqlite3* db = nullptr;
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;
  // SQLite's allocation statistics take a global mutex at every malloc; they
  // are never read here. Configured once, before SQLite initializes (later
  // calls return SQLITE_MISUSE and change nothing).
  static const int no_memstatus = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)no_memstatus;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  std::unique_ptr<Connection> conn(new Connection(db));
  if (rc != SQLITE_OK) {
    Status st = db == nullptr ? Status::IOError("sqlite: cannot open " + path)
                              : conn->Error(rc, "open " + path);
    return st;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  NEWSINTEL_RETURN_IF_ERROR(conn->Exec("PRAGMA foreign_keys = ON"));
  if (!read_only) {
    // 8 KiB pages (for a new file), an 8 MiB page cache and a 128 MiB WAL
    // between checkpoints: a batch of articles touches many index pages, and
    // each is then written once. (16 MiB was no faster on 10 000 articles,
    // 4.4-4.6 s against 4.2-4.3 s on one core, and its filling made the
    // peak RSS of a 100 000-article ingest 1.53x that of a 1 000-article
    // one, 1.40x with 8 MiB; 64 MiB doubled the writer's resident memory.)
    NEWSINTEL_RETURN_IF_ERROR(conn->Exec(
        "PRAGMA page_size = 8192; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
        "PRAGMA cache_size = -8192; "
        "PRAGMA wal_autocheckpoint = 16384; PRAGMA temp_store = MEMORY"));
  }
  return conn;
}

Connection::~Connection() {
  for (auto& kv : cache_) sqlite3_finalize(kv.second);
  sqlite3_close_v2(db_);
}

Status Connection::Error(int rc, std::string_view what) const {
  std::string msg = "sqlite: ";
  msg += what;
  msg += ": ";
  msg += db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable(msg);
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return Status::IOError(msg);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::Corruption(msg);
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
    case SQLITE_TOOBIG:
      return Status::InvalidArgument(msg);
    default:
      return Status::Internal(msg);
  }
}

Status Connection::Exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) return Error(rc, sql.size() > 60 ? sql.substr(0, 60) + "..." : sql);
  return Status::OK();
}

Stmt Connection::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return Stmt(this, it->second, Status::OK());
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                              &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return Stmt(this, nullptr, Error(rc, "prepare " + sql));
  }
  cache_.emplace(sql, stmt);
  return Stmt(this, stmt, Status::OK());
}

int64_t Connection::LastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }

Transaction::~Transaction() {
  if (open_) conn_->Exec("ROLLBACK");
}

Status Transaction::Begin() {
  NEWSINTEL_RETURN_IF_ERROR(conn_->Exec("BEGIN IMMEDIATE"));
  open_ = true;
  return Status::OK();
}

Status Transaction::Commit() {
  NEWSINTEL_RETURN_IF_ERROR(conn_->Exec("COMMIT"));
  open_ = false;
  return Status::OK();
}

}  // namespace kb
}  // namespace newsintel

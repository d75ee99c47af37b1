// Internal: a thin RAII layer over the SQLite C API for kb/.
//
//   auto db = Connection::Open("kb.db", /*read_only=*/false, 5000);
//   Stmt s = (*db)->Prepare("SELECT id FROM articles WHERE doc_key = ?1");
//   s.BindText(1, key);
//   Result<bool> row = s.Step();
//
// Every SQLite error is converted into a Status in exactly one place,
// Connection::Error(), which carries sqlite3_errmsg().
#ifndef NEWSINTEL_KB_SQLITE_DB_H_
#define NEWSINTEL_KB_SQLITE_DB_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "extract/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace newsintel {
namespace kb {

class Connection;

// A cached prepared statement, borrowed from its Connection for one use: on
// destruction it is reset and its bindings cleared. Movable, not copyable.
// A statement whose preparation failed carries the error and fails Step().
class Stmt {
 public:
  Stmt(Connection* conn, sqlite3_stmt* stmt, Status error);
  Stmt(Stmt&& other) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& operator=(Stmt&&) = delete;
  ~Stmt();

  // Parameters are 1-based, as in SQLite.
  void BindInt(int i, int64_t v);
  void BindDouble(int i, double v);
  void BindText(int i, std::string_view v);  // copied by SQLite
  void BindTextOrNull(int i, std::string_view v);  // NULL when empty
  void BindNull(int i);

  // true: a row is ready; false: done.
  Result<bool> Step();
  // Steps until done (for statements that return no rows).
  Status Run();

  // Columns are 0-based, as in SQLite. REQUIRES: the last Step() gave a row.
  int64_t Int(int col) const;
  double Double(int col) const;
  std::string Text(int col) const;
  bool IsNull(int col) const;

 private:
  Connection* conn_;
  sqlite3_stmt* stmt_;
  Status error_;
};

// Steps `s` to the end, calling fn(s) on each row; the first error stops it.
template <typename Fn>
Status ForEachRow(Stmt& s, Fn fn) {
  while (true) {
    Result<bool> row = s.Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::OK();
    fn(s);
  }
}

// One SQLite connection with its statement cache. Owns the sqlite3 handle.
// Not thread-safe: use one Connection per thread.
class Connection {
 public:
  // Opens (creating unless read_only) the database file; sets busy_timeout,
  // foreign keys on, and for writers WAL journaling with synchronous=NORMAL,
  // 8 KiB pages for a new file, a 16 MiB page cache and checkpoints every
  // 16384 pages.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool read_only,
                                                  int busy_timeout_ms);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements that return no rows.
  Status Exec(const std::string& sql);
  // Prepared once per connection and cached by SQL text (query builders
  // produce a bounded set of texts, so the cache stays small).
  Stmt Prepare(const std::string& sql);

  int64_t LastInsertRowid() const;
  sqlite3* handle() const { return db_; }

  // The one conversion of an SQLite result code into a Status.
  Status Error(int rc, std::string_view what) const;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// Runs a transaction: BEGIN IMMEDIATE on construction, ROLLBACK on
// destruction unless Commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Connection* conn) : conn_(conn) {}
  ~Transaction();
  Status Begin();
  Status Commit();

 private:
  Connection* conn_;
  bool open_ = false;
};

}  // namespace kb
}  // namespace newsintel

#endif  // NEWSINTEL_KB_SQLITE_DB_H_

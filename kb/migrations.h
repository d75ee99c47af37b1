// Internal: the KB schema as numbered migrations, tracked by PRAGMA user_version.
//
//   NEWSINTEL_RETURN_IF_ERROR(Migrate(conn, LatestSchemaVersion()));
//
// Adding a migration: append one Migration to the list in migrations.cc (its
// version is its position, counting from 1). Never edit or reorder one that
// has shipped; a migration that adds derived data fills it from existing rows.
#ifndef NEWSINTEL_KB_MIGRATIONS_H_
#define NEWSINTEL_KB_MIGRATIONS_H_

#include <vector>

#include "extract/status.h"
#include "kb/sqlite_db.h"

namespace newsintel {
namespace kb {

struct Migration {
  const char* name;  // one line: what it adds
  const char* sql;   // one or more statements, run in one transaction
};

// Migrations()[i] takes a database from user_version i to i + 1.
const std::vector<Migration>& Migrations();
int LatestSchemaVersion();

// The database's PRAGMA user_version.
Result<int> SchemaVersion(Connection* conn);

// Applies migrations (current, target], each in its own BEGIN IMMEDIATE
// transaction that also sets user_version. A database newer than this
// binary knows is refused.
// REQUIRES: 0 <= target <= LatestSchemaVersion()
Status Migrate(Connection* conn, int target);

}  // namespace kb
}  // namespace newsintel

#endif  // NEWSINTEL_KB_MIGRATIONS_H_

// TsvTable: a lexicon file of tab-separated columns, one entry a line.
//
//   Result<TsvTable> t = TsvTable::Load(dir + "/units.tsv", 4, 7);
//   if (!t.ok()) return t.status();   // "lexicons/units.tsv:12: expected 4 to 7 columns, got 2"
//   for (const TsvRow& row : t->rows()) Use(row.Field(0), row.line);
//
// Blank lines and lines starting with '#' are skipped; a trailing '\r' is
// dropped. Errors name the file and line so that a bad entry is easy to fix.
#ifndef NEWSINTEL_EXTRACT_TSV_TABLE_H_
#define NEWSINTEL_EXTRACT_TSV_TABLE_H_

#include <string>
#include <vector>

#include "extract/status.h"

namespace newsintel {

// One entry of a TsvTable: its fields and where it came from.
struct TsvRow {
  std::vector<std::string> fields;
  int line = 0;
  // The field at `i`, or "" when the row is shorter.
  const std::string& Field(size_t i) const;
};

// The rows of one lexicon file. Immutable after Load(); thread-compatible.
class TsvTable {
 public:
  // Reads `path`; every row must have between min_columns and max_columns fields.
  static Result<TsvTable> Load(const std::string& path, size_t min_columns, size_t max_columns);

  const std::string& path() const { return path_; }
  const std::vector<TsvRow>& rows() const { return rows_; }

  // "path:line: message", for errors found while interpreting a row.
  Status Error(const TsvRow& row, const std::string& message) const;

 private:
  std::string path_;
  std::vector<TsvRow> rows_;
};

// Parses a whole field as a finite double ("1e6", "0.5"); false if it is not one.
bool ParseDoubleField(const std::string& field, double* value);

}  // namespace newsintel

#endif  // NEWSINTEL_EXTRACT_TSV_TABLE_H_

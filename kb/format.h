// Output of KB query results as a terminal table, JSON lines or CSV.
//
//   Result<OutputFormat> fmt = ParseOutputFormat("jsonl");
//   WriteClaims(rows, *fmt, std::cout);
//
// table: fits `width` columns (default 100), long cells cut with "…";
// jsonl: one JSON object a line; csv: RFC 4180 (header row, CRLF, quotes).
// Ids are printed with a kind prefix: c<n> claims, f<n> figures,
// k<n> contradictions (the form `newsintel sources` takes).
#ifndef NEWSINTEL_KB_FORMAT_H_
#define NEWSINTEL_KB_FORMAT_H_

#include <ostream>
#include <string>
#include <vector>

#include "extract/status.h"
#include "kb/kb.h"

namespace newsintel {

enum class OutputFormat { kTable, kJsonl, kCsv };

// "table", "jsonl" or "csv".
Result<OutputFormat> ParseOutputFormat(const std::string& name);

void WriteClaims(const std::vector<ClaimRow>& rows, OutputFormat format, std::ostream& out, int width = 100);
void WriteFigures(const std::vector<FigureRow>& rows, OutputFormat format, std::ostream& out, int width = 100);
void WriteContradictions(const std::vector<ContradictionRow>& rows, OutputFormat format, std::ostream& out,
                         int width = 100);
void WriteEntityProfile(const EntityProfile& p, OutputFormat format, std::ostream& out, int width = 100);
void WriteSources(const SourcesReport& r, OutputFormat format, std::ostream& out, int width = 100);

// Helpers, exposed for tests.
// `s` cut to at most `width` code points, ending with "…" when cut; line
// breaks and tabs become spaces.
std::string FitCell(const std::string& s, int width);
// One RFC 4180 field: quoted when it holds a comma, quote, CR or LF.
std::string CsvField(const std::string& s);

}  // namespace newsintel

#endif  // NEWSINTEL_KB_FORMAT_H_

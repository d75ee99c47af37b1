#include "extract/tsv_table.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>

namespace newsintel {

const std::string& TsvRow::Field(size_t i) const {
  static const std::string* const kEmpty = new std::string();
  return i < fields.size() ? fields[i] : *kEmpty;
}

Result<TsvTable> TsvTable::Load(const std::string& path, size_t min_columns, size_t max_columns) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open lexicon file");
  TsvTable table;
  table.path_ = path;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    TsvRow row;
    row.line = line_no;
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      row.fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    while (row.fields.size() > min_columns && row.fields.back().empty()) row.fields.pop_back();
    if (row.fields.size() < min_columns || row.fields.size() > max_columns) {
      return table.Error(row, "expected " + std::to_string(min_columns) + " to " +
                                  std::to_string(max_columns) + " tab-separated columns, got " +
                                  std::to_string(row.fields.size()));
    }
    for (size_t i = 0; i < min_columns; ++i) {
      if (row.fields[i].empty()) {
        return table.Error(row, "column " + std::to_string(i + 1) + " is empty");
      }
    }
    table.rows_.push_back(std::move(row));
  }
  return table;
}

Status TsvTable::Error(const TsvRow& row, const std::string& message) const {
  return Status::InvalidArgument(path_ + ":" + std::to_string(row.line) + ": " + message);
}

bool ParseDoubleField(const std::string& field, double* value) {
  if (field.empty()) return false;
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(field.c_str(), &end);
  if (errno != 0 || end != field.c_str() + field.size() || !std::isfinite(v)) return false;
  *value = v;
  return true;
}

}  // namespace newsintel

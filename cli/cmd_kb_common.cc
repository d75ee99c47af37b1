// Flags and helpers shared by the knowledge-base query subcommands.
#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <string>
#include <string_view>
#include <iostream>

#include "cli/command.h"
#include "kb/format.h"
#include "kb/kb.h"

namespace newsintel {
namespace cli {

std::vector<FlagSpec> KbQueryFlags() {
  return {
      {"db", true, "knowledge base file (required)"},
      {"format", true, "table (default), jsonl or csv"},
      {"entity", true, "only items about (or by) this entity: canonical name or any alias, either language"},
      {"speaker", true, "only claims whose speaker contains this (figures: quoted in such a claim)"},
      {"modality", true, "asserted, alleged, denied, doubted or declined"},
      {"outlet", true, "only articles whose outlet name or domain contains this"},
      {"since", true, "only articles published on or after this ISO date"},
      {"lang", true, "only articles in this language (fr, en)"},
      {"search", true, "full-text search, accent-insensitive; all words required, word* for a prefix"},
      {"limit", true, "at most this many rows (default: all)"},
  };
}

int TableWidth() {
  const char* columns = std::getenv("COLUMNS");
  int width = columns != nullptr ? std::atoi(columns) : 0;
  if (width <= 0) return 100;
  return std::max(60, std::min(width, 100));
}

Status OpenKbQuery(const Args& args, KbQuery* q) {
  std::string db = args.Get("db");
  if (db.empty()) return Status::InvalidArgument("--db FILE is required");
  Result<OutputFormat> format = ParseOutputFormat(args.Get("format", "table"));
  if (!format.ok()) return format.status();
  q->format = *format;
  Result<long> limit = args.GetInt("limit", 0);
  if (!limit.ok()) return limit.status();
  q->filter.entity = args.Get("entity");
  q->filter.speaker = args.Get("speaker");
  q->filter.modality = args.Get("modality");
  q->filter.outlet = args.Get("outlet");
  q->filter.since = args.Get("since");
  q->filter.lang = args.Get("lang");
  q->filter.search = args.Get("search");
  q->filter.limit = static_cast<int>(*limit);
  static const std::string_view kModalities[] = {"asserted", "alleged", "denied", "doubted", "declined"};
  if (!q->filter.modality.empty() &&
      std::find(std::begin(kModalities), std::end(kModalities), std::string_view(q->filter.modality)) == std::end(kModalities)) {
    return Status::InvalidArgument("--modality must be asserted, alleged, denied, doubted or declined");
  }
  KbOptions options;
  options.read_only = true;
  auto kb = KnowledgeBase::Open(db, options);
  if (!kb.ok()) return kb.status();
  q->kb = std::move(*kb);
  q->width = TableWidth();
  return Status::OK();
}

}  // namespace cli
}  // namespace newsintel

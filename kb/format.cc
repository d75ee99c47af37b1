#include "kb/format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "extract/json.h"
#include "extract/normalize.h"

namespace newsintel {
namespace {

std::string Id(char kind, int64_t id) { return std::string(1, kind) + std::to_string(id); }

std::string Number(double v) {
  std::string s;
  AppendJsonNumber(v, &s);
  return s;
}

// 2780000 -> "2.78M", 1e12 -> "1T", 2048 -> "2048", 0.5 -> "0.5": for tables.
std::string Compact(double v) {
  static const struct {
    double scale;
    const char* suffix;
  } kScales[] = {{1e12, "T"}, {1e9, "B"}, {1e6, "M"}};
  for (const auto& s : kScales) {
    if (std::fabs(v) >= s.scale) {
      char buf[32];
      std::snprintf(buf, sizeof(buf), "%.3g%s", v / s.scale, s.suffix);
      return buf;
    }
  }
  return Number(v);
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const std::string& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::vector<std::string> ClaimIds(const std::vector<int64_t>& ids) {
  std::vector<std::string> out;
  for (int64_t id : ids) out.push_back(Id('c', id));
  return out;
}

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Left-aligned cell of exactly `width` code points.
std::string Pad(const std::string& s, int width) {
  std::string cell = FitCell(s, width);
  size_t n = CodePoints(cell);
  if (n < static_cast<size_t>(width)) cell.append(width - n, ' ');
  return cell;
}

// A table row: fixed columns then a last column that takes what is left.
class TableWriter {
 public:
  // Fixed columns shrink in proportion when the last would get fewer than 20.
  TableWriter(std::ostream& out, std::vector<int> widths, int total)
      : out_(out), widths_(std::move(widths)), total_(total) {
    // Shrink the widest column one step at a time, down to 6 (ids and dates
    // keep their width as long as anything wider is left).
    int room = total_ - 20 - 2 * static_cast<int>(widths_.size());
    int sum = 0;
    for (int w : widths_) sum += w;
    while (sum > room) {
      auto widest = std::max_element(widths_.begin(), widths_.end());
      if (*widest <= 6) break;
      --*widest;
      --sum;
    }
  }

  void Row(const std::vector<std::string>& cells) {
    std::string line;
    int used = 0;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i + 1 < cells.size() && i < widths_.size()) {
        line += Pad(cells[i], widths_[i]) + "  ";
        used += widths_[i] + 2;
      } else {
        line += FitCell(cells[i], std::max(8, total_ - used));
      }
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out_ << line << "\n";
  }

 private:
  std::ostream& out_;
  std::vector<int> widths_;
  int total_;
};

void CsvRow(std::ostream& out, const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out << ',';
    out << CsvField(cells[i]);
  }
  out << "\r\n";
}

void ProvenanceJson(JsonWriter& w, const Provenance& p) {
  w.Key("doc"); w.String(p.doc);
  w.Key("url"); w.StringOrNull(p.url);
  w.Key("outlet"); w.StringOrNull(p.outlet);
  w.Key("published"); w.StringOrNull(p.published);
  w.Key("lang"); w.StringOrNull(p.lang);
  w.Key("start"); w.Int(p.start);
  w.Key("end"); w.Int(p.end);
}

void ClaimJson(JsonWriter& w, const ClaimRow& c) {
  w.BeginObject();
  w.Key("id"); w.String(Id('c', c.id));
  w.Key("speaker"); w.StringOrNull(c.speaker);
  w.Key("modality"); w.String(c.modality);
  w.Key("about");
  w.BeginArray();
  for (const std::string& a : c.about) w.String(a);
  w.EndArray();
  w.Key("text"); w.String(c.text);
  w.Key("cue"); w.StringOrNull(c.cue);
  ProvenanceJson(w, c.source);
  w.Key("denies");
  w.BeginArray();
  for (int64_t id : c.denies) w.String(Id('c', id));
  w.EndArray();
  w.Key("denied_by");
  w.BeginArray();
  for (int64_t id : c.denied_by) w.String(Id('c', id));
  w.EndArray();
  w.EndObject();
}

void FigureJson(JsonWriter& w, const FigureRow& f) {
  w.BeginObject();
  w.Key("id"); w.String(Id('f', f.id));
  w.Key("value"); w.Number(f.value);
  w.Key("unit"); w.String(f.unit);
  w.Key("kind"); w.StringOrNull(f.kind);
  w.Key("precision"); w.Number(f.precision);
  w.Key("approx"); w.Bool(f.approx);
  w.Key("metric"); w.StringOrNull(f.metric);
  w.Key("subject"); w.StringOrNull(f.subject);
  w.Key("text"); w.String(f.text);
  ProvenanceJson(w, f.source);
  w.Key("contradiction");
  if (f.contradiction_id != 0) {
    w.String(Id('k', f.contradiction_id));
  } else {
    w.Null();
  }
  w.EndObject();
}

void ContradictionJson(JsonWriter& w, const ContradictionRow& k) {
  w.BeginObject();
  w.Key("id"); w.String(Id('k', k.id));
  w.Key("subject"); w.String(k.subject);
  w.Key("metric"); w.String(k.metric);
  w.Key("unit"); w.String(k.unit);
  w.Key("verdict"); w.String(k.verdict);
  w.Key("values");
  w.BeginArray();
  for (const FigureRow& v : k.values) {
    w.BeginObject();
    w.Key("doc"); w.String(v.source.doc);
    w.Key("value"); w.Number(v.value);
    w.Key("text"); w.String(v.text);
    w.Key("outlet"); w.StringOrNull(v.source.outlet);
    w.Key("url"); w.StringOrNull(v.source.url);
    w.Key("published"); w.StringOrNull(v.source.published);
    w.Key("lang"); w.StringOrNull(v.source.lang);
    w.Key("figure"); w.String(Id('f', v.id));
    w.Key("subject"); w.StringOrNull(v.subject);
    w.Key("precision"); w.Number(v.precision);
    w.Key("approx"); w.Bool(v.approx);
    w.Key("start"); w.Int(v.source.start);
    w.Key("end"); w.Int(v.source.end);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

// The outlet, else the document's file name.
std::string Where(const Provenance& p) {
  if (!p.outlet.empty()) return p.outlet;
  size_t slash = p.doc.find_last_of('/');
  return slash == std::string::npos ? p.doc : p.doc.substr(slash + 1);
}

const char* kClaimCsvHeader[] = {"id", "published", "outlet", "lang", "speaker", "modality", "about", "text",
                                 "doc", "url", "start", "end", "denies", "denied_by"};

std::vector<std::string> ClaimCsv(const ClaimRow& c) {
  return {Id('c', c.id), c.source.published, c.source.outlet, c.source.lang, c.speaker, c.modality,
          Join(c.about, "; "), c.text, c.source.doc, c.source.url, std::to_string(c.source.start),
          std::to_string(c.source.end), Join(ClaimIds(c.denies), " "), Join(ClaimIds(c.denied_by), " ")};
}

const char* kFigureCsvHeader[] = {"id", "published", "outlet", "lang", "subject", "metric", "value", "unit",
                                  "precision", "approx", "text", "doc", "url", "start", "end", "contradiction"};

std::vector<std::string> FigureCsv(const FigureRow& f) {
  return {Id('f', f.id), f.source.published, f.source.outlet, f.source.lang, f.subject, f.metric,
          Number(f.value), f.unit, Number(f.precision), f.approx ? "true" : "false", f.text, f.source.doc,
          f.source.url, std::to_string(f.source.start), std::to_string(f.source.end),
          f.contradiction_id ? Id('k', f.contradiction_id) : ""};
}

template <size_t N>
std::vector<std::string> Header(const char* (&names)[N]) {
  return std::vector<std::string>(names, names + N);
}

void ClaimTableRows(const std::vector<ClaimRow>& rows, std::ostream& out, int width) {
  TableWriter t(out, {6, 10, 12, 14, 8}, width);
  t.Row({"ID", "DATE", "OUTLET", "SPEAKER", "MODALITY", "CLAIM"});
  for (const ClaimRow& c : rows) {
    t.Row({Id('c', c.id), c.source.published.substr(0, 10), Where(c.source), c.speaker, c.modality, c.text});
  }
}

void FigureTableRows(const std::vector<FigureRow>& rows, std::ostream& out, int width) {
  TableWriter t(out, {6, 10, 11, 12, 16, 13}, width);
  t.Row({"ID", "DATE", "OUTLET", "SUBJECT", "METRIC", "VALUE", "AS WRITTEN"});
  for (const FigureRow& f : rows) {
    t.Row({Id('f', f.id), f.source.published.substr(0, 10), Where(f.source), f.subject, f.metric,
           (f.approx ? "~" : "") + Compact(f.value) + " " + f.unit, f.text});
  }
}

}  // namespace

Result<OutputFormat> ParseOutputFormat(const std::string& name) {
  if (name == "table") return OutputFormat::kTable;
  if (name == "jsonl") return OutputFormat::kJsonl;
  if (name == "csv") return OutputFormat::kCsv;
  return Status::InvalidArgument("--format must be table, jsonl or csv, not '" + name + "'");
}

std::string FitCell(const std::string& s, int width) {
  std::string clean;
  clean.reserve(s.size());
  for (char c : s) clean.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  if (width <= 0) return "";
  if (CodePoints(clean) <= static_cast<size_t>(width)) return clean;
  std::string out;
  size_t pos = 0, n = 0;
  while (pos < clean.size() && n + 1 < static_cast<size_t>(width)) {
    size_t start = pos;
    NextCodePoint(clean, &pos);
    out.append(clean, start, pos - start);
    ++n;
  }
  return out + "\u2026";
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void WriteClaims(const std::vector<ClaimRow>& rows, OutputFormat format, std::ostream& out, int width) {
  if (format == OutputFormat::kJsonl) {
    for (const ClaimRow& c : rows) {
      std::string line;
      JsonWriter w(&line);
      ClaimJson(w, c);
      out << line << "\n";
    }
  } else if (format == OutputFormat::kCsv) {
    CsvRow(out, Header(kClaimCsvHeader));
    for (const ClaimRow& c : rows) CsvRow(out, ClaimCsv(c));
  } else {
    ClaimTableRows(rows, out, width);
  }
}

void WriteFigures(const std::vector<FigureRow>& rows, OutputFormat format, std::ostream& out, int width) {
  if (format == OutputFormat::kJsonl) {
    for (const FigureRow& f : rows) {
      std::string line;
      JsonWriter w(&line);
      FigureJson(w, f);
      out << line << "\n";
    }
  } else if (format == OutputFormat::kCsv) {
    CsvRow(out, Header(kFigureCsvHeader));
    for (const FigureRow& f : rows) CsvRow(out, FigureCsv(f));
  } else {
    FigureTableRows(rows, out, width);
  }
}

void WriteContradictions(const std::vector<ContradictionRow>& rows, OutputFormat format, std::ostream& out,
                         int width) {
  if (format == OutputFormat::kJsonl) {
    for (const ContradictionRow& k : rows) {
      std::string line;
      JsonWriter w(&line);
      ContradictionJson(w, k);
      out << line << "\n";
    }
  } else if (format == OutputFormat::kCsv) {
    CsvRow(out, {"contradiction", "subject", "metric", "unit", "verdict", "figure", "value", "text", "outlet",
                 "published", "lang", "doc", "url", "start", "end"});
    for (const ContradictionRow& k : rows) {
      for (const FigureRow& v : k.values) {
        CsvRow(out, {Id('k', k.id), k.subject, k.metric, k.unit, k.verdict, Id('f', v.id), Number(v.value), v.text,
                     v.source.outlet, v.source.published, v.source.lang, v.source.doc, v.source.url,
                     std::to_string(v.source.start), std::to_string(v.source.end)});
      }
    }
  } else {
    TableWriter head(out, {6, 10}, width);
    TableWriter t(out, {8, 8, 16, 10}, width);
    for (const ContradictionRow& k : rows) {
      head.Row({Id('k', k.id), k.verdict, k.subject + " / " + k.metric + " / " + k.unit});
      for (const FigureRow& v : k.values) {
        t.Row({"  " + Id('f', v.id), (v.approx ? "~" : "") + Compact(v.value), Where(v.source),
               v.source.published.substr(0, 10), v.text});
      }
    }
    if (rows.empty()) out << "no contradictions\n";
  }
}

void WriteEntityProfile(const EntityProfile& p, OutputFormat format, std::ostream& out, int width) {
  if (format == OutputFormat::kJsonl) {
    std::string line;
    JsonWriter w(&line);
    w.BeginObject();
    w.Key("id"); w.Int(p.id);
    w.Key("name"); w.String(p.name);
    w.Key("type"); w.StringOrNull(p.type);
    w.Key("wikidata"); w.StringOrNull(p.wikidata);
    w.Key("aliases");
    w.BeginArray();
    for (const std::string& a : p.aliases) w.String(a);
    w.EndArray();
    w.Key("mentions_by_outlet");
    w.BeginArray();
    for (const auto& m : p.mentions_by_outlet) {
      w.BeginObject();
      w.Key("outlet"); w.StringOrNull(m.first);
      w.Key("mentions"); w.Int(m.second);
      w.EndObject();
    }
    w.EndArray();
    w.Key("claims_by");
    w.BeginArray();
    for (const ClaimRow& c : p.claims_by) ClaimJson(w, c);
    w.EndArray();
    w.Key("claims_about");
    w.BeginArray();
    for (const ClaimRow& c : p.claims_about) ClaimJson(w, c);
    w.EndArray();
    w.Key("figures");
    w.BeginArray();
    for (const FigureRow& f : p.figures) FigureJson(w, f);
    w.EndArray();
    w.Key("chips");
    w.BeginArray();
    for (const auto& c : p.chips) {
      w.BeginObject();
      w.Key("name"); w.String(c.first);
      w.Key("articles"); w.Int(c.second);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    out << line << "\n";
  } else if (format == OutputFormat::kCsv) {
    // One row per fact: section, id, name or text, detail, outlet, date, url.
    CsvRow(out, {"section", "id", "text", "detail", "outlet", "published", "url"});
    CsvRow(out, {"entity", std::to_string(p.id), p.name, p.type, "", "", p.wikidata});
    for (const std::string& a : p.aliases) CsvRow(out, {"alias", "", a, "", "", "", ""});
    for (const auto& m : p.mentions_by_outlet) {
      CsvRow(out, {"mentions", "", std::to_string(m.second), "", m.first, "", ""});
    }
    for (const ClaimRow& c : p.claims_by) {
      CsvRow(out, {"claim_by", Id('c', c.id), c.text, c.modality, c.source.outlet, c.source.published, c.source.url});
    }
    for (const ClaimRow& c : p.claims_about) {
      CsvRow(out, {"claim_about", Id('c', c.id), c.text, c.modality, c.source.outlet, c.source.published,
                   c.source.url});
    }
    for (const FigureRow& f : p.figures) {
      CsvRow(out, {"figure", Id('f', f.id), f.text, f.metric + " " + Number(f.value) + " " + f.unit, f.source.outlet,
                   f.source.published, f.source.url});
    }
    for (const auto& c : p.chips) CsvRow(out, {"chip", "", c.first, std::to_string(c.second), "", "", ""});
  } else {
    out << p.name << (p.type.empty() ? "" : " (" + p.type + ")")
        << (p.wikidata.empty() ? "" : "  wikidata:" + p.wikidata) << "\n";
    out << FitCell("aliases: " + Join(p.aliases, ", "), width) << "\n";
    std::vector<std::string> outlets;
    for (const auto& m : p.mentions_by_outlet) {
      outlets.push_back((m.first.empty() ? std::string("(unknown)") : m.first) + " " + std::to_string(m.second));
    }
    out << FitCell("mentions by outlet: " + Join(outlets, ", "), width) << "\n";
    std::vector<std::string> chips;
    for (const auto& c : p.chips) chips.push_back(c.first + " " + std::to_string(c.second));
    out << FitCell("chips in its articles: " + Join(chips, ", "), width) << "\n";
    out << "\nclaims by " << p.name << " (" << p.claims_by.size() << ")\n";
    ClaimTableRows(p.claims_by, out, width);
    out << "\nclaims about " << p.name << " (" << p.claims_about.size() << ")\n";
    ClaimTableRows(p.claims_about, out, width);
    out << "\nfigures (" << p.figures.size() << ")\n";
    FigureTableRows(p.figures, out, width);
  }
}

void WriteSources(const SourcesReport& r, OutputFormat format, std::ostream& out, int width) {
  char kind = r.kind == "claim" ? 'c' : 'f';
  if (format == OutputFormat::kJsonl) {
    for (const SourceRow& s : r.sources) {
      std::string line;
      JsonWriter w(&line);
      w.BeginObject();
      w.Key("id"); w.String(r.id);
      w.Key("kind"); w.String(r.kind);
      w.Key("item"); w.String(Id(kind, s.item_id));
      w.Key("outlet"); w.StringOrNull(s.source.outlet);
      w.Key("url"); w.StringOrNull(s.source.url);
      w.Key("doc"); w.String(s.source.doc);
      w.Key("published"); w.StringOrNull(s.source.published);
      w.Key("lang"); w.StringOrNull(s.source.lang);
      w.Key("quote"); w.String(s.quote);
      w.Key("start"); w.Int(s.source.start);
      w.Key("end"); w.Int(s.source.end);
      w.Key("text"); w.String(s.item_text);
      w.EndObject();
      out << line << "\n";
    }
  } else if (format == OutputFormat::kCsv) {
    CsvRow(out, {"id", "item", "outlet", "published", "lang", "url", "doc", "start", "end", "text", "quote"});
    for (const SourceRow& s : r.sources) {
      CsvRow(out, {r.id, Id(kind, s.item_id), s.source.outlet, s.source.published, s.source.lang, s.source.url,
                   s.source.doc, std::to_string(s.source.start), std::to_string(s.source.end), s.item_text,
                   s.quote});
    }
  } else {
    out << FitCell(r.id + " " + r.kind + ": " + r.label, width) << "\n";
    out << r.sources.size() << (r.sources.size() == 1 ? " source" : " sources") << "\n";
    for (const SourceRow& s : r.sources) {
      out << "\n"
          << FitCell(Id(kind, s.item_id) + "  " + s.source.published.substr(0, 10) + "  " +
                         (s.source.outlet.empty() ? std::string("(unknown outlet)") : s.source.outlet) + "  " +
                         (s.source.url.empty() ? s.source.doc : s.source.url),
                     width)
          << "\n";
      // The quote in full (wrapped, never cut): it is the evidence.
      std::string line = "  \u201c";
      size_t line_points = 3;
      std::string word;
      auto flush = [&]() {
        if (word.empty()) return;
        size_t n = CodePoints(word);
        if (line_points + n + 1 > static_cast<size_t>(width) && line_points > 3) {
          out << line << "\n";
          line = "   ";
          line_points = 3;
        } else if (line_points > 3) {
          line += ' ';
          ++line_points;
        }
        line += word;
        line_points += n;
        word.clear();
      };
      for (char c : s.quote) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
          flush();
        } else {
          word += c;
        }
      }
      flush();
      out << line << "\u201d\n";
    }
  }
}

}  // namespace newsintel

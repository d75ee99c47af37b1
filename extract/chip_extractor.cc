#include "extract/chip_extractor.h"

#include <cstdlib>
#include <unordered_map>

namespace newsintel {
namespace {

bool ValidExportClass(const std::string& c) {
  return c.empty() || c == "3A090.a" || c == "3A090.b" || c == "not controlled";
}

// Adds `alias` and its plural ("H800s") to the matcher.
void AddWithPlural(const std::string& alias, int value, AliasCase mode, AliasMatcher* m) {
  m->Add(alias, value, mode);
  char last = alias.empty() ? '\0' : alias.back();
  bool alnum = (last >= '0' && last <= '9') || (last >= 'A' && last <= 'Z') || (last >= 'a' && last <= 'z');
  if (alnum) m->Add(alias + "s", value, mode == AliasCase::kExact ? AliasCase::kExact : mode);
}

}  // namespace

ChipExtractor::ChipExtractor() = default;
ChipExtractor::~ChipExtractor() = default;

Result<std::unique_ptr<ChipExtractor>> ChipExtractor::Create(const std::string& lexicon_dir) {
  std::unique_ptr<ChipExtractor> x(new ChipExtractor());
  std::string path = lexicon_dir + "/chips.tsv";
  Result<std::vector<TsvRow>> rows = ReadTsvFile(path, 2, 6);
  if (!rows.ok()) return rows.status();

  // Vendor aliases from the entity lexicon ("Nvidia" for NVIDIA).
  std::unordered_map<std::string, std::vector<std::string>> vendor_aliases;
  for (const std::string& file : ListTsvFiles(lexicon_dir + "/entities")) {
    Result<std::vector<LexiconEntry>> entries = ReadEntityLexicon(file);
    if (!entries.ok()) return entries.status();
    for (const LexiconEntry& e : *entries) {
      if (e.type != "ORG") continue;
      std::vector<std::string>& v = vendor_aliases[e.name];
      v.push_back(e.name);
      for (const std::string& a : e.aliases) {
        std::string bare = (a[0] == '=' || a[0] == '^') ? a.substr(1) : a;
        // Ticker-like aliases ("NVDA.O") never prefix a chip name.
        if (bare.find('.') == std::string::npos) v.push_back(bare);
      }
    }
  }

  std::unordered_map<std::string, int> names;  // folded name -> line
  for (const TsvRow& row : *rows) {
    ChipEntry c;
    c.line = row.line;
    c.name = row.fields[0];
    c.vendor = row.fields[1];
    c.family = row.fields[2];
    c.export_class = row.fields[4];
    c.aliases = SplitAliases(row.fields[5]);
    if (c.name.empty()) return LexiconError(path, row.line, "empty chip name");
    if (c.vendor.empty()) return LexiconError(path, row.line, "empty vendor");
    if (!row.fields[3].empty()) {
      char* end = nullptr;
      c.tpp = std::strtod(row.fields[3].c_str(), &end);
      if (end == row.fields[3].c_str() || *end != '\0' || c.tpp <= 0) {
        return LexiconError(path, row.line, "TPP '" + row.fields[3] + "' is not a positive number");
      }
    }
    if (!ValidExportClass(c.export_class)) {
      return LexiconError(path, row.line,
                          "export class '" + c.export_class +
                              "' is not one of 3A090.a, 3A090.b, not controlled (or empty)");
    }
    std::string key = FoldKey(c.name);
    if (names.count(key)) {
      return LexiconError(path, row.line,
                          "chip '" + c.name + "' already listed at line " + std::to_string(names[key]));
    }
    names[key] = row.line;
    x->catalogue_.push_back(std::move(c));
  }

  // Model lines first so that "Hopper H100" prefers the model over the family.
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t i = 0; i < x->catalogue_.size(); ++i) {
      const ChipEntry& c = x->catalogue_[i];
      bool family_line = FoldKey(c.family) == FoldKey(c.name);
      if (family_line != (pass == 1)) continue;
      int value = static_cast<int>(i);
      std::vector<std::string> bases = {c.name};
      bases.insert(bases.end(), c.aliases.begin(), c.aliases.end());
      std::vector<std::string> vendors = vendor_aliases[c.vendor];
      if (vendors.empty()) vendors.push_back(c.vendor);
      for (const std::string& base : bases) {
        AliasCase mode = family_line ? AliasCase::kCapitalized : DefaultAliasCase(base);
        AddWithPlural(base, value, mode, &x->matcher_);
        std::vector<std::string> prefixed;
        if (!family_line && !c.family.empty()) prefixed.push_back(c.family + " " + base);
        for (const std::string& v : vendors) {
          prefixed.push_back(v + " " + base);
          if (!family_line && !c.family.empty()) prefixed.push_back(v + " " + c.family + " " + base);
        }
        for (const std::string& p : prefixed) AddWithPlural(p, value, AliasCase::kFolded, &x->matcher_);
      }
    }
  }
  return x;
}

void ChipExtractor::Run(const ExtractContext& context, Extraction* out) const {
  TokenizedText scratch;
  const TokenizedText& text = context.Tokens(&scratch);
  std::vector<AliasMatch> found = matcher_.FindAll(text);
  for (const AliasMatch& m : found) {
    const ChipEntry& c = catalogue_[m.value];
    ChipMention mention;
    mention.name = c.name;
    mention.vendor = c.vendor;
    mention.family = c.family;
    mention.export_class = c.export_class;
    mention.tpp = c.tpp;
    mention.text = std::string(text.OriginalText(m.original));
    mention.start = m.original.start;
    mention.end = m.original.end;
    out->chips.push_back(std::move(mention));
  }
  if (found.empty()) return;
  // Entities inside a chip mention are part of the chip's name, except its vendor.
  std::vector<EntityMention> kept;
  kept.reserve(out->entities.size());
  size_t k = 0;
  for (EntityMention& e : out->entities) {
    while (k < out->chips.size() && out->chips[k].end <= e.start) ++k;
    bool inside = false;
    for (size_t j = k; j < out->chips.size() && out->chips[j].start < e.end; ++j) {
      if (out->chips[j].vendor != e.name) inside = true;
    }
    if (!inside) kept.push_back(std::move(e));
  }
  out->entities = std::move(kept);
}

}  // namespace newsintel

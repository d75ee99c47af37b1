// Alert raising: queued claims matched against the watch rules, the
// same-allegation rule, alerts and their sources written (AlertCenter::Raise).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "extract/near_duplicate.h"
#include "extract/normalize.h"
#include "kb/alerts_internal.h"
#include "kb/ingest_util.h"
#include "kb/kb_impl.h"

namespace newsintel {

using kb::Connection;
using kb::ForEachRow;
using kb::Stmt;
using kb::FormatUtc;

namespace {

constexpr double kSimilarJaccard = 0.5;
constexpr double kAnchoredJaccard = 0.3;
constexpr double kSyndicatedJaccard = 0.2;  // claims of two near-duplicate articles
constexpr int kMaxCandidates = 2000;          // sources compared per claim and rule

// Days since 1970-01-01 of "YYYY-MM-DD..."; false when it does not start so.
bool DaySerial(const std::string& s, int64_t* days) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  int64_t y = std::stoi(s.substr(0, 4));
  unsigned m = static_cast<unsigned>(std::stoi(s.substr(5, 2)));
  unsigned d = static_cast<unsigned>(std::stoi(s.substr(8, 2)));
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  // Howard Hinnant's days_from_civil.
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  *days = era * 146097 + static_cast<int64_t>(doe) - 719468;
  return true;
}

std::string ModalityClass(const std::string& modality) {
  if (modality == "alleged" || modality == "asserted") return "accusation";
  if (modality == "denied") return "denial";
  if (modality == "doubted") return "doubt";
  return modality;
}

// Responses of the speaker itself: these match a rule whose entity is the speaker.
bool IsResponse(const std::string& m) { return m == "denied" || m == "doubted" || m == "declined"; }

std::string JoinIds(const std::set<int64_t>& ids, char prefix) {
  std::string out;
  for (int64_t id : ids) {
    if (!out.empty()) out += ' ';
    out += prefix;
    out += ':';
    out += std::to_string(id);
  }
  return out;
}

// Words of a folded text: runs of letters and digits (bytes >= 0x80 count as
// letters). Numbers are runs of digits with single '.', ',' or ' ' between
// digits, kept without the separators.
void Tokenize(const std::string& folded, std::set<std::string>* words, std::set<std::string>* numbers) {
  size_t i = 0, n = folded.size();
  auto is_word = [](unsigned char c) { return std::isalnum(c) || c >= 0x80; };
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(folded[i]);
    if (std::isdigit(c)) {
      std::string digits;
      while (i < n) {
        unsigned char d = static_cast<unsigned char>(folded[i]);
        if (std::isdigit(d)) {
          digits.push_back(static_cast<char>(d));
          ++i;
        } else if ((d == '.' || d == ',' || d == ' ') && i + 1 < n &&
                   std::isdigit(static_cast<unsigned char>(folded[i + 1]))) {
          ++i;
        } else {
          break;
        }
      }
      while (i < n && is_word(static_cast<unsigned char>(folded[i]))) ++i;  // "2048h800": one token
      if (digits.size() >= 2) numbers->insert(digits);
      words->insert("#" + digits);
      continue;
    }
    if (is_word(c)) {
      size_t start = i;
      while (i < n && is_word(static_cast<unsigned char>(folded[i]))) ++i;
      if (i - start >= 3) words->insert(folded.substr(start, i - start));
      continue;
    }
    ++i;
  }
}

double Jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  size_t common = 0;
  for (const std::string& w : a) common += b.count(w);
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

// What the same-allegation rule compares, for a claim or a stored source.
struct Signature {
  std::set<int64_t> about;     // entity ids
  std::set<int64_t> entities;  // about + mentioned inside the claim
  std::set<std::string> anchors;  // "f:unit:value", "c:chip id", "n:digits"
  std::set<std::string> words;

  std::string Serialize() const {
    std::string out = JoinIds(about, 'a');
    std::set<int64_t> mentioned;
    for (int64_t e : entities) {
      if (!about.count(e)) mentioned.insert(e);
    }
    std::string m = JoinIds(mentioned, 'e');
    if (!m.empty()) out += (out.empty() ? "" : " ") + m;
    for (const std::string& a : anchors) {
      if (!out.empty()) out += ' ';
      out += a;
    }
    return out;
  }

  static Signature Parse(const std::string& s, const std::string& text) {
    Signature sig;
    size_t i = 0;
    while (i < s.size()) {
      size_t j = s.find(' ', i);
      if (j == std::string::npos) j = s.size();
      std::string tok = s.substr(i, j - i);
      i = j + 1;
      if (tok.size() < 3) continue;
      if (tok[0] == 'a' || tok[0] == 'e') {
        int64_t id = std::atoll(tok.c_str() + 2);
        if (tok[0] == 'a') sig.about.insert(id);
        sig.entities.insert(id);
      } else {
        sig.anchors.insert(tok);
      }
    }
    std::set<std::string> numbers;
    Tokenize(FoldKey(text), &sig.words, &numbers);
    return sig;
  }
};

bool Intersects(const std::set<int64_t>& a, const std::set<int64_t>& b) {
  for (int64_t x : a) {
    if (b.count(x)) return true;
  }
  return false;
}

std::string FigureAnchor(const std::string& unit, double value) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "f:%s:%.2g", unit.c_str(), value);
  std::string out = buf;
  for (char& c : out) {
    if (c == ' ') c = '_';
  }
  return out;
}

// A queued claim with everything the rules and the same-allegation rule need.
struct ClaimInfo {
  int64_t id = 0, article_id = 0;
  uint32_t start = 0, end = 0;
  std::string doc_key, doc, url, text, text_key, speaker, speaker_key, modality, lang, published, day;
  std::string outlet, outlet_key, domain;
  std::vector<std::string> about_names;
  std::set<int64_t> chips;
  Signature sig;
  int64_t day_serial = 0;
  bool has_day = false;
};

// A rule with its conditions resolved against the current KB.
struct RuleData {
  int64_t id = 0;
  std::string name;
  bool has_entities = false;
  std::set<int64_t> entity_ids;
  std::unordered_set<std::string> entity_keys;  // alias keys of those entities
  std::set<std::string> excluded_prefixes;      // word prefixes of those keys
  std::set<std::string> modalities;
  bool has_chip = false;
  std::set<int64_t> chip_ids;
  std::string speaker_key;
  std::unordered_set<std::string> speaker_alias_keys;
  bool has_keyword = false;
  std::unordered_set<int64_t> keyword_claims;
  std::string outlet_key;
  std::string lang;
  std::vector<int64_t> deliveries;
};

bool Matches(const RuleData& r, const ClaimInfo& c) {
  if (!r.modalities.count(c.modality)) return false;
  if (r.has_entities) {
    bool about = Intersects(c.sig.about, r.entity_ids);
    bool by = IsResponse(c.modality) && !c.speaker_key.empty() && r.entity_keys.count(c.speaker_key);
    if (!about && !by) return false;
  }
  if (r.has_chip && !Intersects(c.chips, r.chip_ids)) return false;
  if (!r.speaker_key.empty()) {
    if (c.speaker_key.empty()) return false;
    if (c.speaker_key.find(r.speaker_key) == std::string::npos && !r.speaker_alias_keys.count(c.speaker_key)) {
      return false;
    }
  }
  if (r.has_keyword && !r.keyword_claims.count(c.id)) return false;
  if (!r.outlet_key.empty() && c.outlet_key.find(r.outlet_key) == std::string::npos &&
      c.domain.find(r.outlet_key) == std::string::npos) {
    return false;
  }
  if (!r.lang.empty() && c.lang != r.lang) return false;
  return true;
}

// A stored report, as a candidate for the same-allegation rule.
struct Candidate {
  int64_t alert_id = 0;
  std::string doc_key, text_key, lang, speaker_key, day, text, signature;
};

// Word beginnings shared by French and English cognates ("distillation",
// "distilling"; "modele", "model"): the first kPrefixBytes bytes of words that
// long, minus those of the rule's own entity names (present in every match).
constexpr size_t kPrefixBytes = 5;
constexpr double kCognateJaccard = 0.11;

std::set<std::string> Prefixes(const std::set<std::string>& words, const std::set<std::string>& excluded) {
  std::set<std::string> out;
  for (const std::string& w : words) {
    if (w.size() < kPrefixBytes || w[0] == '#') continue;
    std::string p = w.substr(0, kPrefixBytes);
    if (!excluded.count(p)) out.insert(std::move(p));
  }
  return out;
}

size_t CountCommon(const std::set<std::string>& a, const std::set<std::string>& b) {
  size_t n = 0;
  for (const std::string& x : a) n += b.count(x);
  return n;
}

struct SameResult {
  std::string match;  // "" when not the same allegation
  double score = 0;   // to pick the best of several alerts
};

// Whether `c` is the same allegation as the stored report `s` (see alerts.h).
// `near_duplicate(doc_key)`: whether that article is a near-duplicate of c's.
template <typename NearDuplicateFn>
SameResult SameAllegation(const RuleData& r, const ClaimInfo& c, const Candidate& s, const Signature& ssig,
                          NearDuplicateFn near_duplicate) {
  if (c.text_key == s.text_key) return {"same-text", 10};
  bool related = Intersects(c.sig.about, ssig.about) ||
                 (c.sig.about.empty() && ssig.about.empty() && !c.speaker_key.empty() &&
                  c.speaker_key == s.speaker_key);
  if (!related) return {};
  size_t anchors = CountCommon(c.sig.anchors, ssig.anchors);
  if (c.lang.empty() || s.lang.empty() || c.lang == s.lang) {
    double j = Jaccard(c.sig.words, ssig.words);
    if (j >= kSimilarJaccard || (j >= kAnchoredJaccard && anchors > 0)) return {"similar", 1 + j};
    if (j >= kSyndicatedJaccard && s.doc_key != c.doc_key && near_duplicate(s.doc_key)) return {"syndicated", 1 + j};
    return {};
  }
  int64_t sday = 0;
  if (c.has_day && DaySerial(s.day, &sday) &&
      std::llabs(sday - c.day_serial) > AlertCenter::kCrossLanguageDays) {
    return {};
  }
  size_t entities = 0;
  for (int64_t e : c.sig.entities) entities += ssig.entities.count(e) && !r.entity_ids.count(e);
  size_t shared = entities + anchors;
  double cognates = Jaccard(Prefixes(c.sig.words, r.excluded_prefixes), Prefixes(ssig.words, r.excluded_prefixes));
  if ((shared >= 1 && cognates >= kCognateJaccard) || shared >= 3) {
    return {"translation", cognates + 0.1 * static_cast<double>(shared)};
  }
  return {};
}

class AlertWriter {
 public:
  AlertWriter(KnowledgeBase::Impl* impl, int64_t now) : impl_(impl), conn_(impl->conn.get()), now_(now) {}

  Result<RaiseStats> Run();

 private:
  Status LoadRules();
  Status LoadChips();
  Result<bool> LoadClaim(int64_t id, ClaimInfo* c);
  Status Process(const RuleData& r, const ClaimInfo& c, RaiseStats* stats);
  Status InsertSource(int64_t alert_id, const RuleData& r, const ClaimInfo& c, const std::string& match);
  // The article's fingerprint, computed once per pass; null if it is gone.
  const TextFingerprint* Fingerprint(const std::string& doc_key);

  KnowledgeBase::Impl* impl_;
  Connection* conn_;
  int64_t now_;
  std::string now_text_;
  std::vector<RuleData> rules_;
  std::unordered_map<int64_t, std::pair<std::string, std::string>> chips_;  // id -> name key, family key
  std::unordered_map<std::string, std::unique_ptr<TextFingerprint>> fingerprints_;  // doc_key ->
};

const TextFingerprint* AlertWriter::Fingerprint(const std::string& doc_key) {
  auto it = fingerprints_.find(doc_key);
  if (it != fingerprints_.end()) return it->second.get();
  std::unique_ptr<TextFingerprint> fp;
  Stmt s = conn_->Prepare("SELECT text FROM articles WHERE doc_key = ?1");
  s.BindText(1, doc_key);
  Result<bool> row = s.Step();
  if (row.ok() && *row) fp = std::make_unique<TextFingerprint>(FingerprintOf(s.Text(0)));
  return fingerprints_.emplace(doc_key, std::move(fp)).first->second.get();
}

Status AlertWriter::LoadChips() {
  Stmt s = conn_->Prepare("SELECT id, name_key, coalesce(family, '') FROM chips");
  return ForEachRow(s, [&](Stmt& r) { chips_[r.Int(0)] = {r.Text(1), FoldKey(r.Text(2))}; });
}

Status AlertWriter::LoadRules() {
  {
    Stmt s = conn_->Prepare(
        "SELECT id, name, coalesce(chip, ''), coalesce(speaker, ''), coalesce(keyword, ''), coalesce(outlet, ''), "
        "coalesce(lang, '') FROM watch_rules ORDER BY id");
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) {
      RuleData d;
      d.id = r.Int(0);
      d.name = r.Text(1);
      std::string chip = FoldKey(r.Text(2));
      d.has_chip = !chip.empty();
      if (d.has_chip) {
        for (const auto& c : chips_) {
          if (c.second.first == chip || c.second.second == chip) d.chip_ids.insert(c.first);
        }
      }
      d.speaker_key = FoldKey(r.Text(3));
      std::string keyword = r.Text(4);
      d.has_keyword = !keyword.empty();
      d.outlet_key = FoldKey(r.Text(5));
      d.lang = r.Text(6);
      rules_.push_back(std::move(d));
    }));
  }
  for (RuleData& d : rules_) {
    {
      Stmt s = conn_->Prepare("SELECT modality FROM watch_modalities WHERE rule_id = ?1");
      s.BindInt(1, d.id);
      NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) { d.modalities.insert(r.Text(0)); }));
      if (d.modalities.empty()) d.modalities.insert(DefaultAlertModalities().begin(), DefaultAlertModalities().end());
    }
    {
      Stmt s = conn_->Prepare("SELECT alias_key FROM watch_entities WHERE rule_id = ?1");
      s.BindInt(1, d.id);
      std::vector<std::string> keys;
      NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) { keys.push_back(r.Text(0)); }));
      d.has_entities = !keys.empty();
      for (const std::string& k : keys) {
        d.entity_keys.insert(k);
        Stmt e = conn_->Prepare(
            "SELECT id FROM entities WHERE name_key = ?1 UNION SELECT entity_id FROM entity_aliases WHERE alias_key = ?1");
        e.BindText(1, k);
        NEWSINTEL_RETURN_IF_ERROR(ForEachRow(e, [&](Stmt& r) { d.entity_ids.insert(r.Int(0)); }));
      }
      for (int64_t id : d.entity_ids) {
        Stmt a = conn_->Prepare("SELECT alias_key FROM entity_aliases WHERE entity_id = ?1");
        a.BindInt(1, id);
        NEWSINTEL_RETURN_IF_ERROR(ForEachRow(a, [&](Stmt& r) { d.entity_keys.insert(r.Text(0)); }));
        Stmt n = conn_->Prepare("SELECT name_key FROM entities WHERE id = ?1");
        n.BindInt(1, id);
        NEWSINTEL_RETURN_IF_ERROR(ForEachRow(n, [&](Stmt& r) { d.entity_keys.insert(r.Text(0)); }));
      }
      for (const std::string& k : d.entity_keys) {
        std::set<std::string> words, numbers;
        Tokenize(k, &words, &numbers);
        for (const std::string& p : Prefixes(words, {})) d.excluded_prefixes.insert(p);
      }
    }
    if (!d.speaker_key.empty()) {
      Stmt s = conn_->Prepare(
          "SELECT alias_key FROM entity_aliases WHERE entity_id IN "
          "(SELECT entity_id FROM entity_aliases WHERE alias_key = ?1 UNION SELECT id FROM entities WHERE name_key = ?1) "
          "UNION SELECT name_key FROM entities WHERE id IN "
          "(SELECT entity_id FROM entity_aliases WHERE alias_key = ?1 UNION SELECT id FROM entities WHERE name_key = ?1)");
      s.BindText(1, d.speaker_key);
      NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) { d.speaker_alias_keys.insert(r.Text(0)); }));
    }
    if (d.has_keyword) {
      Stmt k = conn_->Prepare("SELECT keyword FROM watch_rules WHERE id = ?1");
      k.BindInt(1, d.id);
      Result<bool> row = k.Step();
      if (!row.ok()) return row.status();
      std::string keyword = *row ? k.Text(0) : std::string();
      Stmt s = conn_->Prepare(
          "SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?1 AND rowid IN (SELECT claim_id FROM alert_queue)");
      s.BindText(1, keyword);
      Status st = ForEachRow(s, [&](Stmt& r) { d.keyword_claims.insert(r.Int(0)); });
      if (!st.ok()) return st.WithContext("watch rule '" + d.name + "' keyword");
    }
    {
      Stmt s = conn_->Prepare("SELECT id FROM watch_deliveries WHERE rule_id = ?1 ORDER BY id");
      s.BindInt(1, d.id);
      NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) { d.deliveries.push_back(r.Int(0)); }));
    }
  }
  return Status::OK();
}

Result<bool> AlertWriter::LoadClaim(int64_t id, ClaimInfo* c) {
  Stmt s = conn_->Prepare(
      "SELECT c.article_id, a.doc_key, a.doc, coalesce(a.url, ''), c.text, NULL, coalesce(c.speaker, ''), "
      "coalesce(c.speaker_key, ''), c.modality, coalesce(a.lang, ''), coalesce(a.published, ''), a.ingested, "
      "coalesce(o.name, ''), coalesce(o.name_key, ''), coalesce(o.domain, ''), c.start, c.end "
      "FROM claims c JOIN articles a ON a.id = c.article_id LEFT JOIN outlets o ON o.id = a.outlet_id "
      "WHERE c.id = ?1");
  s.BindInt(1, id);
  Result<bool> row = s.Step();
  if (!row.ok()) return row.status();
  if (!*row) return false;
  c->id = id;
  c->article_id = s.Int(0);
  c->doc_key = s.Text(1);
  c->doc = s.Text(2);
  c->url = s.Text(3);
  c->text = s.Text(4);
  c->text_key = FoldKey(c->text);
  c->speaker = s.Text(6);
  c->speaker_key = s.Text(7);
  c->modality = s.Text(8);
  c->lang = s.Text(9);
  c->published = s.Text(10);
  std::string ingested = s.Text(11);
  c->outlet = s.Text(12);
  c->outlet_key = s.Text(13);
  c->domain = s.Text(14);
  c->start = static_cast<uint32_t>(s.Int(15));
  c->end = static_cast<uint32_t>(s.Int(16));
  c->has_day = DaySerial(c->published, &c->day_serial);
  if (c->has_day) {
    c->day = c->published.substr(0, 10);
  } else if (DaySerial(ingested, &c->day_serial)) {
    c->has_day = true;
    c->day = ingested.substr(0, 10);
  }
  {
    Stmt a = conn_->Prepare(
        "SELECT ca.entity_id, e.name FROM claim_about ca JOIN entities e ON e.id = ca.entity_id "
        "WHERE ca.claim_id = ?1 ORDER BY e.name_key");
    a.BindInt(1, id);
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(a, [&](Stmt& r) {
      c->sig.about.insert(r.Int(0));
      c->sig.entities.insert(r.Int(0));
      c->about_names.push_back(r.Text(1));
    }));
  }
  {
    Stmt m = conn_->Prepare(
        "SELECT DISTINCT entity_id FROM mentions WHERE article_id = ?1 AND start >= ?2 AND end <= ?3");
    m.BindInt(1, c->article_id);
    m.BindInt(2, c->start);
    m.BindInt(3, c->end);
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(m, [&](Stmt& r) { c->sig.entities.insert(r.Int(0)); }));
  }
  {
    Stmt m = conn_->Prepare(
        "SELECT DISTINCT chip_id FROM chip_mentions WHERE article_id = ?1 AND start < ?3 AND end > ?2");
    m.BindInt(1, c->article_id);
    m.BindInt(2, c->start);
    m.BindInt(3, c->end);
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(m, [&](Stmt& r) {
      c->chips.insert(r.Int(0));
      c->sig.anchors.insert("c:" + std::to_string(r.Int(0)));
    }));
  }
  {
    Stmt f = conn_->Prepare("SELECT unit, value FROM figures WHERE article_id = ?1 AND start >= ?2 AND end <= ?3");
    f.BindInt(1, c->article_id);
    f.BindInt(2, c->start);
    f.BindInt(3, c->end);
    NEWSINTEL_RETURN_IF_ERROR(
        ForEachRow(f, [&](Stmt& r) { c->sig.anchors.insert(FigureAnchor(r.Text(0), r.Double(1))); }));
  }
  std::set<std::string> numbers;
  Tokenize(FoldKey(c->text), &c->sig.words, &numbers);
  for (const std::string& n : numbers) c->sig.anchors.insert("n:" + n);
  return true;
}

Status AlertWriter::InsertSource(int64_t alert_id, const RuleData& r, const ClaimInfo& c, const std::string& match) {
  Stmt s = conn_->Prepare(
      "INSERT OR IGNORE INTO alert_sources(alert_id, rule_id, claim_id, doc_key, text_key, modality_class, text, "
      "speaker, speaker_key, doc, url, outlet, published, lang, day, signature, match, added) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)");
  s.BindInt(1, alert_id);
  s.BindInt(2, r.id);
  s.BindInt(3, c.id);
  s.BindText(4, c.doc_key);
  s.BindText(5, c.text_key);
  s.BindText(6, ModalityClass(c.modality));
  s.BindText(7, c.text);
  s.BindTextOrNull(8, c.speaker);
  s.BindTextOrNull(9, c.speaker_key);
  s.BindTextOrNull(10, c.doc);
  s.BindTextOrNull(11, c.url);
  s.BindTextOrNull(12, c.outlet);
  s.BindTextOrNull(13, c.published);
  s.BindTextOrNull(14, c.lang);
  s.BindText(15, c.day);
  s.BindText(16, c.sig.Serialize());
  s.BindText(17, match);
  s.BindText(18, now_text_);
  return s.Run();
}

Status AlertWriter::Process(const RuleData& r, const ClaimInfo& c, RaiseStats* stats) {
  {
    Stmt seen = conn_->Prepare(
        "INSERT OR IGNORE INTO alert_seen(rule_id, doc_key, text_key) VALUES (?1, ?2, ?3) RETURNING 1");
    seen.BindInt(1, r.id);
    seen.BindText(2, c.doc_key);
    seen.BindText(3, c.text_key);
    Result<bool> fresh = seen.Step();
    if (!fresh.ok()) return fresh.status();
    if (!*fresh) {
      // Seen before (re-ingest, re-extraction): point its sources at the new claim row.
      Stmt up = conn_->Prepare(
          "UPDATE alert_sources SET claim_id = ?1 WHERE rule_id = ?2 AND doc_key = ?3 AND text_key = ?4");
      up.BindInt(1, c.id);
      up.BindInt(2, r.id);
      up.BindText(3, c.doc_key);
      up.BindText(4, c.text_key);
      NEWSINTEL_RETURN_IF_ERROR(up.Run());
      Stmt first = conn_->Prepare(
          "UPDATE alerts SET claim_id = ?1 WHERE claim_id IS NULL AND id IN (SELECT alert_id FROM alert_sources "
          "WHERE rule_id = ?2 AND doc_key = ?3 AND text_key = ?4 AND match = 'first')");
      first.BindInt(1, c.id);
      first.BindInt(2, r.id);
      first.BindText(3, c.doc_key);
      first.BindText(4, c.text_key);
      return first.Run();
    }
  }
  // Candidates: the same text at any time; other reports of the same class nearby in time.
  std::string klass = ModalityClass(c.modality);
  std::vector<Candidate> candidates;
  auto read = [&](Stmt& s) {
    return ForEachRow(s, [&](Stmt& row) {
      Candidate k;
      k.alert_id = row.Int(0);
      k.doc_key = row.Text(1);
      k.text_key = row.Text(2);
      k.lang = row.Text(3);
      k.speaker_key = row.Text(4);
      k.day = row.Text(5);
      k.text = row.Text(6);
      k.signature = row.Text(7);
      candidates.push_back(std::move(k));
    });
  };
  const char kColumns[] =
      "SELECT alert_id, doc_key, text_key, coalesce(lang, ''), coalesce(speaker_key, ''), day, text, signature "
      "FROM alert_sources ";
  {
    Stmt s = conn_->Prepare(std::string(kColumns) +
                            "WHERE rule_id = ?1 AND text_key = ?2 AND modality_class = ?3 ORDER BY id LIMIT 1");
    s.BindInt(1, r.id);
    s.BindText(2, c.text_key);
    s.BindText(3, klass);
    NEWSINTEL_RETURN_IF_ERROR(read(s));
  }
  if (candidates.empty()) {
    std::string from, to;
    if (c.has_day) {
      from = FormatUtc((c.day_serial - AlertCenter::kSimilarDays) * 86400).substr(0, 10);
      to = FormatUtc((c.day_serial + AlertCenter::kSimilarDays) * 86400).substr(0, 10);
    } else {
      from = "0000-00-00";
      to = "9999-99-99";
    }
    Stmt s = conn_->Prepare(std::string(kColumns) +
                            "WHERE rule_id = ?1 AND modality_class = ?2 AND ((day >= ?3 AND day <= ?4) OR day = '') "
                            "ORDER BY id DESC LIMIT ?5");
    s.BindInt(1, r.id);
    s.BindText(2, klass);
    s.BindText(3, from);
    s.BindText(4, to);
    s.BindInt(5, kMaxCandidates);
    NEWSINTEL_RETURN_IF_ERROR(read(s));
  }
  // The best match: an equal text, else the closest report.
  int64_t alert_id = 0;
  std::string match;
  double best = -1;
  for (const Candidate& k : candidates) {
    Signature ssig = Signature::Parse(k.signature, k.text);
    SameResult m = SameAllegation(r, c, k, ssig, [&](const std::string& doc_key) {
      const TextFingerprint* a = Fingerprint(c.doc_key);
      const TextFingerprint* b = Fingerprint(doc_key);
      return a != nullptr && b != nullptr && NearDuplicate(*a, *b);
    });
    if (m.match.empty()) continue;
    if (m.score > best || (m.score == best && k.alert_id < alert_id)) {
      best = m.score;
      alert_id = k.alert_id;
      match = m.match;
    }
  }
  if (alert_id != 0) {
    Stmt has = conn_->Prepare("SELECT 1 FROM alert_sources WHERE alert_id = ?1 AND doc_key = ?2");
    has.BindInt(1, alert_id);
    has.BindText(2, c.doc_key);
    Result<bool> same_article = has.Step();
    if (!same_article.ok()) return same_article.status();
    if (*same_article) return Status::OK();  // the article already reports it
    NEWSINTEL_RETURN_IF_ERROR(InsertSource(alert_id, r, c, match));
    Stmt up = conn_->Prepare("UPDATE alerts SET updated = ?2 WHERE id = ?1");
    up.BindInt(1, alert_id);
    up.BindText(2, now_text_);
    NEWSINTEL_RETURN_IF_ERROR(up.Run());
    // Feeds show the new source: their rows are due again.
    Stmt again = conn_->Prepare(
        "UPDATE alert_outbox SET delivered = 0, next_attempt = ?2, attempts = 0, last_error = NULL "
        "WHERE alert_id = ?1 AND delivery_id IN (SELECT id FROM watch_deliveries WHERE kind = 'atom')");
    again.BindInt(1, alert_id);
    again.BindText(2, now_text_);
    NEWSINTEL_RETURN_IF_ERROR(again.Run());
    ++stats->sources_added;
    return Status::OK();
  }
  kb::Digest digest;
  digest.Add(r.name);
  digest.Add(c.doc_key);
  digest.Add(c.text_key);
  std::string guid = "tag:newsintel,2025:alert/" + r.name + "/" + digest.Hex().substr(0, 20);
  std::string entities;
  for (const std::string& n : c.about_names) {
    if (!entities.empty()) entities += '\x1f';
    entities += n;
  }
  Stmt ins = conn_->Prepare(
      "INSERT INTO alerts(rule_id, guid, claim_id, modality, speaker, text, entities, raised, updated) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8) RETURNING id");
  ins.BindInt(1, r.id);
  ins.BindText(2, guid);
  ins.BindInt(3, c.id);
  ins.BindText(4, c.modality);
  ins.BindTextOrNull(5, c.speaker);
  ins.BindText(6, c.text);
  ins.BindText(7, entities);
  ins.BindText(8, now_text_);
  Result<bool> row = ins.Step();
  if (!row.ok()) return row.status();
  int64_t id = ins.Int(0);
  while (true) {  // finish the statement before the next one
    Result<bool> more = ins.Step();
    if (!more.ok()) return more.status();
    if (!*more) break;
  }
  NEWSINTEL_RETURN_IF_ERROR(InsertSource(id, r, c, "first"));
  for (int64_t delivery : r.deliveries) {
    Stmt o = conn_->Prepare("INSERT OR IGNORE INTO alert_outbox(alert_id, delivery_id, next_attempt) VALUES (?1, ?2, ?3)");
    o.BindInt(1, id);
    o.BindInt(2, delivery);
    o.BindText(3, now_text_);
    NEWSINTEL_RETURN_IF_ERROR(o.Run());
  }
  stats->raised.push_back(id);
  return Status::OK();
}

Result<RaiseStats> AlertWriter::Run() {
  RaiseStats stats;
  now_text_ = FormatUtc(now_);
  kb::Transaction tx(conn_);
  NEWSINTEL_RETURN_IF_ERROR(tx.Begin());
  std::vector<int64_t> queued;
  {
    Stmt s = conn_->Prepare(
        "SELECT q.claim_id FROM alert_queue q JOIN claims c ON c.id = q.claim_id ORDER BY c.sort_key, c.id");
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) { queued.push_back(r.Int(0)); }));
  }
  if (!queued.empty()) {
    NEWSINTEL_RETURN_IF_ERROR(LoadChips());
    NEWSINTEL_RETURN_IF_ERROR(LoadRules());
  }
  for (int64_t id : queued) {
    ClaimInfo c;
    Result<bool> found = LoadClaim(id, &c);
    if (!found.ok()) return found.status();
    if (!*found) continue;
    ++stats.claims_checked;
    for (const RuleData& r : rules_) {
      if (Matches(r, c)) NEWSINTEL_RETURN_IF_ERROR(Process(r, c, &stats));
    }
  }
  NEWSINTEL_RETURN_IF_ERROR(conn_->Exec("DELETE FROM alert_queue"));
  NEWSINTEL_RETURN_IF_ERROR(tx.Commit());
  return stats;
}

}  // namespace

namespace alerts_internal {

Result<RaiseStats> RaiseAlerts(KnowledgeBase::Impl* impl, int64_t now) { return AlertWriter(impl, now).Run(); }

}  // namespace alerts_internal
}  // namespace newsintel

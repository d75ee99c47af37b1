// Watch rules, alert raising with the same-allegation rule, the delivery
// outbox and the alert formats (JSON line, webhook body, Atom feed).
#include "kb/alerts.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "extract/json.h"
#include "extract/near_duplicate.h"
#include "extract/normalize.h"
#include "kb/ingest_util.h"
#include "kb/kb_impl.h"

namespace newsintel {

using kb::Connection;
using kb::ForEachRow;
using kb::Stmt;

namespace {

constexpr int64_t kLeaseSeconds = 300;        // a sender holds a row this long
constexpr int64_t kFirstRetrySeconds = 60;    // then 2x per failure...
constexpr int64_t kMaxRetrySeconds = 6 * 3600;  // ...up to this
constexpr double kSimilarJaccard = 0.5;
constexpr double kAnchoredJaccard = 0.3;
constexpr double kSyndicatedJaccard = 0.2;  // claims of two near-duplicate articles
constexpr int kMaxCandidates = 2000;          // sources compared per claim and rule

int64_t NowSeconds(int64_t now) { return now != 0 ? now : static_cast<int64_t>(std::time(nullptr)); }

std::string FormatUtc(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

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

bool IsKnownModality(const std::string& m) {
  return m == "asserted" || m == "alleged" || m == "denied" || m == "doubted" || m == "declined";
}

// Responses of the speaker itself: these match a rule whose entity is the speaker.
bool IsResponse(const std::string& m) { return m == "denied" || m == "doubted" || m == "declined"; }

bool ValidRuleName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

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

// ---- Reading alerts ----

std::vector<std::string> SplitUnit(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= s.size() && !s.empty()) {
    size_t j = s.find('\x1f', i);
    if (j == std::string::npos) j = s.size();
    out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

const char kAlertColumns[] =
    "SELECT a.id, a.guid, r.name, a.text, coalesce(a.speaker, ''), a.modality, a.entities, coalesce(a.claim_id, 0), "
    "a.raised, a.updated FROM alerts a JOIN watch_rules r ON r.id = a.rule_id ";

Status ReadAlerts(Connection* conn, Stmt& s, std::vector<Alert>* out) {
  NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) {
    Alert a;
    a.id = r.Int(0);
    a.guid = r.Text(1);
    a.rule = r.Text(2);
    a.text = r.Text(3);
    a.speaker = r.Text(4);
    a.modality = r.Text(5);
    a.entities = SplitUnit(r.Text(6));
    a.claim_id = r.Int(7);
    a.raised = r.Text(8);
    a.updated = r.Text(9);
    out->push_back(std::move(a));
  }));
  for (Alert& a : *out) {
    Stmt src = conn->Prepare(
        "SELECT coalesce(claim_id, 0), text, coalesce(speaker, ''), coalesce(doc, ''), coalesce(url, ''), "
        "coalesce(outlet, ''), coalesce(published, ''), coalesce(lang, ''), match, added, doc_key "
        "FROM alert_sources WHERE alert_id = ?1 ORDER BY id");
    src.BindInt(1, a.id);
    bool first = true;
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(src, [&](Stmt& r) {
      AlertSource s;
      s.claim_id = r.Int(0);
      s.text = r.Text(1);
      s.speaker = r.Text(2);
      s.doc = r.Text(3);
      s.url = r.Text(4);
      s.outlet = r.Text(5);
      s.published = r.Text(6);
      s.lang = r.Text(7);
      s.match = r.Text(8);
      s.added = r.Text(9);
      s.doc_key = r.Text(10);
      if (first) {
        a.doc = s.doc;
        a.doc_key = s.doc_key;
        a.url = s.url;
        a.outlet = s.outlet;
        a.published = s.published;
        a.lang = s.lang;
        first = false;
      } else {
        a.sources.push_back(std::move(s));
      }
    }));
  }
  return Status::OK();
}

Result<DeliveryKind> ParseKind(const std::string& s) {
  if (s == "stdout") return DeliveryKind::kStdout;
  if (s == "atom") return DeliveryKind::kAtom;
  if (s == "webhook") return DeliveryKind::kWebhook;
  return Status::Corruption("unknown delivery kind '" + s + "'");
}

// ---- Formats ----

void XmlEscape(std::string_view s, std::string* out) {
  size_t i = 0;
  while (i < s.size()) {
    size_t before = i;
    uint32_t cp = NextCodePoint(s, &i);
    switch (cp) {
      case '&': *out += "&amp;"; break;
      case '<': *out += "&lt;"; break;
      case '>': *out += "&gt;"; break;
      case '"': *out += "&quot;"; break;
      default:
        // Characters XML 1.0 forbids are dropped.
        if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF)) {
          break;
        }
        out->append(s.substr(before, i - before));
    }
  }
}

std::string Xml(std::string_view s) {
  std::string out;
  XmlEscape(s, &out);
  return out;
}

// At most `max` code points, with "…" when cut.
std::string Shorten(const std::string& s, size_t max) {
  size_t i = 0, n = 0;
  while (i < s.size() && n < max) {
    NextCodePoint(s, &i);
    ++n;
  }
  if (i >= s.size()) return s;
  return s.substr(0, i) + "\u2026";
}

std::string PercentEncodePath(const std::string& path) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// The article's URL, else a file: URI for an absolute document path.
std::string LinkOf(const Alert& a) {
  if (!a.url.empty()) return a.url;
  if (!a.doc_key.empty() && a.doc_key[0] == '/') return "file://" + PercentEncodePath(a.doc_key);
  return "";
}

std::string Attribution(const std::string& outlet, const std::string& published) {
  std::string out = outlet.empty() ? std::string("unknown outlet") : outlet;
  if (!published.empty()) out += ", " + published;
  return out;
}

}  // namespace

const char* DeliveryKindName(DeliveryKind kind) {
  switch (kind) {
    case DeliveryKind::kStdout: return "stdout";
    case DeliveryKind::kAtom: return "atom";
    case DeliveryKind::kWebhook: return "webhook";
  }
  return "stdout";
}

const std::vector<std::string>& DefaultAlertModalities() {
  static const std::vector<std::string> kDefault = {"alleged", "asserted", "denied"};
  return kDefault;
}

Status AlertCenter::AddRule(const WatchRule& rule) {
  KnowledgeBase::Impl* impl = kb_->impl();
  if (impl->read_only) return Status::InvalidArgument("knowledge base opened read-only");
  if (!ValidRuleName(rule.name)) {
    return Status::InvalidArgument("watch rule name '" + rule.name +
                                   "' must be 1-64 letters, digits, '-', '_' or '.'");
  }
  for (const std::string& m : rule.modalities) {
    if (!IsKnownModality(m)) {
      return Status::InvalidArgument("modality '" + m + "' is not asserted, alleged, denied, doubted or declined");
    }
  }
  if (!rule.lang.empty() && rule.lang != "fr" && rule.lang != "en") {
    return Status::InvalidArgument("language '" + rule.lang + "' is not fr or en");
  }
  for (const std::string& e : rule.entities) {
    if (FoldKey(e).empty()) return Status::InvalidArgument("empty entity name");
  }
  for (const DeliveryTarget& d : rule.deliveries) {
    if (d.kind == DeliveryKind::kWebhook && d.target.rfind("http://", 0) != 0 && d.target.rfind("https://", 0) != 0) {
      return Status::InvalidArgument("webhook '" + d.target + "' is not an http:// or https:// URL");
    }
    if (d.kind == DeliveryKind::kAtom && d.target.empty()) return Status::InvalidArgument("empty Atom file path");
  }
  Connection* conn = impl->conn.get();
  kb::Transaction tx(conn);
  NEWSINTEL_RETURN_IF_ERROR(tx.Begin());
  if (!rule.keyword.empty()) {
    // An invalid FTS5 query fails here rather than at every ingest.
    Stmt s = conn->Prepare("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH ?1 AND rowid < 0");
    s.BindText(1, rule.keyword);
    Result<bool> row = s.Step();
    if (!row.ok()) return Status::InvalidArgument("keyword '" + rule.keyword + "': " + row.status().message());
  }
  {
    Stmt s = conn->Prepare("SELECT 1 FROM watch_rules WHERE name = ?1");
    s.BindText(1, rule.name);
    Result<bool> row = s.Step();
    if (!row.ok()) return row.status();
    if (*row) return Status::InvalidArgument("a watch rule named '" + rule.name + "' exists (remove it first)");
  }
  std::string created = FormatUtc(NowSeconds(0));
  Stmt ins = conn->Prepare(
      "INSERT INTO watch_rules(name, chip, speaker, keyword, outlet, lang, created) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  ins.BindText(1, rule.name);
  ins.BindTextOrNull(2, rule.chip);
  ins.BindTextOrNull(3, rule.speaker);
  ins.BindTextOrNull(4, rule.keyword);
  ins.BindTextOrNull(5, rule.outlet);
  ins.BindTextOrNull(6, rule.lang);
  ins.BindText(7, created);
  NEWSINTEL_RETURN_IF_ERROR(ins.Run());
  int64_t id = conn->LastInsertRowid();
  auto add_entity = [&](const std::string& name, bool given) {
    Stmt e = conn->Prepare(
        "INSERT OR IGNORE INTO watch_entities(rule_id, entity, alias_key, given) VALUES (?1, ?2, ?3, ?4)");
    e.BindInt(1, id);
    e.BindText(2, name);
    e.BindText(3, FoldKey(name));
    e.BindInt(4, given ? 1 : 0);
    return e.Run();
  };
  for (const std::string& e : rule.entities) NEWSINTEL_RETURN_IF_ERROR(add_entity(e, true));
  for (const std::string& e : rule.entity_aliases) {
    if (!FoldKey(e).empty()) NEWSINTEL_RETURN_IF_ERROR(add_entity(e, false));
  }
  for (const std::string& m : rule.modalities) {
    Stmt s = conn->Prepare("INSERT OR IGNORE INTO watch_modalities(rule_id, modality) VALUES (?1, ?2)");
    s.BindInt(1, id);
    s.BindText(2, m);
    NEWSINTEL_RETURN_IF_ERROR(s.Run());
  }
  std::vector<DeliveryTarget> deliveries = rule.deliveries;
  if (deliveries.empty()) deliveries.push_back(DeliveryTarget());
  for (const DeliveryTarget& d : deliveries) {
    Stmt s = conn->Prepare("INSERT OR IGNORE INTO watch_deliveries(rule_id, kind, target) VALUES (?1, ?2, ?3)");
    s.BindInt(1, id);
    s.BindText(2, DeliveryKindName(d.kind));
    s.BindText(3, d.kind == DeliveryKind::kStdout ? std::string() : d.target);
    NEWSINTEL_RETURN_IF_ERROR(s.Run());
  }
  return tx.Commit();
}

Status AlertCenter::RemoveRule(const std::string& name) {
  KnowledgeBase::Impl* impl = kb_->impl();
  if (impl->read_only) return Status::InvalidArgument("knowledge base opened read-only");
  Connection* conn = impl->conn.get();
  kb::Transaction tx(conn);
  NEWSINTEL_RETURN_IF_ERROR(tx.Begin());
  Stmt s = conn->Prepare("DELETE FROM watch_rules WHERE name = ?1 RETURNING id");
  s.BindText(1, name);
  Result<bool> row = s.Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no watch rule named '" + name + "'");
  int64_t id = s.Int(0);
  while (true) {
    Result<bool> more = s.Step();
    if (!more.ok()) return more.status();
    if (!*more) break;
  }
  Stmt src = conn->Prepare("DELETE FROM alert_sources WHERE rule_id = ?1");
  src.BindInt(1, id);
  NEWSINTEL_RETURN_IF_ERROR(src.Run());
  // Without rules, nothing needs queueing.
  NEWSINTEL_RETURN_IF_ERROR(conn->Exec("DELETE FROM alert_queue WHERE NOT EXISTS (SELECT 1 FROM watch_rules)"));
  return tx.Commit();
}

Result<std::vector<WatchRule>> AlertCenter::Rules() {
  Connection* conn = kb_->impl()->conn.get();
  std::vector<std::pair<int64_t, WatchRule>> rules;
  Stmt s = conn->Prepare(
      "SELECT id, name, coalesce(chip, ''), coalesce(speaker, ''), coalesce(keyword, ''), coalesce(outlet, ''), "
      "coalesce(lang, ''), created FROM watch_rules ORDER BY name");
  NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) {
    WatchRule w;
    w.name = r.Text(1);
    w.chip = r.Text(2);
    w.speaker = r.Text(3);
    w.keyword = r.Text(4);
    w.outlet = r.Text(5);
    w.lang = r.Text(6);
    w.created = r.Text(7);
    rules.emplace_back(r.Int(0), std::move(w));
  }));
  std::vector<WatchRule> out;
  for (auto& entry : rules) {
    const int64_t id = entry.first;
    WatchRule& w = entry.second;  // a reference, not a structured binding: lambdas capture it
    Stmt e = conn->Prepare("SELECT entity, given FROM watch_entities WHERE rule_id = ?1 ORDER BY given DESC, entity");
    e.BindInt(1, id);
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(e, [&](Stmt& r) {
      (r.Int(1) ? w.entities : w.entity_aliases).push_back(r.Text(0));
    }));
    Stmt m = conn->Prepare("SELECT modality FROM watch_modalities WHERE rule_id = ?1 ORDER BY modality");
    m.BindInt(1, id);
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(m, [&](Stmt& r) { w.modalities.push_back(r.Text(0)); }));
    Stmt d = conn->Prepare("SELECT kind, target FROM watch_deliveries WHERE rule_id = ?1 ORDER BY id");
    d.BindInt(1, id);
    Status bad;
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(d, [&](Stmt& r) {
      Result<DeliveryKind> k = ParseKind(r.Text(0));
      if (!k.ok()) {
        bad = k.status();
        return;
      }
      w.deliveries.push_back({*k, r.Text(1)});
    }));
    NEWSINTEL_RETURN_IF_ERROR(bad);
    out.push_back(std::move(w));
  }
  return out;
}

Result<RaiseStats> AlertCenter::Raise(int64_t now) {
  KnowledgeBase::Impl* impl = kb_->impl();
  if (impl->read_only) return Status::InvalidArgument("knowledge base opened read-only");
  return AlertWriter(impl, NowSeconds(now)).Run();
}

Result<std::vector<Alert>> AlertCenter::Alerts(const std::string& rule, int limit) {
  Connection* conn = kb_->impl()->conn.get();
  std::vector<Alert> out;
  Stmt s = conn->Prepare(std::string(kAlertColumns) +
                         "WHERE (?1 = '' OR r.name = ?1) ORDER BY a.raised DESC, a.id DESC LIMIT ?2");
  s.BindText(1, rule);
  s.BindInt(2, limit > 0 ? limit : -1);
  NEWSINTEL_RETURN_IF_ERROR(ReadAlerts(conn, s, &out));
  return out;
}

Result<Alert> AlertCenter::GetAlert(int64_t id) {
  Connection* conn = kb_->impl()->conn.get();
  std::vector<Alert> out;
  Stmt s = conn->Prepare(std::string(kAlertColumns) + "WHERE a.id = ?1");
  s.BindInt(1, id);
  NEWSINTEL_RETURN_IF_ERROR(ReadAlerts(conn, s, &out));
  if (out.empty()) return Status::NotFound("no alert a" + std::to_string(id));
  return std::move(out[0]);
}

Result<std::vector<OutboxEntry>> AlertCenter::Outbox(bool pending_only) {
  Connection* conn = kb_->impl()->conn.get();
  std::vector<OutboxEntry> out;
  Stmt s = conn->Prepare(
      "SELECT o.id, o.alert_id, r.name, d.kind, d.target, o.attempts, o.next_attempt, o.delivered, "
      "coalesce(o.delivered_at, ''), coalesce(o.last_error, '') "
      "FROM alert_outbox o JOIN watch_deliveries d ON d.id = o.delivery_id JOIN watch_rules r ON r.id = d.rule_id "
      "WHERE (?1 = 0 OR o.delivered = 0) ORDER BY o.alert_id, o.id");
  s.BindInt(1, pending_only ? 1 : 0);
  Status bad;
  NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) {
    OutboxEntry e;
    e.id = r.Int(0);
    e.alert_id = r.Int(1);
    e.rule = r.Text(2);
    Result<DeliveryKind> k = ParseKind(r.Text(3));
    if (!k.ok()) {
      bad = k.status();
      return;
    }
    e.target = {*k, r.Text(4)};
    e.attempts = static_cast<int>(r.Int(5));
    e.next_attempt = r.Text(6);
    e.delivered = r.Int(7) != 0;
    e.delivered_at = r.Text(8);
    e.last_error = r.Text(9);
    out.push_back(std::move(e));
  }));
  NEWSINTEL_RETURN_IF_ERROR(bad);
  return out;
}

namespace {

// Rewrites the feed at `path` with the latest alerts of every rule that names it.
Status WriteFeedFile(AlertCenter* center, Connection* conn, const std::string& path, const std::string& now_text,
                     int entries) {
  std::vector<int64_t> ids;
  std::vector<std::string> rules;
  {
    Stmt s = conn->Prepare(
        "SELECT a.id FROM alerts a WHERE a.rule_id IN (SELECT rule_id FROM watch_deliveries "
        "WHERE kind = 'atom' AND target = ?1) ORDER BY a.updated DESC, a.id DESC LIMIT ?2");
    s.BindText(1, path);
    s.BindInt(2, std::max(1, entries));
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) { ids.push_back(r.Int(0)); }));
    Stmt n = conn->Prepare(
        "SELECT r.name FROM watch_rules r JOIN watch_deliveries d ON d.rule_id = r.id "
        "WHERE d.kind = 'atom' AND d.target = ?1 ORDER BY r.name");
    n.BindText(1, path);
    NEWSINTEL_RETURN_IF_ERROR(ForEachRow(n, [&](Stmt& r) { rules.push_back(r.Text(0)); }));
  }
  std::vector<Alert> alerts;
  for (int64_t id : ids) {
    Result<Alert> a = center->GetAlert(id);
    if (!a.ok()) return a.status();
    alerts.push_back(std::move(*a));
  }
  std::string names;
  for (const std::string& r : rules) names += (names.empty() ? "" : ", ") + r;
  kb::Digest feed;
  feed.Add(std::filesystem::absolute(path).lexically_normal().string());
  std::string feed_id = "tag:newsintel,2025:feed/" + feed.Hex().substr(0, 20);
  return WriteFileAtomically(path, AtomFeed(feed_id, "newsintel alerts: " + names, alerts, now_text));
}

// Sends due outbox rows; see AlertCenter::Deliver.
class Deliverer {
 public:
  Deliverer(AlertCenter* center, Connection* conn, const DeliveryOptions& options)
      : center_(center), conn_(conn), options_(options), now_(NowSeconds(options.now)), now_text_(FormatUtc(now_)) {}

  Result<DeliveryStats> Run() {
    struct Due {
      int64_t id, alert_id;
      std::string kind, target;
    };
    std::vector<Due> due;
    {
      Stmt s = conn_->Prepare(
          "SELECT o.id, o.alert_id, d.kind, d.target FROM alert_outbox o JOIN watch_deliveries d ON d.id = o.delivery_id "
          "WHERE o.delivered = 0 AND (?1 OR o.next_attempt <= ?2) AND (o.lease_until IS NULL OR o.lease_until <= ?2) "
          "ORDER BY o.alert_id, o.id");
      s.BindInt(1, options_.ignore_backoff ? 1 : 0);
      s.BindText(2, now_text_);
      NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) { due.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3)}); }));
    }
    std::map<std::string, std::vector<int64_t>> feeds;  // path -> outbox rows
    for (const Due& d : due) {
      if (d.kind == "atom") {
        feeds[d.target].push_back(d.id);
        continue;
      }
      if (d.kind == "stdout" && options_.out == nullptr) continue;
      if (d.kind == "webhook" && options_.webhook == nullptr) continue;
      Result<bool> leased = Lease(d.id);
      if (!leased.ok()) return leased.status();
      if (!*leased) continue;
      Result<Alert> alert = center_->GetAlert(d.alert_id);
      if (!alert.ok()) return alert.status();
      Status sent;
      if (d.kind == "stdout") {
        *options_.out << AlertJson(*alert) << "\n";
        options_.out->flush();
        if (!*options_.out) sent = Status::IOError("cannot write to standard output");
      } else if (d.kind == "webhook") {
        kb::Digest key;
        key.Add(alert->guid);
        key.Add(d.target);
        sent = options_.webhook->Post(d.target, WebhookBody(*alert), key.Hex());
        if (!sent.ok()) sent = sent.WithContext("webhook " + d.target + " for alert a" + std::to_string(d.alert_id));
      } else {
        sent = Status::Corruption("unknown delivery kind '" + d.kind + "'");
      }
      NEWSINTEL_RETURN_IF_ERROR(Settle({d.id}, sent));
    }
    for (const auto& [path, rows] : feeds) {
      std::vector<int64_t> leased_rows;
      for (int64_t id : rows) {
        Result<bool> leased = Lease(id);
        if (!leased.ok()) return leased.status();
        if (*leased) leased_rows.push_back(id);
      }
      if (leased_rows.empty()) continue;
      Status written = WriteFeed(path);
      if (!written.ok()) written = written.WithContext("Atom feed " + path);
      NEWSINTEL_RETURN_IF_ERROR(Settle(leased_rows, written));
    }
    Stmt waiting = conn_->Prepare("SELECT count(*) FROM alert_outbox WHERE delivered = 0");
    Result<bool> row = waiting.Step();
    if (!row.ok()) return row.status();
    stats_.waiting = static_cast<int>(waiting.Int(0));
    return stats_;
  }

  Status WriteFeed(const std::string& path) {
    return WriteFeedFile(center_, conn_, path, now_text_, options_.atom_entries);
  }

 private:
  // Takes the row for this sender; false when another holds it or it is done.
  Result<bool> Lease(int64_t id) {
    Stmt s = conn_->Prepare(
        "UPDATE alert_outbox SET lease_until = ?2, attempts = attempts + 1 WHERE id = ?1 AND delivered = 0 "
        "AND (lease_until IS NULL OR lease_until <= ?3) RETURNING id");
    s.BindInt(1, id);
    s.BindText(2, FormatUtc(now_ + kLeaseSeconds));
    s.BindText(3, now_text_);
    Result<bool> row = s.Step();
    if (!row.ok()) return row.status();
    bool leased = *row;
    while (*row) {
      row = s.Step();
      if (!row.ok()) return row.status();
    }
    return leased;
  }

  // Marks leased rows delivered, or schedules their retry.
  Status Settle(const std::vector<int64_t>& ids, const Status& sent) {
    for (int64_t id : ids) {
      if (sent.ok()) {
        Stmt s = conn_->Prepare(
            "UPDATE alert_outbox SET delivered = 1, delivered_at = ?2, lease_until = NULL, last_error = NULL "
            "WHERE id = ?1");
        s.BindInt(1, id);
        s.BindText(2, now_text_);
        NEWSINTEL_RETURN_IF_ERROR(s.Run());
        ++stats_.delivered;
      } else {
        Stmt a = conn_->Prepare("SELECT attempts FROM alert_outbox WHERE id = ?1");
        a.BindInt(1, id);
        Result<bool> row = a.Step();
        if (!row.ok()) return row.status();
        int64_t attempts = *row ? a.Int(0) : 1;
        int64_t delay = kFirstRetrySeconds;
        for (int64_t i = 1; i < attempts && delay < kMaxRetrySeconds; ++i) delay *= 2;
        delay = std::min(delay, kMaxRetrySeconds);
        Stmt s = conn_->Prepare(
            "UPDATE alert_outbox SET next_attempt = ?2, lease_until = NULL, last_error = ?3 WHERE id = ?1");
        s.BindInt(1, id);
        s.BindText(2, FormatUtc(now_ + delay));
        s.BindText(3, sent.message());
        NEWSINTEL_RETURN_IF_ERROR(s.Run());
        ++stats_.failed;
      }
    }
    if (!sent.ok()) stats_.errors.push_back(sent.ToString());
    return Status::OK();
  }

  AlertCenter* center_;
  Connection* conn_;
  const DeliveryOptions& options_;
  int64_t now_;
  std::string now_text_;
  DeliveryStats stats_;
};

}  // namespace

Result<DeliveryStats> AlertCenter::Deliver(const DeliveryOptions& options) {
  KnowledgeBase::Impl* impl = kb_->impl();
  if (impl->read_only) return Status::InvalidArgument("knowledge base opened read-only");
  return Deliverer(this, impl->conn.get(), options).Run();
}

Status AlertCenter::RefreshFeeds(int64_t now) {
  KnowledgeBase::Impl* impl = kb_->impl();
  if (impl->read_only) return Status::InvalidArgument("knowledge base opened read-only");
  Connection* conn = impl->conn.get();
  std::vector<std::string> paths;
  Stmt s = conn->Prepare("SELECT DISTINCT target FROM watch_deliveries WHERE kind = 'atom' ORDER BY target");
  NEWSINTEL_RETURN_IF_ERROR(ForEachRow(s, [&](Stmt& r) { paths.push_back(r.Text(0)); }));
  std::string now_text = FormatUtc(NowSeconds(now));
  for (const std::string& path : paths) {
    Status st = WriteFeedFile(this, conn, path, now_text, DeliveryOptions().atom_entries);
    if (!st.ok()) return st.WithContext("Atom feed " + path);
  }
  return Status::OK();
}

std::string AlertJson(const Alert& a) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("alert");
  w.String("a" + std::to_string(a.id));
  w.Key("id");
  w.String(a.guid);
  w.Key("rule");
  w.String(a.rule);
  w.Key("claim");
  w.String(a.text);
  w.Key("claim_id");
  if (a.claim_id != 0) {
    w.String("c" + std::to_string(a.claim_id));
  } else {
    w.Null();
  }
  w.Key("speaker");
  w.StringOrNull(a.speaker);
  w.Key("modality");
  w.String(a.modality);
  w.Key("entities");
  w.BeginArray();
  for (const std::string& e : a.entities) w.String(e);
  w.EndArray();
  w.Key("outlet");
  w.StringOrNull(a.outlet);
  w.Key("url");
  w.StringOrNull(a.url);
  w.Key("doc");
  w.StringOrNull(a.doc);
  w.Key("published");
  w.StringOrNull(a.published);
  w.Key("lang");
  w.StringOrNull(a.lang);
  w.Key("raised");
  w.String(a.raised);
  w.Key("updated");
  w.String(a.updated);
  w.Key("sources");
  w.BeginArray();
  for (const AlertSource& s : a.sources) {
    w.BeginObject();
    w.Key("claim");
    w.String(s.text);
    w.Key("claim_id");
    if (s.claim_id != 0) {
      w.String("c" + std::to_string(s.claim_id));
    } else {
      w.Null();
    }
    w.Key("speaker");
    w.StringOrNull(s.speaker);
    w.Key("outlet");
    w.StringOrNull(s.outlet);
    w.Key("url");
    w.StringOrNull(s.url);
    w.Key("doc");
    w.StringOrNull(s.doc);
    w.Key("published");
    w.StringOrNull(s.published);
    w.Key("lang");
    w.StringOrNull(s.lang);
    w.Key("match");
    w.String(s.match);
    w.Key("added");
    w.String(s.added);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return out;
}

std::string WebhookBody(const Alert& a) {
  // Slack mrkdwn: *bold*, <url|label>; &, < and > escaped in the text.
  auto slack = [](const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c == '&') {
        out += "&amp;";
      } else if (c == '<') {
        out += "&lt;";
      } else if (c == '>') {
        out += "&gt;";
      } else {
        out.push_back(c);
      }
    }
    return out;
  };
  std::string text = "*[" + slack(a.rule) + "] " + slack(a.modality) + "*";
  if (!a.speaker.empty()) text += " (" + slack(a.speaker) + ")";
  text += ": \u201c" + slack(Shorten(a.text, 400)) + "\u201d \u2014 " + slack(Attribution(a.outlet, a.published));
  std::string link = LinkOf(a);
  if (!a.url.empty()) text += " <" + link + "|article>";
  if (!a.sources.empty()) text += " (+" + std::to_string(a.sources.size()) + " more reports)";
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("text");
  w.String(text);
  w.EndObject();
  // Append the full alert as a second member.
  out.pop_back();
  out += ",\"alert\":" + AlertJson(a) + "}";
  return out;
}

std::string AtomFeed(const std::string& feed_id, const std::string& title, const std::vector<Alert>& alerts,
                     const std::string& updated) {
  std::string feed_updated = updated;
  if (!alerts.empty()) {
    feed_updated = alerts[0].updated;
    for (const Alert& a : alerts) feed_updated = std::max(feed_updated, a.updated);
  }
  std::string x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  x += "  <id>" + Xml(feed_id) + "</id>\n";
  x += "  <title>" + Xml(title) + "</title>\n";
  x += "  <updated>" + Xml(feed_updated) + "</updated>\n";
  x += "  <author><name>newsintel</name></author>\n";
  x += "  <generator>newsintel</generator>\n";
  for (const Alert& a : alerts) {
    x += "  <entry>\n";
    x += "    <id>" + Xml(a.guid) + "</id>\n";
    std::string head = "[" + a.rule + "] " + a.modality + (a.speaker.empty() ? "" : " (" + a.speaker + ")") + ": ";
    x += "    <title>" + Xml(head + Shorten(a.text, 140)) + "</title>\n";
    x += "    <published>" + Xml(a.raised) + "</published>\n";
    x += "    <updated>" + Xml(a.updated) + "</updated>\n";
    std::string link = LinkOf(a);
    if (!link.empty()) x += "    <link rel=\"alternate\" href=\"" + Xml(link) + "\"/>\n";
    x += "    <category term=\"" + Xml(a.modality) + "\"/>\n";
    for (const std::string& e : a.entities) x += "    <category term=\"" + Xml(e) + "\" label=\"entity\"/>\n";
    std::string summary = a.text + "\n\u2014 " + (a.speaker.empty() ? std::string() : a.speaker + ", ") +
                          Attribution(a.outlet, a.published);
    if (!a.url.empty()) summary += " " + a.url;
    for (const AlertSource& s : a.sources) {
      summary += "\nAlso (" + s.match + "): " + Attribution(s.outlet, s.published) +
                 (s.url.empty() ? std::string() : " " + s.url) + " \u2014 " + Shorten(s.text, 200);
    }
    x += "    <summary type=\"text\">" + Xml(summary) + "</summary>\n";
    x += "  </entry>\n";
  }
  x += "</feed>\n";
  return x;
}

Status WriteFileAtomically(const std::string& path, const std::string& contents) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IOError(tmp + ": cannot create");
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      return Status::IOError(tmp + ": cannot write");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::IOError(path + ": cannot replace");
  }
  return Status::OK();
}

}  // namespace newsintel

// KnowledgeBase: extractions stored in SQLite with provenance, contradiction
// tracking between outlets, and queries for fact-checkers.
//
//   auto kb = KnowledgeBase::Open("news.db");
//   if (!kb.ok()) return kb.status();
//   Result<IngestStats> st = (*kb)->Ingest({&extraction});   // one transaction
//   QueryFilter filter;
//   filter.entity = "Nvidia";                                // any alias
//   Result<std::vector<ClaimRow>> claims = (*kb)->Claims(filter);
//   Result<std::vector<ContradictionRow>> k = (*kb)->Contradictions({});
//
// Output formatting (table, jsonl, csv) is in kb/format.h.
#ifndef NEWSINTEL_KB_KB_H_
#define NEWSINTEL_KB_KB_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "extract/extraction.h"
#include "extract/status.h"

namespace newsintel {

namespace kb {
class Connection;
}

struct KbOptions {
  bool read_only = false;       // default: open for writing, creating the file
  int busy_timeout_ms = 10000;  // default 10 s: how long to wait for another writer
};

// One article to store. `key` identifies it across re-ingests; empty means
// its canonical URL, else Document::doc.
struct IngestItem {
  const Extraction* extraction = nullptr;
  std::string key;
};

struct IngestStats {
  int new_articles = 0;
  int unchanged = 0;   // same content and same facts: nothing written
  int updated = 0;     // content changed: old hash kept in article_history
  int refreshed = 0;   // same content, different facts (newer extractors)
  int64_t facts = 0;   // mentions, chip mentions, figures and claims written
  int contradictions = 0;  // groups in the KB after the ingest
  // One line per article that could not be stored (the others were).
  std::vector<std::string> errors;
};

// Filters shared by the queries; empty means "any". Text matching is
// accent-, case- and apostrophe-insensitive.
struct QueryFilter {
  std::string entity;    // canonical name or any alias seen, either language
  std::string speaker;   // substring of the speaker
  std::string modality;  // asserted, alleged, denied, doubted, declined
  std::string outlet;    // substring of the outlet name or domain
  std::string since;     // ISO date: published on or after
  std::string lang;      // fr, en
  std::string search;    // words, all required (FTS5; "word*" for a prefix)
  int limit = 0;         // 0: no limit
};

// Where an item was reported.
struct Provenance {
  std::string doc;
  std::string url;
  std::string outlet;
  std::string published;
  std::string lang;
  uint32_t start = 0, end = 0;  // bytes of the article's stored text
};

struct ClaimRow {
  int64_t id = 0;            // shown as "c<id>"
  std::string speaker;
  std::string modality;
  std::vector<std::string> about;
  std::string text;
  std::string cue;
  Provenance source;
  std::vector<int64_t> denies;     // claims this one denies
  std::vector<int64_t> denied_by;  // claims that deny this one
};

struct FigureRow {
  int64_t id = 0;            // shown as "f<id>"
  double value = 0;
  std::string unit;
  std::string kind;
  double precision = 1;
  bool approx = false;
  std::string metric;
  std::string subject;
  std::string text;
  Provenance source;
  int64_t contradiction_id = 0;  // 0: in no contradiction
};

struct ContradictionRow {
  int64_t id = 0;            // shown as "k<id>"
  std::string subject;
  std::string metric;
  std::string unit;
  std::string verdict;       // rounding or conflict
  std::vector<FigureRow> values;
};

struct EntityProfile {
  int64_t id = 0;
  std::string name;
  std::string type;
  std::string wikidata;
  std::vector<std::string> aliases;
  std::vector<std::pair<std::string, int64_t>> mentions_by_outlet;  // outlet ("" unknown), count
  std::vector<ClaimRow> claims_by;
  std::vector<ClaimRow> claims_about;
  std::vector<FigureRow> figures;
  std::vector<std::pair<std::string, int64_t>> chips;  // chips named in its articles, count
};

// One report of a claim or figure: the sentence quoted from the stored text.
struct SourceRow {
  int64_t item_id = 0;       // the claim or figure in that article
  std::string quote;         // exact original bytes of the sentence
  std::string item_text;     // exact original bytes of the item itself
  Provenance source;         // start/end: of the quote
};

struct SourcesReport {
  std::string id;            // as asked, e.g. "c12", "f7"
  std::string kind;          // claim or figure
  std::string label;         // the claim text, or "metric of subject: value unit"
  std::vector<SourceRow> sources;
};

// Crawl state kept in the KB for the crawler (cli/ adapts it to
// crawler/state_store.h; kb/ and crawler/ do not know each other).
// The last fetch of a canonical URL.
struct CrawlFetch {
  std::string url;
  std::string etag;
  std::string last_modified;
  std::string content_hash;  // of the body last delivered ("" if none)
  int http_status = 0;       // 0: network failure
  int64_t fetched_at = 0;    // Unix seconds
};

// A URL waiting in the crawl frontier, with hints from the feed that listed it.
struct CrawlPending {
  std::string url;
  int kind = 0;        // the crawler's FrontierKind as a number
  std::string source;  // feed or sitemap URL, "" for a seed
  bool local = false;  // file:// URL the user named
  std::string title;
  std::string published;
  std::string author;
  std::string lang;
};

// The whole KB, read in a few bulk queries inside one read transaction, for
// exports that render every item (newsintel export-web). Lists are sorted
// by id unless noted.
struct KbSnapshot {
  struct Outlet {
    int64_t id = 0;
    std::string name;
    std::string domain;
  };
  struct Article {
    int64_t id = 0;
    int64_t outlet_id = 0;  // 0: unknown outlet
    std::string doc, url, title, author, published, lang;
    std::string text;
  };
  struct Entity {
    int64_t id = 0;
    std::string name, type, wikidata;
    std::vector<std::string> aliases;  // sorted by folded form
  };
  struct Chip {
    int64_t id = 0;
    std::string name, vendor, family, export_class;
    double tpp = 0;  // 0: unknown
  };
  // An entity or a chip named in an article.
  struct Mention {
    int64_t article_id = 0;
    int64_t target_id = 0;  // entity or chip id
    uint32_t start = 0, end = 0;
  };
  struct Claim {
    ClaimRow row;
    int64_t article_id = 0;
    int64_t group_id = 0;    // smallest id among the claims with the same text: its other reports
    int64_t speaker_id = 0;  // the entity the speaker names, 0: none
    std::vector<int64_t> about_ids;  // parallel to row.about
    uint32_t quote_start = 0, quote_end = 0;  // the sentences it overlaps, in the article text
  };
  struct Figure {
    FigureRow row;
    int64_t article_id = 0;
    int64_t subject_id = 0;  // the entity the subject names, 0: none
  };
  std::vector<Outlet> outlets;
  std::vector<Article> articles;
  std::vector<Entity> entities;
  std::vector<Chip> chips;
  std::vector<Mention> mentions;       // entities, by article then start
  std::vector<Mention> chip_mentions;  // chips, by article then start
  std::vector<Claim> claims;
  std::vector<Figure> figures;
  std::vector<ContradictionRow> contradictions;  // values: by publication date, doc, start
};

// A SQLite knowledge base. Owns one connection; not thread-safe (open one
// KnowledgeBase per thread; SQLite serializes writers across processes).
class KnowledgeBase {
 public:
  // Opens or creates the file and migrates it to the latest schema.
  static Result<std::unique_ptr<KnowledgeBase>> Open(const std::string& path,
                                                     const KbOptions& options = KbOptions());
  ~KnowledgeBase();

  // Stores the batch in one BEGIN IMMEDIATE transaction, then recomputes the
  // contradiction groups and claim links it touched (deterministically: the
  // result does not depend on ingest order). An unchanged article is skipped.
  // If one article cannot be stored, the others are stored one transaction
  // each and the failure is listed in IngestStats::errors.
  Result<IngestStats> Ingest(const std::vector<IngestItem>& batch);
  // Stores a batch without recomputing derived tables; call Finish() after
  // the last one. For streaming many batches.
  Result<IngestStats> IngestWithoutDerived(const std::vector<IngestItem>& batch);
  // Recomputes contradictions and claim links touched since the last call
  // (everything if a previous run stopped before finishing).
  Result<int> Finish();

  Result<std::vector<ClaimRow>> Claims(const QueryFilter& filter);
  Result<std::vector<FigureRow>> Figures(const QueryFilter& filter);
  Result<std::vector<ContradictionRow>> Contradictions(const QueryFilter& filter);
  // NotFound when no entity has that name or alias.
  Result<EntityProfile> Entity(const std::string& name, const QueryFilter& filter);
  // `id` is "c<n>" (claim) or "f<n>" (figure).
  Result<SourcesReport> Sources(const std::string& id);

  // Everything, consistently (one read transaction).
  Result<KbSnapshot> Snapshot();

  int schema_version() const;

  // Crawl state (each call is its own transaction).
  // nullopt when the URL was never fetched.
  Result<std::optional<CrawlFetch>> GetCrawlFetch(const std::string& url);
  Status PutCrawlFetch(const CrawlFetch& fetch);
  // A URL whose last delivered body had `content_hash`, or "".
  Result<std::string> FindCrawlUrlByHash(const std::string& content_hash);
  // Keeps an entry already pending for the URL.
  Status AddCrawlPending(const CrawlPending& pending);
  Status RemoveCrawlPending(const std::string& url);
  // Oldest first.
  Result<std::vector<CrawlPending>> ListCrawlPending();

  struct Impl;  // opaque outside kb/
  // For kb/ modules built on the same connection (alerts.cc).
  Impl* impl() { return impl_.get(); }

 private:
  explicit KnowledgeBase(std::unique_ptr<Impl> impl);
  // Writes batch[begin, end) in one transaction; all or nothing.
  Status WriteBatch(const std::vector<IngestItem>& batch, size_t begin, size_t end, IngestStats* stats);
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsintel

#endif  // NEWSINTEL_KB_KB_H_

#include "extract/html_article.h"

#include <cld2/public/compact_lang_det.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "extract/charset.h"
#include "extract/html_metadata.h"
#include "extract/html_tree.h"
#include "extract/normalize.h"

namespace newsintel {
namespace {

// ---------------------------------------------------------------- tag classes

// Never part of an article's text.
bool IsDroppedTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_HEAD: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS: case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO: case GUMBO_TAG_MAP: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_NAV:
    case GUMBO_TAG_TITLE: case GUMBO_TAG_BASE: case GUMBO_TAG_META:
    case GUMBO_TAG_LINK: case GUMBO_TAG_SOURCE: case GUMBO_TAG_TRACK: case GUMBO_TAG_PARAM:
    case GUMBO_TAG_FRAMESET: case GUMBO_TAG_FRAME: case GUMBO_TAG_APPLET:
      return true;
    default:
      return false;
  }
}

// Readability's "phrasing content": what a <div> may hold and still be a paragraph.
bool IsPhrasingTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_ABBR: case GUMBO_TAG_AUDIO: case GUMBO_TAG_B: case GUMBO_TAG_BDO: case GUMBO_TAG_BR:
    case GUMBO_TAG_BUTTON: case GUMBO_TAG_CITE: case GUMBO_TAG_CODE: case GUMBO_TAG_DATA:
    case GUMBO_TAG_DATALIST: case GUMBO_TAG_DFN: case GUMBO_TAG_EM: case GUMBO_TAG_EMBED: case GUMBO_TAG_I:
    case GUMBO_TAG_IMG: case GUMBO_TAG_INPUT: case GUMBO_TAG_KBD: case GUMBO_TAG_LABEL: case GUMBO_TAG_MARK:
    case GUMBO_TAG_MATH: case GUMBO_TAG_METER: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_OUTPUT: case GUMBO_TAG_PROGRESS: case GUMBO_TAG_Q: case GUMBO_TAG_RUBY:
    case GUMBO_TAG_SAMP: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_SELECT: case GUMBO_TAG_SMALL:
    case GUMBO_TAG_SPAN: case GUMBO_TAG_STRONG: case GUMBO_TAG_SUB: case GUMBO_TAG_SUP:
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_TIME: case GUMBO_TAG_VAR: case GUMBO_TAG_WBR:
    case GUMBO_TAG_FONT: case GUMBO_TAG_U: case GUMBO_TAG_S: case GUMBO_TAG_STRIKE: case GUMBO_TAG_TT:
    case GUMBO_TAG_BIG:
      return true;
    default:
      return false;
  }
}

// Elements whose presence keeps a <div> from being a paragraph.
bool IsDivToPTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_DL: case GUMBO_TAG_DIV: case GUMBO_TAG_IMG: case GUMBO_TAG_OL:
    case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE: case GUMBO_TAG_UL:
      return true;
    default:
      return false;
  }
}

bool IsHeading(GumboTag t) {
  return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 || t == GUMBO_TAG_H5 ||
         t == GUMBO_TAG_H6;
}

// 0: inline; 1: ends a line; 2: ends a paragraph.
int BreakKind(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_BR: case GUMBO_TAG_LI: case GUMBO_TAG_TR: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
    case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_OPTION: case GUMBO_TAG_CAPTION:
      return 1;
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_NAV: case GUMBO_TAG_H1:
    case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_HR:
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_CENTER:
    case GUMBO_TAG_FORM: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_HGROUP: case GUMBO_TAG_BODY:
    case GUMBO_TAG_MENU: case GUMBO_TAG_LEGEND:
      return 2;
    default:
      return 0;
  }
}

// ---------------------------------------------------------------- class/id hints

constexpr const char* kUnlikely[] = {
    "-ad-",    "ai2html",  "banner",     "breadcrumbs", "combx",      "comment",      "community", "cover-wrap",
    "disqus",  "extra",    "footer",     "gdpr",        "header",     "legends",      "menu",      "related",
    "remark",  "replies",  "rss",        "shoutbox",    "sidebar",    "skyscraper",   "social",    "sponsor",
    "supplemental", "ad-break", "agegate", "pagination", "pager",     "popup",        "yom-remote", "cookie",
    "consent", "newsletter", "subscribe", "signup",     "paywall",    "modal",        "recirc",    "most-popular",
    "trending", "promo", "rollover", "tooltip", "popover", "hovercard"};
constexpr const char* kMaybe[] = {"and", "article", "body", "column", "content", "main", "shadow"};
constexpr const char* kPositive[] = {"article", "body", "content", "entry", "hentry", "h-entry", "main",
                                     "page",    "pagination", "post", "text", "blog", "story"};
constexpr const char* kNegative[] = {"-ad-",   "hidden",   "banner",  "combx",     "comment", "com-",
                                     "contact", "footer",  "gdpr",    "masthead",  "media",   "meta",
                                     "outbrain", "promo",  "related", "scroll",    "share",   "shoutbox",
                                     "sidebar", "skyscraper", "sponsor", "shopping", "tags",  "widget",
                                     "cookie",  "newsletter", "subscribe", "recirc", "caption", "credit"};
constexpr const char* kFigure[] = {"caption", "credit", "image", "photo", "picture", "figure", "gallery",
                                   "thumbnail", "img"};
constexpr const char* kCaption[] = {"caption", "credit"};
constexpr const char* kAuthorBox[] = {"author-bio", "authorbio", "about-author", "author-box", "authorbox",
                                     "author-info", "author-details", "author-profile", "bio-box", "biography"};
constexpr const char* kTimestamp[] = {"timestamp", "pubdate", "publish-date", "published-date", "post-date",
                                     "entry-date", "article-date", "updated-date", "date-published", "dateline"};
constexpr const char* kByline[] = {"byline", "author", "dateline", "writtenby", "p-author"};

template <size_t N>
bool ContainsAny(std::string_view s, const char* const (&list)[N]) {
  if (s.empty()) return false;
  for (const char* p : list) {
    if (s.find(p) != std::string_view::npos) return true;
  }
  return false;
}

bool HasWord(std::string_view s, std::string_view word) {
  for (size_t p = s.find(word); p != std::string_view::npos; p = s.find(word, p + 1)) {
    bool left = p == 0 || !isalnum(static_cast<unsigned char>(s[p - 1]));
    size_t e = p + word.size();
    bool right = e == s.size() || !isalnum(static_cast<unsigned char>(s[e]));
    if (left && right) return true;
  }
  return false;
}

bool IsNegative(std::string_view s) {
  if (ContainsAny(s, kNegative)) return true;
  size_t p = 0;
  while (p < s.size()) {  // the token "hid"
    size_t e = s.find(' ', p);
    if (e == std::string_view::npos) e = s.size();
    if (s.substr(p, e - p) == "hid") return true;
    p = e + 1;
  }
  return false;
}

bool IsShare(std::string_view s) { return HasWord(s, "share") || HasWord(s, "sharedaddy"); }

std::string Lowered(const char* s) {
  std::string out = s == nullptr ? "" : s;
  for (char& c : out) c = static_cast<char>(tolower(static_cast<unsigned char>(c)));
  return out;
}

// Readability's _textSimilarity: share of B's words (by length) also in A.
double TextSimilarity(const std::string& a, const std::string& b) {
  auto tokens = [](const std::string& s) {
    std::vector<std::string> out;
    std::string folded = FoldKey(s), cur;
    for (char c : folded) {
      if (isalnum(static_cast<unsigned char>(c))) {
        cur.push_back(c);
      } else if (!cur.empty()) {
        out.push_back(cur);
        cur.clear();
      }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
  };
  std::vector<std::string> ta = tokens(a), tb = tokens(b);
  if (ta.empty() || tb.empty()) return 0;
  size_t all = 0, unique = 0;
  for (const std::string& t : tb) {
    all += t.size() + 1;
    if (std::find(ta.begin(), ta.end(), t) == ta.end()) unique += t.size() + 1;
  }
  return 1.0 - static_cast<double>(unique) / static_cast<double>(all);
}

bool IsCommaCodePoint(uint32_t c) {
  return c == ',' || c == 0x060C || c == 0xFE50 || c == 0xFE10 || c == 0xFE11 || c == 0x2E41 || c == 0x2E34 ||
         c == 0x2E32 || c == 0xFF0C;
}

bool IsSpaceCodePoint(uint32_t c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == 0xA0 || c == 0x2007 || c == 0x202F ||
         c == 0x200B || c == 0xFEFF || (c >= 0x2000 && c <= 0x200A) || c == 0x3000;
}

size_t WordCount(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool word = isalnum(static_cast<unsigned char>(c)) || (c & 0x80);
    if (word && !in) ++n;
    in = word;
  }
  return n;
}

// Labels that stand for an ad slot or a widget, folded.
bool IsAdLabel(std::string_view folded) {
  static const char* const kLabels[] = {
      "ad", "ads", "advert", "advertisement", "advertising", "sponsored", "sponsored content", "publicite",
      "annonce", "anzeige", "werbung", "publicidad", "pubblicita", "continue reading below",
      "story continues below", "article continues below", "continue reading", "loading", "loading...",
      "chargement", "chargement...", "this slideshow requires javascript.", "skip advert", "close"};
  while (!folded.empty() && (folded.back() == ' ' || folded.back() == ':')) folded.remove_suffix(1);
  for (const char* l : kLabels) {
    if (folded == l) return true;
  }
  return false;
}

// "Updated at 1:23 p.m.", "Publie le 3 mars a 14h" (folded): a time stamp line.
bool IsTimestampLine(std::string_view folded) {
  static const char* const kLabels[] = {"updated", "last updated", "published", "posted", "modified",
                                        "mis a jour", "publie", "actualise", "modifie", "first published"};
  if (folded.size() > 80 || folded.find_first_of("0123456789") == std::string_view::npos) return false;
  for (const char* l : kLabels) {
    size_t n = std::strlen(l);
    if (folded.compare(0, n, l) == 0 && (folded.size() == n || !isalnum(static_cast<unsigned char>(folded[n])))) {
      return WordCount(folded) <= 12;
    }
  }
  return false;
}

// ---------------------------------------------------------------- the finder

struct Attempt {
  bool strip_unlikely = true;
  bool weight_classes = true;
  bool clean_conditionally = true;
};

// A paragraph to score: an element's whole text, or a run of phrasing
// children of a <div> [run_begin, run_end) (indices of children).
struct Unit {
  int node;
  int run_begin;  // -1 for a whole element
  int run_end;
  int first_ancestor;
};

struct ScanStats {
  double text = 0, link = 0, heading = 0, textish = 0, list = 0;
  int commas = 0, p = 0, img = 0, li = 0, input = 0;
  bool has_data_table = false;
};

// Finds the article in a page: Readability's algorithm (paragraph scoring
// propagated to ancestors, sibling joining, conditional cleaning, retries
// with fewer filters) on the flattened tree. Not thread-safe; one per page.
class ArticleFinder {
 public:
  ArticleFinder(const HtmlTree& tree, std::string title) : tree_(tree), title_(std::move(title)) {
    Prepare();
  }

  // Runs the attempts; on return `roots` (document order) and removed() give the article.
  void Find(std::vector<int>* roots) {
    Attempt attempts[4];
    attempts[1].strip_unlikely = false;
    attempts[2].strip_unlikely = false;
    attempts[2].weight_classes = false;
    attempts[3] = attempts[2];
    attempts[3].clean_conditionally = false;
    double best_len = -1;
    std::vector<int> best_roots;
    std::vector<uint8_t> best_removed;
    for (const Attempt& a : attempts) {
      attempt_ = a;
      std::vector<int> r;
      RunAttempt(&r);
      double len = 0;
      for (int root : r) len += Scan(root).text;
      if (len >= kCharThreshold) {
        *roots = std::move(r);
        return;
      }
      if (len > best_len) {
        best_len = len;
        best_roots = std::move(r);
        best_removed = removed_;
      }
    }
    *roots = std::move(best_roots);
    removed_ = std::move(best_removed);
  }

  bool removed(int i) const { return removed_[i] != 0; }

 private:
  static constexpr double kCharThreshold = 500;
  static constexpr double kDescendShare = 0.9;
  static constexpr double kLinkLineDensity = 0.8;
  static constexpr double kLinkLinesShare = 0.3;

  void Prepare() {
    int n = tree_.size();
    tlen_.assign(n, 0);
    tcommas_.assign(n, 0);
    base_removed_.assign(n, 0);
    cls_.resize(n);
    id_.resize(n);
    body_ = -1;
    for (int i = 0; i < n; ++i) {
      const HtmlNode& node = tree_.node(i);
      if (node.parent >= 0 && base_removed_[node.parent]) {
        base_removed_[i] = 1;
        continue;
      }
      if (node.is_text) {
        CountText(i);
        continue;
      }
      if (!node.is_element) {
        continue;
      }
      if (node.tag == GUMBO_TAG_BODY && body_ < 0) body_ = i;
      cls_[i] = Lowered(tree_.Attr(i, "class"));
      id_[i] = Lowered(tree_.Attr(i, "id"));
      if (IsDroppedTag(node.tag) || !IsProbablyVisible(i)) base_removed_[i] = 1;
      if (node.tag == GUMBO_TAG_UNKNOWN && tree_.TagName(i) == "dialog") base_removed_[i] = 1;
      const char* role = tree_.Attr(i, "role");
      const char* modal = tree_.Attr(i, "aria-modal");
      if (role != nullptr && modal != nullptr && std::strcmp(role, "dialog") == 0 && std::strcmp(modal, "true") == 0) {
        base_removed_[i] = 1;
      }
    }
    if (body_ < 0) body_ = 0;
  }

  void CountText(int i) {
    std::string_view t = tree_.node(i).node->v.text.text;
    uint32_t len = 0, commas = 0;
    bool space = false, any = false;
    size_t pos = 0;
    while (pos < t.size()) {
      uint32_t c = static_cast<unsigned char>(t[pos]) < 0x80 ? static_cast<unsigned char>(t[pos++]) : NextCodePoint(t, &pos);
      if (IsSpaceCodePoint(c)) {
        space = true;
        continue;
      }
      if (space && any) ++len;
      space = false;
      any = true;
      ++len;
      if (IsCommaCodePoint(c)) ++commas;
    }
    // Words at the edges are separated from their neighbours by one space.
    if (any && (t.empty() ? false : IsSpaceCodePoint(static_cast<unsigned char>(t[0])))) ++len;
    if (any && space) ++len;
    tlen_[i] = len;
    tcommas_[i] = commas;
  }

  bool IsProbablyVisible(int i) const {
    const char* style = tree_.Attr(i, "style");
    if (style != nullptr) {
      std::string s;
      for (const char* p = style; *p; ++p) {
        if (*p != ' ' && *p != '\t' && *p != '\n') s.push_back(static_cast<char>(tolower(static_cast<unsigned char>(*p))));
      }
      if (s.find("display:none") != std::string::npos || s.find("visibility:hidden") != std::string::npos) return false;
    }
    if (tree_.Attr(i, "hidden") != nullptr) return false;
    const char* aria = tree_.Attr(i, "aria-hidden");
    if (aria != nullptr && std::strcmp(aria, "true") == 0 && cls_[i].find("fallback-image") == std::string::npos) {
      return false;
    }
    return true;
  }

  int ClassWeight(int i) const {
    if (!attempt_.weight_classes) return 0;
    int w = 0;
    if (!cls_[i].empty()) {
      if (IsNegative(cls_[i])) w -= 25;
      if (ContainsAny(cls_[i], kPositive)) w += 25;
    }
    if (!id_[i].empty()) {
      if (IsNegative(id_[i])) w -= 25;
      if (ContainsAny(id_[i], kPositive)) w += 25;
    }
    return w;
  }

  std::string MatchString(int i) const {
    if (id_[i].empty()) return cls_[i];
    return cls_[i] + " " + id_[i];
  }

  void Remove(int i) {
    int end = tree_.node(i).end;
    for (int k = i; k < end; ++k) {
      if (removed_[k]) {
        k = tree_.node(k).end - 1;
        continue;
      }
      removed_[k] = 1;
    }
  }

  bool HasAncestorTag(int i, GumboTag tag) const {
    for (int a = tree_.node(i).parent; a >= 0; a = tree_.node(a).parent) {
      if (tree_.node(a).tag == tag) return true;
    }
    return false;
  }

  // Sums text, links and commas bottom-up over the nodes not removed.
  void Aggregate() {
    int n = tree_.size();
    text_len_.assign(n, 0);
    link_len_.assign(n, 0);
    commas_.assign(n, 0);
    block_desc_.assign(n, 0);
    img_desc_.assign(n, 0);
    quote_len_.assign(n, 0);
    for (int i = n - 1; i >= 0; --i) {
      if (removed_[i]) continue;
      const HtmlNode& node = tree_.node(i);
      if (node.is_text) {
        text_len_[i] += tlen_[i];
        commas_[i] += tcommas_[i];
      } else if (node.is_element && node.tag == GUMBO_TAG_A) {
        const char* href = tree_.Attr(i, "href");
        double coefficient = (href != nullptr && href[0] == '#' && href[1] != '\0') ? 0.3 : 1.0;
        link_len_[i] = text_len_[i] * coefficient;
      }
      if (node.is_element && node.tag == GUMBO_TAG_BLOCKQUOTE) quote_len_[i] = text_len_[i];
      int p = node.parent;
      if (p >= 0) {
        quote_len_[p] += quote_len_[i];
        text_len_[p] += text_len_[i];
        link_len_[p] += link_len_[i];
        commas_[p] += commas_[i];
        if (block_desc_[i] || (node.is_element && IsDivToPTag(node.tag))) block_desc_[p] = 1;
        if (img_desc_[i] || (node.is_element && (node.tag == GUMBO_TAG_IMG ||
                                                 node.tag == GUMBO_TAG_VIDEO))) {
          img_desc_[p] = 1;
        }
      }
    }
  }

  // An embedded post or quotation (a tweet in its wrapper): keep it.
  bool IsQuoteEmbed(int i) const { return text_len_[i] > 0 && quote_len_[i] >= 0.5 * text_len_[i]; }

  double LinkDensity(int i) const { return text_len_[i] > 0 ? link_len_[i] / text_len_[i] : 0; }

  // Element children of i that are not removed.
  template <typename F>
  void ForChildren(int i, F f) const {
    int end = tree_.node(i).end;
    for (int k = i + 1; k < end; k = tree_.node(k).end) f(k);
  }

  bool IsWhitespaceText(int k) const { return tree_.node(k).is_text && tlen_[k] == 0; }

  bool IsPhrasing(int k) const {
    const HtmlNode& n = tree_.node(k);
    if (n.is_text) return true;
    if (!n.is_element) return true;  // comments do not end a run
    if (IsPhrasingTag(n.tag)) return true;
    if (n.tag == GUMBO_TAG_A || n.tag == GUMBO_TAG_DEL || n.tag == GUMBO_TAG_INS) return !block_desc_[k];
    return false;
  }

  bool IsDoubleBr(int k, int* next) const {
    // k is a <br>; is the next non-whitespace sibling another <br>?
    int parent_end = tree_.node(tree_.node(k).parent).end;
    int s = tree_.node(k).end;
    while (s < parent_end && (IsWhitespaceText(s) || removed_[s])) s = tree_.node(s).end;
    if (s < parent_end && tree_.node(s).is_element && tree_.node(s).tag == GUMBO_TAG_BR) {
      *next = s;
      return true;
    }
    return false;
  }

  // Pass 1: removals that precede scoring, and the paragraphs to score.
  void PrepareNodes(std::vector<Unit>* units) {
    bool title_removed = title_.empty();
    int end = tree_.node(body_).end;
    for (int i = body_; i < end; ++i) {
      if (removed_[i]) {
        i = tree_.node(i).end - 1;
        continue;
      }
      const HtmlNode& node = tree_.node(i);
      if (!node.is_element) continue;
      GumboTag tag = node.tag;
      std::string match = MatchString(i);
      double len = text_len_[i];
      // Bylines go (their text is in the metadata).
      if (i != body_ && len > 0 && len < 100) {
        const char* rel = tree_.Attr(i, "rel");
        const char* itemprop = tree_.Attr(i, "itemprop");
        if ((rel != nullptr && std::strcmp(rel, "author") == 0) ||
            (itemprop != nullptr && std::strstr(itemprop, "author") != nullptr) || ContainsAny(match, kByline)) {
          Remove(i);
          i = node.end - 1;
          continue;
        }
      }
      // Time stamps.
      if (i != body_ && len > 0 && len < 100 && ContainsAny(match, kTimestamp)) {
        Remove(i);
        i = node.end - 1;
        continue;
      }
      // Author boxes and calls to action (subscribe, donate).
      if (i != body_ && len < 1500 && (ContainsAny(match, kAuthorBox) || HasWord(match, "cta"))) {
        Remove(i);
        i = node.end - 1;
        continue;
      }
      // Images with their captions and credits.
      if (i != body_ && tag != GUMBO_TAG_ARTICLE && tag != GUMBO_TAG_MAIN && len < 400 && ContainsAny(match, kFigure) &&
          (img_desc_[i] || ContainsAny(match, kCaption))) {
        Remove(i);
        i = node.end - 1;
        continue;
      }
      if (!title_removed && (tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2) &&
          TextSimilarity(title_, tree_.Text(i)) > 0.75) {
        title_removed = true;
        Remove(i);
        i = node.end - 1;
        continue;
      }
      if (attempt_.strip_unlikely && i != body_) {
        bool unlikely = ContainsAny(match, kUnlikely) && !ContainsAny(match, kMaybe) && tag != GUMBO_TAG_A &&
                        !IsQuoteEmbed(i) &&
                        !HasAncestorTag(i, GUMBO_TAG_TABLE) && !HasAncestorTag(i, GUMBO_TAG_CODE);
        const char* role = tree_.Attr(i, "role");
        if (role != nullptr) {
          for (const char* r : {"menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"}) {
            if (std::strcmp(role, r) == 0) unlikely = true;
          }
        }
        if (unlikely) {
          Remove(i);
          i = node.end - 1;
          continue;
        }
      }
      if ((tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_SECTION || tag == GUMBO_TAG_HEADER || IsHeading(tag)) &&
          len == 0) {
        bool only_breaks = true;
        ForChildren(i, [&](int k) {
          const HtmlNode& c = tree_.node(k);
          if (c.is_element && c.tag != GUMBO_TAG_BR && c.tag != GUMBO_TAG_HR && !removed_[k]) only_breaks = false;
        });
        if (only_breaks) {
          Remove(i);
          i = node.end - 1;
          continue;
        }
      }
      switch (tag) {
        case GUMBO_TAG_SECTION: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
        case GUMBO_TAG_H6: case GUMBO_TAG_P: case GUMBO_TAG_TD: case GUMBO_TAG_PRE:
          units->push_back({i, -1, -1, node.parent});
          break;
        default:
          break;
      }
      if (tag == GUMBO_TAG_DIV) {
        AddDivUnits(i, units);
      } else if (tag != GUMBO_TAG_P && HasDoubleBr(i)) {
        AddRuns(i, units);
      }
    }
  }

  bool HasDoubleBr(int i) const {
    bool found = false;
    ForChildren(i, [&](int k) {
      int next;
      if (!found && tree_.node(k).is_element && tree_.node(k).tag == GUMBO_TAG_BR && IsDoubleBr(k, &next)) found = true;
    });
    return found;
  }

  void AddDivUnits(int i, std::vector<Unit>* units) {
    // A div holding a single <p> (and no text) is that paragraph.
    int elements = 0, only = -1;
    bool text = false;
    ForChildren(i, [&](int k) {
      if (removed_[k]) return;
      const HtmlNode& c = tree_.node(k);
      if (c.is_element) {
        ++elements;
        only = k;
      } else if (c.is_text && tlen_[k] > 0) {
        text = true;
      }
    });
    if (elements == 1 && !text && tree_.node(only).tag == GUMBO_TAG_P && LinkDensity(i) < 0.25) {
      collapsed_[i] = 1;
      eff_tag_[i] = GUMBO_TAG_P;
      return;
    }
    if (!block_desc_[i] && !HasDoubleBr(i)) {
      eff_tag_[i] = GUMBO_TAG_P;
      units->push_back({i, -1, -1, tree_.node(i).parent});
      return;
    }
    AddRuns(i, units);
  }

  // Runs of phrasing children (split by blocks and by <br><br>) become paragraphs.
  void AddRuns(int i, std::vector<Unit>* units) {
    int run_begin = -1, run_last = -1;
    auto flush = [&]() {
      if (run_begin >= 0) units->push_back({i, run_begin, tree_.node(run_last).end, i});
      run_begin = run_last = -1;
    };
    ForChildren(i, [&](int k) {
      if (removed_[k]) return;
      const HtmlNode& c = tree_.node(k);
      int next;
      if (c.is_element && c.tag == GUMBO_TAG_BR && IsDoubleBr(k, &next)) {
        flush();
        return;
      }
      if (IsPhrasing(k)) {
        if (run_begin < 0) {
          if (IsWhitespaceText(k)) return;
          run_begin = k;
        }
        run_last = k;
      } else {
        flush();
      }
    });
    flush();
  }

  void InitializeNode(int i, std::vector<int>* candidates) {
    if (scored_[i]) return;
    scored_[i] = 1;
    double s = 0;
    switch (tree_.node(i).tag) {
      case GUMBO_TAG_DIV: s = eff_tag_[i] == GUMBO_TAG_DIV ? 5 : 0; break;
      case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE: s = 3; break;
      case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL: case GUMBO_TAG_DD:
      case GUMBO_TAG_DT: case GUMBO_TAG_LI: case GUMBO_TAG_FORM:
        s = -3;
        break;
      case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
      case GUMBO_TAG_H6: case GUMBO_TAG_TH:
        s = -5;
        break;
      default:
        break;
    }
    score_[i] = s + ClassWeight(i);
    if (candidates != nullptr) candidates->push_back(i);
  }

  int Parent(int i) const {
    int p = tree_.node(i).parent;
    while (p >= 0 && collapsed_[p]) p = tree_.node(p).parent;
    return p;
  }

  int ElementChildCount(int i) const {
    int count = 0;
    ForChildren(i, [&](int k) {
      if (!removed_[k] && tree_.node(k).is_element) ++count;
    });
    return count;
  }

  void RunAttempt(std::vector<int>* roots) {
    int n = tree_.size();
    removed_ = base_removed_;
    eff_tag_.assign(n, GUMBO_TAG_UNKNOWN);
    for (int i = 0; i < n; ++i) eff_tag_[i] = tree_.node(i).tag;
    collapsed_.assign(n, 0);
    score_.assign(n, 0);
    scored_.assign(n, 0);
    Aggregate();
    std::vector<Unit> units;
    PrepareNodes(&units);
    Aggregate();

    // Score paragraphs into their ancestors.
    std::vector<int> candidates;
    prose_.assign(n, 0);
    for (const Unit& u : units) {
      if (removed_[u.node]) continue;
      double len = 0, link = 0;
      int commas = 0;
      if (u.run_begin < 0) {
        len = text_len_[u.node];
        link = link_len_[u.node];
        commas = commas_[u.node];
      } else {
        for (int k = u.run_begin; k < u.run_end; k = tree_.node(k).end) {
          len += text_len_[k];
          link += link_len_[k];
          commas += commas_[k];
        }
      }
      if (len < 25) continue;
      if (u.run_begin >= 0 || !block_desc_[u.node]) prose_[u.node] += std::max(0.0, len - link);
      double score = 1 + (commas + 1) + std::min(std::floor(len / 100), 3.0);
      int a = u.first_ancestor;
      while (a >= 0 && collapsed_[a]) a = tree_.node(a).parent;
      for (int level = 0; level < 5 && a >= 0; ++level) {
        if (tree_.node(a).parent < 0) break;  // <html> is no candidate
        InitializeNode(a, &candidates);
        score_[a] += score / (level == 0 ? 1 : level == 1 ? 2 : level * 3);
        a = Parent(a);
      }
    }
    for (int i = n - 1; i > 0; --i) {
      if (!removed_[i] && tree_.node(i).parent >= 0) prose_[tree_.node(i).parent] += prose_[i];
    }
    std::vector<int> top;
    for (int c : candidates) {
      score_[c] *= 1 - LinkDensity(c);
      auto pos = std::find_if(top.begin(), top.end(), [&](int t) { return score_[c] > score_[t]; });
      if (pos - top.begin() < 5) {
        top.insert(pos, c);
        if (top.size() > 5) top.pop_back();
      }
    }
    int best = top.empty() ? -1 : top[0];
    if (best < 0 || best == body_) {
      roots->assign(1, body_);
      PrepArticle(*roots);
      return;
    }
    // Several good candidates in one container: take the container.
    std::vector<std::vector<int>> alternatives;
    for (size_t k = 1; k < top.size(); ++k) {
      if (score_[top[k]] / score_[best] >= 0.75) {
        std::vector<int> ancestors;
        for (int a = Parent(top[k]); a >= 0; a = Parent(a)) ancestors.push_back(a);
        alternatives.push_back(std::move(ancestors));
      }
    }
    if (alternatives.size() >= 3) {
      for (int p = Parent(best); p >= 0 && p != body_; p = Parent(p)) {
        int lists = 0;
        for (const auto& anc : alternatives) lists += std::find(anc.begin(), anc.end(), p) != anc.end();
        if (lists >= 3) {
          best = p;
          break;
        }
      }
    }
    InitializeNode(best, nullptr);
    // Climb while the parents' scores do not fall too much.
    double last = score_[best], threshold = last / 3;
    for (int p = Parent(best); p >= 0 && p != body_; p = Parent(p)) {
      if (!scored_[p]) continue;
      if (score_[p] < threshold) break;
      if (score_[p] > last) {
        best = p;
        break;
      }
      last = score_[p];
    }
    // Go down while one child holds nearly all the prose: class hints can
    // favour a wide container that also holds captions, promos and lists.
    for (;;) {
      int heaviest = -1;
      ForChildren(best, [&](int c) {
        if (!removed_[c] && tree_.node(c).is_element && (heaviest < 0 || prose_[c] > prose_[heaviest])) heaviest = c;
      });
      if (heaviest < 0 || prose_[best] <= 0 || prose_[heaviest] < kDescendShare * prose_[best] ||
          eff_tag_[heaviest] == GUMBO_TAG_P || collapsed_[heaviest] || !block_desc_[heaviest]) {
        break;
      }
      best = heaviest;
    }
    for (int p = Parent(best); p >= 0 && p != body_ && ElementChildCount(p) == 1; p = Parent(p)) best = p;
    InitializeNode(best, nullptr);

    // Siblings that look like more of the same.
    int parent = Parent(best);
    double sibling_threshold = std::max(10.0, score_[best] * 0.2);
    roots->clear();
    if (parent < 0) {
      roots->push_back(best);
    } else {
      ForChildren(parent, [&](int s) {
        if (removed_[s] || !tree_.node(s).is_element) return;
        bool append = s == best;
        if (!append) {
          double bonus = (!cls_[best].empty() && cls_[s] == cls_[best]) ? score_[best] * 0.2 : 0;
          if (scored_[s] && score_[s] + bonus >= sibling_threshold) {
            append = true;
          } else if (eff_tag_[s] == GUMBO_TAG_P) {
            double ld = LinkDensity(s), len = text_len_[s];
            if (len > 80 && ld < 0.25) {
              append = true;
            } else if (len < 80 && len > 0 && ld == 0) {
              std::string t = tree_.Text(s);
              append = t.find(". ") != std::string::npos || (!t.empty() && t.back() == '.');
            }
          }
        }
        if (append) {
          GumboTag t = eff_tag_[s];
          if (t != GUMBO_TAG_DIV && t != GUMBO_TAG_ARTICLE && t != GUMBO_TAG_SECTION && t != GUMBO_TAG_P) {
            eff_tag_[s] = GUMBO_TAG_DIV;
          }
          roots->push_back(s);
        }
      });
    }
    PrepArticle(*roots);
  }

  // ------------------------------------------------------------ cleaning

  // Statistics of the subtree of i over nodes not removed (i itself excluded
  // from the per-tag counts, as getElementsByTagName does).
  ScanStats Scan(int i) const {
    ScanStats st;
    enum : uint8_t { kLink = 1, kHeading = 2, kTextish = 4, kList = 8, kHashLink = 16 };
    std::vector<std::pair<int, uint8_t>> open;  // (end, mask)
    int end = tree_.node(i).end;
    for (int k = i; k < end; ++k) {
      if (removed_[k]) {
        k = tree_.node(k).end - 1;
        continue;
      }
      while (!open.empty() && k >= open.back().first) open.pop_back();
      uint8_t mask = open.empty() ? 0 : open.back().second;
      const HtmlNode& n = tree_.node(k);
      if (n.is_text) {
        double len = tlen_[k];
        st.text += len;
        st.commas += static_cast<int>(tcommas_[k]);
        if (mask & kLink) st.link += len * ((mask & kHashLink) ? 0.3 : 1.0);
        if (mask & kHeading) st.heading += len;
        if (mask & kTextish) st.textish += len;
        if (mask & kList) st.list += len;
        continue;
      }
      if (!n.is_element) continue;
      uint8_t own = 0;
      GumboTag t = eff_tag_[k];
      if (k != i) {
        if (t == GUMBO_TAG_P) ++st.p;
        if (t == GUMBO_TAG_IMG) ++st.img;
        if (t == GUMBO_TAG_LI) ++st.li;
        if (t == GUMBO_TAG_INPUT) ++st.input;
        if (t == GUMBO_TAG_TABLE && IsDataTable(k)) st.has_data_table = true;
        if (IsHeading(t)) own |= kHeading;
        if (t == GUMBO_TAG_SPAN || t == GUMBO_TAG_LI || t == GUMBO_TAG_TD || IsDivToPTag(t)) own |= kTextish;
        if (t == GUMBO_TAG_UL || t == GUMBO_TAG_OL) own |= kList;
      }
      if (t == GUMBO_TAG_A) {
        own |= kLink;
        const char* href = tree_.Attr(k, "href");
        if (href != nullptr && href[0] == '#' && href[1] != '\0') own |= kHashLink;
      }
      if (n.end > k + 1) open.emplace_back(n.end, static_cast<uint8_t>(mask | own));
    }
    return st;
  }

  bool IsDataTable(int t) const {
    const char* role = tree_.Attr(t, "role");
    if (role != nullptr && std::strcmp(role, "presentation") == 0) return false;
    const char* dt = tree_.Attr(t, "datatable");
    if (dt != nullptr && std::strcmp(dt, "0") == 0) return false;
    if (tree_.Attr(t, "summary") != nullptr) return true;
    int rows = 0, cols = 0, cells = 0;
    int end = tree_.node(t).end;
    for (int k = t + 1; k < end; ++k) {
      const HtmlNode& n = tree_.node(k);
      if (!n.is_element) continue;
      switch (n.tag) {
        case GUMBO_TAG_CAPTION:
          if (n.end > k + 1) return true;
          break;
        case GUMBO_TAG_COL: case GUMBO_TAG_COLGROUP: case GUMBO_TAG_TFOOT: case GUMBO_TAG_THEAD: case GUMBO_TAG_TH:
          return true;
        case GUMBO_TAG_TABLE:
          return false;
        case GUMBO_TAG_TR:
          ++rows;
          cols = std::max(cols, cells);
          cells = 0;
          break;
        case GUMBO_TAG_TD:
          ++cells;
          break;
        default:
          break;
      }
    }
    cols = std::max(cols, cells);
    if (rows == 1 || cols == 1) return false;
    if (rows >= 10 || cols > 4) return true;
    return rows * cols > 10;
  }

  // Readability's _cleanConditionally test for node i, from the statistics of
  // its subtree as it stands (descendants already cleaned).
  bool ShouldClean(int i, GumboTag tag, const ScanStats& st, bool is_data_table, bool figure_child) const {
    bool is_list = tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL;
    if (!is_list) is_list = st.text > 0 && st.list / st.text > 0.9;
    if (is_data_table || st.has_data_table) return false;
    if (IsQuoteEmbed(i)) return false;
    // Never throw away the bulk of the article with a container.
    if (st.text - st.link >= 0.5 * article_prose_) return false;
    int weight = ClassWeight(i);
    if (weight < 0) return true;
    if (st.commas >= 10) return false;
    if (st.text < 30 && IsAdLabel(FoldKey(tree_.Text(i)))) return true;
    double ld = st.text > 0 ? st.link / st.text : 0;
    double heading_density = st.text > 0 ? st.heading / st.text : 0;
    int li = st.li - 100;
    bool remove = (!figure_child && st.img > 1 && static_cast<double>(st.p) / st.img < 0.5) ||
                  (!is_list && li > st.p) || (st.input > st.p / 3) ||
                  (!is_list && !figure_child && heading_density < 0.9 && st.text < 25 &&
                   (st.img == 0 || st.img > 2) && ld > 0) ||
                  (!is_list && weight < 25 && ld > 0.2) || (weight >= 25 && ld > 0.5) ||
                  (st.img == 0 && st.textish == 0);
    if (is_list && remove) {
      // A list of images may stay.
      bool simple = true;
      ForChildren(i, [&](int k) {
        if (tree_.node(k).is_element && ElementChildCount(k) > 1) simple = false;
      });
      if (simple && st.img > 0 && st.img == st.li) return false;
    }
    return remove;
  }

  // Adds the statistics of child c to those of its parent.
  void MergeStats(int c, const ScanStats& cs, ScanStats* ps) const {
    GumboTag t = eff_tag_[c];
    bool element = tree_.node(c).is_element;
    ps->text += cs.text;
    ps->commas += cs.commas;
    if (element && t == GUMBO_TAG_A) {
      const char* href = tree_.Attr(c, "href");
      ps->link += cs.text * ((href != nullptr && href[0] == '#' && href[1] != '\0') ? 0.3 : 1.0);
    } else {
      ps->link += cs.link;
    }
    ps->heading += element && IsHeading(t) ? cs.text : cs.heading;
    ps->textish += element && (t == GUMBO_TAG_SPAN || t == GUMBO_TAG_LI || t == GUMBO_TAG_TD || IsDivToPTag(t))
                       ? cs.text
                       : cs.textish;
    ps->list += element && (t == GUMBO_TAG_UL || t == GUMBO_TAG_OL) ? cs.text : cs.list;
    ps->p += cs.p + (element && t == GUMBO_TAG_P);
    ps->img += cs.img + (element && t == GUMBO_TAG_IMG);
    ps->li += cs.li + (element && t == GUMBO_TAG_LI);
    ps->input += cs.input + (element && t == GUMBO_TAG_INPUT);
    ps->has_data_table = ps->has_data_table || cs.has_data_table;
  }

  // One bottom-up pass per root: each node's statistics come from its
  // children's, so that removals below are seen above and the pass stays
  // linear on deeply nested pages.
  void CleanConditionally(const std::vector<int>& roots, GumboTag tag) {
    if (!attempt_.clean_conditionally) return;
    enum : uint8_t { kProtected = 1, kInFigure = 2, kDataTable = 4 };
    for (int r : roots) {
      if (removed_[r]) continue;
      int end = tree_.node(r).end;
      std::vector<uint8_t> flags(end - r, 0);
      // Inside a data table or <code>: never cleaned. Inside a figure: images are expected.
      uint8_t root_flags = 0;
      for (int a = tree_.node(r).parent; a >= 0; a = tree_.node(a).parent) {
        GumboTag at = tree_.node(a).tag;
        if ((at == GUMBO_TAG_TABLE && IsDataTable(a)) || at == GUMBO_TAG_CODE) root_flags |= kProtected;
        if (at == GUMBO_TAG_FIGURE) root_flags |= kInFigure;
      }
      for (int k = r; k < end; ++k) {
        if (removed_[k]) {
          k = tree_.node(k).end - 1;
          continue;
        }
        const HtmlNode& n = tree_.node(k);
        uint8_t inherited = k == r ? root_flags : static_cast<uint8_t>(flags[n.parent - r] & (kProtected | kInFigure));
        if (k != r) {
          uint8_t parent = flags[n.parent - r];
          GumboTag pt = tree_.node(n.parent).tag;
          if ((parent & kDataTable) || pt == GUMBO_TAG_CODE) inherited |= kProtected;
          if (pt == GUMBO_TAG_FIGURE) inherited |= kInFigure;
        }
        flags[k - r] = inherited;
        if (n.is_element && n.tag == GUMBO_TAG_TABLE && IsDataTable(k)) flags[k - r] |= kDataTable;
      }
      std::vector<ScanStats> stats(end - r);
      for (int k = end - 1; k >= r; --k) {
        if (removed_[k]) continue;
        const HtmlNode& n = tree_.node(k);
        ScanStats& st = stats[k - r];
        if (n.is_text) {
          st.text = tlen_[k];
          st.commas = static_cast<int>(tcommas_[k]);
        } else if (n.is_element && eff_tag_[k] == tag && !(flags[k - r] & kProtected) &&
                   ShouldClean(k, tag, st, (flags[k - r] & kDataTable) != 0, (flags[k - r] & kInFigure) != 0)) {
          Remove(k);
          continue;
        }
        if (k > r) {
          if (flags[k - r] & kDataTable) stats[n.parent - r].has_data_table = true;
          MergeStats(k, st, &stats[n.parent - r]);
        }
      }
    }
  }

  void RemoveTags(const std::vector<int>& roots, std::initializer_list<GumboTag> tags) {
    for (int r : roots) {
      int end = tree_.node(r).end;
      for (int k = r; k < end; ++k) {
        if (removed_[k]) {
          k = tree_.node(k).end - 1;
          continue;
        }
        if (!tree_.node(k).is_element) continue;
        for (GumboTag t : tags) {
          if (tree_.node(k).tag == t) {
            Remove(k);
            break;
          }
        }
      }
    }
  }

  bool IsLeafBlock(int k) const {
    GumboTag t = eff_tag_[k];
    bool block = t == GUMBO_TAG_P || t == GUMBO_TAG_LI || IsHeading(t) || t == GUMBO_TAG_DT || t == GUMBO_TAG_DD ||
                 ((t == GUMBO_TAG_DIV || t == GUMBO_TAG_SECTION) && !collapsed_[k]);
    return block && !block_desc_[k];
  }

  // Lines that are no prose: all links (related stories), a lone date
  // ("Updated: Fri 6:45 PM, Feb 16, 2018"), an ad label; then headings left
  // with nothing under them.
  void CleanLeafBlocks(const std::vector<int>& roots) {
    struct Leaf {
      int node;
      bool link_line;
      bool junk;
    };
    std::vector<Leaf> leaves;
    double total = 0, link_lines = 0;
    for (int r : roots) {
      int end = tree_.node(r).end;
      for (int k = r; k < end; ++k) {
        if (removed_[k]) {
          k = tree_.node(k).end - 1;
          continue;
        }
        if (!tree_.node(k).is_element || !IsLeafBlock(k)) continue;
        ScanStats st = Scan(k);
        Leaf leaf{k, false, false};
        k = tree_.node(k).end - 1;
        if (st.text == 0) continue;
        total += st.text;
        leaf.link_line = st.link / st.text >= kLinkLineDensity && !IsHeading(eff_tag_[leaf.node]);
        if (leaf.link_line) link_lines += st.text;
        if (st.text < 100) {
          std::string text = tree_.Text(leaf.node);
          std::string folded = FoldKey(text);
          leaf.junk = IsAdLabel(folded) || IsTimestampLine(folded) ||
                      (WordCount(folded) <= 12 && !NormalizeDate(text).empty());
        }
        leaves.push_back(leaf);
      }
    }
    // Lines of links are the content itself on a list of links.
    bool drop_link_lines = link_lines < kLinkLinesShare * total;
    std::vector<int> kept;
    for (const Leaf& leaf : leaves) {
      if (leaf.junk || (leaf.link_line && drop_link_lines)) {
        Remove(leaf.node);
      } else {
        kept.push_back(leaf.node);
      }
    }
    // Headings with no text after them (what they announced is gone).
    for (size_t x = kept.size(); x-- > 0;) {
      int k = kept[x];
      if (!IsHeading(eff_tag_[k]) || TextAfter(k, roots)) break;
      Remove(k);
    }
  }

  bool TextAfter(int k, const std::vector<int>& roots) const {
    for (int r : roots) {
      int end = tree_.node(r).end;
      for (int i = std::max(r, tree_.node(k).end); i < end; ++i) {
        if (removed_[i]) {
          i = tree_.node(i).end - 1;
          continue;
        }
        if (tree_.node(i).is_text && tlen_[i] > 0) return true;
      }
    }
    return false;
  }

  void PrepArticle(const std::vector<int>& roots) {
    article_prose_ = 0;
    for (int r : roots) {
      ScanStats st = Scan(r);
      article_prose_ += st.text - st.link;
    }
    CleanConditionally(roots, GUMBO_TAG_FORM);
    CleanConditionally(roots, GUMBO_TAG_FIELDSET);
    RemoveTags(roots, {GUMBO_TAG_FOOTER, GUMBO_TAG_ASIDE, GUMBO_TAG_INPUT, GUMBO_TAG_TEXTAREA, GUMBO_TAG_SELECT,
                       GUMBO_TAG_BUTTON});
    // Share bars (below the roots themselves).
    for (int r : roots) {
      int end = tree_.node(r).end;
      for (int k = r + 1; k < end; ++k) {
        if (removed_[k]) {
          k = tree_.node(k).end - 1;
          continue;
        }
        if (!tree_.node(k).is_element) continue;
        if (IsShare(MatchString(k)) && Scan(k).text < kCharThreshold) {
          Remove(k);
          k = tree_.node(k).end - 1;
        }
      }
    }
    // Headings with a bad class weight.
    for (int r : roots) {
      int end = tree_.node(r).end;
      for (int k = r; k < end; ++k) {
        if (removed_[k]) {
          k = tree_.node(k).end - 1;
          continue;
        }
        GumboTag t = tree_.node(k).tag;
        if ((t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2) && ClassWeight(k) < 0) Remove(k);
      }
    }
    CleanConditionally(roots, GUMBO_TAG_TABLE);
    CleanConditionally(roots, GUMBO_TAG_UL);
    CleanConditionally(roots, GUMBO_TAG_DIV);
    CleanLeafBlocks(roots);
  }

  const HtmlTree& tree_;
  std::string title_;
  Attempt attempt_;
  int body_ = 0;
  std::vector<uint32_t> tlen_, tcommas_;
  std::vector<uint8_t> base_removed_, removed_, collapsed_, scored_, block_desc_, img_desc_;
  std::vector<std::string> cls_, id_;
  std::vector<GumboTag> eff_tag_;
  std::vector<double> text_len_, link_len_, score_, prose_, quote_len_;
  std::vector<int> commas_;
  double article_prose_ = 0;  // text outside links in the roots, before cleaning
};

// ---------------------------------------------------------------- text output

// Writes the article's text with, for every byte, its offset in the page.
class TextWriter {
 public:
  TextWriter(const HtmlTree& tree, const Utf8Page& page, Document* doc) : tree_(tree), page_(page), doc_(doc) {}

  void Write(const ArticleFinder& finder, const std::vector<int>& roots) {
    for (int r : roots) {
      Break(2);
      std::vector<std::pair<int, int>> open;  // (end, break kind)
      int pre_end = -1;
      int end = tree_.node(r).end;
      for (int k = r; k < end; ++k) {
        while (!open.empty() && k >= open.back().first) {
          Break(open.back().second);
          open.pop_back();
        }
        if (finder.removed(k)) {
          k = tree_.node(k).end - 1;
          continue;
        }
        const HtmlNode& n = tree_.node(k);
        if (n.is_text) {
          AppendText(k, k < pre_end);
          continue;
        }
        if (!n.is_element) continue;
        // Elements gumbo does not know (custom elements) keep words apart.
        int kind = n.tag == GUMBO_TAG_UNKNOWN ? -1 : BreakKind(n.tag);
        if (n.tag == GUMBO_TAG_BR) {
          Break(1);
          continue;
        }
        if (n.tag == GUMBO_TAG_PRE && pre_end < k) pre_end = n.end;
        if (kind != 0) Break(kind);
        if (n.end > k + 1) open.emplace_back(n.end, kind);
      }
      while (!open.empty()) {
        Break(open.back().second);
        open.pop_back();
      }
    }
    doc_->source_offsets.push_back(page_.SourceOffset(last_end_));
  }

 private:
  // kind 1: line break; 2: paragraph break; -1: a space.
  void Break(int kind) {
    if (kind < 0) {
      if (!pending_space_) {
        pending_space_ = true;
        pending_space_at_ = kAtNextCharacter;
      }
      return;
    }
    pending_break_ = std::max(pending_break_, kind);
  }

  void Emit(std::string_view bytes, uint32_t utf8_start, bool exact) {
    if (doc_->text.empty()) {
      pending_break_ = 0;
      pending_space_ = false;
    }
    if (pending_break_ > 0) {
      for (int b = 0; b < pending_break_; ++b) Push('\n', utf8_start);
      pending_break_ = 0;
      pending_space_ = false;
    } else if (pending_space_) {
      Push(' ', pending_space_at_ == kAtNextCharacter ? utf8_start : pending_space_at_);
      pending_space_ = false;
    }
    for (size_t b = 0; b < bytes.size(); ++b) Push(bytes[b], utf8_start + (exact ? static_cast<uint32_t>(b) : 0));
  }

  void Push(char c, uint32_t utf8_offset) {
    doc_->text.push_back(c);
    doc_->source_offsets.push_back(page_.SourceOffset(utf8_offset));
  }

  // Length of the character reference at o[j] ('&' ...), 0 if there is none;
  // *semicolon tells whether it ended with ';'.
  static size_t EntityLength(std::string_view o, size_t j, bool* semicolon) {
    size_t k = j + 1;
    *semicolon = false;
    if (k < o.size() && o[k] == '#') {
      ++k;
      bool hex = k < o.size() && (o[k] == 'x' || o[k] == 'X');
      if (hex) ++k;
      size_t digits = k;
      while (k < o.size() && (hex ? isxdigit(static_cast<unsigned char>(o[k])) : isdigit(static_cast<unsigned char>(o[k])))) ++k;
      if (k == digits) return 0;
    } else {
      size_t name = k;
      while (k < o.size() && isalnum(static_cast<unsigned char>(o[k]))) ++k;
      if (k == name) return 0;
    }
    if (k < o.size() && o[k] == ';') {
      *semicolon = true;
      ++k;
    }
    return k - j;
  }

  // Aligns the decoded text of node k with its original bytes, so that
  // characters from entities point at the entity.
  void AppendText(int k, bool in_pre) {
    const GumboText& t = tree_.node(k).node->v.text;
    std::string_view text = t.text;
    std::string_view page = tree_.page();
    std::string_view o;
    uint32_t base;
    const char* data = t.original_text.data;
    if (data != nullptr && data >= page.data() && data + t.original_text.length <= page.data() + page.size()) {
      o = std::string_view(data, t.original_text.length);
      base = static_cast<uint32_t>(data - page.data());
    } else {
      base = std::min<uint32_t>(t.start_pos.offset, static_cast<uint32_t>(page.size()));
    }
    size_t i = 0, j = 0;
    while (i < text.size()) {
      size_t cp_start = i;
      uint32_t c = static_cast<unsigned char>(text[i]) < 0x80 ? static_cast<unsigned char>(text[i++]) : NextCodePoint(text, &i);
      std::string_view bytes = text.substr(cp_start, i - cp_start);
      uint32_t at = base + static_cast<uint32_t>(std::min(j, o.size()));
      bool exact = false;
      if (j < o.size()) {
        bool semicolon;
        size_t entity = o[j] == '&' ? EntityLength(o, j, &semicolon) : 0;
        if (entity > 0 && (semicolon || c != '&')) {
          j += entity;
        } else if (o[j] == '\r') {
          ++j;
          if (c == '\n' && j < o.size() && o[j] == '\n') ++j;
        } else if (o.compare(j, bytes.size(), bytes) == 0) {
          exact = true;
          j += bytes.size();
        } else {
          size_t skip = j;
          NextCodePoint(o, &skip);
          j = skip;
        }
      }
      if (IsSpaceCodePoint(c)) {
        if (in_pre && c == '\n') {
          Break(pending_break_ >= 1 ? 2 : 1);
        } else if (!pending_space_) {
          pending_space_ = true;
          pending_space_at_ = at;
        }
        continue;
      }
      Emit(bytes, at, exact);
      last_end_ = exact ? at + static_cast<uint32_t>(bytes.size()) : base + static_cast<uint32_t>(std::min(j, o.size()));
    }
  }

  static constexpr uint32_t kAtNextCharacter = UINT32_MAX;

  const HtmlTree& tree_;
  const Utf8Page& page_;
  Document* doc_;
  int pending_break_ = 0;
  bool pending_space_ = false;
  uint32_t pending_space_at_ = 0;
  uint32_t last_end_ = 0;
};

bool StartsWithTag(std::string_view s, size_t i, std::string_view name) {
  if (i + name.size() >= s.size()) return false;
  for (size_t k = 0; k < name.size(); ++k) {
    if (tolower(static_cast<unsigned char>(s[i + k])) != name[k]) return false;
  }
  char c = s[i + name.size()];
  return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// Drops the bodies of <script> (but JSON-LD) and <style> elements before
// parsing: they are half of a typical news page and none of its text. The
// page's offset map is updated so that offsets still reach the original bytes.
void StripScriptAndStyleBodies(Utf8Page* page) {
  const std::string& in = page->utf8;
  std::vector<std::pair<size_t, size_t>> cuts;  // [begin, end) to drop
  size_t i = 0;
  while (i < in.size()) {
    size_t lt = in.find('<', i);
    if (lt == std::string::npos) break;
    if (in.compare(lt, 4, "<!--") == 0) {
      size_t end = in.find("-->", lt + 4);
      if (end == std::string::npos) break;
      i = end + 3;
      continue;
    }
    bool script = StartsWithTag(in, lt + 1, "script");
    bool style = !script && StartsWithTag(in, lt + 1, "style");
    if (!script && !style) {
      i = lt + 1;
      continue;
    }
    size_t open_end = in.find('>', lt);
    if (open_end == std::string::npos) break;
    std::string_view open(in.data() + lt, open_end - lt);
    bool keep = false;
    if (script) {
      std::string lowered(open);
      for (char& c : lowered) c = static_cast<char>(tolower(static_cast<unsigned char>(c)));
      keep = lowered.find("ld+json") != std::string::npos;
    }
    std::string_view close = script ? "/script" : "/style";
    size_t body = open_end + 1, k = body;
    size_t close_at = std::string::npos;
    while (true) {
      k = in.find('<', k);
      if (k == std::string::npos) break;
      if (StartsWithTag(in, k + 1, close)) {
        close_at = k;
        break;
      }
      ++k;
    }
    if (close_at == std::string::npos) break;  // unterminated: let the parser decide
    if (!keep && close_at > body) cuts.emplace_back(body, close_at);
    i = close_at + 1;
  }
  size_t dropped = 0;
  for (const auto& c : cuts) dropped += c.second - c.first;
  if (dropped < 4096) return;
  std::string out;
  std::vector<uint32_t> map;
  out.reserve(in.size() - dropped);
  map.reserve(in.size() - dropped + 1);
  size_t from = 0;
  auto copy = [&](size_t b, size_t e) {
    out.append(in, b, e - b);
    for (size_t x = b; x < e; ++x) map.push_back(page->SourceOffset(x));
  };
  for (const auto& c : cuts) {
    copy(from, c.first);
    from = c.second;
  }
  copy(from, in.size());
  map.push_back(page->SourceOffset(in.size()));
  page->utf8 = std::move(out);
  page->to_source = std::move(map);
}

// CLD2's language for `text` ("" if unsure); *percent is the share of the
// text in that language.
std::string DetectLanguage(const std::string& text, int* percent) {
  *percent = 0;
  if (text.size() < 20) return "";
  size_t n = std::min<size_t>(text.size(), 64 << 10);
  while (n < text.size() && n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  CLD2::Language language3[3];
  int percent3[3];
  int text_bytes = 0;
  bool reliable = false;
  CLD2::Language lang = CLD2::DetectLanguageSummary(text.data(), static_cast<int>(n), true, language3, percent3,
                                                    &text_bytes, &reliable);
  if (lang == CLD2::UNKNOWN_LANGUAGE || !reliable) return "";
  *percent = percent3[0];
  std::string code = CLD2::LanguageCode(lang);
  size_t dash = code.find('-');
  if (dash != std::string::npos) code.erase(dash);
  return code;
}

}  // namespace

Result<Document> DocumentFromHtml(const std::string& html, const HtmlOptions& options) {
  if (html.size() > options.max_bytes) {
    return Status::InvalidArgument("page of " + std::to_string(html.size()) + " bytes is over the limit of " +
                                   std::to_string(options.max_bytes));
  }
  Result<Utf8Page> page = DecodePage(html, options.http_charset);
  if (!page.ok()) return page.status();
  StripScriptAndStyleBodies(&*page);
  Result<std::unique_ptr<HtmlTree>> tree = HtmlTree::Parse(page->utf8);
  if (!tree.ok()) return tree.status();
  PageMetadata meta = ExtractPageMetadata(**tree, options.base_url);
  Document doc;
  doc.title = meta.title;
  doc.author = meta.author;
  doc.published = meta.published;
  doc.url = meta.url;
  doc.outlet = meta.outlet;
  ArticleFinder finder(**tree, meta.title);
  std::vector<int> roots;
  finder.Find(&roots);
  TextWriter writer(**tree, *page, &doc);
  writer.Write(finder, roots);
  int percent = 0;
  std::string detected = DetectLanguage(doc.text, &percent);
  doc.lang = meta.lang;
  // A declared language is often a CMS default: a long text that is clearly
  // in another language overrides it.
  if (doc.lang.empty() || (!detected.empty() && percent >= 90 && doc.text.size() >= 1000)) {
    if (!detected.empty()) doc.lang = detected;
  }
  if (doc.lang.empty()) doc.lang = GuessLanguage(doc.text);
  if (doc.lang.empty()) doc.lang = options.default_lang;
  return doc;
}

}  // namespace newsintel

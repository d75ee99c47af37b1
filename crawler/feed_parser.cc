#include "crawler/feed_parser.h"

#include <libxml/HTMLparser.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <simdjson.h>
#include <zlib.h>

#include <cstring>
#include <memory>
#include <mutex>

#include "crawler/dates.h"
#include "extract/url.h"
#include "extract/normalize.h"

namespace newsintel {
namespace {

constexpr char kAtom10Ns[] = "http://www.w3.org/2005/Atom";
constexpr char kAtom03Ns[] = "http://purl.org/atom/ns#";
constexpr char kRss10Ns[] = "http://purl.org/rss/1.0/";
constexpr char kRss090Ns[] = "http://my.netscape.com/rdf/simple/0.9/";

// Budget for collecting one element's text: bounds the work an entity bomb
// (nested references expanding to nothing or to a lot) can cause.
constexpr size_t kMaxFieldBytes = 1u << 20;
constexpr size_t kMaxFieldNodes = 100000;
constexpr int kMaxDepth = 64;

void IgnoreGenericError(void*, const char*, ...) {}
void IgnoreStructuredError(void*, xmlErrorPtr) {}

// libxml2 reports some errors (e.g. encoding conversion) through its
// per-thread handlers whatever the parse options say; silence them here.
void InitLibxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
  xmlSetGenericErrorFunc(nullptr, IgnoreGenericError);
  xmlSetStructuredErrorFunc(nullptr, IgnoreStructuredError);
}

bool NameIs(const xmlNode* node, const char* name) {
  return node != nullptr && node->name != nullptr &&
         xmlStrcasecmp(node->name, reinterpret_cast<const xmlChar*>(name)) == 0;
}

std::string NsOf(const xmlNode* node) {
  if (node == nullptr || node->ns == nullptr || node->ns->href == nullptr) return "";
  return reinterpret_cast<const char*>(node->ns->href);
}

std::string Attr(const xmlNode* node, const char* name) {
  xmlChar* v = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  if (v == nullptr) return "";
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

// An attribute in any namespace (e.g. rdf:about), matched by local name.
std::string AnyNsAttr(const xmlNode* node, const char* name) {
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (a->name != nullptr && xmlStrcasecmp(a->name, reinterpret_cast<const xmlChar*>(name)) == 0) {
      xmlChar* v = xmlNodeListGetString(node->doc, a->children, 1);
      if (v == nullptr) return "";
      std::string out(reinterpret_cast<const char*>(v));
      xmlFree(v);
      return out;
    }
  }
  return "";
}

struct TextBudget {
  size_t nodes = 0;
};

void CollectText(const xmlNode* node, int depth, TextBudget* budget, std::string* out) {
  for (const xmlNode* c = node; c != nullptr; c = c->next) {
    if (++budget->nodes > kMaxFieldNodes || out->size() > kMaxFieldBytes || depth > kMaxDepth) return;
    switch (c->type) {
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE:
        if (c->content != nullptr) out->append(reinterpret_cast<const char*>(c->content));
        break;
      case XML_ELEMENT_NODE:
        CollectText(c->children, depth + 1, budget, out);
        break;
      case XML_ENTITY_REF_NODE: {
        // Only internal entities declared in the document itself are
        // expanded; external ones are never loaded.
        xmlEntityPtr ent = xmlGetDocEntity(c->doc, c->name);
        if (ent == nullptr || ent->etype != XML_INTERNAL_GENERAL_ENTITY) break;
        if (ent->children != nullptr) {
          CollectText(ent->children, depth + 1, budget, out);
        } else if (ent->content != nullptr) {
          out->append(reinterpret_cast<const char*>(ent->content));
        }
        break;
      }
      default:
        break;
    }
  }
  if (out->size() > kMaxFieldBytes) out->resize(kMaxFieldBytes);
}

std::string Trimmed(std::string s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string Text(const xmlNode* node) {
  std::string out;
  TextBudget budget;
  CollectText(node->children, 0, &budget, &out);
  return Trimmed(std::move(out));
}

void DecodeEntities(std::string* s) {
  if (s->find('&') == std::string::npos) return;
  std::string out;
  out.reserve(s->size());
  for (size_t i = 0; i < s->size(); ++i) {
    if ((*s)[i] != '&') {
      out.push_back((*s)[i]);
      continue;
    }
    size_t semi = s->find(';', i);
    if (semi == std::string::npos || semi - i > 10) {
      out.push_back('&');
      continue;
    }
    std::string name = s->substr(i + 1, semi - i - 1);
    uint32_t cp = 0;
    if (name == "amp") cp = '&';
    else if (name == "lt") cp = '<';
    else if (name == "gt") cp = '>';
    else if (name == "quot") cp = '"';
    else if (name == "apos") cp = '\'';
    else if (name == "nbsp") cp = 0xA0;
    else if (name.size() > 1 && name[0] == '#') {
      char* end = nullptr;
      unsigned long v = (name[1] == 'x' || name[1] == 'X') ? std::strtoul(name.c_str() + 2, &end, 16)
                                                           : std::strtoul(name.c_str() + 1, &end, 10);
      if (end != nullptr && *end == '\0' && v > 0 && v < 0x110000 && !(v >= 0xD800 && v < 0xE000)) {
        cp = static_cast<uint32_t>(v);
      }
    }
    if (cp == 0) {
      out.push_back('&');
      continue;
    }
    AppendUtf8(cp, &out);
    i = semi;
  }
  s->swap(out);
}

// Titles become plain text: markup removed, entities decoded, spaces collapsed.
std::string PlainText(std::string s) {
  bool has_tag = false;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    char n = s[i + 1];
    if (s[i] == '<' && ((n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z') || n == '/' || n == '!')) {
      has_tag = true;
      break;
    }
  }
  if (has_tag) {
    std::string out;
    bool in_tag = false;
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (!in_tag && c == '<' && i + 1 < s.size()) {
        char n = s[i + 1];
        if ((n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z') || n == '/' || n == '!') {
          in_tag = true;
          continue;
        }
      }
      if (in_tag) {
        if (c == '>') in_tag = false;
        continue;
      }
      out.push_back(c);
    }
    s.swap(out);
  }
  DecodeEntities(&s);
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::string NormalizeDate(const std::string& raw) {
  if (raw.empty()) return raw;
  std::optional<int64_t> t = ParseFeedDate(raw);
  return t ? FormatIso8601(*t) : raw;
}

// Context for one XML document: resolves links against xml:base.
class XmlFeedReader {
 public:
  XmlFeedReader(xmlDocPtr doc, const FeedOptions& options, Feed* feed)
      : doc_(doc), options_(options), feed_(feed) {}

  void Read(xmlNode* root) {
    if (NameIs(root, "rss")) {
      feed_->kind = FeedKind::kRss;
      std::string v = Attr(root, "version");
      feed_->version = v == "0.90" ? "rss090" : v == "0.91" ? "rss091" : v == "0.92" ? "rss092"
                     : v == "0.93" ? "rss093" : v == "0.94" ? "rss094" : v.empty() ? "rss" : "rss20";
      ReadRssContainer(root);
    } else if (NameIs(root, "RDF")) {
      feed_->kind = FeedKind::kRdf;
      feed_->version = "rss10";
      for (xmlNs* ns = root->nsDef; ns != nullptr; ns = ns->next) {
        if (ns->href != nullptr && xmlStrEqual(ns->href, reinterpret_cast<const xmlChar*>(kRss090Ns))) {
          feed_->version = "rss090";
        }
      }
      for (xmlNode* c = root->children; c != nullptr; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if ((NameIs(c, "channel") || NameIs(c, "item")) && NsOf(c) == kRss090Ns) feed_->version = "rss090";
      }
      ReadRssContainer(root);
    } else if (NameIs(root, "feed")) {
      feed_->kind = FeedKind::kAtom;
      std::string ns = NsOf(root);
      feed_->version = ns == kAtom10Ns ? "atom10" : ns == kAtom03Ns ? "atom03" : "atom";
      ReadAtomFeed(root);
    } else if (NameIs(root, "urlset")) {
      feed_->kind = FeedKind::kSitemap;
      feed_->version = "sitemap";
      for (xmlNode* c = root->children; c != nullptr; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && NameIs(c, "url")) ReadSitemapUrl(c);
      }
    } else if (NameIs(root, "sitemapindex")) {
      feed_->kind = FeedKind::kSitemapIndex;
      feed_->version = "sitemapindex";
      for (xmlNode* c = root->children; c != nullptr; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !NameIs(c, "sitemap")) continue;
        for (xmlNode* l = c->children; l != nullptr; l = l->next) {
          if (l->type == XML_ELEMENT_NODE && NameIs(l, "loc")) {
            std::string loc = Resolve(l, Text(l));
            if (!loc.empty()) feed_->sitemaps.push_back(loc);
          }
        }
      }
    } else {
      MarkBozo(std::string("not a feed: root element <") + reinterpret_cast<const char*>(root->name) + ">");
      ReadAnything(root);
    }
  }

  // Looks for item/entry/url elements anywhere (unknown or broken documents).
  void ReadAnything(xmlNode* root) {
    std::vector<std::pair<xmlNode*, int>> stack{{root, 0}};
    while (!stack.empty()) {
      auto [node, depth] = stack.back();
      stack.pop_back();
      for (xmlNode* c = node->last; c != nullptr; c = c->prev) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (NameIs(c, "item")) {
          if (feed_->kind == FeedKind::kUnknown) feed_->kind = FeedKind::kRss;
          pending_.push_back({c, 'r'});
        } else if (NameIs(c, "entry")) {
          if (feed_->kind == FeedKind::kUnknown) feed_->kind = FeedKind::kAtom;
          pending_.push_back({c, 'a'});
        } else if (depth < kMaxDepth) {
          stack.push_back({c, depth + 1});
        }
      }
    }
    // The stack visits children last-to-first; restore document order.
    for (auto it = pending_.rbegin(); it != pending_.rend(); ++it) {
      if (it->second == 'r') ReadRssItem(it->first); else ReadAtomEntry(it->first);
    }
  }

 private:
  void MarkBozo(const std::string& reason) {
    if (!feed_->bozo) feed_->bozo_reason = reason;
    feed_->bozo = true;
  }

  bool Full() {
    if (feed_->entries.size() < options_.max_entries) return false;
    MarkBozo("more than " + std::to_string(options_.max_entries) + " entries; the rest were dropped");
    return true;
  }

  std::string Resolve(const xmlNode* node, const std::string& link) {
    if (link.empty()) return link;
    std::string base;
    xmlChar* b = xmlNodeGetBase(doc_, node);
    if (b != nullptr) {
      base = reinterpret_cast<const char*>(b);
      xmlFree(b);
    }
    if (base.empty()) base = options_.base_url;
    if (!base.empty()) {
      Result<std::string> abs = ResolveReference(base, link);
      if (abs.ok()) return *abs;
    }
    return link;
  }

  std::string Lang(const xmlNode* node) {
    xmlChar* l = xmlNodeGetLang(node);
    if (l == nullptr) return "";
    std::string out(reinterpret_cast<const char*>(l));
    xmlFree(l);
    return out;
  }

  // The href of an Atom-style <link> if it is an alternate (or rel-less) link.
  std::string AtomAlternate(const xmlNode* link) {
    std::string rel = Attr(link, "rel");
    if (!rel.empty() && rel != "alternate") return "";
    return Resolve(link, Trimmed(Attr(link, "href")));
  }

  void ReadRssContainer(xmlNode* root) {
    for (xmlNode* c = root->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      if (NameIs(c, "channel")) {
        ReadRssChannel(c);
        for (xmlNode* i = c->children; i != nullptr; i = i->next) {
          if (i->type == XML_ELEMENT_NODE && NameIs(i, "item")) ReadRssItem(i);
        }
      } else if (NameIs(c, "item")) {
        ReadRssItem(c);
      }
    }
  }

  void ReadRssChannel(xmlNode* channel) {
    feed_->lang = Lang(channel);
    for (xmlNode* c = channel->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      std::string ns = NsOf(c);
      bool atom = ns == kAtom10Ns || ns == kAtom03Ns;
      if (NameIs(c, "title") && feed_->title.empty() && !atom) {
        feed_->title = PlainText(Text(c));
      } else if (NameIs(c, "link") && feed_->link.empty()) {
        feed_->link = atom ? AtomAlternate(c) : Resolve(c, Text(c));
      } else if (NameIs(c, "language") && feed_->lang.empty()) {
        feed_->lang = Text(c);
      }
    }
  }

  void ReadRssItem(xmlNode* item) {
    if (Full()) return;
    FeedEntry e;
    std::string alternate, guid;
    bool guid_is_link = false;
    e.id = AnyNsAttr(item, "about");
    e.lang = Lang(item);
    for (xmlNode* c = item->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      std::string ns = NsOf(c);
      bool atom = ns == kAtom10Ns || ns == kAtom03Ns;
      if (NameIs(c, "title")) {
        if (e.title.empty()) e.title = PlainText(Text(c));
      } else if (NameIs(c, "link")) {
        if (atom) {
          if (alternate.empty()) alternate = AtomAlternate(c);
        } else if (e.link.empty()) {
          std::string text = Text(c);
          // The HTML fallback parser treats <link> as empty: its text follows.
          if (text.empty() && c->next != nullptr && c->next->type == XML_TEXT_NODE && c->next->content) {
            text = Trimmed(reinterpret_cast<const char*>(c->next->content));
          }
          e.link = Resolve(c, text);
        }
      } else if (NameIs(c, "guid")) {
        guid = Text(c);
        std::string perma = Attr(c, "isPermaLink");
        guid_is_link = perma != "false";
      } else if (NameIs(c, "pubDate") || NameIs(c, "date") || NameIs(c, "issued") ||
                 NameIs(c, "published") || NameIs(c, "created")) {
        if (e.published.empty()) e.published = NormalizeDate(Text(c));
      } else if (NameIs(c, "updated") || NameIs(c, "modified")) {
        if (e.updated.empty()) e.updated = NormalizeDate(Text(c));
      } else if (NameIs(c, "author") || NameIs(c, "creator")) {
        if (e.author.empty()) e.author = PlainText(Text(c));
      } else if (NameIs(c, "description") || NameIs(c, "summary")) {
        if (e.summary.empty()) e.summary = Text(c);
      } else if (NameIs(c, "encoded") || NameIs(c, "content") || NameIs(c, "body")) {
        if (e.summary.empty()) e.summary = Text(c);
      }
    }
    if (!guid.empty() && e.id.empty()) e.id = guid;
    if (e.link.empty()) e.link = alternate;
    if (e.link.empty() && guid_is_link && (guid.compare(0, 7, "http://") == 0 || guid.compare(0, 8, "https://") == 0)) {
      e.link = Resolve(item, guid);
    }
    feed_->entries.push_back(std::move(e));
  }

  void ReadAtomFeed(xmlNode* feed) {
    feed_->lang = Lang(feed);
    for (xmlNode* c = feed->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      if (NameIs(c, "title") && feed_->title.empty()) {
        feed_->title = PlainText(Text(c));
      } else if (NameIs(c, "link") && feed_->link.empty()) {
        feed_->link = AtomAlternate(c);
      } else if (NameIs(c, "entry")) {
        ReadAtomEntry(c);
      }
    }
  }

  void ReadAtomEntry(xmlNode* entry) {
    if (Full()) return;
    FeedEntry e;
    e.lang = Lang(entry);
    std::string content;
    for (xmlNode* c = entry->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      if (NameIs(c, "title")) {
        if (e.title.empty()) e.title = PlainText(Text(c));
      } else if (NameIs(c, "link")) {
        if (e.link.empty()) {
          e.link = AtomAlternate(c);
          if (e.link.empty() && Attr(c, "href").empty()) e.link = Resolve(c, Text(c));  // RSS-style link
        }
      } else if (NameIs(c, "id")) {
        e.id = Text(c);
      } else if (NameIs(c, "published") || NameIs(c, "issued") || NameIs(c, "created")) {
        if (e.published.empty()) e.published = NormalizeDate(Text(c));
      } else if (NameIs(c, "updated") || NameIs(c, "modified")) {
        if (e.updated.empty()) e.updated = NormalizeDate(Text(c));
      } else if (NameIs(c, "author")) {
        for (xmlNode* n = c->children; n != nullptr; n = n->next) {
          if (n->type == XML_ELEMENT_NODE && NameIs(n, "name") && e.author.empty()) e.author = PlainText(Text(n));
        }
      } else if (NameIs(c, "summary")) {
        e.summary = Text(c);
      } else if (NameIs(c, "content")) {
        content = Text(c);
      }
    }
    if (e.summary.empty()) e.summary = content;
    if (e.published.empty()) e.published = e.updated;
    feed_->entries.push_back(std::move(e));
  }

  void ReadSitemapUrl(xmlNode* url) {
    if (Full()) return;
    FeedEntry e;
    for (xmlNode* c = url->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      if (NameIs(c, "loc")) {
        e.link = Resolve(c, Text(c));
      } else if (NameIs(c, "lastmod")) {
        e.updated = NormalizeDate(Text(c));
      } else if (NameIs(c, "news")) {
        for (xmlNode* n = c->children; n != nullptr; n = n->next) {
          if (n->type != XML_ELEMENT_NODE) continue;
          if (NameIs(n, "title")) {
            e.title = PlainText(Text(n));
          } else if (NameIs(n, "publication_date")) {
            e.published = NormalizeDate(Text(n));
          } else if (NameIs(n, "publication")) {
            for (xmlNode* p = n->children; p != nullptr; p = p->next) {
              if (p->type == XML_ELEMENT_NODE && NameIs(p, "language")) e.lang = Text(p);
            }
          }
        }
      }
    }
    if (e.link.empty()) {
      MarkBozo("sitemap <url> without <loc>");
      return;
    }
    feed_->entries.push_back(std::move(e));
  }

  xmlDocPtr doc_;
  const FeedOptions& options_;
  Feed* feed_;
  std::vector<std::pair<xmlNode*, char>> pending_;
};

struct DocDeleter {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
struct CtxtDeleter {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};

void ParseXml(std::string_view bytes, const FeedOptions& options, Feed* feed) {
  InitLibxml();
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) {
    feed->bozo = true;
    feed->bozo_reason = "document too large";
    return;
  }
  // Never XML_PARSE_NOENT or XML_PARSE_DTDLOAD: no entity from outside.
  const int kOptions = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                       XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS;
  const char* url = options.base_url.empty() ? nullptr : options.base_url.c_str();
  std::string charset = CharsetFromContentType(options.content_type);
  std::unique_ptr<xmlParserCtxt, CtxtDeleter> ctxt(xmlNewParserCtxt());
  if (!ctxt) {
    feed->bozo = true;
    feed->bozo_reason = "out of memory";
    return;
  }
  std::unique_ptr<xmlDoc, DocDeleter> doc(xmlCtxtReadMemory(ctxt.get(), bytes.data(), static_cast<int>(bytes.size()),
                                                            url, charset.empty() ? nullptr : charset.c_str(),
                                                            kOptions));
  std::string reason;
  auto note_error = [&](xmlParserCtxt* c) {
    if (reason.empty() && c->lastError.message != nullptr) {
      reason = "line " + std::to_string(c->lastError.line) + ": " + Trimmed(c->lastError.message);
    }
  };
  bool well_formed = doc != nullptr && ctxt->wellFormed && ctxt->nsWellFormed;
  if (!well_formed) note_error(ctxt.get());
  if (doc == nullptr && !charset.empty()) {
    // An unknown charset in the header: let the document tell its own.
    reason = "charset '" + charset + "' not usable; " + reason;
    ctxt.reset(xmlNewParserCtxt());
    if (ctxt) {
      doc.reset(xmlCtxtReadMemory(ctxt.get(), bytes.data(), static_cast<int>(bytes.size()), url, nullptr, kOptions));
      if (doc == nullptr) note_error(ctxt.get());
    }
  }
  if (doc == nullptr || xmlDocGetRootElement(doc.get()) == nullptr) {
    // Broken beyond XML recovery: read it as tag soup.
    doc.reset(htmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), url, nullptr,
                             HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING));
    feed->bozo = true;
    feed->bozo_reason = reason.empty() ? "not well-formed XML" : reason;
    if (doc == nullptr || xmlDocGetRootElement(doc.get()) == nullptr) {
      if (feed->bozo_reason.empty()) feed->bozo_reason = "empty document";
      return;
    }
    XmlFeedReader(doc.get(), options, feed).ReadAnything(xmlDocGetRootElement(doc.get()));
    return;
  }
  if (!well_formed) {
    feed->bozo = true;
    feed->bozo_reason = reason.empty() ? "not well-formed XML" : reason;
  }
  XmlFeedReader(doc.get(), options, feed).Read(xmlDocGetRootElement(doc.get()));
}

std::string JsonString(simdjson::dom::element e, const char* key) {
  std::string_view v;
  if (e[key].get_string().get(v) == simdjson::SUCCESS) return std::string(v);
  int64_t n = 0;
  if (e[key].get_int64().get(n) == simdjson::SUCCESS) return std::to_string(n);
  return "";
}

void ParseJsonFeed(std::string_view bytes, const FeedOptions& options, Feed* feed) {
  feed->kind = FeedKind::kJsonFeed;
  simdjson::dom::parser parser;
  simdjson::padded_string padded(bytes.data(), bytes.size());
  simdjson::dom::element root;
  if (auto error = parser.parse(padded).get(root); error != simdjson::SUCCESS) {
    feed->bozo = true;
    feed->bozo_reason = std::string("invalid JSON: ") + simdjson::error_message(error);
    return;
  }
  simdjson::dom::object obj;
  if (root.get_object().get(obj) != simdjson::SUCCESS) {
    feed->bozo = true;
    feed->bozo_reason = "JSON Feed is not an object";
    return;
  }
  std::string version = JsonString(root, "version");
  if (version.find("jsonfeed.org/version/1.1") != std::string::npos) {
    feed->version = "json11";
  } else if (version.find("jsonfeed.org/version/1") != std::string::npos) {
    feed->version = "json1";
  } else {
    feed->version = "json";
    feed->bozo = true;
    feed->bozo_reason = "no JSON Feed version";
  }
  feed->title = JsonString(root, "title");
  feed->link = JsonString(root, "home_page_url");
  feed->lang = JsonString(root, "language");
  auto resolve = [&](const std::string& link) {
    if (link.empty() || options.base_url.empty()) return link;
    Result<std::string> abs = ResolveReference(options.base_url, link);
    return abs.ok() ? *abs : link;
  };
  simdjson::dom::array items;
  if (root["items"].get_array().get(items) != simdjson::SUCCESS) {
    feed->bozo = true;
    if (feed->bozo_reason.empty()) feed->bozo_reason = "JSON Feed without items";
    return;
  }
  for (simdjson::dom::element item : items) {
    if (feed->entries.size() >= options.max_entries) {
      feed->bozo = true;
      feed->bozo_reason = "too many entries";
      break;
    }
    if (!item.is_object()) continue;
    FeedEntry e;
    e.id = JsonString(item, "id");
    e.link = resolve(JsonString(item, "url"));
    if (e.link.empty()) e.link = resolve(JsonString(item, "external_url"));
    e.title = PlainText(JsonString(item, "title"));
    e.published = NormalizeDate(JsonString(item, "date_published"));
    e.updated = NormalizeDate(JsonString(item, "date_modified"));
    e.summary = JsonString(item, "summary");
    if (e.summary.empty()) e.summary = JsonString(item, "content_text");
    if (e.summary.empty()) e.summary = JsonString(item, "content_html");
    e.lang = JsonString(item, "language");
    simdjson::dom::array authors;
    simdjson::dom::element author;
    if (item["authors"].get_array().get(authors) == simdjson::SUCCESS) {
      for (simdjson::dom::element a : authors) {
        e.author = JsonString(a, "name");
        if (!e.author.empty()) break;
      }
    } else if (item["author"].get(author) == simdjson::SUCCESS && author.is_object()) {
      e.author = JsonString(author, "name");
    }
    if (e.link.empty() && (e.id.compare(0, 7, "http://") == 0 || e.id.compare(0, 8, "https://") == 0)) {
      e.link = e.id;
    }
    feed->entries.push_back(std::move(e));
  }
}

void ParseUrlList(std::string_view bytes, const FeedOptions& options, Feed* feed) {
  feed->kind = FeedKind::kUrlList;
  feed->version = "urllist";
  size_t pos = 0;
  int line_no = 0;
  while (pos < bytes.size()) {
    size_t end = bytes.find('\n', pos);
    if (end == std::string_view::npos) end = bytes.size();
    std::string line = Trimmed(std::string(bytes.substr(pos, end - pos)));
    pos = end + 1;
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    if (feed->entries.size() >= options.max_entries) {
      feed->bozo = true;
      feed->bozo_reason = "too many entries";
      break;
    }
    std::string link = line;
    if (!options.base_url.empty()) {
      Result<std::string> abs = ResolveReference(options.base_url, line);
      if (abs.ok()) link = *abs;
    }
    Result<Url> url = ParseUrl(link);
    if (!url.ok() || url->scheme.empty() || !url->has_authority) {
      if (!feed->bozo) feed->bozo_reason = "line " + std::to_string(line_no) + ": not a URL";
      feed->bozo = true;
      continue;
    }
    FeedEntry e;
    e.link = link;
    feed->entries.push_back(std::move(e));
  }
}

bool LooksLikeXml(std::string_view s) {
  if (s.size() >= 2) {
    auto b0 = static_cast<unsigned char>(s[0]), b1 = static_cast<unsigned char>(s[1]);
    if ((b0 == 0xFE && b1 == 0xFF) || (b0 == 0xFF && b1 == 0xFE)) return true;  // UTF-16/32 BOMs
    if ((b0 == 0 || b1 == 0) && (s[0] == '<' || s[1] == '<')) return true;      // UTF-16 without BOM
  }
  if (s.size() >= 4 && s[0] == 0 && s[1] == 0 && (s[2] == 0 || static_cast<unsigned char>(s[2]) == 0xFE)) return true;
  return false;
}

}  // namespace

const char* FeedKindName(FeedKind kind) {
  switch (kind) {
    case FeedKind::kUnknown: return "unknown";
    case FeedKind::kRss: return "rss";
    case FeedKind::kRdf: return "rdf";
    case FeedKind::kAtom: return "atom";
    case FeedKind::kJsonFeed: return "jsonfeed";
    case FeedKind::kSitemap: return "sitemap";
    case FeedKind::kSitemapIndex: return "sitemapindex";
    case FeedKind::kUrlList: return "urllist";
  }
  return "unknown";
}

std::string CharsetFromContentType(std::string_view content_type) {
  std::string lower(content_type);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  size_t p = lower.find("charset");
  if (p == std::string::npos) return "";
  p = lower.find('=', p);
  if (p == std::string::npos) return "";
  ++p;
  while (p < lower.size() && (lower[p] == ' ' || lower[p] == '"' || lower[p] == '\'')) ++p;
  size_t e = p;
  while (e < lower.size() && lower[e] != ';' && lower[e] != '"' && lower[e] != '\'' && lower[e] != ' ') ++e;
  return lower.substr(p, e - p);
}

bool Gunzip(std::string_view bytes, size_t max_bytes, std::string* out) {
  out->clear();
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return false;  // +32: gzip or zlib header
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(std::min<size_t>(bytes.size(), UINT32_MAX));
  char buf[65536];
  int rc = Z_OK;
  bool ok = true;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      ok = false;
      break;
    }
    size_t n = sizeof(buf) - zs.avail_out;
    if (out->size() + n > max_bytes) {
      out->append(buf, max_bytes - out->size());
      ok = false;
      break;
    }
    out->append(buf, n);
    if (rc == Z_OK && n == 0 && zs.avail_in == 0) {  // truncated input
      ok = false;
      break;
    }
  }
  inflateEnd(&zs);
  return ok;
}

Feed ParseFeed(std::string_view bytes, const FeedOptions& options) {
  Feed feed;
  std::string inflated;
  if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1F && static_cast<unsigned char>(bytes[1]) == 0x8B) {
    if (!Gunzip(bytes, options.max_decoded_bytes, &inflated)) {
      feed.bozo = true;
      feed.bozo_reason = "gzip data corrupt or larger than " + std::to_string(options.max_decoded_bytes) + " bytes";
    }
    bytes = inflated;
  }
  std::string_view s = bytes;
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  while (!s.empty() && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n')) s.remove_prefix(1);
  std::string ct(options.content_type);
  for (char& c : ct) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  bool bozo = feed.bozo;
  std::string reason = feed.bozo_reason;
  if (s.empty()) {
    feed.bozo = true;
    if (reason.empty()) feed.bozo_reason = "empty document";
    return feed;
  }
  if (s[0] == '{' || (ct.find("json") != std::string::npos && s[0] != '<')) {
    ParseJsonFeed(s, options, &feed);
  } else if (s[0] == '<') {
    ParseXml(s, options, &feed);
  } else if (LooksLikeXml(bytes)) {
    ParseXml(bytes, options, &feed);
  } else {
    ParseUrlList(s, options, &feed);
  }
  if (bozo) {
    feed.bozo = true;
    feed.bozo_reason = reason;
  }
  return feed;
}

}  // namespace newsintel

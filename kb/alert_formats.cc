// The alert formats: JSON line, webhook body, Atom feed; atomic file writes.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "extract/json.h"
#include "extract/normalize.h"
#include "kb/alerts.h"

namespace newsintel {
namespace {

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

#include "extract/extraction_json.h"

#include "extract/json.h"

namespace newsintel {

std::string ExtractionToJson(const Extraction& x) {
  std::string out;
  AppendExtractionJson(x, &out);
  return out;
}

void AppendExtractionJson(const Extraction& x, std::string* out) {
  // The JSON of an article is about three times its text (the text, and
  // the facts with their spans).
  out->reserve(out->size() + 3 * x.document.text.size() + 1024);
  JsonWriter w(out);
  const Document& d = x.document;
  w.BeginObject();
  w.Key("doc"); w.String(d.doc);
  w.Key("url"); w.StringOrNull(d.url);
  w.Key("title"); w.StringOrNull(d.title);
  w.Key("lang"); w.StringOrNull(d.lang);
  w.Key("published"); w.StringOrNull(d.published);
  w.Key("author"); w.StringOrNull(d.author);
  w.Key("outlet"); w.StringOrNull(d.outlet);
  w.Key("text"); w.String(d.text);
  w.Key("entities");
  w.BeginArray();
  for (const EntityMention& e : x.entities) {
    w.BeginObject();
    w.Key("name"); w.String(e.name);
    w.Key("type"); w.String(e.type);
    w.Key("id"); w.StringOrNull(e.id);
    w.Key("text"); w.String(e.text);
    w.Key("start"); w.Int(e.start);
    w.Key("end"); w.Int(e.end);
    w.EndObject();
  }
  w.EndArray();
  w.Key("chips");
  w.BeginArray();
  for (const ChipMention& c : x.chips) {
    w.BeginObject();
    w.Key("name"); w.String(c.name);
    w.Key("vendor"); w.StringOrNull(c.vendor);
    w.Key("family"); w.StringOrNull(c.family);
    w.Key("export_class"); w.StringOrNull(c.export_class);
    w.Key("tpp"); if (c.tpp > 0) w.Number(c.tpp); else w.Null();
    w.Key("text"); w.String(c.text);
    w.Key("start"); w.Int(c.start);
    w.Key("end"); w.Int(c.end);
    w.EndObject();
  }
  w.EndArray();
  w.Key("figures");
  w.BeginArray();
  for (const Figure& f : x.figures) {
    w.BeginObject();
    w.Key("value"); w.Number(f.value);
    w.Key("unit"); w.StringOrNull(f.unit);
    w.Key("kind"); w.StringOrNull(f.kind);
    w.Key("approx"); w.Bool(f.approx);
    if (!f.approx_marker.empty()) { w.Key("approx_marker"); w.String(f.approx_marker); }
    w.Key("precision"); w.Number(f.precision);
    w.Key("metric"); w.StringOrNull(f.metric);
    w.Key("subject"); w.StringOrNull(f.subject);
    if (f.range_id >= 0) { w.Key("range"); w.Int(f.range_id); }
    w.Key("text"); w.String(f.text);
    w.Key("start"); w.Int(f.start);
    w.Key("end"); w.Int(f.end);
    w.EndObject();
  }
  w.EndArray();
  w.Key("claims");
  w.BeginArray();
  for (const Claim& c : x.claims) {
    w.BeginObject();
    w.Key("speaker"); w.StringOrNull(c.speaker);
    w.Key("modality"); w.String(c.modality);
    w.Key("about");
    w.BeginArray();
    for (const std::string& a : c.about) w.String(a);
    w.EndArray();
    w.Key("cue"); w.StringOrNull(c.cue);
    w.Key("text"); w.String(c.text);
    w.Key("start"); w.Int(c.start);
    w.Key("end"); w.Int(c.end);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

}  // namespace newsintel

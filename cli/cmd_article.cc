// newsintel article: the article body and metadata of HTML pages, one JSON object a line.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command.h"
#include "extract/html_article.h"
#include "extract/json.h"

namespace newsintel {
namespace cli {

int RunArticle(const Args& args, Io& io) {
  if (args.positional().empty()) return Fail(io, "article: give at least one HTML file or directory");
  bool offsets = args.Has("offsets");
  HtmlOptions options;
  options.http_charset = args.Get("charset");
  options.base_url = args.Get("base-url");
  options.default_lang = args.Get("lang");
  int errors = 0;
  PathList files = ExpandInputs(args.positional(), io, &errors);
  std::string line;
  for (size_t i = 0; i < files.size(); ++i) {
    std::string path = files[i];
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    if (!in || !(buffer << in.rdbuf())) {
      Fail(io, path + ": cannot read");
      ++errors;
      continue;
    }
    Result<Document> doc = DocumentFromHtml(buffer.str(), options);
    if (!doc.ok()) {
      Fail(io, doc.status().WithContext(path).ToString());
      ++errors;
      continue;
    }
    line.clear();
    JsonWriter w(&line);
    w.BeginObject();
    w.Key("doc"); w.String(path);
    w.Key("url"); w.StringOrNull(doc->url);
    w.Key("title"); w.StringOrNull(doc->title);
    w.Key("lang"); w.StringOrNull(doc->lang);
    w.Key("published"); w.StringOrNull(doc->published);
    w.Key("author"); w.StringOrNull(doc->author);
    w.Key("outlet"); w.StringOrNull(doc->outlet);
    w.Key("text"); w.String(doc->text);
    if (offsets) {
      w.Key("source_offsets");
      w.BeginArray();
      for (uint32_t o : doc->source_offsets) w.Int(o);
      w.EndArray();
    }
    w.EndObject();
    io.out << line << "\n";
  }
  io.out.flush();
  return errors == 0 ? 0 : 1;
}

}  // namespace cli
}  // namespace newsintel

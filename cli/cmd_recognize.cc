// newsintel recognize: every number of each input text, with its kind and unit.
// Reads JSON lines {"text": ...} on standard input; prints one line
// {"numbers": [{"value", "kind", "unit", "start", "end", "text"}]} per input line.
#include <simdjson.h>

#include <iostream>
#include <string>

#include "cli/command.h"
#include "extract/extractor.h"
#include "extract/json.h"
#include "extract/normalize.h"
#include "extract/quantity_recognizer.h"

namespace newsintel {
namespace cli {

int RunRecognize(const Args& args, Io& io) {
  std::string lang = args.Get("lang", "fr");
  if (lang != "fr" && lang != "en") return Fail(io, "recognize: --lang must be fr or en");
  std::string dir = args.Get("lexicons");
  if (dir.empty()) dir = DefaultLexiconDir();
  auto recognizer = QuantityRecognizer::Create(dir);
  if (!recognizer.ok()) return Fail(io, "recognize: " + recognizer.status().ToString());
  RecognizeOptions options;
  simdjson::dom::parser parser;
  std::string line, out;
  int errors = 0;
  long line_no = 0;
  while (std::getline(std::cin, line)) {
    ++line_no;
    if (line.empty() || line == "\r") continue;
    out.clear();
    JsonWriter w(&out);
    w.BeginObject();
    w.Key("numbers");
    w.BeginArray();
    simdjson::dom::element doc;
    std::string_view text_view;
    if (parser.parse(line).get(doc) != simdjson::SUCCESS ||
        doc["text"].get_string().get(text_view) != simdjson::SUCCESS) {
      Fail(io, "recognize: line " + std::to_string(line_no) + ": expected a JSON object with a \"text\" string");
      ++errors;
    } else {
      std::string text(text_view);
      FoldedText folded = FoldedText::Fold(text);
      for (const Quantity& q : (*recognizer)->Find(folded, text, lang, options)) {
        Span span = folded.ToOriginal(q.begin, q.end);
        w.BeginObject();
        w.Key("value"); w.Number(q.value);
        w.Key("kind"); w.String(q.kind);
        w.Key("unit"); w.String(q.unit);
        w.Key("approx"); w.Bool(q.approx);
        w.Key("precision"); w.Number(q.precision);
        w.Key("start"); w.Int(span.start);
        w.Key("end"); w.Int(span.end);
        w.Key("text"); w.String(std::string_view(text).substr(span.start, span.end - span.start));
        w.EndObject();
      }
    }
    w.EndArray();
    w.EndObject();
    io.out << out << "\n";
  }
  io.out.flush();
  return errors == 0 ? 0 : 1;
}

}  // namespace cli
}  // namespace newsintel

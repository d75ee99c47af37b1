// newsintel sources ID: every outlet that reported a claim (c<n>) or a
// figure (f<n>), with the sentence quoted from the stored text.
#include <iostream>

#include "cli/command.h"
#include "kb/format.h"
#include "kb/kb.h"

namespace newsintel {
namespace cli {

int RunSources(const Args& args, Io& io) {
  if (args.positional().empty()) return Fail(io, "sources: give a claim (c<n>) or figure (f<n>) id");
  KbQuery q;
  Status st = OpenKbQuery(args, &q);
  if (!st.ok()) return Fail(io, "sources: " + st.ToString());
  int errors = 0;
  for (const std::string& id : args.positional()) {
    auto report = q.kb->Sources(id);
    if (!report.ok()) {
      Fail(io, "sources: " + report.status().ToString());
      ++errors;
      continue;
    }
    WriteSources(*report, q.format, io.out, q.width);
  }
  io.out.flush();
  return errors == 0 ? 0 : 1;
}

}  // namespace cli
}  // namespace newsintel

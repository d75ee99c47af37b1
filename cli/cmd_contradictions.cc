// newsintel contradictions: groups of figures that report one quantity with
// different values, in the contract of ../shared/eval/README.md (jsonl).
#include <iostream>

#include "cli/command.h"
#include "kb/format.h"
#include "kb/kb.h"

namespace newsintel {
namespace cli {

int RunContradictions(const Args& args, Io& io) {
  KbQuery q;
  Status st = OpenKbQuery(args, &q);
  if (!st.ok()) return Fail(io, "contradictions: " + st.ToString());
  auto rows = q.kb->Contradictions(q.filter);
  if (!rows.ok()) return Fail(io, "contradictions: " + rows.status().ToString());
  WriteContradictions(*rows, q.format, io.out, q.width);
  io.out.flush();
  return 0;
}

}  // namespace cli
}  // namespace newsintel

// newsintel figures: figures in the knowledge base.
#include <iostream>

#include "cli/command.h"
#include "kb/format.h"
#include "kb/kb.h"

namespace newsintel {
namespace cli {

int RunFigures(const Args& args, Io& io) {
  KbQuery q;
  Status st = OpenKbQuery(args, &q);
  if (!st.ok()) return Fail(io, "figures: " + st.ToString());
  auto rows = q.kb->Figures(q.filter);
  if (!rows.ok()) return Fail(io, "figures: " + rows.status().ToString());
  WriteFigures(*rows, q.format, io.out, q.width);
  io.out.flush();
  return 0;
}

}  // namespace cli
}  // namespace newsintel

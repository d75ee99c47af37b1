// newsintel claims: attributed claims in the knowledge base.
#include <iostream>

#include "cli/command.h"
#include "kb/format.h"
#include "kb/kb.h"

namespace newsintel {
namespace cli {

int RunClaims(const Args& args, Io& io) {
  KbQuery q;
  Status st = OpenKbQuery(args, &q);
  if (!st.ok()) return Fail(io, "claims: " + st.ToString());
  auto rows = q.kb->Claims(q.filter);
  if (!rows.ok()) return Fail(io, "claims: " + rows.status().ToString());
  WriteClaims(*rows, q.format, io.out, q.width);
  io.out.flush();
  return 0;
}

}  // namespace cli
}  // namespace newsintel

// newsintel entity NAME: the profile of one entity.
#include <iostream>

#include "cli/command.h"
#include "kb/format.h"
#include "kb/kb.h"

namespace newsintel {
namespace cli {

int RunEntity(const Args& args, Io& io) {
  if (args.positional().size() != 1) return Fail(io, "entity: give one NAME (any alias)");
  KbQuery q;
  Status st = OpenKbQuery(args, &q);
  if (!st.ok()) return Fail(io, "entity: " + st.ToString());
  auto profile = q.kb->Entity(args.positional()[0], q.filter);
  if (!profile.ok()) return Fail(io, "entity: " + profile.status().ToString());
  WriteEntityProfile(*profile, q.format, io.out, q.width);
  io.out.flush();
  return 0;
}

}  // namespace cli
}  // namespace newsintel

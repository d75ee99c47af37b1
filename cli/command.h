// The newsintel command line: a table of subcommands over the libraries.
// Each subcommand lives in its own cmd_*.cc and receives everything it needs
// through Args and Io; nothing is global.
#ifndef NEWSINTEL_CLI_COMMAND_H_
#define NEWSINTEL_CLI_COMMAND_H_

#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli/path_list.h"
#include "extract/status.h"
#include "kb/format.h"
#include "kb/kb.h"

namespace newsintel {
namespace cli {

// A flag a subcommand accepts: "--name VALUE" (takes_value) or "--name".
struct FlagSpec {
  const char* name;
  bool takes_value;
  const char* help;
};

// The parsed command line of one subcommand. Flags may repeat.
class Args {
 public:
  // Parses argv[first..] against `flags`; "--name=value" and "--name value"
  // are both accepted; "--" ends the flags.
  static Result<Args> Parse(int argc, char** argv, int first, const std::vector<FlagSpec>& flags);

  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  // The last value given for `name`, or `fallback`.
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  std::vector<std::string> GetAll(const std::string& name) const;
  // Parses the last value as an integer; an error names the flag.
  Result<long> GetInt(const std::string& name, long fallback) const;

  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positional_;
};

// Where a subcommand writes. `out` carries results only; `err` carries one
// line per failure and progress.
struct Io {
  std::ostream& out;
  std::ostream& err;
  bool err_is_tty = false;
  // The file descriptor `out` writes to, for commands that write large
  // outputs past the stream (after flushing it); -1 when `out` is not a file
  // descriptor's stream (tests write into strings).
  int out_fd = -1;
};

struct Command {
  const char* name;
  const char* usage;    // e.g. "extract [--format jsonl|text] PATH..."
  const char* summary;  // one line
  std::vector<FlagSpec> flags;
  int (*run)(const Args& args, Io& io);
};

// Prints "newsintel: <message>" on io.err; returns 1 for use as an exit code.
int Fail(Io& io, const std::string& message);

// Expands directories into the .txt/.html/.htm files below them, sorted.
// Missing paths are reported on io.err and counted in *errors.
PathList ExpandInputs(const std::vector<std::string>& paths, Io& io, int* errors);

// The subcommands (one cmd_*.cc each).
int RunExtract(const Args& args, Io& io);
int RunArticle(const Args& args, Io& io);
int RunIngest(const Args& args, Io& io);
int RunClaims(const Args& args, Io& io);
int RunFigures(const Args& args, Io& io);
int RunContradictions(const Args& args, Io& io);
int RunEntity(const Args& args, Io& io);
int RunSources(const Args& args, Io& io);
int RunCrawl(const Args& args, Io& io);
int RunWatch(const Args& args, Io& io);
int RunAlerts(const Args& args, Io& io);

// After an ingest or a crawl has stored articles: raises the alerts their
// claims call for and delivers what is due (alert JSON lines on io.out, Atom
// files, webhooks). Failed webhooks stay queued for the next run and are
// reported on io.err. Returns 1 if the alerts could not be raised, else 0.
// REQUIRES: `kb` is open for writing.
int RaiseAndDeliverAlerts(KnowledgeBase* kb, Io& io);
int RunExportWeb(const Args& args, Io& io);

// Shared by the knowledge-base queries (cmd_kb_common.cc).
struct KbQuery {
  std::unique_ptr<KnowledgeBase> kb;  // opened read-only
  QueryFilter filter;
  OutputFormat format = OutputFormat::kTable;
  int width = 100;  // table width: $COLUMNS clamped to 60..100
};
// --db, --format and the filters every query accepts.
std::vector<FlagSpec> KbQueryFlags();
// Parses those flags and opens the KB.
Status OpenKbQuery(const Args& args, KbQuery* q);
int RunRecognize(const Args& args, Io& io);

}  // namespace cli
}  // namespace newsintel

#endif  // NEWSINTEL_CLI_COMMAND_H_

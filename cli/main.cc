// newsintel: the command line over the extract, kb, crawler and web libraries.
#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <iostream>

#include "cli/allocator.h"
#include "cli/command.h"

namespace newsintel {
namespace cli {
namespace {

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"extract", "extract [--format jsonl] [--lang fr|en] [--lexicons DIR] [--jobs N] PATH...",
       "print entities, chips, figures and claims found in .txt/.html files, one JSON object a line",
       {{"format", true, "output format: jsonl (default)"},
        {"lang", true, "language to assume when a document does not tell"},
        {"lexicons", true, "lexicon directory (default: the bundled lexicons/)"},
        {"jobs", true, "extraction threads (default: the number of cores); output does not depend on it"}},
       RunExtract},
      {"article", "article [--base-url URL] [--charset NAME] [--lang fr|en] [--offsets] PATH...",
       "print the article body and metadata of HTML pages (no extractors), one JSON object a line",
       {{"base-url", true, "URL the pages came from (resolves relative canonical links)"},
        {"charset", true, "charset from an HTTP header (wins over <meta>)"},
        {"lang", true, "language to assume when a page does not tell and detection is unsure"},
        {"offsets", false, "add source_offsets: for each byte of text, its byte offset in the page"}},
       RunArticle},
      {"ingest", "ingest --db FILE [--lexicons DIR] [--lang fr|en] [--jobs N] PATH...",
       "extract .txt/.html files and store them, with contradictions, in a SQLite knowledge base",
       {{"db", true, "knowledge base file, created if missing (required)"},
        {"lexicons", true, "lexicon directory (default: the bundled lexicons/)"},
        {"lang", true, "language to assume when a document does not tell"},
        {"jobs", true, "extraction threads (default: the number of cores); results do not depend on it"},
        {"batch", true, "articles per transaction (default 256)"}},
       RunIngest},
      {"crawl",
       "crawl --db FILE [--feed URL|PATH]... [--sitemap URL|PATH]... [--url URL|PATH]... [--allow-private] "
       "[--delay SECONDS] [--jobs N]",
       "fetch feeds, sitemaps and pages politely (robots.txt, per-host delay), extract and store the articles; "
       "an interrupted crawl resumes",
       {{"db", true, "knowledge base file, created if missing; also holds the crawl state (required)"},
        {"feed", true, "RSS, Atom or JSON Feed (or a plain list of URLs) whose entries are crawled; repeatable"},
        {"sitemap", true, "sitemap or sitemap index (gzipped or not, Google News too); repeatable"},
        {"url", true, "a page to fetch; repeatable. Local paths are read as file:// URLs"},
        {"allow-private", false, "allow loopback and private addresses (refused by default)"},
        {"delay", true, "seconds between requests to one host (default 1; robots.txt Crawl-delay may raise it)"},
        {"jobs", true, "transfers in flight overall (default 16)"},
        {"max-pages", true, "stop after storing N pages; the rest stays pending for the next run"},
        {"timeout", true, "seconds allowed for one transfer (default 60)"},
        {"lexicons", true, "lexicon directory (default: the bundled lexicons/)"},
        {"lang", true, "language to assume when a page does not tell"}},
       RunCrawl},
      {"claims", "claims --db FILE [--format table|jsonl|csv] [FILTERS]",
       "attributed claims in the knowledge base, oldest report first", KbQueryFlags(), RunClaims},
      {"figures", "figures --db FILE [--format table|jsonl|csv] [FILTERS]",
       "figures in the knowledge base, with the contradiction each belongs to", KbQueryFlags(), RunFigures},
      {"contradictions", "contradictions --db FILE [--format table|jsonl|csv] [FILTERS]",
       "figures of one quantity reported with different values: rounding or conflict", KbQueryFlags(),
       RunContradictions},
      {"entity", "entity --db FILE [--format table|jsonl|csv] [FILTERS] NAME",
       "profile of an entity: aliases, mentions by outlet, claims by and about it, figures, chips",
       KbQueryFlags(), RunEntity},
      {"sources", "sources --db FILE [--format table|jsonl|csv] ID...",
       "every outlet that reported a claim (c<n>) or figure (f<n>), with the quoted sentence",
       KbQueryFlags(), RunSources},
      {"recognize", "recognize [--lang fr|en] [--lexicons DIR] < LINES.jsonl",
       "print every number of each JSON line {\"text\": ...} with its kind and unit, one JSON line each",
       {{"lang", true, "language of the texts: fr (default) or en"},
        {"lexicons", true, "lexicon directory (default: the bundled lexicons/)"}},
       RunRecognize},
      {"watch",
       "watch add|list|remove --db FILE [--name NAME] [--entity X]... [--chip C] [--speaker S] [--modality M]... "
       "[--keyword QUERY] [--outlet O] [--lang L] [--atom FILE]... [--webhook URL]... [--stdout]",
       "alert rules: 'add' one, 'list' them, 'remove NAME'; ingest and crawl then raise one alert per new allegation",
       {{"db", true, "knowledge base file (required)"},
        {"name", true, "rule name: letters, digits, '-', '_', '.' (add)"},
        {"entity", true, "claims about this entity (any alias, either language); repeat for any of several"},
        {"chip", true, "claims naming this chip (catalogue name or family)"},
        {"speaker", true, "claims whose speaker contains this, or is an alias of the entity it names"},
        {"modality", true, "asserted, alleged, denied, doubted, declined; repeatable (default: alleged, asserted, denied)"},
        {"keyword", true, "FTS5 query on the claim text, accent-insensitive"},
        {"outlet", true, "articles whose outlet name or domain contains this"},
        {"lang", true, "articles in this language (fr, en)"},
        {"atom", true, "also keep this Atom 1.0 file up to date; repeatable"},
        {"webhook", true, "also POST each alert as JSON to this URL; repeatable"},
        {"stdout", false, "print alerts on the ingest's standard output (the default without --atom/--webhook)"},
        {"lexicons", true, "lexicon directory used to find an entity's aliases (default: the bundled lexicons/)"},
        {"format", true, "list: table (default) or jsonl"}},
       RunWatch},
      {"alerts", "alerts list|deliver --db FILE [--pending] [--rule NAME] [--format table|jsonl] [--now]",
       "alerts raised by watch rules ('list', '--pending': deliveries waiting), 'deliver' what is due",
       {{"db", true, "knowledge base file (required)"},
        {"pending", false, "list: the deliveries not yet made, with attempts and next retry"},
        {"rule", true, "list: only this rule's alerts"},
        {"format", true, "list: table (default) or jsonl"},
        {"limit", true, "list: at most this many alerts, newest first"},
        {"now", false, "deliver: retry failed webhooks now instead of waiting for their back-off"}},
       RunAlerts},
      {"export-web", "export-web --db FILE --out DIR [--lang fr|en] [--base-url URL]",
       "write the knowledge base as a static web site (pages, offline search, Atom feed); prints its index.html",
       {{"db", true, "knowledge base file (required)"},
        {"out", true, "site directory, created if missing; only files a previous export wrote are replaced (required)"},
        {"lang", true, "interface language of the pages not tied to one article: fr (default) or en"},
        {"base-url", true, "absolute URL the site will be served from, for the Atom feed (default: relative links)"}},
       RunExportWeb},
  };
  return kCommands;
}

void PrintUsage(std::ostream& os) {
  os << "usage: newsintel COMMAND [FLAGS] [ARGS]\n\ncommands:\n";
  for (const Command& c : Commands()) {
    os << "  " << c.name;
    for (size_t n = std::strlen(c.name); n < 16; ++n) os << ' ';
    os << c.summary << "\n";
  }
  os << "\n'newsintel help COMMAND' shows a command's flags.\n";
}

void PrintCommandHelp(const Command& c, std::ostream& os) {
  os << "usage: newsintel " << c.usage << "\n" << c.summary << "\n";
  for (const FlagSpec& f : c.flags) {
    os << "  --" << f.name << (f.takes_value ? " VALUE" : "") << "\n      " << f.help << "\n";
  }
}

}  // namespace
}  // namespace cli
}  // namespace newsintel

int main(int argc, char** argv) {
  using namespace newsintel::cli;
  std::ios::sync_with_stdio(false);
  // Past a file size limit, writes fail with EFBIG (reported by SQLite as a
  // full disk) instead of killing the process.
  signal(SIGXFSZ, SIG_IGN);
  ConfigureAllocator();
  Io io{std::cout, std::cerr, isatty(STDERR_FILENO) != 0, STDOUT_FILENO};
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    PrintUsage(argc < 2 ? std::cerr : std::cout);
    return argc < 2 ? 2 : 0;
  }
  std::string name = argv[1];
  if (name == "help") {
    if (argc < 3) { PrintUsage(std::cout); return 0; }
    name = argv[2];
    for (const Command& c : Commands()) {
      if (name == c.name) { PrintCommandHelp(c, std::cout); return 0; }
    }
    return Fail(io, "no command '" + name + "'");
  }
  for (const Command& c : Commands()) {
    if (name != c.name) continue;
    for (int i = 2; i < argc; ++i) {
      if (std::strcmp(argv[i], "--help") == 0) { PrintCommandHelp(c, std::cout); return 0; }
    }
    auto args = Args::Parse(argc, argv, 2, c.flags);
    if (!args.ok()) {
      Fail(io, name + ": " + args.status().message() + " (see 'newsintel help " + name + "')");
      return 2;
    }
    return c.run(*args, io);
  }
  Fail(io, "no command '" + name + "' (see 'newsintel --help')");
  return 2;
}

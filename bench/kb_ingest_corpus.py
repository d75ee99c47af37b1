#!/usr/bin/env python3
"""Writes N variants of examples/articles for measuring `newsintel ingest`.

usage: bench/kb_ingest_corpus.py [--lang fr|en] N OUT_DIR [SOURCE_DIR]
       bench/kb_ingest_corpus.py [--lang fr|en] --text BODIES.jsonl N OUT_DIR

--lang keeps only the sources whose file name starts with "fr-" (or "en-").

With --text, the articles are plain .txt files made of the bodies that
`newsintel article` printed (BODIES.jsonl), to measure ingest without the
cost of HTML parsing.

Copy i of an article gets its own URL (canonical and og:url end in -v<i>),
its numbers inside paragraphs shifted by a small amount that depends on i,
its paragraphs (plain text) rotated by i // len(sources), and its text
otherwise unchanged, so that every copy is a new article with
facts that group (and sometimes disagree) with the others'.

Measure (one core, extraction included):
  python3 bench/kb_ingest_corpus.py 10000 /tmp/kb-corpus
  rm -f /tmp/kb-bench.db* && build/newsintel ingest --jobs 1 --db /tmp/kb-bench.db /tmp/kb-corpus
  build/newsintel article examples/articles/*.html > /tmp/bodies.jsonl
  python3 bench/kb_ingest_corpus.py --text /tmp/bodies.jsonl 10000 /tmp/kb-text
  rm -f /tmp/kb-text.db* && build/newsintel ingest --jobs 1 --db /tmp/kb-text.db /tmp/kb-text
"""
import json
import os
import re
import sys


def vary_numbers(paragraph, i):
    def shift(m):
        n = int(m.group(0))
        if n < 10 or 1900 <= n <= 2100:  # small counts and years stay
            return m.group(0)
        return str(n + (i % 5))
    return re.sub(r"(?<![\d,.])\d+(?![\d,.])", shift, paragraph)


def rotate_paragraphs(text, k):
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    if len(paragraphs) < 3:
        return text
    # The first paragraph (often the headline) stays first.
    body = paragraphs[1:]
    k %= len(body)
    return "\n\n".join(paragraphs[:1] + body[k:] + body[:k]) + "\n"


def variant(text, is_html, i, rotation=0):
    if is_html:
        text = re.sub(r'(href|content)="(https?://[^"]+?)(\.html)?"',
                      lambda m: '%s="%s-v%d%s"' % (m.group(1), m.group(2), i, m.group(3) or ""), text)
        return re.sub(r"<p>(.*?)</p>", lambda m: "<p>" + vary_numbers(m.group(1), i) + "</p>", text,
                      flags=re.S)
    return vary_numbers(rotate_paragraphs(text, rotation), i)


def main(argv):
    bodies = None
    lang = None
    if len(argv) > 2 and argv[1] == "--lang":
        lang = argv[2]
        argv = argv[:1] + argv[3:]
    if len(argv) > 2 and argv[1] == "--text":
        bodies = argv[2]
        argv = argv[:1] + argv[3:]
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    n, out = int(argv[1]), argv[2]
    if bodies:
        sources = []
        for line in open(bodies, encoding="utf-8"):
            obj = json.loads(line)
            stem = os.path.splitext(os.path.basename(obj["doc"]))[0]
            sources.append((stem + ".txt", obj["text"]))
    else:
        src = argv[3] if len(argv) > 3 else os.path.join(os.path.dirname(__file__), "..", "examples", "articles")
        names = sorted(f for f in os.listdir(src) if f.endswith((".html", ".txt")))
        sources = [(f, open(os.path.join(src, f), encoding="utf-8").read()) for f in names]
    if lang:
        sources = [s for s in sources if s[0].startswith(lang + "-")]
    if not sources:
        print("no articles to vary", file=sys.stderr)
        return 1
    os.makedirs(out, exist_ok=True)
    for i in range(n):
        name, text = sources[i % len(sources)]
        stem, ext = os.path.splitext(name)
        sub = os.path.join(out, "%03d" % (i // 1000))
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, "%s-v%d%s" % (stem, i, ext)), "w", encoding="utf-8") as f:
            f.write(variant(text, ext == ".html", i, i // len(sources)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

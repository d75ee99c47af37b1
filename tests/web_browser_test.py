#!/usr/bin/env python3
"""Browser test of `newsintel export-web`, with headless Chromium.

Ingests examples/articles plus tests/data/web (an article whose every field
tries to inject markup) with the real binary, exports the site, and drives
Chromium through the DevTools protocol over --remote-debugging-pipe (a tiny
client below, standard library only): opens the home page, searches for
"DeepSeek" by typing into the form, follows a claim and a contradiction,
opens the hostile article, and uses the search page over file:// and over
http. Fails on any JavaScript dialog (Page.javascriptDialogOpening), console
error, uncaught exception or error log entry (CSP violations, failed loads).
Screenshots go to --screenshots. Exits 77 (CTest: skipped) without Chromium.
"""

import argparse
import base64
import functools
import glob
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET

SKIP = 77


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


class CdpError(Exception):
    pass


class Cdp:
    """Chrome DevTools Protocol over a pipe: Chromium reads commands on fd 3
    and writes replies and events on fd 4, each a JSON text ending in NUL."""

    def __init__(self, chromium, user_data_dir, log_path):
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()

        def plumb():
            # Park both ends above 4 first: dup2 onto 3 could clobber the other.
            a = os.dup(to_child_r)
            b = os.dup(from_child_w)
            a2 = 100 if a < 100 else a
            b2 = 101 if b < 101 else b
            os.dup2(a, a2)
            os.dup2(b, b2)
            os.dup2(a2, 3)
            os.dup2(b2, 4)

        args = [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--mute-audio", "--remote-debugging-pipe",
            "--user-data-dir=" + user_data_dir, "about:blank",
        ]
        self.log = open(log_path, "wb")
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
                                     preexec_fn=plumb, close_fds=False)
        os.close(to_child_r)
        os.close(from_child_w)
        self.wfd = to_child_w
        self.rfd = from_child_r
        self.next_id = 0
        self.replies = {}
        self.events = []
        self.cond = threading.Condition()
        self.closed = False
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        buf = b""
        while True:
            try:
                chunk = os.read(self.rfd, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self.cond:
                    self.closed = True
                    self.cond.notify_all()
                return
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw.decode("utf-8"))
                with self.cond:
                    if "id" in msg:
                        self.replies[msg["id"]] = msg
                    else:
                        self.events.append(msg)
                    self.cond.notify_all()

    def send(self, method, params=None, session=None, timeout=30):
        with self.cond:
            self.next_id += 1
            mid = self.next_id
        msg = {"id": mid, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode("utf-8") + b"\0"
        while data:
            n = os.write(self.wfd, data)
            data = data[n:]
        deadline = time.time() + timeout
        with self.cond:
            while mid not in self.replies:
                left = deadline - time.time()
                if left <= 0 or self.closed:
                    raise CdpError("no reply to %s" % method)
                self.cond.wait(left)
            reply = self.replies.pop(mid)
        if "error" in reply:
            raise CdpError("%s: %s" % (method, reply["error"]))
        return reply.get("result", {})

    def mark(self):
        with self.cond:
            return len(self.events)

    def wait_event(self, method, since, session=None, timeout=30):
        deadline = time.time() + timeout
        with self.cond:
            while True:
                for ev in self.events[since:]:
                    if ev.get("method") == method and (session is None or ev.get("sessionId") == session):
                        return ev
                left = deadline - time.time()
                if left <= 0 or self.closed:
                    raise CdpError("no %s event" % method)
                self.cond.wait(left)

    def all_events(self):
        with self.cond:
            return list(self.events)

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self.wfd, self.rfd):
            try:
                os.close(fd)
            except OSError:
                pass
        self.log.close()


class Page:
    """One tab: navigation, script evaluation, input, screenshots; records
    dialogs, console errors, exceptions and error log entries."""

    def __init__(self, cdp):
        self.cdp = cdp
        target = cdp.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = cdp.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page.enable", "Runtime.enable", "Log.enable"):
            self.send(domain)
        self.seen = cdp.mark()
        self.problems = []
        self.dialogs = []

    def send(self, method, params=None, timeout=30):
        return self.cdp.send(method, params, self.session, timeout)

    def collect(self):
        """Moves new dialogs and errors into self.dialogs / self.problems."""
        events = self.cdp.all_events()
        for ev in events[self.seen:]:
            if ev.get("sessionId") != self.session:
                continue
            m, p = ev.get("method"), ev.get("params", {})
            if m == "Page.javascriptDialogOpening":
                self.dialogs.append("%s: %s" % (p.get("type"), p.get("message")))
                # Dismiss it so that the page goes on.
                threading.Thread(target=lambda: self._dismiss(), daemon=True).start()
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                self.problems.append("console.%s: %s" % (p.get("type"), [a.get("value") for a in p.get("args", [])]))
            elif m == "Runtime.exceptionThrown":
                self.problems.append("exception: %s" % p.get("exceptionDetails", {}).get("text"))
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                e = p["entry"]
                self.problems.append("log %s: %s %s" % (e.get("source"), e.get("text"), e.get("url", "")))
        self.seen = len(events)

    def _dismiss(self):
        try:
            self.send("Page.handleJavaScriptDialog", {"accept": False}, timeout=5)
        except CdpError:
            pass

    def navigate(self, url):
        since = self.cdp.mark()
        reply = self.send("Page.navigate", {"url": url})
        if reply.get("errorText"):
            raise CdpError("navigate %s: %s" % (url, reply["errorText"]))
        self.cdp.wait_event("Page.loadEventFired", since, self.session)
        self.settle()

    def settle(self, seconds=0.3):
        time.sleep(seconds)
        self.collect()

    def eval(self, expression):
        reply = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                               "awaitPromise": True})
        if "exceptionDetails" in reply:
            raise CdpError("evaluate %r: %s" % (expression, reply["exceptionDetails"].get("text")))
        return reply.get("result", {}).get("value")

    def wait_for(self, expression, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = self.eval(expression)
            if value:
                return value
            time.sleep(0.1)
        raise CdpError("timed out waiting for %s" % expression)

    def click(self, selector):
        """A real mouse click at the middle of the first element `selector` matches."""
        box = self.eval("(() => { const e = document.querySelector(%s); if (!e) return null; "
                        "e.scrollIntoView({block: 'center'}); const r = e.getClientRects()[0]; "
                        "return [r.left + Math.min(r.width / 2, 20), r.top + r.height / 2]; })()"
                        % json.dumps(selector))
        if not box:
            raise CdpError("nothing matches %s" % selector)
        since = self.cdp.mark()
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left",
                                                   "clickCount": 1})
        return since

    def type_text(self, selector, text):
        self.eval("document.querySelector(%s).focus()" % json.dumps(selector))
        self.send("Input.insertText", {"text": text})

    def press_enter(self):
        for kind in ("keyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", {"type": kind, "key": "Enter", "code": "Enter",
                                                 "windowsVirtualKeyCode": 13, "nativeVirtualKeyCode": 13,
                                                 "text": "\r" if kind == "keyDown" else ""})

    def viewport(self, width, height, mobile=False):
        self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height,
                                                         "deviceScaleFactor": 1, "mobile": mobile})

    def screenshot(self, path, max_height=2400):
        metrics = self.send("Page.getLayoutMetrics")
        size = metrics.get("cssContentSize") or metrics.get("contentSize")
        clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], max_height), "scale": 1}
        data = self.send("Page.captureScreenshot", {"format": "png", "clip": clip,
                                                    "captureBeyondViewport": True})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))


class Checker:
    def __init__(self):
        self.failures = []

    def check(self, ok, what):
        print(("ok    " if ok else "FAIL  ") + what)
        if not ok:
            self.failures.append(what)
        return ok


def serve(directory):
    handler = functools.partial(QuietHandler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def run(cmd):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return proc.returncode, proc.stdout, proc.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--newsintel", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--screenshots", required=True)
    args = ap.parse_args()

    chromium = find_chromium()
    if chromium is None:
        print("SKIP: no chromium on PATH (tools/setup installs Debian's chromium package)")
        return SKIP

    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    os.makedirs(args.screenshots, exist_ok=True)
    for old in glob.glob(os.path.join(args.screenshots, "*.png")):
        os.remove(old)
    db = os.path.join(args.work, "kb.db")
    site = os.path.join(args.work, "site")
    c = Checker()

    code, out, err = run([args.newsintel, "ingest", "--db", db, os.path.join(args.source, "examples", "articles"),
                          os.path.join(args.source, "tests", "data", "web")])
    if not c.check(code == 0, "ingest examples/articles and tests/data/web (exit %d) %s" % (code, err.strip())):
        return 1
    code, out, err = run([args.newsintel, "export-web", "--db", db, "--out", site])
    index = os.path.join(site, "index.html")
    if not c.check(code == 0 and out.strip() == index, "export-web prints %s (got %r, %s)" % (index, out, err)):
        return 1
    print("      " + err.strip())

    # The Atom feed parses and lists the newest allegations.
    atom = "{http://www.w3.org/2005/Atom}"
    try:
        feed = ET.parse(os.path.join(site, "feed.atom")).getroot()
        entries = feed.findall(atom + "entry")
        ids = [e.findtext(atom + "id") for e in entries]
        c.check(feed.tag == atom + "feed" and entries and len(set(ids)) == len(ids)
                and all(e.findtext(atom + "updated") for e in entries),
                "feed.atom is Atom with %d entries, unique ids, dates" % len(entries))
    except ET.ParseError as e:
        c.check(False, "feed.atom parses as XML (%s)" % e)

    server = serve(site)
    base_http = "http://127.0.0.1:%d/" % server.server_address[1]
    base_file = "file://" + urllib.parse.quote(os.path.abspath(site)) + "/"
    profile = tempfile.mkdtemp(prefix="newsintel-chromium-")
    cdp = Cdp(chromium, profile, os.path.join(args.work, "chromium.log"))
    try:
        page = Page(cdp)
        shots = args.screenshots

        # The dialog listener works: a deliberate alert is seen and dismissed.
        page.navigate("about:blank")
        page.send("Runtime.evaluate", {"expression": "setTimeout(() => alert('canary'), 0)"})
        page.settle(0.5)
        c.check(any("canary" in d for d in page.dialogs), "a deliberate alert() is caught by the dialog listener")
        page.dialogs.clear()

        # Home page, desktop and phone.
        page.viewport(1280, 900)
        page.navigate(base_file + "index.html")
        c.check(page.eval("document.querySelector('h1') !== null"), "home page renders")
        allegations = page.eval("document.querySelectorAll('#allegations a[href^=\"claim/\"]').length")
        c.check(allegations > 0, "home page lists allegations (%s)" % allegations)
        page.screenshot(os.path.join(shots, "home.png"))
        page.viewport(390, 844, mobile=True)
        page.navigate(base_file + "index.html")
        overflow = page.eval("document.documentElement.scrollWidth - window.innerWidth")
        c.check(overflow <= 1, "home page fits a 390 px phone screen (overflow %s px)" % overflow)
        page.screenshot(os.path.join(shots, "home-phone.png"))
        page.viewport(1280, 900)
        page.navigate(base_file + "index.html")

        # Search for DeepSeek by typing into the home page form.
        page.type_text("form.home-search input[name=q]", "DeepSeek")
        since = page.cdp.mark()
        page.press_enter()
        page.cdp.wait_event("Page.loadEventFired", since, page.session)
        page.settle()
        url = page.eval("location.href")
        c.check("search.html?q=DeepSeek" in url, "the form opens the search page (%s)" % url)
        n = page.wait_for("document.querySelectorAll('#search-results li').length")
        kinds = page.eval("[...new Set([...document.querySelectorAll('#search-results li')].map(li => li.className))]")
        c.check(n > 0 and "result result-c" in kinds and "result result-e" in kinds,
                "search 'DeepSeek' finds claims and entities (%s results, %s)" % (n, kinds))
        status = page.eval("document.getElementById('search-status').textContent")
        c.check(status.startswith(str(n)), "search status counts the results (%r)" % status)
        page.screenshot(os.path.join(shots, "search-deepseek.png"))

        # Accent-insensitive: "helene durand" finds "Hélène Durand".
        page.eval("document.getElementById('q').value = ''")
        page.type_text("#q", "helene DURAND")
        n = page.wait_for("document.querySelectorAll('#search-results li').length")
        titles = page.eval("[...document.querySelectorAll('#search-results li a')].map(a => a.textContent)")
        c.check(any("Hélène" in t for t in titles), "search 'helene DURAND' finds 'Hélène Durand' (%s)" % titles[:3])

        # Follow a claim from the results.
        page.navigate(base_file + "search.html?q=DeepSeek")
        page.wait_for("document.querySelectorAll('#search-results li.result-c').length")
        since = page.click("#search-results li.result-c a")
        page.cdp.wait_event("Page.loadEventFired", since, page.session)
        page.settle()
        url = page.eval("location.href")
        c.check("/claim/" in url, "a claim result opens a claim page (%s)" % url)
        ld = page.eval("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)")
        c.check(ld.get("@type") == "Claim" and ld.get("text"), "claim page has schema.org Claim JSON-LD")
        c.check(page.eval("document.querySelector('blockquote.quote mark.claim') !== null"),
                "claim page quotes the sentence with the claim highlighted")
        page.screenshot(os.path.join(shots, "claim.png"))

        # Follow a contradiction from the home page, when the sample has any.
        page.navigate(base_file + "contradictions.html")
        n = page.eval("document.querySelectorAll('main a[href^=\"contradiction/\"]').length")
        if n == 0:
            print("NOTE  the sample KB has no contradiction: contradiction pages not checked")
        else:
            page.navigate(base_file + "index.html")
            selector = "#contradictions a[href^=\"contradiction/\"]"
            if not page.eval("document.querySelector(%s) !== null" % json.dumps(selector)):
                page.navigate(base_file + "contradictions.html")
                selector = "main a[href^=\"contradiction/\"]"
            since = page.click(selector)
            page.cdp.wait_event("Page.loadEventFired", since, page.session)
            page.settle()
            url = page.eval("location.href")
            c.check("/contradiction/" in url, "a contradiction link opens its page (%s)" % url)
            dots = page.eval("document.querySelectorAll('svg.nl circle.nl-dot').length")
            rows = page.eval("document.querySelectorAll('main table tbody tr').length")
            c.check(dots >= 2 and dots == rows, "the number line shows every value (%s dots, %s rows)" % (dots, rows))
            width = page.eval("document.querySelector('svg.nl').getBoundingClientRect().width")
            c.check(width > 300, "the number line is drawn (%s px wide)" % width)
            page.screenshot(os.path.join(shots, "contradiction.png"))

        # The hostile article: its text shows as text, nothing runs.
        hostile = [p for p in glob.glob(os.path.join(site, "article", "*.html"))
                   if "&lt;script&gt;alert(1)" in open(p, encoding="utf-8").read()]
        if c.check(len(hostile) == 1, "the hostile article is exported (%d page)" % len(hostile)):
            rel = os.path.relpath(hostile[0], site)
            page.navigate(base_file + rel)
            page.settle(0.7)
            title = page.eval("document.title")
            c.check("<script>alert(1)</script>" in title, "its title shows the script tag as text (%r)" % title)
            c.check(page.eval("document.querySelectorAll('img, iframe, object, embed').length") == 0,
                    "no <img> or other element came out of its text")
            bad = page.eval("[...document.querySelectorAll('a[href]')].map(a => a.protocol)"
                            ".filter(p => !['http:', 'https:', 'file:'].includes(p))")
            c.check(bad == [], "every link is http, https or a page of the site (%s)" % bad)
            handlers = page.eval("[...document.querySelectorAll('*')].filter(e => [...e.attributes]"
                                 ".some(a => a.name.startsWith('on'))).length")
            c.check(handlers == 0, "no element has an event handler attribute")
            page.screenshot(os.path.join(shots, "hostile-article.png"))
            # Its claims, if any, and the search page rendering its strings.
            for href in page.eval("[...document.querySelectorAll('.article-text mark a')].map(a => a.href)")[:3]:
                page.navigate(href)
                page.settle(0.5)
        page.navigate(base_file + "search.html?q=" + urllib.parse.quote("<script>alert(1)</script>"))
        page.settle(0.5)
        page.navigate(base_file + "search.html?q=alert")
        page.wait_for("document.querySelectorAll('#search-results li').length")
        page.settle(0.5)
        page.screenshot(os.path.join(shots, "search-hostile.png"))

        # Over http too.
        page.navigate(base_http + "search.html?q=DeepSeek")
        n = page.wait_for("document.querySelectorAll('#search-results li').length")
        c.check(n > 0, "search works over http (%s results)" % n)
        page.navigate(base_http + "index.html")
        page.settle(0.5)

        page.collect()
        c.check(page.dialogs == [], "no dialog opened (%s)" % page.dialogs)
        c.check(page.problems == [], "no console error, exception or error log (%s)" % page.problems)
    except CdpError as e:
        c.check(False, "browser: %s" % e)
    finally:
        cdp.close()
        server.shutdown()
        shutil.rmtree(profile, ignore_errors=True)

    print("screenshots: " + ", ".join(sorted(glob.glob(os.path.join(args.screenshots, "*.png")))))
    if c.failures:
        print("%d check(s) failed" % len(c.failures))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

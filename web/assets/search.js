// newsintel offline search over the prebuilt index (search-index.js assigns
// window.NEWSINTEL_SEARCH = [[kind, title, detail, url, folded words], ...]).
// Accent-, case- and apostrophe-insensitive, like the index: the query is
// folded the same way (NFKD, combining marks dropped, lowercase, spaces,
// apostrophes, quotes and dashes unified). Results are built with DOM calls
// and textContent only. No libraries.
(function () {
  'use strict';

  var MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  var KIND_WEIGHT = { e: 40, h: 35, o: 30, c: 20, a: 10 };
  var MAX_SHOWN = 200;
  var SAFE_URL = /^[a-z0-9][a-z0-9._\/-]*\.html(#[a-z0-9-]+)?$/;

  function fold(s) {
    return s.normalize('NFKD').replace(MARKS, '').toLowerCase()
      .replace(/\u00df/g, 'ss')
      .replace(/[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, ' ')
      .replace(/[\u2018\u2019\u02bc\u00b4\u2032]/g, "'")
      .replace(/[\u00ab\u00bb\u201c\u201d\u201e\u2033]/g, '"')
      .replace(/[\u2010-\u2015\u2212]/g, '-')
      .replace(/\u2026/g, '...');
  }

  function words(query) {
    return fold(query).split(/[\s"'.,;:!?()\[\]{}]+/).filter(function (w) { return w.length > 0; });
  }

  // Every word must occur; words at the start of the entry or of a word rank higher.
  function score(entry, ws) {
    var key = entry[4];
    var total = KIND_WEIGHT[entry[0]] || 0;
    for (var i = 0; i < ws.length; i++) {
      var at = key.indexOf(ws[i]);
      if (at < 0) return -1;
      if (at === 0) total += 30;
      else if (' -\'"/'.indexOf(key.charAt(at - 1)) >= 0) total += 12;
      if (key.length === ws[i].length) total += 50;
    }
    return total;
  }

  function search(index, query) {
    var ws = words(query);
    if (ws.length === 0) return [];
    var hits = [];
    for (var i = 0; i < index.length; i++) {
      var s = score(index[i], ws);
      if (s >= 0) hits.push({ s: s, i: i });
    }
    hits.sort(function (a, b) { return b.s - a.s || a.i - b.i; });
    return hits.map(function (h) { return index[h.i]; });
  }

  function render(results, query, labels, list, status) {
    while (list.firstChild) list.removeChild(list.firstChild);
    if (query.trim() === '') {
      status.textContent = '';
      return;
    }
    status.textContent = results.length === 0 ? labels.none
      : labels.results.replace('{n}', String(results.length));
    var shown = Math.min(results.length, MAX_SHOWN);
    for (var i = 0; i < shown; i++) {
      var r = results[i];
      if (!SAFE_URL.test(r[3])) continue;
      var li = document.createElement('li');
      li.className = 'result result-' + r[0];
      var a = document.createElement('a');
      a.href = r[3];
      a.textContent = r[1];
      li.appendChild(a);
      var kind = document.createElement('span');
      kind.className = 'badge';
      kind.textContent = labels[r[0]] || r[0];
      li.appendChild(kind);
      if (r[2]) {
        var meta = document.createElement('span');
        meta.className = 'meta';
        meta.textContent = r[2];
        li.appendChild(meta);
      }
      list.appendChild(li);
    }
  }

  function start() {
    var form = document.getElementById('search-form');
    var input = document.getElementById('q');
    var list = document.getElementById('search-results');
    var status = document.getElementById('search-status');
    var box = document.getElementById('search-labels');
    if (!form || !input || !list || !status || !box) return;
    var labels = {
      c: box.dataset.c, e: box.dataset.e, a: box.dataset.a, h: box.dataset.h, o: box.dataset.o,
      results: box.dataset.results, none: box.dataset.none
    };
    var index = Array.isArray(window.NEWSINTEL_SEARCH) ? window.NEWSINTEL_SEARCH : [];
    function run() {
      render(search(index, input.value), input.value, labels, list, status);
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      run();
      try {
        history.replaceState(null, '', '?q=' + encodeURIComponent(input.value));
      } catch (e) {
        // Some browsers refuse to change file:// URLs; the results are shown anyway.
      }
    });
    input.addEventListener('input', run);
    var q = new URLSearchParams(window.location.search).get('q');
    if (q) input.value = q;
    run();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();

/* The site's search worker, in place of Material's (main.html points the theme's configuration at it).
   It speaks Material 9.8.1's worker protocol (SETUP -> READY, QUERY -> RESULT with items grouped by
   page), so the search box, the result list and the highlight on the page reached are Material's own.

   Why not Material's lunr worker: it segments Japanese with TinySegmenter when indexing and greedily
   against the index when querying, so 解約 became the query 解* (every 解 highlighted, 解除 ranked
   above 解約). Japanese has no spaces between words; here a term is found where it occurs as written:
   a Japanese term (kanji, kana) anywhere in the text, a term in Latin letters or digits at the start
   of a word (as lunr's trailing wildcard did). Ranking is BM25 without length normalisation (as
   Material's b(0)), a title hit counting most; the result's text is the sentence that holds the
   match, with the query marked, and the terms reported are the words found, which the page reached
   highlights whole. */
(function () {
  "use strict";

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var TITLE = 6;          // a title hit weighs as much as this many hits in the text (saturated)
  var SNIPPET = 160;      // characters of a sentence shown around the match

  /* Katakana readings of the Latin-script words the terms use, so that クッキー finds "Cookie". */
  var READINGS = {
    "クッキー": ["cookie"], "アイピーアドレス": ["ip address"], "アイピー": ["ip"],
    "エスエスエル": ["ssl"], "オーエス": ["os"], "ユーアールエル": ["url"]
  };

  var docs = [];

  /* One character for each character: full-width ASCII as ASCII, letters in lower case, any space a
     space. Lengths are kept, so a position in the folded text is a position in the original. */
  function fold(text) {
    var out = text.replace(/[\uff01-\uff5e]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).replace(/[\u3000\u00a0]/g, " ").toLowerCase();
    if (out.length === text.length) { return out; }
    out = "";  // a letter whose lower case is longer (İ): kept as it is
    for (var i = 0; i < text.length; i++) {
      var lower = fold(text.charAt(i));
      out += lower.length === 1 ? lower : text.charAt(i);
    }
    return out;
  }

  var NAMED = { lt: "<", gt: ">", quot: "\"", apos: "'", amp: "&", nbsp: "\u00a0" };

  function unescapeHTML(text) {
    return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, function (all, name) {
      if (name.charAt(0) === "#") {
        var code = name.charAt(1) === "x" || name.charAt(1) === "X"
          ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
      }
      return NAMED.hasOwnProperty(name) ? NAMED[name] : all;
    });
  }

  function escapeHTML(text) {
    return text.replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" }[c];
    });
  }

  /* The blocks of an entry's text (Material's parser keeps p, li, ol, ul, pre, code, sub, sup). */
  function blocks(html) {
    var parts = html.split(/<\/?(?:p|li|ol|ul|pre)>/);
    var out = [];
    for (var i = 0; i < parts.length; i++) {
      var text = unescapeHTML(parts[i].replace(/<[^>]*>/g, "")).replace(/\s+/g, " ").trim();
      if (text) { out.push(text); }
    }
    return out;
  }

  var CJK = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f々〆ヵヶ]/;
  var WORD = /[a-z0-9\u00c0-\u024f]/;

  /* The places where ``term`` (folded) occurs in ``text`` (folded). */
  function find(text, term) {
    var at = [];
    var latin = !CJK.test(term.charAt(0));
    for (var i = text.indexOf(term); i >= 0; i = text.indexOf(term, i + 1)) {
      if (!latin || i === 0 || !WORD.test(text.charAt(i - 1))) { at.push(i); }
    }
    return at;
  }

  /* All titles and texts, folded, in one string (a search is one native scan of it): a document's
     title starts at starts[i], its text at starts[i] + title length + 1. */
  var corpus = "", starts = [], pages = {};

  function setup(data) {
    docs = [];
    starts = [];
    pages = {};
    var pieces = [], at = 0;
    for (var i = 0; i < data.docs.length; i++) {
      var d = data.docs[i];
      var title = unescapeHTML(d.title.replace(/<[^>]*>/g, "")).trim();
      var parts = blocks(d.text || "");
      var text = parts.join("\n");
      var path = d.location.split("#")[0];
      var doc = {
        order: i, location: d.location, path: path, title: title, parts: parts,
        ftitle: fold(title), ftext: fold(text), text: text, parent: null, tags: d.tags
      };
      if (pages[path] === undefined) { pages[path] = doc; } else { doc.parent = pages[path]; }
      docs.push(doc);
      starts.push(at);
      pieces.push(doc.ftitle, "\u0001", doc.ftext, "\u0002");
      at += doc.ftitle.length + doc.ftext.length + 2;
    }
    corpus = pieces.join("");
  }

  /* Where ``word`` (folded) occurs, by document: {doc index: [title places, text places]}. */
  function occurrences(word) {
    var by = {};
    var latin = !CJK.test(word.charAt(0));
    var k = 0;
    for (var i = corpus.indexOf(word); i >= 0; i = corpus.indexOf(word, i + 1)) {
      if (latin && i > 0 && WORD.test(corpus.charAt(i - 1))) { continue; }
      while (k + 1 < starts.length && starts[k + 1] <= i) { k++; }
      var doc = docs[k], local = i - starts[k];
      var inTitle = local < doc.ftitle.length;
      var place = inTitle ? local : local - doc.ftitle.length - 1;
      if (place + word.length > (inTitle ? doc.ftitle.length : doc.ftext.length)) { continue; }
      var hit = by[k] || (by[k] = [[], []]);
      hit[inTitle ? 0 : 1].push(place);
    }
    return by;
  }

  /* The query's terms: words between spaces, "quoted words" as one term. */
  function terms(query) {
    var out = [];
    var re = /"([^"]+)"|(\S+)/g;
    var m;
    query = query.replace(/\u3000/g, " ");
    while ((m = re.exec(query)) !== null) {
      var raw = (m[1] || m[2]).replace(/^[+\-~^*:]+|[*~^\d]*$/g, function (s) {
        return /^\d+$/.test(s) ? s : "";
      }).trim();
      if (raw && out.indexOf(raw) < 0) { out.push(raw); }
    }
    return out;
  }

  /* The spellings a term is looked for in: itself, its readings, and (a Japanese compound found
     nowhere as written) the longest parts of it that the text contains. */
  function spellings(term) {
    var folded = fold(term);
    var list = [folded].concat(READINGS[folded] || []);
    var found = {};
    var any = false;
    for (var i = 0; i < list.length; i++) {
      found[list[i]] = occurrences(list[i]);
      for (var key in found[list[i]]) { if (found[list[i]].hasOwnProperty(key)) { any = true; break; } }
    }
    if (any || !CJK.test(folded) || folded.length < 3) { return { words: list, found: found, parts: false }; }
    var words = [];
    for (var p = 0; p < folded.length;) {
      var best = 0;
      for (var q = folded.length; q > p + 1 && !best; q--) {
        if (corpus.indexOf(folded.slice(p, q)) >= 0) { best = q; }
      }
      if (best) {
        var piece = folded.slice(p, best);
        words.push(piece);
        found[piece] = occurrences(piece);
        p = best;
      } else {
        p += 1;
      }
    }
    return { words: words, found: found, parts: true };
  }

  function saturate(count) { return count * 2.2 / (count + 1.2); }

  /* The sentence of ``doc`` holding the first place of ``words``, the words marked. */
  function snippet(doc, words) {
    var at = -1, len = 0;
    for (var i = 0; i < words.length; i++) {
      var places = find(doc.ftext, words[i]);
      if (places.length && (at < 0 || places[0] < at)) { at = places[0]; len = words[i].length; }
    }
    var text = doc.text;
    if (at < 0) { at = 0; len = 0; }
    var start = Math.max(text.lastIndexOf("\n", at - 1) + 1, 0);
    var end = text.indexOf("\n", at + len);
    if (end < 0) { end = text.length; }
    var from = start;
    for (var s = at - 1; s >= start; s--) {
      if (text.charAt(s) === "。" || (text.charAt(s) === "." && text.charAt(s + 1) === " ")) { from = s + 1; break; }
    }
    var to = end;
    var period = /[。]|\.(?= |$)/g;
    period.lastIndex = at + len;
    var stop = period.exec(text.slice(0, end));
    if (stop) { to = stop.index + 1; }
    var pre = "", post = "";
    if (at - from > SNIPPET / 2) { from = at - SNIPPET / 2; pre = "…"; }
    if (to - from > SNIPPET) { to = Math.max(from + SNIPPET, at + len); post = "…"; }
    var sentence = text.slice(from, to).trim();
    return "<p>" + pre + mark(sentence, words) + post + "</p>";
  }

  /* ``text`` escaped, each place of ``words`` in a <mark>. */
  function mark(text, words) {
    var folded = fold(text);
    var on = new Array(text.length + 1).join("0").split("");
    for (var i = 0; i < words.length; i++) {
      var places = find(folded, words[i]);
      for (var p = 0; p < places.length; p++) {
        for (var k = places[p]; k < places[p] + words[i].length; k++) { on[k] = "1"; }
      }
    }
    var out = "";
    for (var c = 0; c < text.length; c++) {
      if (on[c] === "1" && (c === 0 || on[c - 1] !== "1")) { out += "<mark>"; }
      out += escapeHTML(text.charAt(c));
      if (on[c] === "1" && on[c + 1] !== "1") { out += "</mark>"; }
    }
    return out;
  }

  function search(query) {
    var list = terms(query);
    if (!list.length) { return { items: [] }; }
    var looked = [], candidates = {};
    for (var t = 0; t < list.length; t++) {
      var s = spellings(list[t]);
      var seen = {}, df = 0;
      for (var w = 0; w < s.words.length; w++) {
        for (var key in s.found[s.words[w]]) {
          if (s.found[s.words[w]].hasOwnProperty(key) && !seen[key]) { seen[key] = true; candidates[key] = true; df++; }
        }
      }
      looked.push({ term: list[t], words: s.words, found: s.found, parts: s.parts,
                    idf: Math.log(1 + (docs.length - df + 0.5) / (df + 0.5)) });
    }
    var hits = [];
    for (var c in candidates) {
      if (!candidates.hasOwnProperty(c)) { continue; }
      var doc = docs[+c];
      var score = 0, matched = 0, found = {}, marked = [];
      for (var j = 0; j < looked.length; j++) {
        var l = looked[j];
        var inTitle = 0, inText = 0, any = false, whole = 0;
        for (var v = 0; v < l.words.length; v++) {
          var word = l.words[v];
          var places = l.found[word][c];
          if (places) {
            var a = places[0], b = places[1];
            inTitle += a.length; inText += b.length;
            marked.push(word);
            whole += l.parts ? word.length : l.term.length;
            any = true;
            // the words as the text writes them: the page reached highlights these
            found[a.length ? doc.title.substr(a[0], word.length) : doc.text.substr(b[0], word.length)] = true;
          }
        }
        var part = (inTitle ? TITLE * (1 + whole / Math.max(doc.title.length, 1)) : 0) + saturate(inText);
        if (l.parts) { part *= Math.min(1, whole / l.term.length); }
        score += l.idf * part;
        if (any) { matched++; } else { found[l.term] = false; }
      }
      score *= 1 + Math.pow(matched / looked.length, 2);
      if (!doc.text) { score *= 0.5; }  // a heading alone (a chapter) after the provisions under it
      hits.push({ doc: doc, score: score, terms: found, words: marked });
    }
    hits.sort(function (x, y) { return y.score - x.score || x.doc.order - y.doc.order; });
    var groups = [], byPath = {};
    for (var h = 0; h < hits.length; h++) {
      var hit = hits[h];
      var item = {
        location: hit.doc.location, title: mark(hit.doc.title, hit.words),
        text: snippet(hit.doc, hit.words), score: hit.score, terms: hit.terms
      };
      if (hit.doc.tags) { item.tags = hit.doc.tags; }
      var group = byPath[hit.doc.path];
      if (group === undefined) { group = byPath[hit.doc.path] = []; groups.push(group); }
      group.push(item);
    }
    for (var g = 0; g < groups.length; g++) {
      var path = groups[g][0].location.split("#")[0];
      var has = false;
      for (var e = 0; e < groups[g].length; e++) { if (groups[g][e].location === path) { has = true; } }
      var page = pages[path];
      if (!has && page !== undefined) {
        groups[g].push({ location: path, title: escapeHTML(page.title), text: "", score: 0, terms: {} });
      }
    }
    return { items: groups };
  }

  self.addEventListener("message", function (event) {
    var message = event.data;
    if (message.type === SETUP) {
      setup(message.data);
      self.postMessage({ type: READY });
    } else if (message.type === QUERY) {
      var result;
      try {
        result = search(String(message.data));
      } catch (err) {
        result = { items: [] };
      }
      self.postMessage({ type: RESULT, data: result });
    }
  });
})();

/* factlint report: findings, filters, search, evidence and timelines, built from the embedded
   JSON with textContent and createElement only (never innerHTML), so no data can become
   markup. Only one page of findings (or groups) is in the DOM at a time. */
(function () {
  "use strict";
  var source = document.getElementById("factlint-data");
  var root = document.getElementById("findings-app");
  if (!source || !root) { return; }
  var DATA = JSON.parse(source.textContent);
  var PAGE = 50;
  var SEV = DATA.severities;
  var LABEL = { error: "Error", warning: "Warning", info: "Info" };
  var GLYPH = { error: "\u2716", warning: "\u25B2", info: "\u2139" };
  var STATUS = { "new": "new", baselined: "baselined", waived: "waived" };
  var ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/g;
  var LATIN = /[A-Za-z]/g;

  // --- helpers ------------------------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] === null || attrs[k] === undefined) { return; }
        if (k === "text") { node.textContent = attrs[k]; }
        else if (k === "cls") { node.className = attrs[k]; }
        else { node.setAttribute(k, attrs[k]); }
      });
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) { return; }
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function dirOf(text) {
    var ar = (String(text).match(ARABIC) || []).length;
    var la = (String(text).match(LATIN) || []).length;
    if (ar === 0 && la === 0) { return "auto"; }
    return ar > la ? "rtl" : "ltr";
  }
  function textEl(tag, text, cls) {
    var d = dirOf(text);
    var node = el(tag, { cls: cls, dir: d, text: text });
    if (d === "rtl") { node.setAttribute("lang", "ar"); }
    return node;
  }
  // Quoted article text and ids keep their own order inside a message of the other direction.
  var ISOLATE = /«[^«»\n]{1,400}»|[A-Za-z][A-Za-z0-9]*(?:[-_.:\/][A-Za-z0-9]+)+/g;
  function richText(tag, text, cls) {
    var node = textEl(tag, "", cls), pos = 0, m;
    node.setAttribute("dir", dirOf(text));
    if (dirOf(text) === "rtl") { node.setAttribute("lang", "ar"); } else { node.removeAttribute("lang"); }
    text = String(text);
    ISOLATE.lastIndex = 0;
    while ((m = ISOLATE.exec(text)) !== null) {
      node.appendChild(document.createTextNode(text.slice(pos, m.index)));
      var part = m[0], d = part.charAt(0) === "\u00AB" ? dirOf(part) : "ltr";
      var b = el("bdi", { dir: d, text: part, cls: d === "ltr" ? "id" : null });
      if (d === "rtl") { b.setAttribute("lang", "ar"); }
      node.appendChild(b);
      pos = m.index + part.length;
    }
    node.appendChild(document.createTextNode(text.slice(pos)));
    return node;
  }
  function idEl(id) { return el("bdi", { cls: "id", dir: "ltr", text: id }); }
  function badge(sev) {
    return el("span", { cls: "badge sev-" + (LABEL[sev] ? sev : "other") }, [
      el("span", { "aria-hidden": "true", text: GLYPH[sev] || "\u25CF" }), " " + (LABEL[sev] || sev)
    ]);
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  // Arabic search ignores diacritics, tatweel and the forms of hamza and alef; Latin ignores case.
  function fold(text) {
    return String(text).toLowerCase()
      .replace(/[\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u200C-\u200F\u202A-\u202E\u2066-\u2069]/g, "")
      .replace(/[\u0622\u0623\u0625\u0671\u0672\u0673]/g, "\u0627")
      .replace(/\u0624/g, "\u0648").replace(/[\u0626\u0649\u06CC]/g, "\u064A")
      .replace(/\u0621/g, "").replace(/\u0629/g, "\u0647")
      .replace(/[\u0660-\u0669]/g, function (d) { return String(d.charCodeAt(0) - 0x660); })
      .replace(/\s+/g, " ");
  }

  // --- the findings, unpacked once ----------------------------------------------------------
  var F = DATA.findings.map(function (r, i) {
    return {
      i: i, sev: SEV[r[0]], code: DATA.codes[r[1]][0], name: DATA.codes[r[1]][1],
      anchor: DATA.codes[r[1]][2], message: r[2], articles: r[3], claims: r[4], mentions: r[5],
      details: r[6], fp: r[7], status: r[8], waiver: r[9], groups: r[10], search: null
    };
  });
  function searchText(f) {
    if (f.search === null) {
      f.search = fold([f.code, f.name, f.message, f.fp, f.articles.join(" "), f.claims.join(" "),
        f.mentions.join(" "), f.groups.map(function (g) { return DATA.groups[g] || g; }).join(" ")
      ].join(" "));
    }
    return f.search;
  }

  // --- filter state -------------------------------------------------------------------------
  var form = document.getElementById("filters");
  var status = document.getElementById("filter-status");
  var list = document.getElementById("findings-list");
  var pager = document.getElementById("pager");
  var state = { page: 0, view: "flat", group: null, shown: F };

  function current() {
    var hidden = {};
    form.querySelectorAll("input[name=severity]").forEach(function (b) { hidden[b.value] = !b.checked; });
    var code = form.elements.code.value;
    var article = form.elements.article.value.trim();
    var gate = form.elements.status.value;
    var words = fold(form.elements.q.value.trim()).split(" ").filter(Boolean);
    var group = state.group;
    return F.filter(function (f) {
      if (hidden[f.sev]) { return false; }
      if (code && f.code !== code) { return false; }
      if (gate && f.status !== gate) { return false; }
      if (article && f.articles.indexOf(article) < 0) { return false; }
      if (group && !inGroup(f, group)) { return false; }
      if (words.length) {
        var hay = searchText(f);
        for (var w = 0; w < words.length; w++) { if (hay.indexOf(words[w]) < 0) { return false; } }
      }
      return true;
    });
  }
  function inGroup(f, group) {
    if (group.kind === "rule") { return f.code === group.key; }
    if (group.kind === "article") { return f.articles.indexOf(group.key) >= 0; }
    return f.groups.indexOf(group.key) >= 0;
  }

  // --- one finding --------------------------------------------------------------------------
  function findingCard(f) {
    var head = el("div", { cls: "finding-head" }, [
      badge(f.sev), " ",
      el("a", { href: "#" + f.anchor, cls: "code", title: "What " + f.code + " checks" }, [idEl(f.code)]),
      " ", el("span", { cls: "rule-name", text: f.name }),
      f.status && f.status !== "new" ? el("span", { cls: "mark mark-" + f.status, text: STATUS[f.status] }) : null,
      f.status === "new" && DATA.baseline ? el("span", { cls: "mark mark-new", text: "new since baseline" }) : null
    ]);
    var body = richText("div", f.message, "msg");
    var ids = el("dl", { cls: "ids" });
    [["Articles", f.articles], ["Claims", f.claims], ["Mentions", f.mentions]].forEach(function (pair) {
      if (!pair[1].length) { return; }
      var dd = el("dd");
      pair[1].forEach(function (id, n) {
        if (n) { dd.appendChild(document.createTextNode(", ")); }
        var anchor = pair[0] === "Articles" && DATA.articles[id] ? DATA.articles[id][0] : null;
        dd.appendChild(anchor ? el("a", { href: "#" + anchor }, [idEl(id)]) : idEl(id));
      });
      ids.appendChild(el("div", null, [el("dt", { text: pair[0] }), dd]));
    });
    ids.appendChild(el("div", null, [el("dt", { text: "Fingerprint" }), el("dd", null, [el("code", { dir: "ltr", text: f.fp })])]));
    if (f.waiver) { ids.appendChild(el("div", null, [el("dt", { text: "Waived" }), textEl("dd", f.waiver)])); }
    var more = el("details", { cls: "evidence" }, [el("summary", { text: "Evidence and details" })]);
    more.addEventListener("toggle", function () {
      if (more.open && more.childNodes.length === 1) { more.appendChild(evidence(f)); }
    });
    return el("article", { cls: "finding sev-border-" + (LABEL[f.sev] ? f.sev : "other"), "data-finding": "", "data-severity": f.sev, "data-code": f.code, "data-status": f.status }, [head, body, ids, more]);
  }

  // --- evidence: sentences with the mentions highlighted, values side by side ---------------
  function sentenceEl(sentence, marks) {
    var text = sentence[1], pos = 0;
    var p = el("p", { cls: "sentence", dir: "rtl", lang: "ar" });
    marks.sort(function (a, b) { return a.start - b.start; }).forEach(function (m) {
      if (m.start < pos) { return; }
      p.appendChild(document.createTextNode(text.slice(pos, m.start)));
      p.appendChild(el("mark", { title: m.kind + (m.value ? " = " + m.value : ""), "data-mention": m.id, text: text.slice(m.start, m.end) }));
      pos = m.end;
    });
    p.appendChild(document.createTextNode(text.slice(pos)));
    return p;
  }
  function articleHeader(id) {
    var a = DATA.articles[id];
    return el("h5", null, [
      a ? el("a", { href: "#" + a[0] }, [idEl(id)]) : idEl(id),
      a && a[2] ? textEl("span", " " + a[2], "outlet") : null,
      a && a[3] ? el("span", { cls: "muted", text: " published " + a[3] }) : null,
      a && a[1] ? textEl("div", a[1], "title") : null
    ]);
  }
  function evidence(f) {
    var box = el("div", { cls: "evidence-body" });
    var mentionIds = f.mentions.slice();
    f.claims.forEach(function (c) {
      var claim = DATA.claims[c];
      if (claim) { claim[7].forEach(function (m) { if (mentionIds.indexOf(m) < 0) { mentionIds.push(m); } }); }
    });
    var byArticle = {};
    mentionIds.slice(0, 40).forEach(function (id) {
      var m = DATA.mentions[id];
      if (!m) { return; }
      (byArticle[m[0]] = byArticle[m[0]] || []).push({ id: id, kind: m[1], text: m[2], value: m[3], sentence: m[4], start: m[5], end: m[6] });
    });
    var articleIds = Object.keys(byArticle);
    if (articleIds.length) {
      var cols = el("div", { cls: "sides" });
      articleIds.forEach(function (aid) {
        var card = el("section", { cls: "side" }, [articleHeader(aid)]);
        var bySentence = {};
        byArticle[aid].forEach(function (m) { (bySentence[m.sentence] = bySentence[m.sentence] || []).push(m); });
        Object.keys(bySentence).forEach(function (s) {
          if (DATA.sentences[s]) { card.appendChild(sentenceEl(DATA.sentences[s], bySentence[s])); }
        });
        var table = el("table", { cls: "values" }, [el("thead", null, [el("tr", null, [
          el("th", { text: "mention" }), el("th", { text: "kind" }), el("th", { text: "normalized value" })])])]);
        var tbody = el("tbody");
        byArticle[aid].forEach(function (m) {
          tbody.appendChild(el("tr", null, [textEl("td", m.text), el("td", { text: m.kind }), el("td", { dir: "ltr" }, [el("code", { text: m.value === null ? "(none)" : String(m.value) })])]));
        });
        table.appendChild(tbody);
        card.appendChild(table);
        cols.appendChild(card);
      });
      box.appendChild(cols);
    }
    if (f.claims.length) {
      var claims = el("table", { cls: "claims" }, [el("caption", { text: "Claims" }), el("thead", null, [el("tr", null,
        ["claim", "article", "kind", "event", "date", "status", "participants"].map(function (h) { return el("th", { text: h }); }))])]);
      var tb = el("tbody");
      f.claims.slice(0, 40).forEach(function (c) {
        var k = DATA.claims[c];
        if (!k) { tb.appendChild(el("tr", null, [el("td", null, [idEl(c)]), el("td", { colspan: "6", cls: "muted", text: "not in the dataset" })])); return; }
        tb.appendChild(el("tr", null, [el("td", null, [idEl(c)]), el("td", null, [idEl(k[0])]), el("td", { text: k[1] || "" }),
          el("td", { text: [k[2], k[6]].filter(Boolean).join(" \u00B7 ") }), el("td", { dir: "ltr" }, [el("code", { text: k[3] || "" })]),
          el("td", { text: k[4] || "" }), textEl("td", (k[5] || []).join(", "))]));
      });
      claims.appendChild(tb);
      box.appendChild(claims);
    }
    if (f.details !== null && f.details !== undefined) { box.appendChild(detailsEl(f.details)); }
    return box;
  }

  // Details as the rule gave them: sides next to each other, then every other key generically.
  function detailsEl(details) {
    var box = el("div", { cls: "details" });
    if (typeof details !== "object" || Array.isArray(details)) {
      box.appendChild(el("pre", { dir: "ltr", text: typeof details === "string" ? details : JSON.stringify(details, null, 2) }));
      return box;
    }
    if ("best_supported" in details) {
      box.appendChild(el("p", { cls: "best" }, [el("strong", { text: "Best-supported value: " }),
        details.best_supported === null ? el("span", { cls: "muted", text: "none (no value has more independent sources)" })
          : el("code", { dir: "ltr", text: String(details.best_supported) })]));
    }
    if (Array.isArray(details.sides) && details.sides.length) {
      box.appendChild(timelineSvg(details.sides.map(function (s) {
        return { label: (s.article_id || "") + (s.outlet ? " \u00B7 " + s.outlet : ""), start: s.start || s.date_start, end: s.end || s.date_end, value: s.value, best: s.value === details.best_supported };
      }), "Dates the sides give"));
      var sides = el("div", { cls: "sides" });
      details.sides.slice(0, 30).forEach(function (s) { sides.appendChild(sideCard(s)); });
      box.appendChild(sides);
    }
    if (Array.isArray(details.support) && details.support.length) {
      var t = el("table", { cls: "support" }, [el("caption", { text: "Who gives which value (independent sources: reprints and copies of one wire story count once)" }),
        el("thead", null, [el("tr", null, ["value", "articles", "independent sources", "source groups"].map(function (h) { return el("th", { text: h }); }))])]);
      var tb = el("tbody");
      details.support.forEach(function (s) {
        tb.appendChild(el("tr", { cls: s.value === details.best_supported ? "best-row" : null }, [el("td", { dir: "ltr" }, [el("code", { text: String(s.value) })]),
          el("td", { text: (s.articles || []).join(", "), dir: "ltr" }), el("td", { cls: "num", text: String(s.sources) }),
          el("td", { dir: "ltr", text: JSON.stringify(s.source_groups || []) })]));
      });
      t.appendChild(tb);
      box.appendChild(t);
    }
    var rest = Object.keys(details).filter(function (k) { return ["sides", "support", "best_supported"].indexOf(k) < 0; });
    if (rest.length) {
      var dl = el("dl", { cls: "kv" });
      rest.forEach(function (k) { dl.appendChild(el("div", null, [el("dt", { text: k.replace(/_/g, " ") }), el("dd", null, [valueEl(details[k], 0)])])); });
      box.appendChild(dl);
    }
    return box;
  }
  function sideCard(s) {
    var card = el("section", { cls: "side" });
    card.appendChild(articleHeader(s.article_id || "?"));
    var facts = el("dl", { cls: "kv" });
    [["value", s.value], ["interval", s.start && s.end ? s.start + " .. " + s.end : null], ["expression", s.expression],
      ["published", s.published], ["resolved from", s.resolved_from], ["claim", s.claim_id], ["mention", s.mention_id],
      ["confidence", s.confidence]].forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === "") { return; }
      facts.appendChild(el("div", null, [el("dt", { text: p[0] }), p[0] === "expression" ? textEl("dd", String(p[1])) : el("dd", { dir: "ltr", text: String(p[1]) })]));
    });
    card.appendChild(facts);
    if (s.sentence) {
      var text = String(s.sentence), at = s.expression ? text.indexOf(s.expression) : -1;
      card.appendChild(sentenceEl([null, text], at >= 0 ? [{ start: at, end: at + s.expression.length, kind: "date", value: s.value, id: s.mention_id || "" }] : []));
    }
    var other = Object.keys(s).filter(function (k) { return ["article_id", "outlet", "value", "start", "end", "expression", "published", "resolved_from", "claim_id", "mention_id", "confidence", "sentence"].indexOf(k) < 0; });
    if (other.length) {
      var dl = el("dl", { cls: "kv" });
      other.forEach(function (k) { dl.appendChild(el("div", null, [el("dt", { text: k.replace(/_/g, " ") }), el("dd", null, [valueEl(s[k], 1)])])); });
      card.appendChild(dl);
    }
    return card;
  }
  function valueEl(v, depth) {
    if (v === null || v === undefined) { return el("span", { cls: "muted", text: "none" }); }
    if (typeof v !== "object") { return textEl("span", String(v)); }
    if (depth > 3) { return el("code", { dir: "ltr", text: JSON.stringify(v) }); }
    if (Array.isArray(v)) {
      if (v.every(function (x) { return x === null || typeof x !== "object"; })) { return textEl("span", v.map(String).join(", ")); }
      var ul = el("ul");
      v.slice(0, 50).forEach(function (x) { ul.appendChild(el("li", null, [valueEl(x, depth + 1)])); });
      if (v.length > 50) { ul.appendChild(el("li", { cls: "muted", text: "\u2026 " + (v.length - 50) + " more in findings.json" })); }
      return ul;
    }
    var dl = el("dl", { cls: "kv" });
    Object.keys(v).forEach(function (k) { dl.appendChild(el("div", null, [el("dt", { text: k.replace(/_/g, " ") }), el("dd", null, [valueEl(v[k], depth + 1)])])); });
    return dl;
  }

  // --- timelines: every dating on one axis, intervals as intervals --------------------------
  var SVGNS = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVGNS, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function day(iso) { var t = Date.parse(String(iso) + "T00:00:00Z"); return isNaN(t) ? null : t / 86400000; }
  function timelineSvg(rows, caption) {
    rows = rows.filter(function (r) { return day(r.start) !== null && day(r.end) !== null; });
    var fig = el("figure", { cls: "timeline" }, [el("figcaption", { text: caption })]);
    if (!rows.length) { fig.appendChild(el("p", { cls: "muted", text: "No dated interval to draw." })); return fig; }
    var lo = Math.min.apply(null, rows.map(function (r) { return day(r.start); }));
    var hi = Math.max.apply(null, rows.map(function (r) { return day(r.end) + 1; }));
    if (hi - lo < 3) { lo -= 1; hi += 1; }
    var W = 720, L = 230, R = 20, H = 22, top = 24, width = W - L - R;
    var x = function (d) { return L + (d - lo) / (hi - lo) * width; };
    var g = svg("svg", { viewBox: "0 0 " + W + " " + (top + rows.length * H + 10), role: "img", "aria-label": caption, width: "100%" });
    g.appendChild(svg("line", { x1: L, x2: W - R, y1: top - 6, y2: top - 6, "class": "axis" }));
    [lo, (lo + hi) / 2, hi].forEach(function (d, n) {
      var iso = new Date(Math.round(d) * 86400000).toISOString().slice(0, 10);
      g.appendChild(svg("text", { x: x(d), y: 12, "text-anchor": ["start", "middle", "end"][n], "class": "tick" }, iso));
    });
    rows.forEach(function (r, n) {
      var y = top + n * H;
      g.appendChild(svg("text", { x: L - 6, y: y + 14, "text-anchor": "end", "class": "label" }, r.label.length > 34 ? r.label.slice(0, 33) + "\u2026" : r.label));
      var x1 = x(day(r.start)), x2 = Math.max(x(day(r.end) + 1), x1 + 3);
      var bar = svg("rect", { x: x1, y: y + 3, width: x2 - x1, height: H - 8, rx: 3, "class": "bar" + (r.best ? " best" : "") + (r.flagged ? " flagged" : "") });
      bar.appendChild(svg("title", {}, r.label + ": " + (r.value || "") + " (" + r.start + " .. " + r.end + ")"));
      g.appendChild(bar);
    });
    fig.appendChild(g);
    return fig;
  }

  // --- views and pagination -----------------------------------------------------------------
  function groupsOf(shown) {
    var counts = {}, order = [];
    shown.forEach(function (f) {
      var keys = state.view === "rule" ? [f.code] : state.view === "article" ? f.articles : f.groups;
      keys.forEach(function (k) { if (!(k in counts)) { counts[k] = 0; order.push(k); } counts[k] += 1; });
    });
    order.sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : 1); });
    return order.map(function (k) { return [k, counts[k]]; });
  }
  function render() {
    var shown = current();
    state.shown = shown;
    clear(list);
    var items, total;
    if (state.view !== "flat" && !state.group) {
      items = groupsOf(shown);
      total = items.length;
    } else {
      items = shown;
      total = shown.length;
    }
    var pages = Math.max(1, Math.ceil(total / PAGE));
    if (state.page >= pages) { state.page = pages - 1; }
    var slice = items.slice(state.page * PAGE, (state.page + 1) * PAGE);
    if (state.group) {
      list.appendChild(el("p", { cls: "crumb" }, [el("button", { type: "button", "data-action": "back", text: "\u2190 All groups" }), " ", textEl("strong", groupLabel(state.group.key))]));
      if (state.view === "event" && DATA.timelines[state.group.key]) {
        list.appendChild(eventTimeline(state.group.key));
      }
    }
    if (state.view !== "flat" && !state.group) {
      slice.forEach(function (pair) {
        var b = el("button", { type: "button", cls: "group", "data-group": pair[0] }, [textEl("span", groupLabel(pair[0])), el("span", { cls: "count", text: String(pair[1]) })]);
        list.appendChild(b);
      });
    } else {
      slice.forEach(function (f) { list.appendChild(findingCard(f)); });
    }
    if (!total) { list.appendChild(el("p", { cls: "empty", text: "No finding matches these filters." })); }
    status.textContent = "Showing " + shown.length + " of " + F.length + " findings" +
      (state.view !== "flat" && !state.group ? " in " + total + " groups" : "") + ".";
    clear(pager);
    if (pages > 1) {
      pager.appendChild(el("button", { type: "button", "data-page": "prev", disabled: state.page === 0 ? "" : null, text: "\u2039 Previous" }));
      pager.appendChild(el("span", { text: " Page " + (state.page + 1) + " of " + pages + " " }));
      pager.appendChild(el("button", { type: "button", "data-page": "next", disabled: state.page >= pages - 1 ? "" : null, text: "Next \u203A" }));
    }
  }
  function groupLabel(key) {
    if (state.view === "rule") {
      var c = DATA.codes.filter(function (x) { return x[0] === key; })[0];
      return c ? key + " " + c[1] : key;
    }
    if (state.view === "article") {
      var a = DATA.articles[key];
      return a && a[2] ? key + " \u00B7 " + a[2] : key;
    }
    return DATA.groups[key] || key;
  }
  function eventTimeline(key) {
    var t = DATA.timelines[key];
    return timelineSvg(t.rows.map(function (r) {
      return { label: r[0] + (r[1] ? " \u00B7 " + r[1] : "") + (r[2] ? " (pub. " + r[2] + ")" : ""), value: r[3], start: r[4], end: r[5], flagged: r[6] };
    }), "Every article's date for " + t.label);
  }

  var timer = null;
  function changed(e) {
    clearTimeout(timer);
    state.page = 0;
    if (e.target.name === "view") { state.view = e.target.value; state.group = null; }
    // Typing is debounced; a click or a choice renders at once.
    if (e.target.name === "q" || e.target.name === "article") { timer = setTimeout(render, 120); } else { render(); }
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", function (e) { if (e.target.tagName === "SELECT") { changed(e); } });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  pager.addEventListener("click", function (e) {
    var b = e.target.closest("button[data-page]");
    if (!b) { return; }
    state.page += b.getAttribute("data-page") === "next" ? 1 : -1;
    render();
    root.scrollIntoView();
  });
  list.addEventListener("click", function (e) {
    var g = e.target.closest("button[data-group]");
    if (g) { state.group = { kind: state.view, key: g.getAttribute("data-group") }; state.page = 0; render(); return; }
    if (e.target.closest("button[data-action=back]")) { state.group = null; state.page = 0; render(); }
  });

  // Timelines tab: every event several articles date, flagged ones first.
  var tl = document.getElementById("timelines-list");
  if (tl) {
    var keys = Object.keys(DATA.timelines);
    keys.sort(function (a, b) { return (DATA.timelines[b].flagged - DATA.timelines[a].flagged) || (a < b ? -1 : 1); });
    var tlPage = 0, TL_PAGE = 10;
    var tlPager = document.getElementById("timelines-pager");
    var drawTimelines = function () {
      clear(tl);
      keys.slice(tlPage * TL_PAGE, (tlPage + 1) * TL_PAGE).forEach(function (k) { tl.appendChild(eventTimeline(k)); });
      if (!keys.length) { tl.appendChild(el("p", { cls: "muted", text: "No event is dated by more than one article." })); }
      clear(tlPager);
      var pages = Math.ceil(keys.length / TL_PAGE);
      if (pages > 1) {
        tlPager.appendChild(el("button", { type: "button", "data-page": "prev", disabled: tlPage === 0 ? "" : null, text: "\u2039 Previous" }));
        tlPager.appendChild(el("span", { text: " Page " + (tlPage + 1) + " of " + pages + " " }));
        tlPager.appendChild(el("button", { type: "button", "data-page": "next", disabled: tlPage >= pages - 1 ? "" : null, text: "Next \u203A" }));
      }
    };
    tlPager.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-page]");
      if (!b) { return; }
      tlPage += b.getAttribute("data-page") === "next" ? 1 : -1;
      drawTimelines();
    });
    drawTimelines();
  }

  // A link from the articles table or a rule filters the findings.
  document.addEventListener("click", function (e) {
    var a = e.target.closest("a[data-filter-article], a[data-filter-code]");
    if (!a) { return; }
    if (a.hasAttribute("data-filter-article")) { form.elements.article.value = a.getAttribute("data-filter-article"); }
    if (a.hasAttribute("data-filter-code")) { form.elements.code.value = a.getAttribute("data-filter-code"); }
    state.page = 0; state.group = null;
    render();
  });

  form.hidden = false;
  document.getElementById("views").hidden = false;
  var t0 = performance.now();
  render();
  window.__factlintRenderMs = performance.now() - t0;
  window.__factlintRender = render;
})();

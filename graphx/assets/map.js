/* graphx coverage map: builds the vis network from the page's embedded JSON and wires the
   search box, filters, legend, side panel and neighbourhood highlight.
   Every string from the documents reaches the page through textContent, element
   properties or vis's canvas: never as markup. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("gx-data").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var info = new Map();  // id -> the node as Python described it
  var links = new Map();  // id -> [{other, relation, out}]
  data.nodes.forEach(function (n) {
    n.time = n.published ? Date.parse(n.published) : NaN;
    info.set(n.id, n);
    links.set(n.id, []);
  });
  data.edges.forEach(function (e) {
    links.get(e.from).push({ other: e.to, relation: e.relation, out: true });
    links.get(e.to).push({ other: e.from, relation: e.relation, out: false });
  });

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function name(n) { return n.kind === "article" ? n.title : n.label; }
  function clip(text, limit) { return text.length <= limit ? text : text.slice(0, limit - 1) + "…"; }
  function when(ms) { return isNaN(ms) ? "" : new Date(ms).toISOString().slice(0, 16).replace("T", " ") + " UTC"; }
  function safeUrl(url) { return /^https?:\/\/[^\s]+$/i.test(url) ? url : null; }
  function byCentrality(a, b) { return (b.pagerank || b.size) - (a.pagerank || a.size) || (a.id < b.id ? -1 : 1); }

  // A DOM element, not a string: vis renders string titles as HTML in some versions.
  function tooltip(n) {
    var box = el("div");
    box.appendChild(el("strong", clip(name(n), 160)));
    var detail = n.kind === "article"
      ? [n.providerName || n.provider, when(n.time)].filter(Boolean).join(" · ")
      : n.kind + " · " + n.articles + " articles";
    box.appendChild(el("small", detail));
    return box;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var item = { id: n.id, x: n.x, y: n.y, size: n.size, shape: n.shape, color: n.color, title: tooltip(n) };
    if (n.labelled) item.label = clip(n.label, 48);
    return item;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return Object.assign({ id: e.id, from: e.from, to: e.to, arrows: e.arrows }, data.edgeStyles[e.relation] || {});
  }));
  var network = new vis.Network($("gx-map"), { nodes: nodes, edges: edges }, data.options);
  window.network = network;
  network.once("afterDrawing", function () {
    window.__graphxReady = performance.now();
    document.documentElement.setAttribute("data-ready", "true");
  });

  /* ---- selection, highlight and side panel ---- */
  var selected = null;
  var hidden = new Set();

  network.on("click", function (params) {
    if (params.nodes.length) show(params.nodes[0]);
    else if (!params.edges.length) closePanel();
  });
  network.on("beforeDrawing", function (ctx) {
    if (selected === null) return;
    var ids = [selected].concat(links.get(selected).map(function (l) { return l.other; }))
      .filter(function (id) { return !hidden.has(id); });
    var at = network.getPositions(ids);
    var px = 1 / network.getScale();  // halos keep their width on screen at any zoom
    ids.forEach(function (id, i) {
      if (!at[id]) return;
      ctx.beginPath();
      ctx.arc(at[id].x, at[id].y, info.get(id).size + (i === 0 ? 9 : 6) * px, 0, 2 * Math.PI);
      ctx.fillStyle = i === 0 ? "rgba(255, 165, 0, 0.6)" : "rgba(255, 200, 0, 0.4)";
      ctx.fill();
    });
  });

  function focusNode(id) {
    if (hidden.has(id)) resetFilters();
    network.focus(id, { scale: Math.max(network.getScale(), 1), animation: { duration: 300, easingFunction: "easeInOutQuad" } });
    show(id);
  }

  function nodeButton(id, text) {
    var button = el("button", text, "gx-linkish");
    button.type = "button";
    if (info.has(id)) button.addEventListener("click", function () { focusNode(id); });
    else button.disabled = true;
    return button;
  }

  function show(id) {
    var n = info.get(id);
    if (!n) return;
    selected = id;
    network.selectNodes([id]);
    var body = $("gx-panel-body");
    body.replaceChildren();
    body.appendChild(el("h2", name(n)));
    if (n.kind === "article") articlePanel(n, body);
    else hubPanel(n, body);
    $("gx-panel").hidden = false;
  }

  function closePanel() {
    selected = null;
    $("gx-panel").hidden = true;
    network.unselectAll();
  }
  $("gx-close").addEventListener("click", closePanel);

  // Topic and tag keys are case- and space-insensitive; labels keep one spelling.
  function key(kind, label) { return kind + "\u0000" + label.toLowerCase().replace(/\s+/g, " ").trim(); }

  function chips(body, heading, kind, values, hubs) {
    if (!values.length) return;
    body.appendChild(el("h3", heading));
    var line = el("p");
    values.forEach(function (value) {
      var hub = hubs.get(key(kind, value));
      var chip = hub ? nodeButton(hub, value) : el("span", value);
      chip.classList.add("gx-chip");
      line.appendChild(chip);
    });
    body.appendChild(line);
  }

  function articlePanel(n, body) {
    var source = n.providerName && n.providerName !== n.provider ? n.providerName + " (" + n.provider + ")" : n.provider;
    body.appendChild(el("p", [source, when(n.time)].filter(Boolean).join(" · "), "gx-meta"));
    if (n.clusterLabel) body.appendChild(el("p", "Story: " + n.clusterLabel, "gx-meta"));
    if (n.excerpt) body.appendChild(el("p", n.excerpt, "gx-excerpt"));
    var url = safeUrl(n.url);
    var line = el("p");
    if (url) {
      var a = el("a", "Read the original ↗");
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      line.appendChild(a);
    } else if (n.url) {
      line.appendChild(el("span", "Original address (not a web link): " + n.url, "gx-meta"));
    }
    body.appendChild(line);
    var hubs = new Map();  // this article's topics and tags on the map, to link its chips
    links.get(n.id).forEach(function (l) {
      var hub = info.get(l.other);
      if (hub.kind !== "article") hubs.set(key(hub.kind, hub.label), hub.id);
    });
    chips(body, "Topics", "topic", n.topics, hubs);
    chips(body, "Tags", "tag", n.tags, hubs);
    var related = data.related[n.id] || [];
    if (related.length) {
      body.appendChild(el("h3", "Related stories"));
      var list = el("ol", null, "gx-related");
      related.forEach(function (r) {
        var item = el("li");
        item.appendChild(nodeButton(r.onMap ? r.id : null, r.title));
        item.appendChild(el("span", " " + r.score.toFixed(2) + (r.onMap ? "" : " · not on this map"), "gx-score"));
        if (r.why.length) {
          var why = el("ul", null, "gx-why");
          r.why.forEach(function (reason) { why.appendChild(el("li", reason)); });
          item.appendChild(why);
        }
        list.appendChild(item);
      });
      body.appendChild(list);
    }
    var linked = new Map();  // other article -> how it is linked, once per kind of link
    links.get(n.id).forEach(function (l) {
      if (info.get(l.other).kind !== "article") return;
      var how = l.relation === "related" ? (l.out ? "this story links to it" : "links to this story")
        : l.relation === "similar" ? "similar text" : l.relation;
      if (!linked.has(l.other)) linked.set(l.other, new Set());
      linked.get(l.other).add(how);
    });
    if (linked.size) {
      body.appendChild(el("h3", "Linked on this map"));
      var ul = el("ul");
      linked.forEach(function (hows, other) {
        var item = el("li");
        item.appendChild(nodeButton(other, name(info.get(other))));
        item.appendChild(el("span", " · " + Array.from(hows).join(", "), "gx-score"));
        ul.appendChild(item);
      });
      body.appendChild(ul);
    }
  }

  function hubPanel(n, body) {
    var articles = links.get(n.id).map(function (l) { return info.get(l.other); })
      .filter(function (m) { return m.kind === "article"; }).sort(byCentrality);
    body.appendChild(el("p", [n.kind, n.domain].filter(Boolean).join(" · ") + " · " + articles.length + " articles on this map", "gx-meta"));
    var list = el("ol");
    articles.slice(0, 200).forEach(function (m) {
      var item = el("li");
      item.appendChild(nodeButton(m.id, m.title));
      item.appendChild(el("span", " " + [m.providerName, when(m.time)].filter(Boolean).join(" · "), "gx-score"));
      list.appendChild(item);
    });
    body.appendChild(list);
    if (articles.length > 200) body.appendChild(el("p", "and " + (articles.length - 200) + " more", "gx-meta"));
  }

  /* ---- search ---- */
  var index = data.nodes.map(function (n) {
    var fields = n.kind === "article" ? [n.title, n.providerName, n.provider].concat(n.topics) : [n.label, n.domain];
    return { n: n, title: name(n).toLowerCase(), text: fields.join("\u0001").toLowerCase() };
  });
  var results = [];
  var active = -1;

  function search(query) {
    var q = query.trim().toLowerCase();
    if (q.length < 2) return [];
    var hits = [];
    index.forEach(function (entry) {
      if (entry.text.indexOf(q) < 0) return;
      var rank = entry.title.indexOf(q) === 0 ? 0 : entry.title.indexOf(q) > 0 ? 1 : 2;
      hits.push({ rank: rank, n: entry.n });
    });
    hits.sort(function (a, b) { return a.rank - b.rank || byCentrality(a.n, b.n); });
    return hits.slice(0, 12).map(function (h) { return h.n; });
  }

  function showResults(found) {
    var list = $("gx-results");
    list.replaceChildren();
    results = found;
    active = found.length ? 0 : -1;
    found.forEach(function (n, i) {
      var item = el("li", clip(name(n), 120));
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", String(i === active));
      item.appendChild(el("small", n.kind === "article" ? [n.providerName, when(n.time)].filter(Boolean).join(" · ") : n.kind));
      item.addEventListener("mousedown", function (event) { event.preventDefault(); pick(i); });
      list.appendChild(item);
    });
    list.hidden = !found.length;
  }

  function pick(i) {
    if (!results[i]) return;
    var id = results[i].id;
    showResults([]);
    focusNode(id);
  }

  var pending = null;
  $("gx-search").addEventListener("input", function (event) {
    clearTimeout(pending);
    pending = setTimeout(function () { showResults(search(event.target.value)); }, 80);
  });
  $("gx-search").addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      clearTimeout(pending);
      if (!results.length || active < 0) showResults(search(event.target.value));
      pick(Math.max(active, 0));
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!results.length) return;
      active = (active + (event.key === "ArrowDown" ? 1 : results.length - 1)) % results.length;
      Array.prototype.forEach.call($("gx-results").children, function (li, i) { li.setAttribute("aria-selected", String(i === active)); });
    } else if (event.key === "Escape") {
      showResults([]);
    }
  });
  $("gx-search").addEventListener("blur", function () { showResults([]); });

  /* ---- filters and legend ---- */
  var articles = data.nodes.filter(function (n) { return n.kind === "article"; });
  var times = articles.map(function (n) { return n.time; }).filter(function (t) { return !isNaN(t); });
  var first = times.length ? Math.min.apply(null, times) : 0;
  var last = times.length ? Math.max.apply(null, times) : 0;
  var shapes = { article: "dot", provider: "square", topic: "triangle", tag: "diamond" };
  var present = new Set(data.nodes.map(function (n) { return n.kind; }));
  var kinds = Object.keys(shapes).filter(function (k) { return present.has(k); })
    .concat(Array.from(present).filter(function (k) { return !(k in shapes); }).sort());
  var state = { kinds: new Set(kinds), cluster: "", provider: "", topic: "", from: 0, to: 1000 };

  function counted(values) {
    var counts = new Map();
    values.forEach(function (v) { counts.set(v, (counts.get(v) || 0) + 1); });
    return Array.from(counts.entries()).sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
  }
  function fill(select, entries, label) {
    entries.forEach(function (entry) { select.add(new Option(label(entry) + " (" + entry[1] + ")", String(entry[0]))); });
  }
  var clusterNames = new Map(articles.map(function (n) { return [n.cluster, n.clusterLabel || "cluster " + n.cluster]; }));
  fill($("gx-cluster"), counted(articles.filter(function (n) { return n.cluster >= 0; }).map(function (n) { return n.cluster; })),
    function (e) { return clusterNames.get(e[0]); });
  var providerNames = new Map(articles.map(function (n) { return [n.provider, n.providerName || n.provider]; }));
  fill($("gx-provider"), counted(articles.filter(function (n) { return n.provider; }).map(function (n) { return n.provider; })),
    function (e) { return providerNames.get(e[0]); });
  fill($("gx-topic"), counted([].concat.apply([], articles.map(function (n) { return n.topics; }))),
    function (e) { return e[0]; });

  kinds.forEach(function (kind) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = kind;
    box.addEventListener("change", function () {
      if (box.checked) state.kinds.add(kind); else state.kinds.delete(kind);
      applyFilters();
    });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + kind + "s"));
    $("gx-kinds").appendChild(label);
  });
  ["cluster", "provider", "topic"].forEach(function (key) {
    $("gx-" + key).addEventListener("change", function (event) { state[key] = event.target.value; applyFilters(); });
  });
  ["from", "to"].forEach(function (key) {
    $("gx-" + key).addEventListener("input", function (event) { state[key] = Number(event.target.value); applyFilters(); });
  });
  if (first === last) $("gx-dates").disabled = true;

  function timeAt(step) { return first + (last - first) * step / 1000; }

  function articleShown(n) {
    if (!state.kinds.has("article")) return false;
    if (state.cluster !== "" && String(n.cluster) !== state.cluster) return false;
    if (state.provider && n.provider !== state.provider) return false;
    if (state.topic && n.topics.indexOf(state.topic) < 0) return false;
    var low = timeAt(Math.min(state.from, state.to)), high = timeAt(Math.max(state.from, state.to));
    return isNaN(n.time) || (n.time >= low && n.time <= high);
  }

  function applyFilters() {
    var narrowed = state.cluster !== "" || state.provider || state.topic || state.from > 0 || state.to < 1000;
    var shown = new Set();
    articles.forEach(function (n) { if (articleShown(n)) shown.add(n.id); });
    var changes = [];
    data.nodes.forEach(function (n) {
      var visible = n.kind === "article" ? shown.has(n.id)
        : state.kinds.has(n.kind) && (!narrowed || links.get(n.id).some(function (l) { return shown.has(l.other); }));
      if (visible === hidden.has(n.id)) {
        changes.push({ id: n.id, hidden: !visible });
        if (visible) hidden.delete(n.id); else hidden.add(n.id);
      }
    });
    if (changes.length) nodes.update(changes);
    if (selected !== null && hidden.has(selected)) closePanel();
    var low = timeAt(Math.min(state.from, state.to)), high = timeAt(Math.max(state.from, state.to));
    $("gx-range").textContent = times.length ? when(low) + " – " + when(high) : "no dates";
    $("gx-visible").textContent = (data.nodes.length - hidden.size).toLocaleString("en") + " of " + data.nodes.length.toLocaleString("en") + " shown";
  }

  function resetFilters() {
    state = { kinds: new Set(kinds), cluster: "", provider: "", topic: "", from: 0, to: 1000 };
    ["cluster", "provider", "topic"].forEach(function (key) { $("gx-" + key).value = ""; });
    $("gx-from").value = 0;
    $("gx-to").value = 1000;
    Array.prototype.forEach.call($("gx-kinds").querySelectorAll("input"), function (box) { box.checked = true; });
    applyFilters();
  }
  $("gx-reset").addEventListener("click", resetFilters);

  data.legend.forEach(function (row) {
    var item = el("li");
    item.setAttribute("data-filter", row.filter);
    var swatch = el("span", null, "gx-swatch");
    swatch.style.background = row.color;
    item.appendChild(swatch);
    item.appendChild(el("span", row.label));
    item.appendChild(el("span", row.count.toLocaleString("en"), "gx-count"));
    if (row.filter === "cluster" || row.filter === "provider") {
      item.addEventListener("click", function () {
        $("gx-" + row.filter).value = String(row.value);
        state[row.filter] = String(row.value);
        applyFilters();
      });
    }
    $("gx-legend-colors").appendChild(item);
  });
  kinds.forEach(function (kind) {
    var item = el("li");
    item.appendChild(el("span", null, "gx-shape " + (shapes[kind] || "dot")));
    item.appendChild(el("span", kind));
    $("gx-legend-shapes").appendChild(item);
  });
  applyFilters();
})();

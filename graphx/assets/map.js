/* graphx coverage map: builds the vis network from the page's embedded JSON, draws edges and
   labels on its canvas, and wires the search box, filters, timeline, legend and side panel.
   Every string from the documents reaches the page through textContent, element properties
   or canvas text: never as markup.
   vis draws the nodes and handles zoom, pan and clicks. Edges are drawn here in one stroke
   per style (vis builds an object per edge and strokes each alone: most of the load time of
   a large map), and labels here too, at a constant size on screen, only where they do not
   overlap one another (the label-density rule of sigma.js and Gephi). */
(function () {
  "use strict";

  var marks = { start: performance.now() };  // where the time to open goes (map_bench.py)
  var data = JSON.parse(document.getElementById("gx-data").textContent);
  marks.parsed = performance.now();
  var $ = function (id) { return document.getElementById(id); };
  var nodesData = data.nodes;
  var count = nodesData.length;
  var byId = new Map();
  var xs = new Float64Array(count), ys = new Float64Array(count), rs = new Float64Array(count);
  var hidden = new Uint8Array(count);
  nodesData.forEach(function (n, i) {
    n.index = i;
    n.time = n.published ? Date.parse(n.published) : NaN;
    byId.set(n.id, i);
    xs[i] = n.x; ys[i] = n.y; rs[i] = n.size;
    if (n.dominant) hidden[i] = 1;
  });

  /* ---- edges: by relation for drawing, and per node (compressed rows) for neighbours ---- */
  var relations = data.relations;
  var edges = data.edges;
  var byRelation = relations.map(function () { return []; });
  var degree = new Int32Array(count + 1);
  edges.forEach(function (e, k) {
    byRelation[e[2]].push(k);
    degree[e[0] + 1]++;
    degree[e[1] + 1]++;
  });
  for (var d = 1; d <= count; d++) degree[d] += degree[d - 1];
  var incident = new Int32Array(edges.length * 2);
  var fillAt = degree.slice(0, count);
  edges.forEach(function (e, k) { incident[fillAt[e[0]]++] = k; incident[fillAt[e[1]]++] = k; });
  byRelation = byRelation.map(function (list) { return Int32Array.from(list); });
  function eachLink(i, fn) {  // fn(other, relation name, i is the edge's source)
    for (var p = degree[i]; p < degree[i + 1]; p++) {
      var e = edges[incident[p]];
      fn(e[0] === i ? e[1] : e[0], relations[e[2]], e[0] === i, incident[p]);
    }
  }

  /* ---- stories ---- */
  var stories = data.stories;
  var storyById = new Map();
  var maxStory = 1;
  stories.forEach(function (st) {
    st.members = st.timeline.map(function (row) { return row[0]; });
    st.visible = st.members.length;
    storyById.set(st.id, st);
    maxStory = Math.max(maxStory, st.size);
  });
  /* Where a story's name goes: the middle of its visible articles, and how far they reach. */
  function placeStory(st) {
    var n = 0, sx = 0, sy = 0;
    st.members.forEach(function (i) { if (!hidden[i]) { n++; sx += xs[i]; sy += ys[i]; } });
    st.visible = n;
    if (!n) return;
    st.cx = sx / n; st.cy = sy / n; st.radius = 0; st.top = Infinity; st.bottom = -Infinity;
    st.left = Infinity; st.right = -Infinity;
    st.members.forEach(function (i) {
      if (hidden[i]) return;
      st.radius = Math.max(st.radius, Math.hypot(xs[i] - st.cx, ys[i] - st.cy));
      st.top = Math.min(st.top, ys[i] - rs[i]);
      st.bottom = Math.max(st.bottom, ys[i] + rs[i]);
      st.left = Math.min(st.left, xs[i] - rs[i]);
      st.right = Math.max(st.right, xs[i] + rs[i]);
    });
  }
  stories.forEach(placeStory);
  var ROLES = ["first", "follows", "copy", "roundup", "live"];
  var LIVE_MARK = "live/round-up page: not counted as first report";

  /* ---- small helpers ---- */
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  /* ``text`` in ``limit`` characters: cut after a whole word when one ends in its last
     two fifths (never "... · r…"), its trailing separators dropped, and "…" said. */
  function clip(text, limit) {
    if (text.length <= limit) return text;
    var cut = text.slice(0, limit - 1), space = cut.lastIndexOf(" ");
    if (space > 0.6 * limit) cut = cut.slice(0, space);
    return cut.replace(/[\s\u00b7,;:\u2013\u2014-]+$/, "") + "\u2026";
  }
  function when(ms) { return isNaN(ms) ? "" : new Date(ms).toISOString().slice(0, 16).replace("T", " ") + " UTC"; }
  // An article's time; its day alone when the data gave no time of day (not an invented 00:00).
  function whenOf(n) { return n.dayOnly && !isNaN(n.time) ? new Date(n.time).toISOString().slice(0, 10) : when(n.time); }
  function safeUrl(url) { return /^https?:\/\/[^\s]+$/i.test(url) ? url : null; }
  /* A link out of the page (a new tab, no referrer), or null for what is no web address. */
  function outLink(text, url) {
    url = safeUrl(url);
    if (!url) return null;
    var a = el("a", text);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  function outlet(n) { return n.providerName || n.provider; }
  function byCentrality(a, b) { return (b.pagerank || b.size) - (a.pagerank || a.size) || (a.id < b.id ? -1 : 1); }
  function plural(n, word, many) { return n.toLocaleString("en") + " " + (n === 1 ? word : many || word + "s"); }
  function darker(hex) {  // a story's hue dark enough to read as text on white
    var v = parseInt(hex.slice(1), 16);
    var c = [(v >> 16) & 255, (v >> 8) & 255, v & 255].map(function (x) { return Math.round(x * 0.62); });
    return "rgb(" + c.join(",") + ")";
  }

  /* ---- the network: vis gets positioned, styled nodes and no edges ---- */
  var container = $("gx-map");
  var visNodes = new vis.DataSet(nodesData.map(function (n, i) {
    // Only what differs from the defaults in data.options (a borderless dot): vis parses
    // every option of every node. Articles have no border: stroking 20,000 outlines
    // doubles the time vis takes per frame.
    var item = { id: n.id, x: n.x, y: n.y, size: n.size, color: n.color };
    if (n.shape !== "dot") { item.shape = n.shape; item.borderWidth = 1; }
    if (hidden[i]) item.hidden = true;
    return item;
  }));
  marks.dataset = performance.now();
  var network = new vis.Network(container, { nodes: visNodes, edges: new vis.DataSet() }, data.options);
  marks.network = performance.now();
  window.network = network;
  var tooltip = el("div", null, "gx-tooltip");
  tooltip.id = "gx-tooltip";
  tooltip.setAttribute("role", "tooltip");
  tooltip.hidden = true;
  container.appendChild(tooltip);

  var shownCount = count - hidden.reduce(function (a, b) { return a + b; }, 0);
  // vis's redraw() draws at once; a request is drawn once on the next frame, however many
  // things asked for it in between.
  function redrawSoon() { network.body.emitter.emit("_requestRedraw"); }

  var overviewScale = 1;
  var moving = false;
  network.on("animationFinished", function () { moving = false; });

  /* What the open panel covers of the map: its width beside it, or on a phone (and any
     window under ~900 px), where it is a sheet over the map's lower part, its height. */
  function panelCover() {
    var box = $("gx-panel");
    if (box.hidden) return { right: 0, below: 0 };
    // What it covers of the map itself: a phone's sheet runs on below the map, over the
    // filters, and fitting above its whole height put a story under the page's header.
    var map = container.getBoundingClientRect(), panel = box.getBoundingClientRect();
    var sheet = box.offsetWidth >= 0.9 * container.clientWidth;
    return { right: sheet ? 0 : Math.max(0, Math.min(map.right - panel.left, map.width)),
             below: sheet ? Math.max(0, Math.min(map.bottom - panel.top, map.height)) : 0 };
  }

  function viewNow() {  // w, h: the part of the map the panel leaves free: labels stop there
    var v = network.body.view, cover = panelCover();
    return { s: v.scale, tx: v.translation.x, ty: v.translation.y,
             w: container.clientWidth - cover.right, h: container.clientHeight - cover.below };
  }

  /* Fit the view to the given nodes (the visible ones among them), leaving the side panel's
     width free when it is open, never closer than maxScale. */
  var lastFit = null;  // what the view was last fitted to, fitted again when the map resizes
  var handMoved = false;  // zoomed or panned by hand since: then a resize keeps the view
  function fitTo(list, options) {
    options = options || {};
    lastFit = { list: list, options: options };
    handMoved = false;
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    list.forEach(function (i) {
      if (hidden[i]) return;
      minX = Math.min(minX, xs[i] - rs[i]); maxX = Math.max(maxX, xs[i] + rs[i]);
      minY = Math.min(minY, ys[i] - rs[i]); maxY = Math.max(maxY, ys[i] + rs[i]);
    });
    if (minX === Infinity) return;
    // Beside the panel; on a phone, where it is a sheet over the map's lower part, above it.
    var cover = panelCover();
    var w = Math.max(160, container.clientWidth - cover.right);
    var h = Math.max(160, container.clientHeight - cover.below);
    var scale = 0.86 * Math.min(w / Math.max(maxX - minX, 1), h / Math.max(maxY - minY, 1));
    scale = Math.min(scale, options.maxScale || 2);
    // vis animates in a fixed number of frames, not a fixed time: where a frame is slow (a
    // large map, or 641,600 edges among 800 articles, where Reset filters froze the page
    // for 34 s) the view jumps instead of crawling.
    var last = frames[frames.length - 1];
    // The canvas's own painting (most of a frame of many edges) is not in ``frames``.
    var slow = edges.length > 20000 || (last && last[0] + last[1] + last[2] > SLOW_FRAME);
    var animate = options.animate !== false && shownCount < 3000 && !slow;
    moving = animate;
    network.moveTo({
      position: { x: (minX + maxX) / 2, y: (minY + maxY) / 2 }, scale: scale,
      offset: { x: -cover.right / 2, y: -cover.below / 2 },
      animation: animate ? { duration: 350, easingFunction: "easeInOutQuad" } : false,
    });
  }
  function visibleList() {
    var list = [];
    for (var i = 0; i < count; i++) if (!hidden[i]) list.push(i);
    return list;
  }

  /* ---- selection: a node or a story; its nodes and edges are drawn in full over a veil ---- */
  var selection = null;  // {node: i} or {story: row}
  var focusNodes = [];  // drawn over the veil
  var focusEdges = [];  // edge indices drawn in full

  function setFocus() {
    focusNodes = []; focusEdges = [];
    if (!selection) return;
    if (selection.story) {
      var members = new Set(selection.story.members);
      var hubs = new Set();
      selection.story.members.forEach(function (i) {
        focusNodes.push(i);
        eachLink(i, function (other, relation, out, k) {
          if (!members.has(other) || out) focusEdges.push(k);
          if (nodesData[other].kind !== "article") hubs.add(other);
        });
      });
      hubs.forEach(function (h) { focusNodes.push(h); });
    } else {
      var i = selection.node;
      focusNodes.push(i);
      eachLink(i, function (other, relation, out, k) { focusNodes.push(other); focusEdges.push(k); });
    }
  }

  /* ---- drawing: edges under the nodes, focus and labels over them ---- */
  var styles = relations.map(function (r) { return data.edgeStyles[r]; });
  var interacting = false;
  network.on("dragStart", function () { interacting = true; hideTooltip(); });
  network.on("dragEnd", function (params) {
    interacting = false;
    if (!params.nodes.length) handMoved = true;  // the view panned, not a node dragged
    redrawSoon();
  });
  network.on("zoom", function () { hideTooltip(); handMoved = true; });  // by hand only

  /* A narrower or wider map (a phone or tablet turned, a split screen) is fitted again to
     what was last fitted, once the size settles: vis keeps the old scale, so a turned
     tablet cut 111 of covid's 1,505 articles off at both edges. Not after a hand's zoom
     or pan: the reader's view stays theirs. */
  var resizing = null, mapSize = container.clientWidth + "x" + container.clientHeight;
  function refit() {
    var size = container.clientWidth + "x" + container.clientHeight;
    if (size === mapSize) return;
    mapSize = size;
    if (lastFit && !handMoved) {
      fitTo(lastFit.list, Object.assign({}, lastFit.options, { animate: false }));
      redrawSoon();
    }
  }
  function refitSoon() { clearTimeout(resizing); resizing = setTimeout(refit, 150); }
  if (window.ResizeObserver) new ResizeObserver(refitSoon).observe(container);
  else window.addEventListener("resize", refitSoon);

  function strokeEdges(ctx, list, style, alpha, v, box) {
    ctx.beginPath();
    var drawn = 0;
    for (var j = 0; j < list.length; j++) {
      var e = edges[list[j]], a = e[0], b = e[1];
      if (hidden[a] || hidden[b]) continue;
      var ax = xs[a], ay = ys[a], bx = xs[b], by = ys[b];
      if ((ax < box[0] && bx < box[0]) || (ax > box[2] && bx > box[2]) ||
          (ay < box[1] && by < box[1]) || (ay > box[3] && by > box[3])) continue;
      ctx.moveTo(ax, ay);
      ctx.lineTo(bx, by);
      drawn++;
    }
    if (!drawn) return;
    ctx.globalAlpha = alpha;
    ctx.strokeStyle = style.color;
    ctx.lineWidth = style.width / v.s;
    ctx.setLineDash(style.dashes ? style.dashes.map(function (x) { return x / v.s; }) : []);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
  }

  function canvasBox(v) {  // the whole canvas in canvas coordinates
    return [-v.tx / v.s, -v.ty / v.s, (container.clientWidth - v.tx) / v.s, (v.h - v.ty) / v.s];
  }

  var frames = [];  // [ms for edges, nodes (vis), focus and labels] of recent frames
  var SLOW_FRAME = 40;  // ms: a frame this slow makes a view's move jump, not animate
  var frameStart = 0, nodesStart = 0;
  network.on("beforeDrawing", function (ctx) {
    frameStart = performance.now();
    var v = viewNow(), box = canvasBox(v);
    // A large map skips its faint hub edges while it is dragged: they are most of its edges.
    var light = !(interacting && edges.length > 20000);
    byRelation.forEach(function (list, r) {
      if (styles[r].alpha < 0.2 && !light) return;
      strokeEdges(ctx, list, styles[r], styles[r].alpha, v, box);
    });
    nodesStart = performance.now();
  });

  function shapePath(ctx, shape, x, y, r) {
    ctx.beginPath();
    if (shape === "square") ctx.rect(x - r, y - r, 2 * r, 2 * r);
    else if (shape === "triangle") { ctx.moveTo(x, y - r); ctx.lineTo(x + r, y + r * 0.8); ctx.lineTo(x - r, y + r * 0.8); ctx.closePath(); }
    else if (shape === "diamond") { ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); ctx.closePath(); }
    else ctx.arc(x, y, r, 0, 2 * Math.PI);
  }

  function drawFocus(ctx, v, box) {
    ctx.fillStyle = "rgba(255, 255, 255, 0.72)";
    ctx.fillRect(box[0], box[1], box[2] - box[0], box[3] - box[1]);
    var byStyle = styles.map(function () { return []; });
    focusEdges.forEach(function (k) { byStyle[edges[k][2]].push(k); });
    // Around a story, its outlets' and topics' edges are many and run far: half strength.
    byStyle.forEach(function (list, r) {
      var alpha = selection.story && styles[r].alpha < 0.2 ? styles[r].full / 2 : styles[r].full;
      strokeEdges(ctx, list, styles[r], alpha, v, box);
    });
    focusEdges.forEach(function (k) {  // arrowheads, where the direction matters
      var e = edges[k];
      if (!styles[e[2]].arrow || hidden[e[0]] || hidden[e[1]]) return;
      var dx = xs[e[1]] - xs[e[0]], dy = ys[e[1]] - ys[e[0]], len = Math.hypot(dx, dy);
      if (len * v.s < 24) return;
      var ux = dx / len, uy = dy / len, tip = len - rs[e[1]] - 1 / v.s, size = 7 / v.s;
      var px = xs[e[0]] + ux * tip, py = ys[e[0]] + uy * tip;
      ctx.beginPath();
      ctx.moveTo(px, py);
      ctx.lineTo(px - ux * size - uy * size * 0.5, py - uy * size + ux * size * 0.5);
      ctx.lineTo(px - ux * size + uy * size * 0.5, py - uy * size - ux * size * 0.5);
      ctx.closePath();
      ctx.fillStyle = "#555";
      ctx.fill();
    });
    focusNodes.forEach(function (i) {
      if (hidden[i]) return;
      var n = nodesData[i], color = n.color;
      shapePath(ctx, n.shape, xs[i], ys[i], rs[i]);
      ctx.fillStyle = typeof color === "string" ? color : color.background;
      ctx.fill();
      ctx.lineWidth = 1.2 / v.s;
      ctx.strokeStyle = typeof color === "string" ? "#ffffff" : color.border;
      ctx.stroke();
    });
    if (selection.node !== undefined && !hidden[selection.node]) {
      var i = selection.node;
      ctx.beginPath();
      ctx.arc(xs[i], ys[i], rs[i] + 4 / v.s, 0, 2 * Math.PI);
      ctx.lineWidth = 3 / v.s;
      ctx.strokeStyle = "#f08c00";
      ctx.stroke();
    }
  }

  /* ---- labels: placed greedily by priority, skipped where they would overlap ---- */
  var FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  var TITLE_PX = 12, HUB_PX = 11, STORY_MIN_PX = 11, STORY_MAX_PX = 19, TITLE_CHARS = 48, STORY_CHARS = 44;
  var TITLE_ZOOM = 0.9;  // from this zoom titles may show whatever the map's size
  // A story is named once it is this big on screen (its radius in px), the coloured ones
  // always: as in sigma.js, small things get labels as you zoom in.
  var STORY_NAMED_PX = 14, COLOURED = data.colouredStories, COLOUR_NAMES = data.colourNames !== false;
  var FEW_ON_SCREEN = 300;  // this few nodes on screen leave room for titles at any zoom
  var HUB_NAMED = data.hubNamed;  // an outlet or topic with fewer articles is named only when selected,
  var FEW_NAMED = 60;  // ... or when this few nodes are on screen
  var measure = document.createElement("canvas").getContext("2d");
  var widths = new Map();
  function textWidth(text, px, weight) {
    var key = weight + "|" + text;
    var w = widths.get(key);
    if (w === undefined) {
      measure.font = weight + " 20px " + FONT;
      w = measure.measureText(text).width / 20;
      widths.set(key, w);
    }
    return w * px;
  }
  function storyPx(st) { return Math.round(STORY_MIN_PX + (STORY_MAX_PX - STORY_MIN_PX) * Math.sqrt(st.size / maxStory)); }
  // A story's name shortened by whole terms, and said to be ("Microsoft Power Apps ·
  // misconfiguration\u2026"): without its last term and no mark, it read as another, whole
  // name, one that report.md and `related --by story` do not know.
  function termsText(terms, all) {
    var text = terms.join(" \u00b7 ");
    return terms.length < all ? text + "\u2026" : text;
  }
  function storyTerms(st) {
    var terms = st.name.split(" \u00b7 "), all = terms.length;
    while (terms.length > 1 && termsText(terms, all).length > STORY_CHARS) terms.pop();
    return terms;
  }
  function storyText(st) { return clip(termsText(storyTerms(st), st.name.split(" \u00b7 ").length), STORY_CHARS); }
  function nodeText(i) { return clip(nodesData[i].label, TITLE_CHARS); }
  // Zoomed in, titles first (largest first), then outlet, topic and tag names.
  var bySize = Array.from(nodesData.keys()).sort(function (a, b) {
    var ha = nodesData[a].kind === "article" ? 0 : 1, hb = nodesData[b].kind === "article" ? 0 : 1;
    return ha - hb || rs[b] - rs[a] || a - b;
  });

  var GAP_X = 6, GAP_Y = 3;  // px kept clear between two labels
  var placed = [];  // the labels drawn last, in screen px relative to the map
  function Grid() { this.cells = new Map(); }
  Grid.prototype.fits = function (b, overNodes) {  // overNodes: a node under it is no bar
    for (var cx = Math.floor(b.x / 64); cx <= Math.floor((b.x + b.width) / 64); cx++) {
      for (var cy = Math.floor(b.y / 64); cy <= Math.floor((b.y + b.height) / 64); cy++) {
        var list = this.cells.get(cx * 100003 + cy);
        if (!list) continue;
        for (var j = 0; j < list.length; j++) {
          var o = list[j], gx = o.node ? 1 : GAP_X, gy = o.node ? 1 : GAP_Y;
          if (o.node && overNodes) continue;
          if (b.x < o.x + o.width + gx && o.x < b.x + b.width + gx &&
              b.y < o.y + o.height + gy && o.y < b.y + b.height + gy) return false;
        }
      }
    }
    return true;
  };
  Grid.prototype.add = function (b) {
    for (var cx = Math.floor(b.x / 64); cx <= Math.floor((b.x + b.width) / 64); cx++) {
      for (var cy = Math.floor(b.y / 64); cy <= Math.floor((b.y + b.height) / 64); cy++) {
        var key = cx * 100003 + cy;
        if (!this.cells.has(key)) this.cells.set(key, []);
        this.cells.get(key).push(b);
      }
    }
  };

  function storyBox(st, v, size) {
    var px = size || storyPx(st), text = storyText(st), width = textWidth(text, px, 600);
    // Wider than the map (a phone's): shortened by whole terms rather than left out, as the
    // largest story's name was while a small story's was drawn across its articles.
    var terms = storyTerms(st), all = st.name.split(" \u00b7 ").length;
    while (width > v.w - 8 && terms.length > 1) {
      terms.pop();
      text = termsText(terms, all);
      width = textWidth(text, px, 600);
    }
    var x = st.cx * v.s + v.tx, y = st.cy * v.s + v.ty;
    // Its middle on screen, its name is kept on screen too (never pinned for a story away).
    if (width < v.w - 8 && x >= 0 && x <= v.w) x = Math.min(Math.max(x, width / 2 + 4), v.w - width / 2 - 4);
    // Zoomed in, a story's name moves from its middle to just above it (its articles' titles
    // take the middle), or to the top of the view while its middle is on screen.
    if (st.radius * v.s > 90) y = Math.max(st.top * v.s + v.ty - px * 0.8, y >= 0 && y <= v.h ? px : -Infinity);
    return { kind: "story", id: st.id, text: text, size: px, x: x - width / 2, y: y - px * 0.65, width: width, height: px * 1.3 };
  }
  /* Where else a story's name may go when its middle is taken (a larger story's name
     there): just above its articles, just below them, each also a half-width to either
     side; then all of that again a step smaller, down to the smallest size a story's name
     has (a small window). So the coloured stories are named in the overview, not only the
     grey ones. No larger than ``cap`` (the size of a larger story's name): a coloured
     31-article story whose place was taken was named at the smallest size, and 10-article
     grey ones placed after it at a large one, so type size no longer said story size.
     With ``corners`` (a map of few nodes, whose nodes names keep clear of), also the four
     corners inside its articles' box: a story laid out on a diagonal leaves two of them
     empty, and its name was drawn across its articles though they were free. */
  var STORY_PX_STEP = 2;
  function storyBoxes(st, v, corners, cap) {
    var first = storyBox(st, v, Math.min(storyPx(st), cap || Infinity)), out = [first];
    if (st.radius * v.s > 90) return out;  // zoomed in: its name sits above it already
    var sizes = [first.size];
    for (var px = first.size - STORY_PX_STEP; px > STORY_MIN_PX; px -= STORY_PX_STEP) sizes.push(px);
    if (first.size > STORY_MIN_PX) sizes.push(STORY_MIN_PX);
    sizes.forEach(function (px, k) {
      var b = k ? storyBox(st, v, px) : first;
      if (k) out.push(b);
      function at(x, y) {
        return { kind: b.kind, id: b.id, text: b.text, size: b.size, x: x, y: y,
                 width: b.width, height: b.height };
      }
      var above = st.top * v.s + v.ty - b.height - 1, below = st.bottom * v.s + v.ty + 1;
      [above, below].forEach(function (y) {
        [0, -b.width / 2, b.width / 2].forEach(function (dx) { out.push(at(b.x + dx, y)); });
      });
      if (!corners) return;
      var left = st.left * v.s + v.tx, right = st.right * v.s + v.tx;
      [st.top * v.s + v.ty, st.bottom * v.s + v.ty - b.height].forEach(function (y) {
        out.push(at(left, y), at(right - b.width, y));
      });
    });
    return out;
  }
  function nodeBox(i, v) {
    // Outlets, topics and tags are named a size smaller than titles, and in grey (below).
    var px = nodesData[i].kind === "article" ? TITLE_PX : HUB_PX;
    var text = nodeText(i), width = textWidth(text, px, 400);
    var x = xs[i] * v.s + v.tx + rs[i] * v.s + 3, y = ys[i] * v.s + v.ty;
    // A title running off the right edge (or under the panel) is cut to fit, not dropped.
    if (x + width > v.w && x < v.w - 120) {
      var keep = Math.floor(text.length * (v.w - x) / width) - 1;
      while (keep > 12 && textWidth(clip(text, keep), px, 400) > v.w - x) keep--;
      text = clip(text, keep);
      width = textWidth(text, px, 400);
    }
    return { kind: "node", id: nodesData[i].id, index: i, text: text, size: px, x: x, y: y - px * 0.65, width: width, height: px * 1.3 };
  }
  /* Where else a node's name may go when the right of it is taken, on a map of few nodes
     on screen (each of them named): its left, then above and below it (centred, then
     running right from its left edge, then left from its right edge). A 14-node map left
     three outlets and three titles unnamed, the first report of its largest story among
     them, with room all around. */
  function nodeBoxes(i, v) {
    var right = nodeBox(i, v), r = rs[i] * v.s, sx = xs[i] * v.s + v.tx, sy = ys[i] * v.s + v.ty;
    var text = nodeText(i), width = textWidth(text, right.size, 400);
    function at(x, y) {
      return { kind: "node", id: right.id, index: i, text: text, size: right.size, x: x, y: y,
               width: width, height: right.height };
    }
    var above = sy - r - right.height - 1, below = sy + r + 1;
    // Then off its four corners (where a circle leaves room): on a map laid out along a
    // diagonal its neighbours take the sides, above and below, and the corners facing
    // away from the diagonal are free (a 22-node focus map drew six titles across nodes).
    var c = r * 0.71, high = sy - c - right.height, low = sy + c;
    return [right, at(sx - r - 3 - width, right.y), at(sx - width / 2, above),
            at(sx - width / 2, below), at(sx - r, above), at(sx - r, below),
            at(sx + r - width, above), at(sx + r - width, below),
            at(sx + c + 3, low), at(sx - c - 3 - width, high),
            at(sx + c + 3, high), at(sx - c - 3 - width, low)];
  }
  /* A title with no clear place at its length, shortened by whole words to fit beside its
     node (right, then left, then below and above), down to a few words: on a small map
     whose dots stand closer than a title is long, a shorter name clear of the dots reads,
     where the whole one drawn across them did not. */
  function shortBoxes(i, v) {
    var full = nodeText(i), out = [];
    var r = rs[i] * v.s, sx = xs[i] * v.s + v.tx, sy = ys[i] * v.s + v.ty;
    var px = nodesData[i].kind === "article" ? TITLE_PX : HUB_PX, height = px * 1.3;
    for (var keep = full.length - 6; keep >= MIN_TITLE_CHARS; keep -= 6) {
      var text = clip(full, keep), width = textWidth(text, px, 400);
      [[sx + r + 3, sy - px * 0.65], [sx - r - 3 - width, sy - px * 0.65],
       [sx - width / 2, sy + r + 1], [sx - width / 2, sy - r - height - 1]].forEach(function (xy) {
        out.push({ kind: "node", id: nodesData[i].id, index: i, text: text, size: px,
                   x: xy[0], y: xy[1], width: width, height: height });
      });
    }
    return out;
  }
  var MIN_TITLE_CHARS = 16;
  /* The nodes on screen as boxes labels keep clear of (a label across a node hides it),
     on a map of few nodes on screen, where there is room to. */
  function nodeObstacles(list, v) {
    return list.map(function (i) {
      var r = rs[i] * v.s, sx = xs[i] * v.s + v.tx, sy = ys[i] * v.s + v.ty;
      return { node: true, x: sx - r, y: sy - r, width: 2 * r, height: 2 * r };
    });
  }
  function onScreen(b, v) { return b.x >= 0 && b.y >= 0 && b.x + b.width <= v.w && b.y + b.height <= v.h; }

  /* Story names first, largest first; then, once zoomed in (or when few nodes are on
     screen), node titles, largest first. With a selection, only its own nodes get titles:
     the rest lies under the veil. */
  function placeLabels(v) {
    var grid = new Grid(), out = [];
    function tryPlace(b, overNodes) {
      if (!onScreen(b, v) || !grid.fits(b, overNodes === true)) return false;
      grid.add(b); out.push(b); return true;
    }
    var onView = [];
    for (var j = 0; j < bySize.length; j++) {
      var i = bySize[j];
      if (hidden[i]) continue;
      var sx = xs[i] * v.s + v.tx, sy = ys[i] * v.s + v.ty;
      if (sx >= 0 && sy >= 0 && sx <= v.w && sy <= v.h) onView.push(i);
    }
    var titles = v.s >= Math.min(TITLE_ZOOM, overviewScale * 1.8) || onView.length <= FEW_ON_SCREEN;
    // On a map of few nodes on screen, names keep clear of the nodes (of a selection's own,
    // the rest lying under the veil) where they can, trying each side of a node; a name
    // with no clear place is then drawn across nodes, as on a large map, rather than left
    // out.
    var few = onView.length <= FEW_NAMED;
    if (few) {
      var focused = selection ? new Set(focusNodes) : null;
      nodeObstacles(onView.filter(function (i) { return !focused || focused.has(i); }), v)
        .forEach(function (b) { grid.add(b); });
    }
    var named = new Set(), unplaced = [];  // each node once; those with no clear place
    function placeNode(i) {
      if (named.has(i)) return;
      if (few ? nodeBoxes(i, v).some(function (b) { return tryPlace(b); })
          || shortBoxes(i, v).some(function (b) { return tryPlace(b); })
        : tryPlace(nodeBox(i, v))) named.add(i);
      else if (few) unplaced.push(i);
    }
    function placeAcross() {
      unplaced.forEach(function (i) {
        if (!named.has(i) && nodeBoxes(i, v).some(function (b) { return tryPlace(b, true); })) named.add(i);
      });
      unplaced = [];
    }
    // Each story's name is at most as large as the names of the larger stories placed
    // before it (largest first), so a name's size keeps saying its story's size.
    var cap = Infinity;
    function nameStory(st, capped) {
      var boxes = storyBoxes(st, v, few, capped ? cap : Infinity);
      var fit = boxes.find(function (b) { return tryPlace(b); });
      if (!fit && few && tryPlace(boxes[0], true)) fit = boxes[0];
      if (fit && capped) cap = Math.min(cap, fit.size);
    }
    if (selection && selection.node !== undefined && !hidden[selection.node]) {
      placeNode(selection.node);
      placeAcross();
    }
    if (selection && selection.story && selection.story.visible) nameStory(selection.story);
    // The outlet or topic filtered for is what the reader asked to see: named first, before
    // any story and at any zoom (filtered to Reuters, its square was never named, a story's
    // name drawn over it; filtered to powerapps' own outlet, no name at all).
    if (state && !selection) {
      onView.forEach(function (i) {
        var hub = nodesData[i];
        if ((hub.kind === "provider" && state.provider && hub.domain === state.provider)
            || (hub.kind === "topic" && state.topic && hub.label === state.topic)) {
          if (!tryPlace(nodeBox(i, v)) && !nodeBoxes(i, v).some(function (b) { return tryPlace(b) || tryPlace(b, true); })) return;
          named.add(i);
        }
      });
    }
    stories.forEach(function (st) {
      if (st.visible < Math.min(2, st.size) || (selection && st === selection.story)) return;
      if (st.rank < COLOURED || st.radius * v.s >= STORY_NAMED_PX) nameStory(st, true);
    });
    if (!titles) return out;
    if (selection) {
      // Its articles' titles first, then the outlets and topics around them where there
      // is room: a story picked in the Story list showed 20 nameless outlet squares.
      focusNodes.forEach(function (i) {
        if (!hidden[i] && nodesData[i].kind === "article") placeNode(i);
      });
      placeAcross();
      focusNodes.forEach(function (i) {
        if (!hidden[i] && nodesData[i].kind !== "article") placeNode(i);
      });
      placeAcross();
      return out;
    }
    // Articles first (onView has them first), and those with no clear place across nodes
    // before any outlet or topic is named: a 31-node map named every one-article outlet
    // while its most cited article went unnamed.
    for (var k = 0; k < onView.length && k < 4000 && out.length < 400; k++) {
      var n = nodesData[onView[k]];
      if (n.kind !== "article" && (k === 0 || nodesData[onView[k - 1]].kind === "article")) placeAcross();
      // On a small map every outlet and topic is named (the seed corpus's 7 nodes: its
      // outlets and topics, one article each, were never named at any zoom).
      if (n.kind === "article" || n.articles >= HUB_NAMED || few) placeNode(onView[k]);
    }
    placeAcross();
    return out;
  }

  function drawLabels(ctx, v) {
    placed = placeLabels(v);
    var ratio = network.canvas.pixelRatio || 1;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    placed.forEach(function (b) {
      var story = b.kind === "story" ? storyById.get(b.id) : null;
      // Under a selection, other stories' names stay for orientation, faded like their nodes.
      ctx.globalAlpha = selection && story && story !== selection.story ? 0.45 : 1;
      ctx.font = (story ? "600 " : "400 ") + b.size + "px " + FONT;
      ctx.lineWidth = 3.5;
      ctx.strokeStyle = "rgba(255, 255, 255, 0.92)";
      ctx.strokeText(b.text, b.x, b.y + b.height / 2);
      ctx.fillStyle = story ? (COLOUR_NAMES && story.rank < COLOURED ? darker(story.color) : "#3d4a57")
        : nodesData[b.index].kind === "article" ? "#222" : "#6b6b6b";
      ctx.fillText(b.text, b.x, b.y + b.height / 2);
    });
    ctx.globalAlpha = 1;
    ctx.restore();
  }

  network.on("afterDrawing", function (ctx) {
    var start = performance.now();
    var v = viewNow();
    if (selection) drawFocus(ctx, v, canvasBox(v));
    drawLabels(ctx, v);
    frames.push([nodesStart - frameStart, start - nodesStart, performance.now() - start]);
    if (!marks.firstFrame) marks.firstFrame = frames[frames.length - 1];
    if (frames.length > 20) frames.shift();
  });

  function labelAt(p) {
    for (var j = placed.length - 1; j >= 0; j--) {
      var b = placed[j];
      if (p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height) return b;
    }
    return null;
  }

  /* ---- tooltip: ours, so that filters can take it away with its node ---- */
  var tipTimer = null, tipFor = null;
  function hideTooltip() {
    clearTimeout(tipTimer);
    tooltip.hidden = true;
    tipFor = null;
  }
  /* What is under a point: a node drawn at least BIG_NODE_PX wide wins over a name written
     across it (zoomed in, one clicks dots); otherwise a story's name wins over the specks
     under its letters (zoomed out, one clicks names), then a node, then a title. */
  var BIG_NODE_PX = 6;
  function hitAt(p, nodeId) {
    if (nodeId === undefined) nodeId = network.getNodeAt(p);
    var i = nodeId !== undefined && byId.has(nodeId) ? byId.get(nodeId) : -1;
    var label = labelAt(p);
    if (label && label.kind === "story" && (i < 0 || rs[i] * network.getScale() < BIG_NODE_PX)) {
      return { story: storyById.get(label.id) };
    }
    if (i >= 0) return { node: i };
    if (label && label.kind === "node") return { node: label.index };
    return null;
  }

  function showTooltip(p) {
    var hit = hitAt(p);
    var heading, detail;
    if (hit && hit.story) {
      var st = hit.story;
      heading = st.label;
      detail = "story · " + plural(st.size, "article") + " · " + plural(st.outlets.length, "outlet") + " · click for its timeline";
    } else if (hit) {
      var n = nodesData[hit.node];
      heading = clip(n.label, 160);
      detail = n.kind === "article" ? [outlet(n), whenOf(n)].filter(Boolean).join(" · ") : n.kind + " · " + plural(n.articles, "article");
    } else {
      return;
    }
    tipFor = hit;
    tooltip.replaceChildren(el("strong", heading), el("small", detail));
    tooltip.style.left = Math.min(p.x + 14, container.clientWidth - 260) + "px";
    tooltip.style.top = (p.y + 14) + "px";
    tooltip.hidden = false;
  }
  function pointer(event) {
    var box = container.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }
  container.addEventListener("mousemove", function (event) {
    if (event.target === tooltip) return;
    hideTooltip();
    if (event.buttons) return;
    var p = pointer(event);
    tipTimer = setTimeout(function () { showTooltip(p); }, 200);
  });
  container.addEventListener("mouseleave", hideTooltip);
  container.addEventListener("wheel", hideTooltip, { passive: true });
  function tooltipStillShown() {
    if (tipFor && tipFor.node !== undefined && hidden[tipFor.node]) hideTooltip();
    if (tipFor && tipFor.story && !tipFor.story.visible) hideTooltip();
  }

  /* ---- clicks ---- */
  network.on("click", function (params) {
    hideTooltip();
    var hit = hitAt(params.pointer.DOM, params.nodes.length ? params.nodes[0] : null);
    if (hit && hit.story) selectStory(hit.story.id);
    else if (hit) show(hit.node);
    else closePanel();
  });
  // Escape closes the open panel wherever focus is (the canvas, a list, the search box); the
  // search box's own Escape, when it closes an open results list, goes no further.
  var listClosedBy = null;
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && event !== listClosedBy && !$("gx-panel").hidden) closePanel();
  });

  /* ---- side panel ---- */
  function nodeButton(i, text) {
    var button = el("button", text, "gx-linkish");
    button.type = "button";
    if (i !== null && i !== undefined) button.addEventListener("click", function () { focusNode(i); });
    else button.disabled = true;
    return button;
  }
  function storyButton(st, text) {
    var button = el("button", text, "gx-linkish");
    button.type = "button";
    button.addEventListener("click", function () { selectStory(st.id); });
    return button;
  }

  function openPanel(heading) {
    var body = $("gx-panel-body");
    body.replaceChildren();
    body.appendChild(el("h2", heading));
    $("gx-panel").hidden = false;
    $("gx-panel").scrollTop = 0;
    return body;
  }

  function focusNode(i) {
    if (hidden[i] && !nodesData[i].dominant) resetFilters({ fit: false });
    show(i);
  }

  function show(i) {
    var n = nodesData[i];
    if (!n) return;
    selection = { node: i };
    setFocus();
    network.selectNodes([n.id]);
    var body = openPanel(n.label);
    if (n.kind === "article") articlePanel(n, body);
    else hubPanel(n, body);
    drawTimeline();
    if (!hidden[i]) fitTo(focusNodes, { maxScale: Math.max(1.5, network.getScale()) });
    redrawSoon();
  }

  function selectStory(id, options) {
    var st = storyById.get(id);
    if (!st) return;
    // A story found another way (its name, the legend, search) is shown whole, the filters
    // that hid it reset; one picked in the Story list is a filter with the others, kept.
    if (!st.visible && !(options && options.keepFilters)) resetFilters({ fit: false });
    selection = { story: st };
    setFocus();
    network.unselectAll();
    storyPanel(st, openPanel(st.label));
    drawTimeline();
    if (!options || options.fit !== false) fitTo(st.members, { maxScale: 2 });
    redrawSoon();
  }

  function closePanel() {
    selection = null;
    setFocus();
    $("gx-panel").hidden = true;
    network.unselectAll();
    drawTimeline();
    redrawSoon();
  }
  $("gx-close").addEventListener("click", closePanel);

  // Topic and tag keys are case- and space-insensitive; labels keep one spelling.
  function key(kind, label) { return kind + "\u0000" + label.toLowerCase().replace(/\s+/g, " ").trim(); }
  var hubByKey = new Map();
  nodesData.forEach(function (n, i) { if (n.kind !== "article") hubByKey.set(key(n.kind, n.label), i); });

  function chips(body, heading, kind, values) {
    if (!values.length) return;
    body.appendChild(el("h3", heading));
    var line = el("p");
    values.forEach(function (value) {
      var text = Array.isArray(value) ? value[0] : value;
      var hub = hubByKey.get(key(kind, text));
      var label = Array.isArray(value) ? text + " · " + value[1] : text;
      var chip = hub !== undefined ? nodeButton(hub, label) : el("span", label);
      chip.classList.add("gx-chip");
      line.appendChild(chip);
    });
    body.appendChild(line);
  }

  var copies = new Map();  // syndication group -> article indices on the map
  nodesData.forEach(function (n, i) {
    if (n.copyGroup) {
      if (!copies.has(n.copyGroup)) copies.set(n.copyGroup, []);
      copies.get(n.copyGroup).push(i);
    }
  });

  function articlePanel(n, body) {
    var source = n.providerName && n.providerName !== n.provider ? n.providerName + " (" + n.provider + ")" : n.provider;
    body.appendChild(el("p", [source, whenOf(n)].filter(Boolean).join(" · "), "gx-meta"));
    var st = storyById.get(n.cluster);
    if (st) {
      var line = el("p", "Story: ", "gx-meta");
      line.appendChild(storyButton(st, st.label));
      line.appendChild(document.createTextNode(" · " + plural(st.size, "article")));
      body.appendChild(line);
    }
    if (n.roundup) body.appendChild(el("p", "A round-up page: it covers many stories.", "gx-meta"));
    var row = st && st.timeline.find(function (r) { return r[0] === n.index; });
    if (row && ROLES[row[1]] === "live") {
      body.appendChild(el("p", "Its title says it is a live or round-up page: " +
        "not counted as the story\u2019s first report.", "gx-meta"));
    }
    var twins = (copies.get(n.copyGroup) || []).filter(function (i) { return i !== n.index; });
    if (twins.length) {
      var same = el("p", "Same text also at: ", "gx-meta");
      twins.slice(0, 12).forEach(function (i, k) {
        if (k) same.appendChild(document.createTextNode(", "));
        same.appendChild(nodeButton(i, outlet(nodesData[i])));
      });
      if (twins.length > 12) same.appendChild(document.createTextNode(" and " + (twins.length - 12) + " more"));
      body.appendChild(same);
    }
    if (n.excerpt) body.appendChild(el("p", n.excerpt, "gx-excerpt"));
    var link = el("p"), original = outLink("Read the original ↗", n.url);
    if (original) {
      link.appendChild(original);
    } else if (n.url) {
      link.appendChild(el("span", "Original address (not a web link): " + n.url, "gx-meta"));
    }
    body.appendChild(link);
    chips(body, "Topics", "topic", n.topics);
    chips(body, "Tags", "tag", n.tags);
    var related = data.related[n.index] || [];
    if (related.length) {
      body.appendChild(el("h3", "Related stories"));
      var list = el("ol", null, "gx-related");
      related.forEach(function (r) {
        var item = el("li");
        var onMap = r.to >= 0;
        item.appendChild(nodeButton(onMap ? r.to : null, onMap ? nodesData[r.to].label : r.title));
        // Who published it and when, as the command line says (the list named neither).
        var by = onMap ? outlet(nodesData[r.to]) : (providerNames.get(r.outlet) || r.outlet || "");
        var at = onMap ? whenOf(nodesData[r.to]) : (r.published ? when(Date.parse(r.published)) : "");
        var said = [by + (r.more ? " and " + plural(r.more, "more outlet") : ""), at.replace(" UTC", ""),
                    r.score.toFixed(2)].filter(Boolean);
        if (!onMap) said.push("not on this map");
        item.appendChild(el("span", " " + said.join(" · "), "gx-score"));
        if (r.why.length) {
          var why = el("ul", null, "gx-why");
          r.why.forEach(function (k) { why.appendChild(el("li", data.reasons[k])); });
          item.appendChild(why);
        }
        list.appendChild(item);
      });
      body.appendChild(list);
    }
    var linked = new Map();  // other article -> how it is linked, once per kind of link
    eachLink(n.index, function (other, relation, out) {
      if (nodesData[other].kind !== "article") return;
      var how = relation === "related" ? (out ? "this story links to it" : "links to this story")
        : relation === "similar" ? "similar text" : relation;
      if (!linked.has(other)) linked.set(other, new Set());
      linked.get(other).add(how);
    });
    if (linked.size) {
      body.appendChild(el("h3", "Linked on this map"));
      var ul = el("ul");
      linked.forEach(function (hows, other) {
        var item = el("li");
        item.appendChild(nodeButton(other, nodesData[other].label));
        item.appendChild(el("span", " · " + Array.from(hows).join(", "), "gx-score"));
        ul.appendChild(item);
      });
      body.appendChild(ul);
    }
  }

  function hubPanel(n, body) {
    var articles = [];
    eachLink(n.index, function (other) { if (nodesData[other].kind === "article") articles.push(nodesData[other]); });
    articles = Array.from(new Set(articles)).sort(byCentrality);
    var meta = [n.kind, n.domain].filter(Boolean).join(" · ") + " · " + plural(articles.length, "article") + " on this map";
    body.appendChild(el("p", meta, "gx-meta"));
    if (n.dominant) body.appendChild(el("p", "On most articles of the map, so hidden unless shown under Show.", "gx-meta"));
    var list = el("ol");
    articles.slice(0, 200).forEach(function (m) {
      var item = el("li");
      item.appendChild(nodeButton(m.index, m.label));
      item.appendChild(el("span", " " + [m.providerName, whenOf(m)].filter(Boolean).join(" · "), "gx-score"));
      list.appendChild(item);
    });
    body.appendChild(list);
    if (articles.length > 200) body.appendChild(el("p", "and " + (articles.length - 200) + " more", "gx-meta"));
  }

  var providerNames = new Map();
  nodesData.forEach(function (n) { if (n.kind === "article" && n.provider) providerNames.set(n.provider, outlet(n)); });

  function storyPanel(st, body) {
    body.classList.add("gx-story");
    // A part of a story (a focus, --max-nodes) says so: "9 of its 31 articles on this map".
    var meta = [st.of ? st.size + " of its " + st.of + " articles on this map"
                      : plural(st.size, "article"), plural(st.outlets.length, "outlet")];
    if (st.span) meta.push("over " + st.span + (st.of ? " here" : ""));
    body.appendChild(el("p", meta.join(" · "), "gx-meta"));
    // A part of a story whose first report is not on the map names it (a focus on Reuters
    // marked Reuters' video first of a story CBS News broke 43 minutes earlier).
    if (st.first) {
      var first = el("p", "First reported by " + (st.first[0] || "an outlet") +
        (st.first[1] ? " at " + when(Date.parse(st.first[1])) : "") + ", not on this map", "gx-meta");
      var open = outLink(" ↗", st.first[2]);
      if (open) first.appendChild(open);
      body.appendChild(first);
    }
    if (st.theme) body.appendChild(el("p", "Theme: " + st.theme, "gx-meta"));
    body.appendChild(el("h3", "Timeline"));
    var list = el("ol", null, "gx-timeline-list");
    st.timeline.slice(0, 300).forEach(function (row) {
      var n = nodesData[row[0]], role = ROLES[row[1]];
      var item = el("li", null, "gx-role-" + role);
      // A page reissued later is placed, and dated, by when it first appeared; its update
      // is said beside it (it read "21:15" above a 19:33 first report).
      var since = n.firstPublished ? Date.parse(n.firstPublished) : NaN;
      item.appendChild(el("span", isNaN(n.time) ? "undated"
        : (isNaN(since) ? whenOf(n) : when(since)).replace(" UTC", ""), "gx-when"));
      var what = el("span", null, "gx-what");
      what.appendChild(el("strong", outlet(n) || "unknown outlet"));
      if (!isNaN(since)) what.appendChild(el("span", "updated " + whenOf(n).replace(" UTC", ""), "gx-mark"));
      if (role === "first") what.appendChild(el("span", "first report", "gx-mark gx-mark-first"));
      if (role === "roundup") what.appendChild(el("span", "round-up", "gx-mark"));
      if (role === "live") what.appendChild(el("span", LIVE_MARK, "gx-mark"));
      if (role === "copy") {
        var of = nodesData[row[2]];  // an outlet's own earlier page: the article republished
        what.appendChild(el("span", of && of.provider === n.provider ? "republished at another address"
          : "syndicated copy of " + (outlet(of) || "an earlier article"), "gx-mark gx-mark-copy"));
      }
      what.appendChild(el("br"));
      what.appendChild(nodeButton(row[0], n.label));
      item.appendChild(what);
      list.appendChild(item);
    });
    body.appendChild(list);
    if (st.timeline.length > 300) body.appendChild(el("p", "and " + (st.timeline.length - 300) + " more", "gx-meta"));
    body.appendChild(el("h3", "Outlets"));
    var outlets = el("ol", null, "gx-outlets");
    st.outlets.slice(0, 60).forEach(function (pair) {
      outlets.appendChild(el("li", (providerNames.get(pair[0]) || pair[0]) + " · " + plural(pair[1], "article")));
    });
    body.appendChild(outlets);
    if (st.outlets.length > 60) body.appendChild(el("p", "and " + (st.outlets.length - 60) + " more", "gx-meta"));
    chips(body, "Topics", "topic", st.topics);
  }

  /* ---- search: titles, outlets, topics and story names ---- */
  var index = null;  // built on first use: it is not needed to open the map
  // Text as search compares it: lower case, accents, spacing and apostrophes ignored
  // ("quebec" finds Québec; "mcdonald's" and "mcdonalds" find McDonald’s, as a keyboard
  // types ' where headlines print ’).
  var UNDECOMPOSED = { "ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d",
                       "þ": "th", "ı": "i" };  // letters no accent removal takes to ASCII
  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[øłßæœđðþı]/g, function (c) { return UNDECOMPOSED[c]; })
      .replace(/['\u2018\u2019\u02bc\u0060\u00b4]/g, "").replace(/\s+/g, " ");
  }
  // Hyphenated names are found typed either way: "cocacola" finds Coca-Cola as "coca cola"
  // does, "stoke-on-trent" Stoke-on-Trent.
  function searchable(text) {
    var folded = fold(text);
    return folded.indexOf("-") < 0 ? folded : folded + "\u0001" + folded.replace(/-/g, "");
  }
  function searchIndex() {
    if (index) return index;
    index = nodesData.map(function (n) {
      var fields = n.kind === "article" ? [n.label, n.providerName, n.provider].concat(n.topics) : [n.label, n.domain];
      return { n: n, title: fold(n.label), text: searchable(fields.join("\u0001")) };
    });
    stories.forEach(function (st) {
      index.push({ story: st, title: fold(st.label), text: searchable(st.label) });
    });
    return index;
  }
  var results = [];
  var active = -1;

  /* Where ``w`` starts a word of ``text`` (at its start, or after a character that is no
     Latin letter or digit), -1 when nowhere: "rte" finds RTE, never "reporter"; "vacc"
     finds "vaccine" as one types; a script without spaces is matched anywhere. */
  function wordAt(text, w) {
    for (var at = text.indexOf(w); at >= 0; at = text.indexOf(w, at + 1)) {
      if (at === 0 || !/[a-z0-9]/.test(text.charAt(at - 1))) return at;
    }
    return -1;
  }

  /* A query word as a matcher of text: where it starts a word as typed ("g7", "n95",
     "5g"), or where its letter and digit parts stand apart in the text the same way, only
     spaces or punctuation between them ("covid19" finds "COVID-19"; "n95" never finds the
     "n" of "now" and the "95" of "52,952" apart). -1 when nowhere. */
  function matcher(word) {
    var split = null;
    if (/[a-z][0-9]|[0-9][a-z]/.test(word)) {
      var alike = word.replace(/([a-z])(?=[0-9])|([0-9])(?=[a-z])/g, "$1$2\u0002").split("\u0002")
        .map(function (part) { return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
      split = new RegExp("(^|[^a-z0-9])" + alike.join("[^a-z0-9\u0001]+"));
    }
    return function (text) {
      var at = wordAt(text, word);
      if (at >= 0 || !split) return at;
      var m = split.exec(text);
      return m ? m.index + m[1].length : -1;
    };
  }

  /* Every word of the query, at the start of a word anywhere in a title, outlet, topic or
     story name ("moderna vaccine" finds "Moderna says its vaccine..."): the whole query in
     the title first. */
  function search(query) {
    var q = fold(query).trim();
    if (q.length < 2) return [];
    var words = q.split(" ").map(matcher);
    var hits = [];
    searchIndex().forEach(function (entry) {
      for (var w = 0; w < words.length; w++) if (words[w](entry.text) < 0) return;
      var at = wordAt(entry.title, q);
      var rank = at === 0 ? 0 : at > 0 ? 1 : words.every(function (w) { return w(entry.title) >= 0; }) ? 2 : 3;
      hits.push({ rank: rank, entry: entry });
    });
    // A name that is the query itself first (the topic "Coronavirus in US" was never
    // listed: twelve stories whose names end in it in brackets came before it); then names
    // that hold the query, stories before articles, the larger story first wherever its
    // name holds the words: Enter on "vaccine" opened a 2-article story whose name starts
    // with the word, not the 31-article Moderna · vaccine story.
    hits.sort(function (a, b) {
      var ea = a.entry.title === q ? 0 : 1, eb = b.entry.title === q ? 0 : 1;
      var ta = a.rank < 3 ? 0 : 1, tb = b.rank < 3 ? 0 : 1;
      var sa = a.entry.story ? 1 : 0, sb = b.entry.story ? 1 : 0;
      return ea - eb || ta - tb || sb - sa || (sa ? b.entry.story.size - a.entry.story.size || a.rank - b.rank
        : a.rank - b.rank || byCentrality(a.entry.n, b.entry.n));
    });
    return hits.slice(0, 12).map(function (h) { return h.entry; });
  }

  function showResults(found, query) {
    var list = $("gx-results");
    list.replaceChildren();
    results = found;
    active = found.length ? 0 : -1;
    if (!found.length && query && query.trim().length >= 2) {  // never silence for a miss
      list.appendChild(el("li", "Nothing on this map holds \u201c" + clip(query.trim(), 60) + "\u201d", "gx-none"));
      list.hidden = false;
      return;
    }
    found.forEach(function (entry, i) {
      var n = entry.n, st = entry.story;
      var item = el("li", clip(st ? st.label : n.label, 120));
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", String(i === active));
      item.appendChild(el("small", st ? "story · " + plural(st.size, "article")
        : n.kind === "article" ? [n.providerName, whenOf(n)].filter(Boolean).join(" · ") : n.kind));
      item.addEventListener("mousedown", function (event) { event.preventDefault(); pick(i); });
      list.appendChild(item);
    });
    list.hidden = !found.length;
  }

  function pick(i) {
    var entry = results[i];
    if (!entry) return;
    showResults([]);
    if (entry.story) selectStory(entry.story.id);
    else focusNode(entry.n.index);
  }

  var pending = null;
  $("gx-search").addEventListener("input", function (event) {
    clearTimeout(pending);
    pending = setTimeout(function () { showResults(search(event.target.value), event.target.value); }, 80);
  });
  $("gx-search").addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      clearTimeout(pending);
      if (!results.length || active < 0) showResults(search(event.target.value), event.target.value);
      pick(Math.max(active, 0));
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!results.length) return;
      active = (active + (event.key === "ArrowDown" ? 1 : results.length - 1)) % results.length;
      Array.prototype.forEach.call($("gx-results").children, function (li, i) { li.setAttribute("aria-selected", String(i === active)); });
    } else if (event.key === "Escape" && !$("gx-results").hidden) {
      listClosedBy = event;
      showResults([]);
    }
  });
  $("gx-search").addEventListener("blur", function () { showResults([]); });

  /* ---- filters ---- */
  var articles = nodesData.filter(function (n) { return n.kind === "article"; });
  var times = articles.map(function (n) { return n.time; }).filter(function (t) { return !isNaN(t); });
  var first = times.length ? times.reduce(function (a, b) { return Math.min(a, b); }) : 0;
  var last = times.length ? times.reduce(function (a, b) { return Math.max(a, b); }) : 0;
  // An end of the range that only an article dated by its day alone has is said as that day
  // ("2026-03-09"), not as its midnight.
  function dayOnlyAt(t) {
    return articles.some(function (n) { return n.time === t; }) &&
      articles.every(function (n) { return n.time !== t || n.dayOnly; });
  }
  function whenEnd(t) { return dayOnlyAt(t) ? new Date(t).toISOString().slice(0, 10) : when(t); }
  var shapes = { article: "dot", provider: "square", topic: "triangle", tag: "diamond" };
  var present = new Set(nodesData.map(function (n) { return n.kind; }));
  var kinds = Object.keys(shapes).filter(function (k) { return present.has(k); })
    .concat(Array.from(present).filter(function (k) { return !(k in shapes); }).sort());
  var dominant = nodesData.filter(function (n) { return n.dominant; });
  function freshState() {
    return { kinds: new Set(kinds), cluster: "", provider: "", topic: "", low: first, high: last, dominant: new Set() };
  }
  var state = freshState();

  // Most articles first, then by the name a reader sees (not the hidden key: "NHK WORLD"
  // sorted by www3.nhk.or.jp came after "KTLA"), then by key for names shown alike.
  function counted(values, shown) {
    var counts = new Map();
    values.forEach(function (v) { counts.set(v, (counts.get(v) || 0) + 1); });
    return Array.from(counts.entries()).sort(function (a, b) {
      return b[1] - a[1] || shown(a[0]).localeCompare(shown(b[0]), "en", { sensitivity: "base" })
        || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    });
  }
  function fill(select, entries, label) {
    entries.forEach(function (entry) { select.add(new Option(label(entry) + " (" + entry[1] + ")", String(entry[0]))); });
  }
  stories.forEach(function (st) { $("gx-cluster").add(new Option(st.label + " (" + st.size + ")", String(st.id))); });
  function providerName(key) { return providerNames.get(key) || String(key); }
  fill($("gx-provider"), counted(articles.filter(function (n) { return n.provider; }).map(function (n) { return n.provider; }),
    providerName), function (e) { return providerName(e[0]); });
  fill($("gx-topic"), counted([].concat.apply([], articles.map(function (n) { return n.topics; })), String),
    function (e) { return e[0]; });

  kinds.forEach(function (kind) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = kind;
    if (kind === "article") {
      // A map of coverage always shows its articles (as `graphx map --kinds` does): without
      // them, hundreds of unnamed outlet and topic specks with no edge between them.
      box.disabled = true;
      label.title = "a map of coverage always shows its articles";
    }
    box.addEventListener("change", function () {
      if (box.checked) state.kinds.add(kind); else state.kinds.delete(kind);
      applyFilters();
    });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + kind + "s"));
    $("gx-kinds").appendChild(label);
  });
  if (dominant.length) {
    var note = el("div", null, "gx-dominant");
    note.id = "gx-dominant";
    note.appendChild(el("p", "On most articles, so hidden:"));
    dominant.forEach(function (n) {
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.value = n.id;
      box.addEventListener("change", function () {
        if (box.checked) state.dominant.add(n.index); else state.dominant.delete(n.index);
        applyFilters();
      });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + n.label + " (" + n.kind + ", " + n.articles.toLocaleString("en") + " of " + articles.length.toLocaleString("en") + " articles)"));
      note.appendChild(label);
    });
    $("gx-kinds").appendChild(note);
  }
  ["cluster", "provider", "topic"].forEach(function (name) {
    $("gx-" + name).addEventListener("change", function (event) { state[name] = event.target.value; applyFilters(); });
  });
  // A story picked in the Story list opens its panel too, as its name, the legend and the
  // search do; "All stories" closes a story's panel.
  $("gx-cluster").addEventListener("change", function (event) {
    if (event.target.value !== "") {
      // Kept with the other filters: one that hid the story reset them all, the Story list
      // with them, beside the story's open panel; now the map says what is left.
      selectStory(Number(event.target.value), { fit: false, keepFilters: true });
      // Fitted again now that the panel is open: beside it, the story and what it touches
      // (fitted before it opened, half the story lay under the panel).
      applyFilters();
    } else if (selection && selection.story) closePanel();
  });

  function timeAt(step) { return first + (last - first) * step / 1000; }
  function stepAt(time) { return last > first ? Math.round(1000 * (time - first) / (last - first)) : 0; }
  // Dragging a slider filters as it goes; the view is fitted once, when it is let go.
  $("gx-from").addEventListener("input", function (event) { stopPlay(); state.low = timeAt(Number(event.target.value)); applyFilters({ fit: false }); });
  $("gx-to").addEventListener("input", function (event) { stopPlay(); state.high = timeAt(Number(event.target.value)); applyFilters({ fit: false }); });
  ["gx-from", "gx-to"].forEach(function (id) {
    $(id).addEventListener("change", function () { fitTo(visibleList(), { maxScale: 2 }); });
  });
  if (first === last) $("gx-dates").disabled = true;

  function articleShown(n) {
    if (!state.kinds.has("article")) return false;
    if (state.cluster !== "" && String(n.cluster) !== state.cluster) return false;
    if (state.provider && n.provider !== state.provider) return false;
    if (state.topic && n.topics.indexOf(state.topic) < 0) return false;
    var low = Math.min(state.low, state.high), high = Math.max(state.low, state.high);
    return isNaN(n.time) || (n.time >= low && n.time <= high);
  }

  function narrowed() {
    return state.cluster !== "" || !!state.provider || !!state.topic || state.low > first || state.high < last;
  }

  /* Show what the filters keep; fit the view to it unless options.fit is false (the play
     button keeps the view still so that coverage can be seen moving). */
  function applyFilters(options) {
    options = options || {};
    var shown = new Uint8Array(count);
    articles.forEach(function (n) { if (articleShown(n)) shown[n.index] = 1; });
    var narrow = narrowed();
    var changes = [];
    nodesData.forEach(function (n, i) {
      var visible;
      if (n.kind === "article") visible = shown[i] === 1;
      else {
        visible = state.kinds.has(n.kind) && (!n.dominant || state.dominant.has(i));
        if (visible && narrow) {
          visible = false;
          for (var p = degree[i]; p < degree[i + 1] && !visible; p++) {
            var e = edges[incident[p]];
            if (shown[e[0] === i ? e[1] : e[0]]) visible = true;
          }
        }
      }
      if (visible === !!hidden[i]) {
        hidden[i] = visible ? 0 : 1;
        changes.push({ id: n.id, hidden: !visible });
      }
    });
    if (changes.length) visNodes.update(changes);
    shownCount = count - hidden.reduce(function (a, b) { return a + b; }, 0);
    stories.forEach(placeStory);
    if (selection && selection.node !== undefined && hidden[selection.node] && !nodesData[selection.node].dominant) closePanel();
    if (selection && selection.story && !selection.story.visible) closePanel();
    tooltipStillShown();
    var low = Math.min(state.low, state.high), high = Math.max(state.low, state.high);
    $("gx-range").textContent = times.length ? whenEnd(low) + " – " + whenEnd(high) : "no dates";
    $("gx-visible").textContent = (shownCount).toLocaleString("en") + " of " + count.toLocaleString("en") + " shown";
    sayWhenNothing(shown.some(function (v) { return v === 1; }) ? "" : nothingHolds(low, high));
    drawTimeline();
    if (options.fit !== false) fitTo(visibleList(), { maxScale: 2 });
    redrawSoon();
  }

  /* "Nothing on this map is in the story “…” and from SharePoint": filters that leave no
     article say so on the canvas, as a search that finds nothing does (a blank map and
     "0 of 764 shown" read as a broken page). "" when no filter narrows the map. */
  function nothingHolds(low, high) {
    var said = [];
    var st = state.cluster !== "" ? storyById.get(Number(state.cluster)) : null;
    if (st) said.push("in the story \u201c" + clip(st.label, 80) + "\u201d");
    if (state.provider) said.push("from " + (providerNames.get(state.provider) || state.provider));
    if (state.topic) said.push("on the topic \u201c" + clip(state.topic, 60) + "\u201d");
    if (low > first || high < last) said.push("published " + whenEnd(low) + " \u2013 " + whenEnd(high));
    if (!said.length) return "";
    var phrase = said.length > 1 ? said.slice(0, -1).join(", ") + " and " + said[said.length - 1] : said[0];
    return "Nothing on this map is " + phrase + ". Reset filters shows it all.";
  }

  function sayWhenNothing(text) {
    var note = $("gx-nothing");
    note.textContent = text;
    note.hidden = !text;
    if (!text) return;
    // Over the map's top left corner, wherever the layout put the map (beside the filters,
    // or above them on a phone), clear of the panel on the right.
    var map = $("gx-map").getBoundingClientRect(), body = $("gx-body").getBoundingClientRect();
    note.style.left = (map.left - body.left + 16) + "px";
    note.style.top = (map.top - body.top + body.scrollTop + 16) + "px";
  }

  function resetFilters(options) {
    stopPlay();
    state = freshState();
    ["cluster", "provider", "topic"].forEach(function (name) { $("gx-" + name).value = ""; });
    $("gx-from").value = 0;
    $("gx-to").value = 1000;
    Array.prototype.forEach.call($("gx-kinds").querySelectorAll("input"), function (box) { box.checked = !box.closest("#gx-dominant"); });
    applyFilters(options);
  }
  $("gx-reset").addEventListener("click", function () { resetFilters(); });

  /* ---- timeline: articles per hour (a few days), day, week or month ---- */
  var HOUR = 36e5, DAY = 24 * HOUR;
  var units = [
    { name: "hour", floor: function (t) { return Math.floor(t / HOUR) * HOUR; }, next: function (t) { return t + HOUR; } },
    { name: "day", floor: function (t) { return Math.floor(t / DAY) * DAY; }, next: function (t) { return t + DAY; } },
    { name: "week", floor: function (t) { var d = Math.floor(t / DAY); return (d - ((d + 3) % 7)) * DAY; }, next: function (t) { return t + 7 * DAY; } },
    { name: "month", floor: function (t) { var d = new Date(t); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1); },
      next: function (t) { var d = new Date(t); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1); } },
  ];
  var MAX_BINS = 120;
  // Few articles take few bins: the seed map's two articles 3.4 days apart were two 3-px
  // bars among 82 empty hours, at the chart's two edges, and the chart read as empty. A
  // unit of at most BINS_PER_ARTICLE bins an article (and never fewer than MIN_BINS
  // allowed) gives them bars as wide as they are few.
  var BINS_PER_ARTICLE = 4, MIN_BINS = 12;
  var binsAllowed = Math.min(MAX_BINS, Math.max(MIN_BINS, BINS_PER_ARTICLE * times.length));
  var unit = units[units.length - 1];
  var starts = [];
  for (var u = 0; u < units.length && times.length; u++) {
    var edgesAt = [], t = units[u].floor(first);
    while (t <= last && edgesAt.length <= binsAllowed) { edgesAt.push(t); t = units[u].next(t); }
    if (edgesAt.length <= binsAllowed || u === units.length - 1) { unit = units[u]; starts = edgesAt; break; }
  }
  var ends = starts.map(function (s) { return unit.next(s); });
  function binOf(time) {
    var lo = 0, hi = starts.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (starts[mid] <= time) lo = mid; else hi = mid - 1; }
    return lo;
  }
  var binOfNode = new Int32Array(count).fill(-1);
  var totals = new Int32Array(starts.length);
  articles.forEach(function (n) {
    if (isNaN(n.time)) return;
    var b = binOf(n.time);
    binOfNode[n.index] = b;
    totals[b]++;
  });
  var peak = totals.reduce(function (a, b) { return Math.max(a, b); }, 0);
  var chart = $("gx-timeline");

  function binCounts(list) {
    var out = new Int32Array(starts.length);
    list.forEach(function (i) { if (binOfNode[i] >= 0) out[binOfNode[i]]++; });
    return out;
  }

  function drawTimeline() {
    if (!starts.length) { chart.hidden = true; return; }
    var ratio = window.devicePixelRatio || 1;
    var w = chart.clientWidth || 220, h = chart.clientHeight || 56;
    if (chart.width !== Math.round(w * ratio)) chart.width = Math.round(w * ratio);
    if (chart.height !== Math.round(h * ratio)) chart.height = Math.round(h * ratio);
    var ctx = chart.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, h);
    var bw = w / starts.length;
    function bars(values, color, top) {
      ctx.fillStyle = color;
      for (var b = 0; b < values.length; b++) {
        if (!values[b]) continue;
        var bh = Math.max(1, (h - 2) * values[b] / (top || peak));
        // Never thinner than 3 px, kept inside the chart: a few articles over many hours
        // drew slivers at its two edges, and the chart looked empty.
        var bar = Math.max(bw - (bw > 3 ? 1 : 0), 3);
        var x = Math.min(Math.max(b * bw + (bw - bar) / 2, 0), w - bar);
        ctx.fillRect(x, h - bh, bar, bh);
      }
    }
    var story = selection && selection.story;
    var caption = "articles per " + unit.name + " (peak " + peak + ")";
    if (story) {
      // A story's bars on its own scale (it says so below): at the corpus's scale a story
      // of a few dozen articles would barely leave the axis.
      var mine = binCounts(story.members), top = Math.max.apply(null, mine);
      bars(totals, "#eceff2");
      bars(mine, story.color, top);
      caption = "this story: articles per " + unit.name + " (peak " + top + ")";
    } else if (state.provider || state.topic || state.cluster) {
      // What an outlet, topic or story filter keeps, on its own scale too: on the corpus's,
      // an outlet's 50 articles were slivers one or two pixels high.
      var kept = binCounts(visibleList()), most = Math.max.apply(null, kept);
      bars(totals, "#eceff2");
      if (most) bars(kept, "#8796a5", most);
      caption = "shown: articles per " + unit.name + " (peak " + most + ")";
    } else {
      bars(totals, "#d9dee3");
      bars(binCounts(visibleList()), "#8796a5");
    }
    var day0 = when(starts[0]).slice(0, 10), day1 = when(last).slice(0, 10);  // one day: once
    $("gx-timeline-caption").textContent = caption + " · " + (day0 === day1 ? day0 : day0 + " – " + day1);
    if (!story && selection && selection.node !== undefined && binOfNode[selection.node] >= 0) {
      var one = new Int32Array(starts.length);
      one[binOfNode[selection.node]] = Math.max(1, peak / 8);
      bars(one, "#f08c00");
    }
    var low = Math.min(state.low, state.high), high = Math.max(state.low, state.high);
    // The veil and frame at the edges of the bars the range reaches (bars are drawn one
    // per bin, of equal width): drawn at the range's own times, they veiled the first and
    // last bars of a map with nothing filtered, as if those articles were left out.
    var x0 = bw * binOf(low), x1 = bw * (binOf(high) + 1);
    ctx.fillStyle = "rgba(255, 255, 255, 0.7)";
    if (x0 > 0) ctx.fillRect(0, 0, x0, h);
    if (x1 < w) ctx.fillRect(x1, 0, w - x1, h);
    // The chosen range is outlined; the whole span only faintly (dark, it hid the bars
    // at the chart's two edges, and a two-article map's chart read as an empty frame).
    ctx.strokeStyle = low <= first && high >= last ? "#d5dbe1" : "#5b6b7b";
    ctx.lineWidth = 1;
    ctx.strokeRect(Math.max(0.5, x0), 0.5, Math.max(1, Math.min(w - 0.5, x1) - Math.max(0.5, x0)), h - 1);
    timelineSummary = { unit: unit.name, starts: starts, totals: Array.from(totals),
      story: story ? Array.from(binCounts(story.members)) : null, window: [low, high],
      unveiled: [x0 / w, x1 / w] };  // the part of the chart the range leaves unveiled
  }
  var timelineSummary = null;

  // Drag across the histogram to choose a time range.
  var brushFrom = null;
  function binAtEvent(event) {
    var box = chart.getBoundingClientRect();
    return Math.max(0, Math.min(starts.length - 1, Math.floor(starts.length * (event.clientX - box.left) / box.width)));
  }
  chart.addEventListener("mousedown", function (event) { stopPlay(); brushFrom = binAtEvent(event); });
  window.addEventListener("mouseup", function (event) {
    if (brushFrom === null) return;
    var to = binAtEvent(event), a = Math.min(brushFrom, to), b = Math.max(brushFrom, to);
    brushFrom = null;
    setWindow(starts[a], ends[b] - 1);
    applyFilters();
  });
  function setWindow(low, high) {
    state.low = Math.max(first, low);
    state.high = Math.min(last, high);
    $("gx-from").value = stepAt(state.low);
    $("gx-to").value = stepAt(state.high);
  }

  // Play: a window of about a sixth of the coverage moves one bin at a time, past windows
  // that hold no article (half a gappy corpus's playback was an empty map); Pause keeps
  // its place and Play goes on from there (it started over); at the end, the range the
  // reader had before is back.
  var playing = null, playAt = 0, before = null, playEvery = 700;  // ms a step
  var playSpan = Math.max(1, Math.round(starts.length / 6));
  function windowTotal(at) {
    var sum = 0;
    for (var b = at; b < Math.min(starts.length, at + playSpan); b++) sum += totals[b];
    return sum;
  }
  function stopPlay(paused) {
    if (!paused) { playAt = 0; before = null; }  // a range set by hand ends a playback
    if (playing === null) return;
    clearInterval(playing);
    playing = null;
    $("gx-play").textContent = "▶ Play";
    $("gx-play").setAttribute("aria-pressed", "false");
  }
  function playStep() {
    while (playAt < starts.length - 1 && !windowTotal(playAt)) playAt++;
    var end = Math.min(starts.length - 1, playAt + playSpan - 1);
    setWindow(starts[playAt], ends[end] - 1);
    applyFilters({ fit: false });
    playAt++;
    if (end >= starts.length - 1) {
      var back = before;
      stopPlay(false);
      if (back) {  // the range the reader had
        state.low = back[0]; state.high = back[1];
        $("gx-from").value = stepAt(state.low);
        $("gx-to").value = stepAt(state.high);
        setTimeout(function () { applyFilters({ fit: false }); }, playEvery);
      }
    }
  }
  $("gx-play").addEventListener("click", function () {
    if (playing !== null) { stopPlay(true); return; }
    if (starts.length < 2) return;
    if (!before) { before = [state.low, state.high]; playAt = 0; }
    $("gx-play").textContent = "❚❚ Pause";
    $("gx-play").setAttribute("aria-pressed", "true");
    playStep();
    if (before) playing = setInterval(playStep, playEvery);
  });
  if (starts.length < 2) $("gx-play").disabled = true;

  /* ---- legend ---- */
  data.legend.forEach(function (row) {
    var item = el("li");
    item.setAttribute("data-filter", row.filter);
    var swatch = el("span", null, "gx-swatch");
    swatch.style.background = row.color;
    item.appendChild(swatch);
    item.appendChild(el("span", row.label));
    item.appendChild(el("span", row.count.toLocaleString("en"), "gx-count"));
    if (row.filter === "cluster") item.addEventListener("click", function () { selectStory(row.value); });
    else if (row.filter === "provider") {
      item.addEventListener("click", function () {
        $("gx-provider").value = String(row.value);
        state.provider = String(row.value);
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

  /* ---- open: fit, draw, and say so ---- */
  // A small map fills the canvas (the seed corpus's 7 nodes sat in a quarter of it, their
  // names crowding one another); a larger one opens no closer than 1.5.
  fitTo(visibleList(), { animate: false, maxScale: count <= FEW_NAMED ? 2.2 : 1.5 });
  overviewScale = network.getScale();
  applyFilters({ fit: false });
  marks.setup = performance.now();
  network.once("afterDrawing", function () {
    marks.drawn = performance.now();
    window.__graphxReady = performance.now();
    document.documentElement.setAttribute("data-ready", "true");
  });

  // For tests and scripts: what the page has drawn, in px relative to the map's top left.
  window.graphx = {
    labels: function () {
      return placed.map(function (b) {
        return { kind: b.kind, id: b.id, text: b.text, size: b.size, x: b.x, y: b.y, width: b.width, height: b.height };
      });
    },
    tooltip: function () { return tooltip.hidden ? null : tooltip.textContent; },
    timeline: function () { return timelineSummary; },
    moving: function () { return moving; },
    playEvery: function (ms) { playEvery = ms; },  // a test's quicker playback
    overviewScale: function () { return overviewScale; },
    stories: function () {
      return stories.map(function (st) {
        return { id: st.id, label: st.label, name: st.name, size: st.size, rank: st.rank, x: st.cx, y: st.cy, visible: st.visible, color: st.color };
      });
    },
    selected: function () {
      return !selection ? null : selection.story ? { story: selection.story.id } : { node: nodesData[selection.node].id };
    },
    selectStory: selectStory,
    show: function (id) { if (byId.has(id)) show(byId.get(id)); },
    visibleCount: function () { return shownCount; },
    edgeCount: function () { return edges.length; },
    marks: function () { return marks; },
    frames: function () { return frames.slice(); },
  };
})();

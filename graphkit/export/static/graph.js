/* graphkit's graph page. Every string shown here comes from news articles graphkit does not control:
 * it reaches the DOM through textContent (via el() and append()), vis-network's canvas, or its tooltip
 * (which sets innerText). Nothing here uses innerHTML, and links are http(s) only. */
(function () {
  "use strict";

  performance.mark("gk:start");
  const DATA = JSON.parse(document.getElementById("gk-data").textContent);
  performance.mark("gk:parsed");
  const TYPES = new Map(DATA.types.map((t) => [t.name, t]));
  const RELATIONS = new Map(DATA.relations.map((r) => [r.name, r]));
  const STANCES = new Map(DATA.stances.map((s) => [s.name, s]));
  const NODE = new Map(DATA.nodes.map((n) => [n.id, n]));
  const EDGE = new Map(DATA.edges.map((e) => [e.id, e]));
  const EDGES_OF = new Map();
  for (const e of DATA.edges) {
    for (const id of e.from === e.to ? [e.from] : [e.from, e.to]) {
      if (!EDGES_OF.has(id)) EDGES_OF.set(id, []);
      EDGES_OF.get(id).push(e);
    }
  }
  const BIG = DATA.nodes.length > 1000;
  const OTHER_TYPE = { colour: "#999999", shape: "dot" };
  const $ = (id) => document.getElementById(id);

  // ------------------------------------------------------------------ DOM helpers (text only)
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child !== undefined && child !== null && child !== false) node.append(child);
    }
    return node;
  }

  function safeUrl(url) {
    try {
      const parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (err) {
      return null;
    }
  }

  const SVG = "http://www.w3.org/2000/svg";
  const SHAPES = {
    dot: () => svgEl("circle", { cx: 8, cy: 8, r: 6 }),
    square: () => svgEl("rect", { x: 2, y: 2, width: 12, height: 12 }),
    triangle: () => svgEl("polygon", { points: "8,1 15,14 1,14" }),
    triangleDown: () => svgEl("polygon", { points: "1,2 15,2 8,15" }),
    diamond: () => svgEl("polygon", { points: "8,1 15,8 8,15 1,8" }),
    hexagon: () => svgEl("polygon", { points: "4,2 12,2 15,8 12,14 4,14 1,8" }),
    star: () => svgEl("polygon", { points: "8,1 10,6 15,6 11,9 13,15 8,11 3,15 5,9 1,6 6,6" }),
  };
  function svgEl(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    return node;
  }
  function typeSwatch(typeName) {
    const t = TYPES.get(typeName) || OTHER_TYPE;
    const svg = svgEl("svg", { width: 16, height: 16, viewBox: "0 0 16 16", class: "gk-swatch", "aria-hidden": "true" });
    const shape = (SHAPES[t.shape] || SHAPES.dot)();
    shape.setAttribute("fill", t.colour);
    shape.setAttribute("stroke", "#444");
    svg.append(shape);
    return svg;
  }
  function lineSwatch(colour, dashes) {
    const svg = svgEl("svg", { width: 24, height: 10, viewBox: "0 0 24 10", class: "gk-swatch", "aria-hidden": "true" });
    svg.append(svgEl("line", { x1: 1, y1: 5, x2: 18, y2: 5, stroke: colour, "stroke-width": 2, "stroke-dasharray": dashes || "none" }));
    svg.append(svgEl("polygon", { points: "17,1 23,5 17,9", fill: colour }));
    return svg;
  }

  // ------------------------------------------------------------------ what is shown
  const typeOn = new Map(DATA.types.map((t) => [t.name, true]));
  const relationOn = new Map(DATA.relations.filter((r) => !r.open).map((r) => [r.name, true]));
  const stanceOn = new Map(DATA.stances.map((s) => [s.name, true]));
  const hideOpen = $("gk-hide-open");
  const shown = { nodes: new Map(), edges: new Map() }; // id → drawn, as last given to vis-network

  function nodeVisible(n) {
    return typeOn.get(n.type) !== false;
  }
  function edgeVisible(e) {
    if (e.kind === "claim") return stanceOn.get(e.stance) !== false;
    const relation = RELATIONS.get(e.predicate);
    if (relation && relation.open) return !hideOpen.checked;
    return relationOn.get(e.predicate) !== false;
  }

  // ------------------------------------------------------------------ how things look
  const RELATION_COLOUR = "#8c959f";
  const OPEN_COLOUR = "#c4c9cf";
  let sizeBy = "degree";

  function darker(hex) {
    const n = parseInt(hex.slice(1), 16);
    const c = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => Math.round(v * 0.7).toString(16).padStart(2, "0"));
    return "#" + c.join("");
  }
  function nodeSize(n) {
    return Math.min(8 + 5 * Math.sqrt(sizeBy === "articles" ? n.articles : n.degree), 48);
  }
  function clip(text, max) {
    return text.length > max ? text.slice(0, max - 1) + "…" : text;
  }
  function sentenceText(evidence) {
    return evidence.parts.map((p) => (typeof p === "string" ? p : p[0])).join("");
  }
  function edgeLabel(e) {
    if (e.kind === "claim") return e.stance + ": " + clip(e.claim, 36);
    const relation = RELATIONS.get(e.predicate);
    const qualifier = e.qualifiers.role || e.qualifiers.verb;
    return (relation ? relation.label : e.predicate) + (qualifier ? " (" + qualifier + ")" : "");
  }
  function nodeTitle(n) {
    const lines = [n.label, n.type];
    if (n.aliases.length) lines.push("also: " + clip(n.aliases.join(", "), 160));
    lines.push(n.degree + " connections · " + n.articles + " article" + (n.articles === 1 ? "" : "s"));
    return lines.join("\n");
  }
  function edgeTitle(e) {
    const from = NODE.get(e.from);
    const to = NODE.get(e.to);
    const lines = [from.label + " → " + edgeLabel(e) + " → " + to.label];
    if (e.evidence.length) lines.push(clip(sentenceText(e.evidence[0]), 280));
    return lines.join("\n");
  }
  function typeStyle(t) {
    const colour = { background: t.colour, border: "#1f2328" };
    return { shape: t.shape, color: { background: t.colour, border: darker(t.colour), highlight: colour, hover: colour } };
  }
  function visNode(n) {
    shown.nodes.set(n.id, nodeVisible(n));
    const node = { id: n.id, label: n.label, title: nodeTitle(n), size: nodeSize(n), x: n.x, y: n.y };
    if (TYPES.has(n.type)) node.group = n.type; // one shared style per type (see groups below)
    else Object.assign(node, typeStyle(OTHER_TYPE));
    return node;
  }
  const parallel = new Map();
  function visEdge(e) {
    const pair = e.from < e.to ? e.from + "\u0000" + e.to : e.to + "\u0000" + e.from;
    const k = parallel.get(pair) || 0;
    parallel.set(pair, k + 1);
    const claim = e.kind === "claim";
    const open = !claim && RELATIONS.get(e.predicate) && RELATIONS.get(e.predicate).open;
    const colour = claim ? (STANCES.get(e.stance) || {}).colour || "#555555" : open ? OPEN_COLOUR : RELATION_COLOUR;
    const symmetric = !claim && RELATIONS.has(e.predicate) && RELATIONS.get(e.predicate).symmetric;
    shown.edges.set(e.id, edgeVisible(e));
    return {
      id: e.id, from: e.from, to: e.to, label: edgeLabel(e), title: edgeTitle(e), hidden: !shown.edges.get(e.id),
      dashes: claim ? [6, 4] : open ? [2, 4] : false,
      color: { color: colour, highlight: claim ? colour : "#1f2328", hover: claim ? colour : "#1f2328" },
      arrows: symmetric ? { to: { enabled: false } } : undefined,
      smooth: k === 0 ? false : { enabled: true, type: k % 2 ? "curvedCW" : "curvedCCW", roundness: 0.18 * Math.ceil(k / 2) },
    };
  }

  // ------------------------------------------------------------------ the network
  const nodes = new vis.DataSet(DATA.nodes.map(visNode));
  const edges = new vis.DataSet(DATA.edges.map(visEdge));
  performance.mark("gk:datasets");
  const network = new vis.Network($("gk-graph"), { nodes: nodes, edges: edges }, {
    autoResize: true,
    physics: false,
    layout: { improvedLayout: false },
    groups: Object.fromEntries(DATA.types.map((t) => [t.name, typeStyle(t)])),
    interaction: { hover: !BIG, tooltipDelay: 200, hideEdgesOnDrag: BIG, hideEdgesOnZoom: BIG, keyboard: false },
    nodes: { borderWidth: 1, font: { size: 13, strokeWidth: 3, strokeColor: "#ffffff" } },
    edges: {
      width: 1, selectionWidth: 1.5, smooth: false, arrows: { to: { enabled: true, scaleFactor: 0.5 } },
      font: { size: 10, color: "#444444", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
    },
  });
  performance.mark("gk:network");
  network.once("afterDrawing", () => {
    performance.mark("gk:drawn");
    window.requestAnimationFrame(() => {
      api.readyAt = performance.now();
      document.documentElement.dataset.ready = "true";
    });
  });
  network.fit({ animation: false });

  // ------------------------------------------------------------------ filters
  function applyFilters() {
    const nodeChanges = [];
    for (const n of DATA.nodes) {
      const visible = nodeVisible(n);
      if (shown.nodes.get(n.id) !== visible) nodeChanges.push({ id: n.id, hidden: !visible });
      shown.nodes.set(n.id, visible);
    }
    const edgeChanges = [];
    for (const e of DATA.edges) {
      const visible = edgeVisible(e);
      if (shown.edges.get(e.id) !== visible) edgeChanges.push({ id: e.id, hidden: !visible });
      shown.edges.set(e.id, visible);
    }
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    updateStatus();
  }
  function updateStatus() {
    const drawn = api.drawn();
    const c = DATA.counts;
    $("gk-status").textContent =
      "Showing " + drawn.nodes.length.toLocaleString() + " of " + c.entities.toLocaleString() + " entities and " +
      drawn.edges.length.toLocaleString() + " of " + c.connections.toLocaleString() + " connections.";
  }
  function checkbox(fieldset, map, name, labelText, count, swatch) {
    const input = el("input", { type: "checkbox", value: name, checked: map.get(name) !== false });
    input.addEventListener("change", () => {
      map.set(name, input.checked);
      applyFilters();
    });
    fieldset.append(el("label", null, input, swatch, el("span", null, labelText), el("span", { class: "gk-count" }, String(count))));
    return input;
  }
  const typeBoxes = new Map();
  for (const t of DATA.types) typeBoxes.set(t.name, checkbox($("gk-types"), typeOn, t.name, t.name, t.count, typeSwatch(t.name)));
  for (const r of DATA.relations) {
    if (!r.open) checkbox($("gk-relations"), relationOn, r.name, r.label, r.count, null);
  }
  $("gk-relations").hidden = relationOn.size === 0;
  $("gk-relations").querySelector("legend").append(" ", lineSwatch(RELATION_COLOUR));
  for (const s of DATA.stances) checkbox($("gk-stances"), stanceOn, s.name, s.name, s.count, lineSwatch(s.colour, "4 3"));
  $("gk-stances").hidden = stanceOn.size === 0;
  const openCount = DATA.relations.filter((r) => r.open).reduce((sum, r) => sum + r.count, 0);
  hideOpen.parentElement.append(" ", el("span", { class: "gk-count" }, "(" + openCount + ")"));
  hideOpen.addEventListener("change", applyFilters);

  $("gk-size").addEventListener("change", (event) => {
    sizeBy = event.target.value;
    nodes.update(DATA.nodes.map((n) => ({ id: n.id, size: nodeSize(n) })));
  });

  // ------------------------------------------------------------------ the side panel
  const panel = $("gk-panel");
  const body = $("gk-panel-body");

  function cite(docId) {
    const doc = Object.hasOwn(DATA.docs, docId) ? DATA.docs[docId] : { title: docId, publisher: "", published: "", url: "" };
    const url = safeUrl(doc.url);
    const title = doc.title || docId;
    return el("div", { class: "gk-cite" },
      url ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, title) : el("span", null, title),
      doc.publisher ? " · " + doc.publisher : "", doc.published ? " · " + doc.published : "");
  }
  function sentence(evidence) {
    const quote = el("blockquote");
    for (const part of evidence.parts) {
      quote.append(typeof part === "string" ? part : el("mark", { class: "hl-" + part[1] }, part[0]));
    }
    return quote;
  }
  function evidenceList(e) {
    return el("ul", { class: "gk-evidence" }, ...e.evidence.map((ev) => el("li", null, sentence(ev), cite(ev.doc))));
  }
  function nodeLink(id) {
    const n = NODE.get(id);
    return el("button", { type: "button", class: "gk-link", onclick: () => select(id) }, n ? n.label : id);
  }
  function edgeLink(e) {
    return el("button", { type: "button", class: "gk-link", onclick: () => selectEdge(e.id) }, edgeLabel(e));
  }
  function stance(e) {
    return el("span", { class: "gk-stance-" + e.stance }, e.stance);
  }
  function claimLine(e) {
    return el("span", { class: "gk-edge-head" }, nodeLink(e.from), " ", stance(e), " that ", nodeLink(e.to), " ",
      e.claim, e.claimObject ? " (" + e.claimObject + ")" : "");
  }
  function relationLine(e) {
    return el("span", { class: "gk-edge-head" }, nodeLink(e.from), " → ", edgeLink(e), " → ", nodeLink(e.to));
  }
  function limited(items, first, render) {
    const list = el("ul", null, ...items.slice(0, first).map(render));
    if (items.length > first) {
      const more = el("button", { type: "button", class: "gk-link gk-more" }, "show " + (items.length - first) + " more");
      more.addEventListener("click", () => {
        more.replaceWith(...items.slice(first).map(render));
      });
      list.append(el("li", null, more));
    }
    return list;
  }
  function show(...children) {
    body.replaceChildren(...children);
    panel.hidden = false;
    panel.scrollTop = 0;
  }

  function showNode(id) {
    const n = NODE.get(id);
    if (!n) return;
    const parts = [
      el("h2", null, n.label),
      el("div", { class: "gk-type" }, typeSwatch(n.type), n.type),
    ];
    if (n.aliases.length) parts.push(el("p", { class: "gk-meta" }, "Also called: " + n.aliases.join(" · ")));
    for (const [name, value] of n.attributes) parts.push(el("p", { class: "gk-meta" }, name + ": " + value));
    const mine = EDGES_OF.get(id) || [];
    const claims = mine.filter((e) => e.kind === "claim" && e.from === id);
    const others = mine.filter((e) => !(e.kind === "claim" && e.from === id));
    if (n.quotes.length) {
      parts.push(el("h3", null, "Quotes (" + n.quotes.length + ")"));
      parts.push(limited(n.quotes, 20, (q) => el("li", null, el("blockquote", null, "“" + q.text + "”"), ...q.docs.map(cite))));
    }
    if (claims.length) {
      parts.push(el("h3", null, "Claims (" + claims.length + ")"));
      parts.push(limited(claims, 20, (e) => el("li", null, claimLine(e), evidenceList(e))));
    }
    parts.push(el("h3", null, "Connections (" + others.length + ")"));
    parts.push(limited(others, 30, (e) => el("li", null, e.kind === "claim" ? claimLine(e) : relationLine(e), evidenceList(e))));
    if (n.omitted) {
      parts.push(el("p", { class: "gk-meta" }, n.omitted + " more connection" + (n.omitted === 1 ? "" : "s") +
        " to entities this page leaves out (see the note at the top)."));
    }
    parts.push(el("h3", null, "Articles (" + n.docs.length + ")"));
    parts.push(limited(n.docs, 20, (d) => el("li", null, cite(d))));
    show(...parts);
  }

  function showEdge(id) {
    const e = EDGE.get(id);
    if (!e) return;
    const parts = [];
    if (e.kind === "claim") {
      parts.push(el("h2", null, "Claim"), el("p", null, claimLine(e)));
    } else {
      parts.push(el("h2", null, edgeLabel(e)), el("p", null, relationLine(e)));
    }
    for (const [name, value] of Object.entries(e.qualifiers)) parts.push(el("p", { class: "gk-meta" }, name + ": " + value));
    parts.push(el("p", { class: "gk-meta" }, "confidence " + e.confidence));
    parts.push(el("h3", null, "Evidence (" + e.evidence.length + ")"));
    parts.push(evidenceList(e));
    show(...parts);
  }

  function reveal(id) {
    const n = NODE.get(id);
    if (n && typeOn.get(n.type) === false) {
      typeOn.set(n.type, true);
      typeBoxes.get(n.type).checked = true;
      applyFilters();
    }
  }
  function select(id) {
    if (!NODE.has(id)) return;
    reveal(id);
    network.selectNodes([id]);
    showNode(id);
    // centre the node in the part of the canvas that the panel leaves free
    network.focus(id, { scale: Math.max(network.getScale(), 1), offset: { x: -panel.offsetWidth / 2, y: 0 }, animation: false });
  }
  function selectEdge(id) {
    const e = EDGE.get(id);
    if (!e) return;
    reveal(e.from);
    reveal(e.to);
    if (!shown.edges.get(id)) {
      // a filtered-out edge opened from a panel: show it again
      edges.update({ id: id, hidden: false });
      shown.edges.set(id, true);
    }
    network.selectEdges([id]);
    showEdge(id);
  }

  function keepClear(id) {
    // the panel covers the right of the canvas: bring a node it would hide into the free part
    const free = $("gk-graph").clientWidth - panel.offsetWidth;
    const at = network.canvasToDOM(network.getPosition(id));
    if (at.x > free - 30) {
      const view = network.getViewPosition();
      const target = Math.max(free / 2, free - 160);
      network.moveTo({ position: { x: view.x + (at.x - target) / network.getScale(), y: view.y }, animation: false });
    }
  }

  network.on("click", (params) => {
    if (params.nodes.length) {
      showNode(params.nodes[0]);
      keepClear(params.nodes[0]);
    } else if (params.edges.length) {
      showEdge(params.edges[0]);
    } else {
      panel.hidden = true;
    }
  });
  $("gk-close").addEventListener("click", () => {
    panel.hidden = true;
    network.unselectAll();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") panel.hidden = true;
  });

  // ------------------------------------------------------------------ search
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  const NAMES = [];
  for (const n of DATA.nodes) {
    NAMES.push({ key: fold(n.label), node: n, alias: null });
    for (const a of n.aliases) NAMES.push({ key: fold(a), node: n, alias: a });
  }
  function search(query) {
    const q = fold(query);
    if (!q) return [];
    const best = new Map();
    for (const entry of NAMES) {
      let rank;
      if (entry.key === q) rank = 0;
      else if (entry.key.startsWith(q)) rank = 1;
      else if (entry.key.includes(" " + q)) rank = 2;
      else if (entry.key.includes(q)) rank = 3;
      else continue;
      if (entry.alias === null) rank -= 0.5; // the canonical name beats an alias of the same rank
      const seen = best.get(entry.node.id);
      if (!seen || rank < seen.rank) best.set(entry.node.id, { rank: rank, node: entry.node, alias: entry.alias });
    }
    return [...best.values()]
      .sort((a, b) => a.rank - b.rank || b.node.degree - a.node.degree || a.node.label.localeCompare(b.node.label))
      .slice(0, 12);
  }
  const input = $("gk-search");
  const results = $("gk-results");
  let matches = [];
  function renderResults() {
    matches = search(input.value);
    results.replaceChildren(...matches.map((m) => el("li", null,
      el("button", { type: "button", role: "option", onclick: () => select(m.node.id) },
        m.node.label, " ", el("span", { class: "gk-alias" }, m.alias ? "(" + m.alias + ") · " + m.node.type : m.node.type)))));
  }
  input.addEventListener("input", renderResults);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      renderResults();
      if (matches.length) select(matches[0].node.id);
    }
  });

  // ------------------------------------------------------------------ for tests and benchmarks
  const api = {
    network: network,
    readyAt: null,
    search: (q) => search(q).map((m) => m.node.id),
    drawn: () => ({ nodes: network.body.nodeIndices.slice(), edges: network.body.edgeIndices.slice() }),
    select: select,
    selectEdge: selectEdge,
  };
  Object.defineProperty(window, "graphkit", { value: api, writable: false });
  updateStatus();
})();

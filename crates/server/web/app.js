// sitrep web page: map, timeline, site board and event panel over the JSON API.
// Plain JavaScript, no build step, no external resources.
"use strict";

(function () {
  const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "ESCAPE"];
  const COLORS = {
    AGREE: "#2b8cbe", CONSULT: "#74a9cf", SUPPORT: "#a6bddb", CONCEDE: "#0570b0",
    COOPERATE: "#41ab5d", AID: "#78c679", RETREAT: "#d9a300",
    REQUEST: "#9e9ac8", ACCUSE: "#807dba", REJECT: "#6a51a3", THREATEN: "#ec7014",
    PROTEST: "#f768a1", SANCTION: "#ae017e", MOBILIZE: "#fd8d3c", COERCE: "#cb181d",
    ASSAULT: "#a50f15", ESCAPE: "#e7298a",
  };
  const FILTERS = ["country", "type", "since", "until", "q"];
  const EVENT_LIMIT = 2000;
  const CLUSTER_PX = 26;
  const SVGNS = "http://www.w3.org/2000/svg";

  const state = {
    filters: {},
    brush: null, // [startDay, endDay] as YYYY-MM-DD strings
    events: [],
    total: 0,
    sites: [],
    basemap: null,
    view: { s: 1, tx: 0, ty: 0 },
    proj: null,
    selected: null,
    loadSeq: 0,
  };

  const $ = (id) => document.getElementById(id);

  // ---------- small DOM helpers ----------
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }
  function svg(tag, attrs) {
    const e = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== undefined && v !== null) e.setAttribute(k, String(v));
    }
    return e;
  }
  function setStatus(msg, isError) {
    const s = $("status");
    s.textContent = msg;
    s.classList.toggle("error", !!isError);
  }
  async function api(path) {
    const res = await fetch(path, { headers: { Accept: "application/json" } });
    const type = res.headers.get("content-type") || "";
    const body = type.startsWith("application/json") ? await res.json() : await res.text();
    if (!res.ok) {
      const msg = body && body.message ? body.message : res.status + " " + res.statusText;
      throw new Error(msg);
    }
    return body;
  }

  // ---------- URL state ----------
  function readUrl() {
    const p = new URLSearchParams(location.search);
    const f = {};
    for (const k of FILTERS) {
      const v = (p.get(k) || "").trim();
      if (v) f[k] = v;
    }
    state.filters = f;
    const b = p.get("brush");
    const m = b && /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(b);
    state.brush = m ? [m[1], m[2]] : null;
    const sel = p.get("event") ? { kind: "event", id: p.get("event") }
      : p.get("site") ? { kind: "site", id: p.get("site") } : null;
    state.selected = sel;
  }
  function writeUrl(push) {
    const p = new URLSearchParams();
    for (const k of FILTERS) if (state.filters[k]) p.set(k, state.filters[k]);
    if (state.brush) p.set("brush", state.brush[0] + ".." + state.brush[1]);
    if (state.selected) p.set(state.selected.kind, state.selected.id);
    const url = location.pathname + (p.toString() ? "?" + p.toString() : "");
    if (url !== location.pathname + location.search) {
      if (push) history.pushState(null, "", url);
      else history.replaceState(null, "", url);
    }
  }
  function fillForm() {
    for (const k of FILTERS) {
      const input = $("f-" + k);
      if (input) input.value = state.filters[k] || "";
    }
  }

  // ---------- data ----------
  function eventDay(e) {
    if (e.date && e.date.start) return e.date.start;
    return e.reported || null;
  }
  function eventEnd(e) {
    if (e.date && e.date.end) return e.date.end;
    return eventDay(e);
  }
  function inBrush(e) {
    if (!state.brush) return true;
    const a = eventDay(e), b = eventEnd(e);
    if (!a) return false;
    return b >= state.brush[0] && a <= state.brush[1];
  }
  function visibleEvents() {
    return state.events.filter(inBrush);
  }
  function eventSize(e) {
    let m = 0;
    for (const f of e.figures || []) if (f.kind !== "size") m = Math.max(m, f.best || 0);
    return m;
  }

  async function load() {
    const seq = ++state.loadSeq;
    const q = new URLSearchParams();
    for (const k of FILTERS) if (state.filters[k]) q.set(k, state.filters[k]);
    q.set("limit", String(EVENT_LIMIT));
    const sq = new URLSearchParams({ brief: "true" });
    if (state.filters.country) sq.set("country", state.filters.country);
    setStatus("Loading…");
    try {
      const [page, sites] = await Promise.all([
        api("/api/events?" + q.toString()),
        api("/api/sites?" + sq.toString()),
      ]);
      if (seq !== state.loadSeq) return;
      state.events = page.items;
      state.total = page.total;
      state.sites = sites.filter((s) => siteMatches(s));
      fitView();
      renderAll();
      document.body.dataset.loaded = String(seq);
      if (state.selected) showSelected(false);
    } catch (err) {
      if (seq !== state.loadSeq) return;
      state.events = [];
      state.total = 0;
      state.sites = [];
      fitView();
      renderAll();
      setStatus("Error: " + err.message, true);
      document.body.dataset.loaded = String(seq);
    }
  }
  function siteMatches(s) {
    const since = state.filters.since, until = state.filters.until;
    if (since && s.last_change && s.last_change < since && !(s.events || []).length) return false;
    if (until && s.control && s.control.length && s.control.every((c) => c.date && c.date > until)
      && !s.detention) return false;
    return true;
  }

  // ---------- map ----------
  function project(lon, lat) {
    const p = state.proj;
    return [(lon - p.lon0) * p.k, -(lat - p.lat0)];
  }
  function toScreen(x, y) {
    const v = state.view;
    return [x * v.s + v.tx, y * v.s + v.ty];
  }
  function mapSize() {
    const r = $("map").getBoundingClientRect();
    return [Math.max(r.width, 100), Math.max(r.height, 100)];
  }
  function fitView() {
    const pts = [];
    for (const e of state.events) {
      const l = e.location;
      if (l && Number.isFinite(l.lat) && Number.isFinite(l.lon)) pts.push([l.lon, l.lat]);
    }
    for (const s of state.sites) if (Number.isFinite(s.lat) && Number.isFinite(s.lon)) pts.push([s.lon, s.lat]);
    let minLon = -20, maxLon = 60, minLat = 0, maxLat = 55;
    if (pts.length) {
      minLon = Math.min(...pts.map((p) => p[0])); maxLon = Math.max(...pts.map((p) => p[0]));
      minLat = Math.min(...pts.map((p) => p[1])); maxLat = Math.max(...pts.map((p) => p[1]));
      const padLon = Math.max(3.5, (maxLon - minLon) * 0.15), padLat = Math.max(2.5, (maxLat - minLat) * 0.15);
      minLon -= padLon; maxLon += padLon; minLat -= padLat; maxLat += padLat;
    }
    const lat0 = (minLat + maxLat) / 2, lon0 = (minLon + maxLon) / 2;
    const k = Math.cos((lat0 * Math.PI) / 180);
    const changed = !state.proj || Math.abs(state.proj.lat0 - lat0) > 1e-9 || state.proj.lon0 !== lon0;
    state.proj = { lat0, lon0, k };
    const [w, h] = mapSize();
    const spanX = (maxLon - minLon) * k, spanY = maxLat - minLat;
    const s = Math.min(w / spanX, h / spanY);
    state.view = { s, tx: w / 2, ty: h / 2 };
    if (changed) state.basemapPaths = null;
  }

  function basemapPaths() {
    if (state.basemapPaths || !state.basemap || !state.proj) return state.basemapPaths;
    const fmt = (n) => (Math.round(n * 1000) / 1000).toString();
    const line = (flat, close) => {
      let d = "";
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const [x, y] = project(flat[i], flat[i + 1]);
        d += (i === 0 ? "M" : "L") + fmt(x) + " " + fmt(y);
      }
      return close ? d + "Z" : d;
    };
    const countries = state.basemap.countries.map((c) => ({
      name: c.name,
      d: c.rings.map((r) => line(r, true)).join(""),
    }));
    const admin1 = state.basemap.admin1.map((l) => line(l, false)).join("");
    state.basemapPaths = { countries, admin1 };
    return state.basemapPaths;
  }

  function renderMap() {
    const root = $("map");
    root.replaceChildren();
    const [w, h] = mapSize();
    root.setAttribute("viewBox", `0 0 ${w} ${h}`);
    root.append(svg("rect", { x: 0, y: 0, width: w, height: h, class: "sea" }));
    const v = state.view;
    const g = svg("g", { transform: `translate(${v.tx} ${v.ty}) scale(${v.s})`, class: "basemap" });
    const paths = basemapPaths();
    if (paths) {
      for (const c of paths.countries) {
        const p = svg("path", { d: c.d, class: "country" });
        const t = svg("title");
        t.textContent = c.name || "";
        p.append(t);
        g.append(p);
      }
      g.append(svg("path", { d: paths.admin1, class: "admin1" }));
    }
    root.append(g);

    // Markers: events clustered in screen space, then sites on top.
    const markers = svg("g", { class: "markers" });
    const cells = new Map();
    for (const e of visibleEvents()) {
      const l = e.location;
      if (!l || !Number.isFinite(l.lat) || !Number.isFinite(l.lon)) continue;
      const [sx, sy] = toScreen(...project(l.lon, l.lat));
      if (sx < -20 || sy < -20 || sx > w + 20 || sy > h + 20) continue;
      const key = Math.floor(sx / CLUSTER_PX) + ":" + Math.floor(sy / CLUSTER_PX);
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push({ e, sx, sy });
    }
    for (const items of cells.values()) {
      const n = items.length;
      const cx = items.reduce((a, i) => a + i.sx, 0) / n;
      const cy = items.reduce((a, i) => a + i.sy, 0) / n;
      if (n === 1) {
        const e = items[0].e;
        const r = 5 + Math.min(14, Math.sqrt(eventSize(e)) * 1.2);
        const c = svg("circle", {
          cx, cy, r, fill: COLORS[e.event_type] || "#555", class: "marker event-marker",
          "data-event": e.id, "data-type": e.event_type, tabindex: 0, role: "button",
        });
        const t = svg("title");
        t.textContent = `${e.event_type} · ${eventDay(e) || "undated"} · ${placeName(e)}\n${e.evidence || ""}`;
        c.append(t);
        c.addEventListener("click", () => select({ kind: "event", id: e.id }));
        c.addEventListener("keydown", (ev) => { if (ev.key === "Enter") select({ kind: "event", id: e.id }); });
        markers.append(c);
      } else {
        const counts = {};
        for (const i of items) counts[i.e.event_type] = (counts[i.e.event_type] || 0) + 1;
        const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0];
        const r = 9 + Math.min(16, Math.sqrt(n) * 3);
        const grp = svg("g", { class: "marker cluster-marker", "data-count": n, tabindex: 0, role: "button" });
        grp.append(svg("circle", { cx, cy, r, fill: COLORS[top] || "#555" }));
        const label = svg("text", { x: cx, y: cy + 4, "text-anchor": "middle", class: "cluster-label" });
        label.textContent = String(n);
        grp.append(label);
        const t = svg("title");
        t.textContent = `${n} events: ` + Object.entries(counts).map(([k, c]) => `${k} ${c}`).join(", ");
        grp.append(t);
        const evs = items.map((i) => i.e);
        grp.addEventListener("click", () => showCluster(evs));
        markers.append(grp);
      }
    }
    const placed = [];
    for (const s of state.sites) {
      if (!Number.isFinite(s.lat) || !Number.isFinite(s.lon)) continue;
      const [sx, sy] = toScreen(...project(s.lon, s.lat));
      if (sx < -20 || sy < -20 || sx > w + 20 || sy > h + 20) continue;
      const grp = svg("g", { class: "marker site-marker", "data-site": s.id, "data-name": s.name, tabindex: 0, role: "button" });
      const size = 7;
      grp.append(svg("rect", { x: sx - size, y: sy - size, width: 2 * size, height: 2 * size, class: "site-shape site-" + s.kind }));
      // Labels that would overlap one already placed are left out (the title still names the site).
      const lw = s.name.length * 7, lx = sx + size + 3, ly = sy - 8;
      if (!placed.some((b) => lx < b[0] + b[2] && b[0] < lx + lw && ly < b[1] + 16 && b[1] < ly + 16)) {
        placed.push([lx, ly, lw]);
        const label = svg("text", { x: lx, y: sy + 4, class: "site-label" });
        label.textContent = s.name;
        grp.append(label);
      }
      const t = svg("title");
      t.textContent = `${s.name} (${s.kind})` + (s.controller.length ? ` — held by ${s.controller.join(", ")}` : "");
      grp.append(t);
      grp.addEventListener("click", () => select({ kind: "site", id: s.id }));
      grp.addEventListener("keydown", (ev) => { if (ev.key === "Enter") select({ kind: "site", id: s.id }); });
      markers.append(grp);
    }
    root.append(markers);
  }

  function placeName(e) {
    const l = e.location;
    if (!l) return "unknown place";
    if (l.facility) return `${l.facility.name}, ${l.name}`;
    return l.name || l.text || "unknown place";
  }

  function setupMapInteraction() {
    const root = $("map");
    let drag = null;
    root.addEventListener("wheel", (ev) => {
      ev.preventDefault();
      const r = root.getBoundingClientRect();
      const mx = ev.clientX - r.left, my = ev.clientY - r.top;
      zoomAt(mx, my, ev.deltaY < 0 ? 1.25 : 0.8);
    }, { passive: false });
    root.addEventListener("mousedown", (ev) => {
      if (ev.target.closest && ev.target.closest(".marker")) return;
      drag = { x: ev.clientX, y: ev.clientY, tx: state.view.tx, ty: state.view.ty, moved: false };
    });
    window.addEventListener("mousemove", (ev) => {
      if (!drag) return;
      const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 2) drag.moved = true;
      state.view.tx = drag.tx + dx;
      state.view.ty = drag.ty + dy;
      if (drag.moved) renderMap();
    });
    window.addEventListener("mouseup", () => { drag = null; });
    $("zoom-in").addEventListener("click", () => { const [w, h] = mapSize(); zoomAt(w / 2, h / 2, 1.5); });
    $("zoom-out").addEventListener("click", () => { const [w, h] = mapSize(); zoomAt(w / 2, h / 2, 1 / 1.5); });
    $("zoom-fit").addEventListener("click", () => { fitView(); renderMap(); });
    window.addEventListener("resize", () => { fitView(); renderMap(); renderTimeline(); });
  }
  function zoomAt(mx, my, f) {
    const v = state.view;
    const s = Math.min(Math.max(v.s * f, 0.5), 20000);
    const k = s / v.s;
    v.tx = mx - (mx - v.tx) * k;
    v.ty = my - (my - v.ty) * k;
    v.s = s;
    renderMap();
  }

  function renderLegend() {
    const present = new Set(state.events.map((e) => e.event_type));
    const box = $("legend");
    box.replaceChildren();
    for (const t of TYPES) {
      if (!present.has(t)) continue;
      const sw = el("span", { class: "swatch" });
      sw.style.background = COLORS[t];
      box.append(el("span", { class: "legend-item" }, sw, t.toLowerCase()));
    }
    const sq = el("span", { class: "swatch site-swatch" });
    box.append(el("span", { class: "legend-item" }, sq, "site"));
  }

  // ---------- timeline ----------
  function dayNum(s) { return Math.floor(Date.parse(s + "T00:00:00Z") / 86400000); }
  function dayStr(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }

  function renderTimeline() {
    const root = $("timeline");
    root.replaceChildren();
    const w = Math.max(root.getBoundingClientRect().width, 200), h = 130;
    root.setAttribute("viewBox", `0 0 ${w} ${h}`);
    const byDay = new Map();
    for (const e of state.events) {
      const d = eventDay(e);
      if (!d) continue;
      if (!byDay.has(d)) byDay.set(d, {});
      const c = byDay.get(d);
      c[e.event_type] = (c[e.event_type] || 0) + 1;
    }
    if (!byDay.size) {
      const t = svg("text", { x: 10, y: 60, class: "empty" });
      t.textContent = "No dated events.";
      root.append(t);
      $("brush-info").textContent = "";
      return;
    }
    const days = [...byDay.keys()].map(dayNum);
    let d0 = Math.min(...days), d1 = Math.max(...days);
    if (state.filters.since) d0 = Math.min(d0, dayNum(state.filters.since));
    if (state.filters.until) d1 = Math.max(d1, dayNum(state.filters.until));
    if (d1 - d0 < 6) { const pad = Math.ceil((6 - (d1 - d0)) / 2); d0 -= pad; d1 += pad; }
    const left = 30, right = 10, top = 8, bottom = 22;
    const n = d1 - d0 + 1;
    const bw = (w - left - right) / n;
    const maxCount = Math.max(...[...byDay.values()].map((c) => Object.values(c).reduce((a, b) => a + b, 0)));
    const yScale = (h - top - bottom) / maxCount;
    const x = (d) => left + (d - d0) * bw;
    // Axis: a few date labels.
    const ticks = Math.min(n, Math.max(2, Math.floor((w - left - right) / 90)));
    for (let i = 0; i < ticks; i++) {
      const d = d0 + Math.round((i * (n - 1)) / Math.max(1, ticks - 1));
      const t = svg("text", { x: x(d) + bw / 2, y: h - 6, "text-anchor": "middle", class: "tick" });
      t.textContent = dayStr(d);
      root.append(t);
    }
    const ymax = svg("text", { x: left - 4, y: top + 8, "text-anchor": "end", class: "tick" });
    ymax.textContent = String(maxCount);
    root.append(ymax);
    root.append(svg("line", { x1: left, x2: w - right, y1: h - bottom, y2: h - bottom, class: "axis" }));
    for (const [day, counts] of byDay) {
      let y = h - bottom;
      const dn = dayNum(day);
      for (const t of TYPES) {
        const c = counts[t];
        if (!c) continue;
        const bh = c * yScale;
        y -= bh;
        const r = svg("rect", {
          x: x(dn) + 0.5, y, width: Math.max(1, bw - 1), height: bh, fill: COLORS[t],
          class: "bar", "data-day": day, "data-type": t, "data-count": c,
        });
        const tt = svg("title");
        tt.textContent = `${day} ${t}: ${c}`;
        r.append(tt);
        root.append(r);
      }
    }
    // Brush.
    if (state.brush) {
      const a = Math.max(dayNum(state.brush[0]), d0), b = Math.min(dayNum(state.brush[1]), d1);
      root.append(svg("rect", { x: x(a), y: top - 4, width: Math.max(2, (b - a + 1) * bw), height: h - top - bottom + 4, class: "brush" }));
      $("brush-info").textContent = `${state.brush[0]} – ${state.brush[1]} (double-click to clear)`;
    } else {
      $("brush-info").textContent = "drag to select days";
    }
    const overlay = svg("rect", { x: left, y: 0, width: w - left - right, height: h - bottom, class: "brush-overlay" });
    root.append(overlay);
    const dayAt = (clientX) => {
      const r = root.getBoundingClientRect();
      const px = ((clientX - r.left) / r.width) * w;
      return Math.min(d1, Math.max(d0, d0 + Math.floor((px - left) / bw)));
    };
    let start = null;
    overlay.addEventListener("mousedown", (ev) => { start = dayAt(ev.clientX); ev.preventDefault(); });
    overlay.addEventListener("mouseup", (ev) => {
      if (start === null) return;
      const end = dayAt(ev.clientX);
      const a = Math.min(start, end), b = Math.max(start, end);
      start = null;
      setBrush([dayStr(a), dayStr(b)]);
    });
    overlay.addEventListener("dblclick", () => setBrush(null));
  }
  function setBrush(b) {
    state.brush = b;
    writeUrl(false);
    renderTimeline();
    renderMap();
    renderEvents();
  }

  // ---------- site board ----------
  function countCell(c) {
    if (!c) return el("td", { class: "num" }, "–");
    const text = c.low !== c.high && c.low !== undefined ? `${fmtNum(c.value)} (${fmtNum(c.low)}–${fmtNum(c.high)})` : fmtNum(c.value);
    const srcs = (c.sources || []).map(sourceName).join("; ");
    const td = el("td", { class: "num" + (c.disputed ? " disputed" : ""), title: srcs ? "Source: " + srcs : null },
      (c.approximate ? "~" : "") + text, c.disputed ? el("span", { class: "flag", title: "disputed: sources disagree" }, " ⚠") : null);
    return td;
  }
  function fmtNum(n) { return typeof n === "number" ? n.toLocaleString("en-US") : "–"; }
  function sourceName(s) {
    if (!s) return "";
    if (s.source && s.outlet) return `${s.source} (via ${s.outlet})`;
    return s.source || s.outlet || s.doc_id || "";
  }
  function renderSites() {
    const body = $("sites").querySelector("tbody");
    body.replaceChildren();
    if (!state.sites.length) {
      body.append(el("tr", {}, el("td", { colspan: 8, class: "empty" }, "No sites.")));
      return;
    }
    const MAX_ROWS = 300;
    for (const s of state.sites.slice(0, MAX_ROWS)) {
      const d = s.detention || {};
      const tr = el("tr", { "data-site": s.id, tabindex: 0 },
        el("td", {}, el("button", { type: "button", class: "link", onclick: () => select({ kind: "site", id: s.id }) }, s.name)),
        el("td", {}, s.kind),
        el("td", {}, s.controller && s.controller.length ? s.controller.join(", ") : "–"),
        countCell(d.escaped), countCell(d.recaptured), countCell(d.at_large),
        countCell(s.population),
        el("td", {}, s.last_change || "–"));
      body.append(tr);
    }
    if (state.sites.length > MAX_ROWS) {
      body.append(el("tr", {}, el("td", { colspan: 8, class: "empty" },
        `${state.sites.length - MAX_ROWS} more sites: filter by country to see them.`)));
    }
  }

  // ---------- events list ----------
  function renderEvents() {
    const list = $("events");
    list.replaceChildren();
    const evs = visibleEvents();
    $("events-count").textContent = state.total > state.events.length
      ? `${evs.length} shown (first ${state.events.length} of ${state.total})` : `${evs.length} shown of ${state.total}`;
    for (const e of evs.slice(0, 500)) {
      const chip = el("span", { class: "chip" }, e.event_type);
      chip.style.background = COLORS[e.event_type] || "#555";
      list.append(el("li", { "data-event": e.id },
        el("button", { type: "button", class: "link event-link", onclick: () => select({ kind: "event", id: e.id }) },
          el("span", { class: "date" }, eventDay(e) || "undated"), " ", chip, " ", el("strong", {}, placeName(e))),
        el("div", { class: "evidence" }, e.evidence || ""),
        e.disputed ? el("span", { class: "flag" }, "⚠ disputed figures") : null));
    }
  }

  function renderCountries() {
    const seen = new Set(Array.from($("countries").options).map((o) => o.value));
    for (const e of state.events) {
      const c = e.location && e.location.country;
      if (c && !seen.has(c)) { seen.add(c); $("countries").append(el("option", { value: c })); }
    }
  }

  function renderAll() {
    renderCountries();
    renderLegend();
    renderMap();
    renderTimeline();
    renderSites();
    renderEvents();
    const shown = visibleEvents().length;
    setStatus(`${state.total} events${state.total > state.events.length ? ` (${state.events.length} loaded)` : ""}, ${shown} in view · ${state.sites.length} sites`);
  }

  // ---------- panels ----------
  function select(sel) {
    state.selected = sel;
    writeUrl(true);
    showSelected(true);
  }
  async function showSelected(scroll) {
    const sel = state.selected;
    if (!sel) return;
    const panel = $("panel");
    panel.replaceChildren(el("p", { class: "hint" }, "Loading…"));
    try {
      if (sel.kind === "site") await showSite(sel.id);
      else await showEvent(sel.id);
      panel.dataset.shown = sel.kind + ":" + sel.id;
      if (scroll) panel.scrollTop = 0;
    } catch (err) {
      panel.replaceChildren(el("p", { class: "error" }, "Cannot load: " + err.message));
    }
  }

  function showCluster(evs) {
    const panel = $("panel");
    panel.replaceChildren(el("h2", {}, `${evs.length} events here`),
      el("ol", { class: "cluster-list" }, evs.map((e) => el("li", {},
        el("button", { type: "button", class: "link", onclick: () => select({ kind: "event", id: e.id }) },
          `${eventDay(e) || "undated"} ${e.event_type} — ${placeName(e)}`)))));
  }

  async function showSite(id) {
    const data = await api("/api/sites/" + encodeURIComponent(id));
    if (!state.selected || state.selected.id !== id) return;
    const s = data.site;
    const d = s.detention || {};
    const row = (label, c) => c ? el("tr", { class: "figure-row" + (c.disputed ? " disputed" : ""), "data-kind": label },
      el("th", {}, label),
      el("td", { class: "num figure" }, (c.approximate ? "~" : "") + fmtNum(c.value) + (c.low !== c.high ? ` (${fmtNum(c.low)}–${fmtNum(c.high)})` : ""),
        c.disputed ? el("span", { class: "flag", title: "disputed" }, " ⚠") : null),
      el("td", { class: "sources" }, (c.sources || []).map(sourceName).join("; ") || "unattributed")) : null;
    const control = (s.control || []).map((c) => el("li", {},
      `${c.date || "undated"}: ${c.how}`, c.from.length ? ` from ${c.from.join(", ")}` : "", c.to.length ? ` to ${c.to.join(", ")}` : "",
      c.disputed ? el("span", { class: "flag" }, " ⚠ disputed") : null,
      " ", el("button", { type: "button", class: "link", onclick: () => select({ kind: "event", id: c.event_id }) }, "event")));
    const panel = $("panel");
    panel.replaceChildren(
      el("h2", { class: "site-title" }, s.name),
      el("p", { class: "meta" }, [s.kind, s.town, s.admin1, s.country].filter(Boolean).join(" · ")),
      el("p", {}, el("strong", {}, "Controller: "), s.controller.length ? s.controller.join(", ") : "unknown",
        s.controller_before && s.controller_before.length ? ` (before: ${s.controller_before.join(", ")})` : ""),
      el("table", { class: "figures site-figures" },
        el("thead", {}, el("tr", {}, el("th", {}, "Figure"), el("th", {}, "Value"), el("th", {}, "Source"))),
        el("tbody", {}, row("escaped", d.escaped), row("recaptured", d.recaptured), row("released", d.released),
          row("at large", d.at_large), row("population", s.population))),
      control.length ? el("h3", {}, "Control") : null,
      control.length ? el("ul", {}, control) : null,
      el("h3", {}, "Timeline"),
      el("ol", { class: "site-timeline" }, data.timeline.map((e) => {
        const chip = el("span", { class: "chip" }, e.event_type);
        chip.style.background = COLORS[e.event_type] || "#555";
        return el("li", {}, el("button", { type: "button", class: "link", onclick: () => select({ kind: "event", id: e.id }) },
          el("span", { class: "date" }, eventDay(e) || "undated"), " ", chip, " ", e.evidence || ""));
      })));
  }

  function claimSource(c) {
    const ev = c.event;
    const s = ev.source ? (ev.source.name || ev.source.text) : (ev.attribution || null);
    const outlet = c.doc && c.doc.source;
    if (s && outlet) return `${s} (via ${outlet})`;
    return s || outlet || (c.doc && c.doc.id) || "unknown";
  }

  async function showEvent(id) {
    const d = await api("/api/events/" + encodeURIComponent(id));
    if (!state.selected || state.selected.id !== id) return;
    const s = d.summary;
    const chip = el("span", { class: "chip" }, s.event_type);
    chip.style.background = COLORS[s.event_type] || "#555";
    const figures = (s.figures || []).map((f) => el("tr", { class: f.disputed ? "disputed" : "" },
      el("th", {}, f.kind), el("td", { class: "num" }, fmtNum(f.best) + (f.low !== f.high ? ` (${fmtNum(f.low)}–${fmtNum(f.high)})` : "")),
      el("td", {}, f.disputed ? el("span", { class: "flag" }, "⚠ disputed") : "")));
    const claims = d.event.claims.map((c) => el("div", { class: "claim", "data-claim": c.id },
      el("div", { class: "claim-source" }, claimSource(c)),
      el("div", { class: "claim-figures" }, (c.event.quantities || []).length
        ? c.event.quantities.map((q) => `${q.kind} ${q.approximate ? "~" : ""}${fmtNum(q.value)} (“${q.text}”)`).join("; ") : "no figures"),
      el("blockquote", { class: "claim-wording" }, c.event.evidence.text),
      el("div", { class: "claim-doc" }, `${c.doc.title || c.doc.id}${c.doc.published ? ", " + c.doc.published : ""}`)));
    const panel = $("panel");
    const docsBox = el("div", { class: "documents" });
    panel.replaceChildren(
      el("h2", { class: "event-title" }, chip, " ", placeName(s)),
      el("p", { class: "meta" }, [s.date ? (s.date.start === s.date.end ? s.date.start : `${s.date.start} – ${s.date.end}`) : (s.reported ? "reported " + s.reported : "undated"),
        s.mode, s.acled ? `${s.acled.event_type} / ${s.acled.sub_event_type}` : null].filter(Boolean).join(" · ")),
      el("p", {}, el("strong", {}, "Actors: "), (s.actors || []).map((a) => a.name || a.text).join(", ") || "–",
        el("br"), el("strong", {}, "Recipients: "), (s.recipients || []).map((a) => a.name || a.text).join(", ") || "–"),
      figures.length ? el("table", { class: "figures" }, el("tbody", {}, figures)) : null,
      el("h3", {}, `Claims (${d.event.claims.length})`),
      el("div", { class: "claims" }, claims),
      el("h3", {}, "Evidence in the documents"),
      docsBox);
    // The document texts with every claim's evidence highlighted.
    const byDoc = new Map();
    for (const c of d.event.claims) {
      if (!byDoc.has(c.doc.id)) byDoc.set(c.doc.id, []);
      byDoc.get(c.doc.id).push(c);
    }
    for (const [docId, cs] of [...byDoc].slice(0, 5)) {
      try {
        const doc = await api("/api/documents/" + encodeURIComponent(docId));
        if (!state.selected || state.selected.id !== id) return;
        docsBox.append(el("h4", {}, doc.title || doc.id), highlighted(doc.text, cs.map((c) => c.event.evidence)));
      } catch (err) {
        docsBox.append(el("p", { class: "error" }, `${docId}: ${err.message}`));
      }
    }
    const first = docsBox.querySelector("mark");
    if (first && first.scrollIntoView) first.scrollIntoView({ block: "nearest" });
  }

  // Text with [start, end) UTF-8 byte spans wrapped in <mark>.
  function highlighted(text, spans) {
    const bytes = new TextEncoder().encode(text);
    const dec = new TextDecoder();
    const sorted = spans.filter((s) => s && s.start < s.end && s.end <= bytes.length)
      .map((s) => [s.start, s.end]).sort((a, b) => a[0] - b[0]);
    const merged = [];
    for (const s of sorted) {
      const last = merged[merged.length - 1];
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
      else merged.push([s[0], s[1]]);
    }
    const box = el("div", { class: "doc-text" });
    let pos = 0;
    for (const [a, b] of merged) {
      if (a > pos) box.append(dec.decode(bytes.subarray(pos, a)));
      box.append(el("mark", {}, dec.decode(bytes.subarray(a, b))));
      pos = b;
    }
    if (pos < bytes.length) box.append(dec.decode(bytes.subarray(pos)));
    return box;
  }

  // ---------- start ----------
  function setupForm() {
    const sel = $("f-type");
    for (const t of TYPES) sel.append(el("option", { value: t }, t.toLowerCase()));
    $("filters").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const f = {};
      for (const k of FILTERS) {
        const v = ($("f-" + k).value || "").trim();
        if (v) f[k] = k === "country" ? v.toUpperCase() : v;
      }
      state.filters = f;
      state.brush = null;
      writeUrl(true);
      load();
    });
    $("f-reset").addEventListener("click", () => {
      state.filters = {};
      state.brush = null;
      state.selected = null;
      fillForm();
      writeUrl(true);
      $("panel").replaceChildren(el("p", { class: "hint" }, "Click a marker, a site or an event for details."));
      load();
    });
    window.addEventListener("popstate", () => {
      readUrl();
      fillForm();
      load();
    });
  }

  async function start() {
    readUrl();
    setupForm();
    fillForm();
    setupMapInteraction();
    try {
      state.basemap = await api("/static/basemap.json");
    } catch (err) {
      setStatus("Basemap unavailable: " + err.message, true);
    }
    try {
      await load();
    } finally {
      document.body.dataset.ready = "true";
    }
  }

  start();
})();

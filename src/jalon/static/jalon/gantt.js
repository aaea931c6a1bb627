// Jalon's Gantt chart: draws the dates the server computed (planning.scheduling) as SVG.
// Nothing here computes a schedule: dates only become pixels. A chart reads its data from the
// API (data-url: GET /api/v1/projects/{id}/gantt, /portfolios/{id}/gantt,
// /levelling-runs/{id}/gantt). A drag posts the dropped date to the task's reschedule endpoint
// (data-move-url), then the chart reloads: the server recomputed the whole schedule.
// Why our own renderer rather than a library: docs/decisions/gantt.md.
// A comparison chart (data.compare: the levelling preview) draws each row's "ghost" dates
// (before levelling) as a thin grey bar under its bar, and date markers.
// The portfolio chart colours each project by its overall status (row.rag, finance's figure),
// named beside the project and in its tooltip too, and heads each programme's projects with a
// programme row (kind "programme").
(function () {
  "use strict";
  if (window.JalonGantt) { return; }  // loaded again by an htmx swap: the first copy serves

  var ROW = 30;            // row height, px (the grid rows use the same in CSS)
  var BAR_Y = 6;           // bar top within its row
  var BAR_H = 14;
  var HEAD = 44;           // two-tier time scale
  var ZOOMS = { day: 30, week: 14, month: 4 };  // pixels per calendar day
  var MS_DAY = 86400000;
  var SVG = "http://www.w3.org/2000/svg";

  function dayNumber(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]) / MS_DAY;
  }
  function isoOf(n) { return new Date(n * MS_DAY).toISOString().slice(0, 10); }
  function utc(n) { return new Date(n * MS_DAY); }

  function node(name, attrs, parent, ns) {
    var e = ns === false ? document.createElement(name) : document.createElementNS(SVG, name);
    for (var k in attrs) { if (attrs[k] !== null && attrs[k] !== undefined) { e.setAttribute(k, attrs[k]); } }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function html(name, attrs, parent) { return node(name, attrs, parent, false); }
  function text(parent, x, y, value, cls) {
    var t = node("text", { x: x, y: y, "class": cls }, parent);
    t.textContent = value;
    return t;
  }
  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }

  function Gantt(root) {
    this.root = root;
    // English dates are written day first, as the server writes them (jalon/formats/en): en-GB
    this.lang = { en: "en-GB" }[document.documentElement.lang] || document.documentElement.lang || "fr";
    this.zoom = "week";
    this.collapsed = {};
    this.data = null;
    this.grid = root.querySelector(".gantt-grid-rows");
    this.chart = root.querySelector(".gantt-chart");
    this.head = root.querySelector(".gantt-head");
    this.svg = root.querySelector(".gantt-svg");
    this.message = root.querySelector(".gantt-message");
    this.baselineSelect = root.querySelector("[data-baseline]");
    this.todayBox = root.querySelector("[data-today]");
    this.fmt = new Intl.DateTimeFormat(this.lang, { day: "2-digit", month: "2-digit", year: "2-digit", timeZone: "UTC" });
    this.folded = root.hasAttribute("data-folded");  // the portfolio chart opens on its projects
    this.bind();
    this.load();
  }

  Gantt.prototype.label = function (name) { return this.root.dataset["label" + name] || ""; };
  Gantt.prototype.date = function (iso) { return iso ? this.fmt.format(utc(dayNumber(iso))) : ""; };
  Gantt.prototype.number = function (value) {
    return value === null || value === undefined ? "" : new Intl.NumberFormat(this.lang, { maximumFractionDigits: 2 }).format(value);
  };
  Gantt.prototype.shift = function (days) { return days ? (days > 0 ? "+" : "") + this.number(days) : ""; };
  // A project's overall status ("" when not assessed); null on rows that have none.
  function ragClass(row) { return row.rag === null || row.rag === undefined ? "" : " rag-" + (row.rag || "none"); }
  Gantt.prototype.rag = function (row) {
    return this.label("Rag") + " : " + this.label({ green: "RagGreen", amber: "RagAmber", red: "RagRed" }[row.rag] || "RagNone");
  };

  Gantt.prototype.bind = function () {
    var self = this;
    this.root.querySelectorAll("[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        self.zoom = button.dataset.zoom;
        self.root.querySelectorAll("[data-zoom]").forEach(function (b) {
          b.setAttribute("aria-pressed", b === button ? "true" : "false");
        });
        self.render();
        self.showToday();
      });
    });
    if (this.baselineSelect) { this.baselineSelect.addEventListener("change", function () { self.load(); }); }
    if (this.todayBox) { this.todayBox.addEventListener("change", function () { self.render(); }); }
    var fold = this.root.querySelector("[data-collapse-all]");
    var unfold = this.root.querySelector("[data-expand-all]");
    if (fold) {
      fold.addEventListener("click", function () {
        self.data.rows.forEach(function (row) { if (row.kind === "project") { self.collapsed[row.id] = true; } });
        self.render();
      });
    }
    if (unfold) { unfold.addEventListener("click", function () { self.collapsed = {}; self.render(); }); }
  };

  Gantt.prototype.query = function () {
    var baseline = this.baselineSelect ? this.baselineSelect.value : "";
    return baseline ? "?baseline=" + encodeURIComponent(baseline) : "";
  };

  // The API answers errors as {"code", "message"}: a refusal is shown, never drawn.
  function answer(response) {
    return response.json().catch(function () { return {}; }).then(function (payload) {
      return { ok: response.ok, payload: payload };
    });
  }

  Gantt.prototype.load = function () {
    var self = this;
    this.root.classList.add("loading");
    return fetch(this.root.dataset.url + this.query(), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(answer)
      .then(function (result) {
        if (!result.ok) { self.say(result.payload.message || self.label("Failed")); return; }
        var data = result.payload;
        if (self.folded && !self.data) {
          data.rows.forEach(function (row) { if (row.kind === "project") { self.collapsed[row.id] = true; } });
        }
        var first = !self.data;
        self.data = data;
        self.render();
        if (first) { self.showToday(); }
      })
      .catch(function () { self.say(self.label("Failed")); })
      .finally(function () { self.root.classList.remove("loading"); });
  };

  Gantt.prototype.say = function (message) {
    this.message.textContent = message || "";
    this.message.hidden = !message;
  };

  // --- layout -------------------------------------------------------------------------------

  Gantt.prototype.visibleRows = function () {
    var hidden = {}, collapsed = this.collapsed, parents = {};
    this.data.rows.forEach(function (row) { if (row.parent) { parents[row.parent] = true; } });
    this.hasChildren = parents;
    return this.data.rows.filter(function (row) {
      if (row.parent && (hidden[row.parent] || collapsed[row.parent])) { hidden[row.id] = true; return false; }
      return true;
    });
  };

  Gantt.prototype.range = function () {
    var d = this.data, days = [];
    d.rows.forEach(function (row) {
      if (row.start) { days.push(dayNumber(row.start)); }
      if (row.finish) { days.push(dayNumber(row.finish)); }
      if (row.baseline_start) { days.push(dayNumber(row.baseline_start)); }
      if (row.baseline_finish) { days.push(dayNumber(row.baseline_finish)); }
      if (row.ghost_start) { days.push(dayNumber(row.ghost_start)); }
      if (row.ghost_finish) { days.push(dayNumber(row.ghost_finish)); }
    });
    if (!days.length) { return null; }
    d.rows.forEach(function (row) {  // constraint pins and deadline arrows stay on the chart
      if (row.constraint_date) { days.push(dayNumber(row.constraint_date)); }
      if (row.deadline) { days.push(dayNumber(row.deadline)); }
    });
    (d.markers || []).forEach(function (m) { days.push(dayNumber(m.date)); });
    if (d.status_date) { days.push(dayNumber(d.status_date)); }
    if (d.planned_start) { days.push(dayNumber(d.planned_start)); }  // keeps the origin when bars move { return null; }
    var first = Math.min.apply(null, days), last = Math.max.apply(null, days);
    var pad = { day: 3, week: 10, month: 30 }[this.zoom];
    first -= pad; last += pad * 2;
    if (this.zoom === "week") { first -= (utc(first).getUTCDay() + 6) % 7; }          // a Monday
    if (this.zoom === "month") { var f = utc(first); first = Date.UTC(f.getUTCFullYear(), f.getUTCMonth(), 1) / MS_DAY; }
    return { first: first, last: last };
  };

  // --- drawing ------------------------------------------------------------------------------

  Gantt.prototype.render = function () {
    var d = this.data;
    this.grid.textContent = "";
    this.svg.textContent = "";
    this.head.textContent = "";
    if (!d) { return; }
    if (d.error && d.error !== "no_start") { this.say(d.error); } else if (!this.keepMessage) { this.say(""); }
    this.keepMessage = false;
    var rows = this.visibleRows();
    this.drawGrid(rows);
    var range = this.range();
    if (d.error === "no_start" || !range) {
      this.say(d.error === "no_start" ? this.label("NoStart") : this.label("NoDates"));
      return;
    }
    var ppd = ZOOMS[this.zoom];
    if (this.zoom === "month") {
      // the months zoom shows the whole span in the chart's pane, down to a pixel a day
      var pane = this.root.querySelector(".gantt-body").clientWidth - this.grid.parentNode.offsetWidth;
      ppd = Math.max(1, Math.min(ppd, pane / (range.last - range.first + 1)));
    }
    this.ppd = ppd;
    this.origin = range.first;
    var width = (range.last - range.first + 1) * ppd;
    var height = Math.max(rows.length, 1) * ROW;
    this.head.setAttribute("width", width); this.head.setAttribute("height", HEAD);
    this.svg.setAttribute("width", width); this.svg.setAttribute("height", height);
    this.defs();
    this.drawScale(range, width, height);
    var index = {};
    rows.forEach(function (row, i) { index[row.id] = i; });
    this.index = index;
    var stripes = node("g", { "class": "stripes" }, this.svg);
    rows.forEach(function (row, i) {
      var band = row.kind === "project" || row.kind === "programme" ? " " + row.kind : "";
      node("rect", { x: 0, y: i * ROW, width: width, height: ROW, "class": "row-bg" + band }, stripes);
    });
    this.drawLines(height);
    this.linkLayer = node("g", { "class": "links" }, this.svg);
    var bars = node("g", { "class": "bars" }, this.svg);
    var self = this;
    rows.forEach(function (row, i) { self.drawRow(bars, row, i); });
    this.drawLinks(rows);
  };

  // Scrolls the time line so that today stands a third of the way into the chart's pane.
  Gantt.prototype.showToday = function () {
    if (!this.data || !this.data.today || this.origin === undefined) { return; }
    var body = this.root.querySelector(".gantt-body");
    var pane = body.clientWidth - this.grid.parentNode.offsetWidth;
    body.scrollLeft = Math.max(0, this.x(dayNumber(this.data.today)) - pane / 3);
  };

  Gantt.prototype.x = function (day) { return (day - this.origin) * this.ppd; };

  Gantt.prototype.defs = function () {
    var defs = node("defs", {}, this.svg);
    [["arrow", "link-head"], ["arrow-critical", "link-head critical"]].forEach(function (m) {
      var marker = node("marker", { id: "gantt-" + m[0], viewBox: "0 0 8 8", refX: 7, refY: 4, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, defs);
      node("path", { d: "M0,0 L8,4 L0,8 z", "class": m[1] }, marker);
    });
  };

  Gantt.prototype.drawScale = function (range, width, height) {
    var self = this, ppd = this.ppd, head = this.head;
    node("rect", { x: 0, y: 0, width: width, height: HEAD, "class": "scale-bg" }, head);
    var top = this.zoom === "month"
      ? new Intl.DateTimeFormat(this.lang, { year: "numeric", timeZone: "UTC" })
      : new Intl.DateTimeFormat(this.lang, { month: "long", year: "numeric", timeZone: "UTC" });
    var bottom = {
      day: new Intl.DateTimeFormat(this.lang, { day: "numeric", timeZone: "UTC" }),
      week: new Intl.DateTimeFormat(this.lang, { day: "numeric", month: "short", timeZone: "UTC" }),
      month: new Intl.DateTimeFormat(this.lang, { month: "short", timeZone: "UTC" }),
    }[this.zoom];
    var grid = node("g", { "class": "columns" }, this.svg);
    var topStart = range.first, topKey = null, lowStart = range.first;
    function topKeyOf(n) { var u = utc(n); return self.zoom === "month" ? u.getUTCFullYear() : u.getUTCFullYear() * 12 + u.getUTCMonth(); }
    function lowBreak(n) {
      var u = utc(n);
      if (self.zoom === "day") { return true; }
      if (self.zoom === "week") { return u.getUTCDay() === 1; }
      return u.getUTCDate() === 1;
    }
    function closeTop(end) {
      var x0 = self.x(topStart), x1 = self.x(end);
      node("line", { x1: x1, y1: 0, x2: x1, y2: HEAD / 2, "class": "scale-line" }, head);
      var label = top.format(utc(topStart));
      if (x1 - x0 > label.length * 7 + 10) { text(head, x0 + 6, 15, label, "scale-top"); }
    }
    function closeLow(end) {
      var x0 = self.x(lowStart), x1 = self.x(end);
      node("line", { x1: x1, y1: HEAD / 2, x2: x1, y2: HEAD, "class": "scale-line" }, head);
      node("line", { x1: x1, y1: 0, x2: x1, y2: height, "class": "column-line" }, grid);
      var label = bottom.format(utc(lowStart));
      if (x1 - x0 > label.length * 6 + 4) { text(head, (x0 + x1) / 2, HEAD - 8, label, "scale-low"); }
    }
    for (var n = range.first; n <= range.last + 1; n++) {
      var key = topKeyOf(n);
      if (topKey !== null && key !== topKey) { closeTop(n); topStart = n; }
      topKey = key;
      if (n > range.first && lowBreak(n)) { closeLow(n); lowStart = n; }
      var weekday = utc(n).getUTCDay();
      if (this.zoom !== "month" && (weekday === 0 || weekday === 6) && n <= range.last) {
        node("rect", { x: this.x(n), y: 0, width: ppd, height: height, "class": "weekend" }, grid);
      }
    }
    closeTop(range.last + 1);
    node("line", { x1: 0, y1: HEAD / 2, x2: width, y2: HEAD / 2, "class": "scale-line" }, head);
    node("line", { x1: 0, y1: HEAD - 0.5, x2: width, y2: HEAD - 0.5, "class": "scale-line" }, head);
  };

  Gantt.prototype.drawLines = function (height) {
    var d = this.data, g = node("g", { "class": "date-lines" }, this.svg);
    if (d.status_date) {
      var xs = this.x(dayNumber(d.status_date) + 1);  // the end of the status day
      node("line", { x1: xs, y1: 0, x2: xs, y2: height, "class": "status-line" }, g);
      var s = text(this.head, xs + 3, HEAD / 2 + 12, this.label("Status"), "status-label");
      s.setAttribute("text-anchor", "start");
    }
    if (d.today && (!this.todayBox || this.todayBox.checked)) {
      var xt = this.x(dayNumber(d.today)) + this.ppd / 2;
      node("line", { x1: xt, y1: 0, x2: xt, y2: height, "class": "today-line" }, g);
    }
    var self = this;
    (d.markers || []).forEach(function (m) {
      var xm = self.x(dayNumber(m.date) + 1);  // a finish is inclusive: the end of its day
      var line = node("line", { x1: xm, y1: 0, x2: xm, y2: height, "class": "marker " + m.kind, "data-date": m.date }, g);
      node("title", {}, line).textContent = m.label + " : " + self.date(m.date);
      // the "before" label reads leftwards from its line, the others rightwards: no overlap
      var label = text(self.head, m.kind === "finish-before" ? xm - 3 : xm + 3, HEAD / 2 + 12, m.label, "marker-label " + m.kind);
      label.setAttribute("text-anchor", m.kind === "finish-before" ? "end" : "start");
    });
  };

  Gantt.prototype.geometry = function (row) {
    if (!row.start || !row.finish) { return null; }
    var x0 = this.x(dayNumber(row.start)), x1 = this.x(dayNumber(row.finish) + 1);
    if (row.kind === "milestone") {
      var cx = this.x(dayNumber(row.start)) + this.ppd / 2;
      return { x0: cx - 7, x1: cx + 7, cx: cx };
    }
    return { x0: x0, x1: Math.max(x1, x0 + 2) };
  };

  Gantt.prototype.tooltip = function (row) {
    var lines = [(row.wbs ? row.wbs + " " : "") + row.name];
    if (ragClass(row)) { lines.push(this.rag(row)); }
    if (row.start) { lines.push(this.date(row.start) + " – " + this.date(row.finish) + " (" + this.number(row.duration) + " " + this.label("Days") + ")"); }
    if (row.total_float !== null && row.total_float !== undefined) { lines.push(this.label("Float") + " : " + this.number(row.total_float)); }
    if (row.critical) { lines.push(this.label("Critical")); }
    if (row.constraint) { lines.push(row.constraint + (row.constraint_date ? " " + this.date(row.constraint_date) : "")); }
    if (row.deadline) { lines.push(this.label("Deadline") + " : " + this.date(row.deadline)); }
    if (row.baseline_start) { lines.push(this.label("Baseline") + " : " + this.date(row.baseline_start) + " – " + this.date(row.baseline_finish)); }
    if (row.ghost_start) { lines.push(this.label("Before") + " : " + this.date(row.ghost_start) + " – " + this.date(row.ghost_finish)); }
    if (row.delay) { lines.push(this.label("Delay") + " : " + this.shift(row.delay) + " " + this.label("Days")); }
    if (row.note) { lines.push(row.note); }
    return lines.join("\n");
  };

  Gantt.prototype.drawRow = function (layer, row, i) {
    var y = i * ROW, geo = this.geometry(row);
    var g = node("g", { "class": "row kind-" + row.kind + ragClass(row) + (row.critical ? " critical" : "") + (row.moved ? " moved" : ""), "data-id": row.id }, layer);
    node("title", {}, g).textContent = this.tooltip(row);
    if (row.ghost_start && row.ghost_finish) {
      var g0 = this.x(dayNumber(row.ghost_start)), g1 = this.x(dayNumber(row.ghost_finish) + 1);
      if (row.kind === "milestone") { g0 = g0 + this.ppd / 2 - 3; g1 = g0 + 6; }
      node("rect", { x: g0, y: y + BAR_Y + BAR_H + 2, width: Math.max(g1 - g0, 3), height: 5, rx: 1, "class": "ghost",
        "data-start": row.ghost_start, "data-finish": row.ghost_finish }, g);
    }
    if (row.baseline_start && row.baseline_finish) {
      var b0 = this.x(dayNumber(row.baseline_start)), b1 = this.x(dayNumber(row.baseline_finish) + 1);
      if (row.kind === "milestone") { b0 = b0 + this.ppd / 2 - 3; b1 = b0 + 6; }
      node("rect", { x: b0, y: y + BAR_Y + BAR_H + 3, width: Math.max(b1 - b0, 3), height: 4, rx: 1, "class": "baseline" }, g);
    }
    this.drawDates(g, row, y);
    if (!geo) { return; }
    var mid = y + BAR_Y + BAR_H / 2, label, labelX = geo.x1 + 6;
    if (row.kind === "summary" || row.kind === "project" || row.kind === "programme") {
      var top = y + BAR_Y + 2, x0 = geo.x0, x1 = geo.x1;
      node("path", { d: "M" + x0 + "," + top + " H" + x1 + " V" + (top + 11) + " L" + (x1 - 5) + "," + (top + 6) +
        " H" + (x0 + 5) + " L" + x0 + "," + (top + 11) + " Z", "class": "bracket" }, g);
      label = row.kind === "summary" ? "" : row.name;
    } else if (row.kind === "milestone") {
      var cx = geo.cx;
      node("path", { d: "M" + cx + "," + (mid - 7) + " L" + (cx + 7) + "," + mid + " L" + cx + "," + (mid + 7) + " L" + (cx - 7) + "," + mid + " Z", "class": "diamond" }, g);
      label = this.date(row.start);
    } else {
      var w = geo.x1 - geo.x0;
      node("rect", { x: geo.x0, y: y + BAR_Y, width: w, height: BAR_H, rx: 3, "class": "bar" }, g);
      if (row.percent) { node("rect", { x: geo.x0, y: y + BAR_Y + BAR_H - 4, width: w * row.percent / 100, height: 4, rx: 1, "class": "progress" }, g); }
      label = row.name;
    }
    if (label) { text(g, labelX, mid + 4, label, "bar-label"); }
    if (this.data.editable && (row.kind === "task" || row.kind === "milestone")) { this.draggable(g, row, geo, y); }
  };

  // A date constraint as a pin on its date (a start constraint at the start of its day, a finish
  // constraint at the end), a deadline as a down arrow at the end of its day, as MS Project marks them.
  Gantt.prototype.drawDates = function (g, row, y) {
    if (row.constraint_date) {
      var finish = row.constraint_type && row.constraint_type[0] === "F";
      var xc = this.x(dayNumber(row.constraint_date) + (finish ? 1 : 0));
      var pin = node("path", { d: "M" + xc + "," + (y + BAR_Y + BAR_H + 1) + " V" + (y + 2) + " H" + (xc + (finish ? -6 : 6)) + " L" + xc + "," + (y + 6),
        "class": "constraint-pin", "data-type": row.constraint_type, "data-date": row.constraint_date }, g);
      node("title", {}, pin).textContent = row.constraint + " " + this.date(row.constraint_date);
    }
    if (row.deadline) {
      var xd = this.x(dayNumber(row.deadline) + 1);
      var arrow = node("path", { d: "M" + (xd - 5) + "," + (y + 1) + " H" + (xd + 5) + " L" + xd + "," + (y + 7) + " Z",
        "class": "deadline-mark", "data-date": row.deadline }, g);
      node("title", {}, arrow).textContent = this.label("Deadline") + " : " + this.date(row.deadline);
    }
  };

  Gantt.prototype.anchor = function (row, side) {
    var geo = this.geometry(row);
    if (!geo) { return null; }
    return { x: side === "start" ? geo.x0 : geo.x1, y: this.index[row.id] * ROW + BAR_Y + BAR_H / 2 };
  };

  Gantt.prototype.drawLinks = function (rows) {
    var byId = {}, self = this;
    rows.forEach(function (row) { byId[row.id] = row; });
    this.data.links.forEach(function (link) {
      var from = byId[link.from], to = byId[link.to];
      if (!from || !to) { return; }  // folded away
      var type = link.type;
      var a = self.anchor(from, type[0] === "S" ? "start" : "finish");
      var b = self.anchor(to, type[1] === "S" ? "start" : "finish");
      if (!a || !b) { return; }
      var out = type[0] === "S" ? -1 : 1;        // leave the start leftwards, the finish rightwards
      var into = type[1] === "S" ? 1 : -1;       // enter the start moving right, the finish moving left
      var ax = a.x + out * 8, bx = b.x - into * 10, d;
      var clear = into === 1 ? ax <= bx : ax >= bx;
      if (clear) {
        d = "M" + a.x + "," + a.y + " H" + ax + " V" + b.y + " H" + b.x;
      } else {
        var ym = b.y + (b.y > a.y ? -ROW / 2 : ROW / 2);
        d = "M" + a.x + "," + a.y + " H" + ax + " V" + ym + " H" + bx + " V" + b.y + " H" + b.x;
      }
      var critical = from.critical && to.critical && from.project === to.project;
      var cross = from.project !== to.project;
      var path = node("path", { d: d, "class": "link" + (critical ? " critical" : "") + (cross ? " cross" : ""),
        "marker-end": "url(#gantt-arrow" + (critical ? "-critical" : "") + ")", "data-type": type }, self.linkLayer);
      var lag = link.lag ? (link.lag > 0 ? "+" : "") + self.number(link.lag) + (link.unit === "edays" ? "ed" : "d") : "";
      node("title", {}, path).textContent = from.name + " → " + to.name + " (" + type + lag + ")";
    });
  };

  Gantt.prototype.drawGrid = function (rows) {
    var self = this, grid = this.grid;
    rows.forEach(function (row) {
      var line = html("div", { "class": "gantt-row kind-" + row.kind + (row.critical ? " critical" : "") + (row.moved ? " moved" : ""), "data-id": row.id }, grid);
      // project and programme rows span the WBS column with their code: codes are longer than WBS numbers
      var heading = row.kind === "project" || row.kind === "programme";
      html("span", { "class": "c-wbs" }, line).textContent = heading ? "" : row.wbs || "";
      var name = html("span", { "class": "c-name", style: "--level:" + row.level, title: row.name }, line);
      if (self.hasChildren[row.id]) {
        var toggle = html("button", { type: "button", "class": "toggle", "aria-expanded": self.collapsed[row.id] ? "false" : "true" }, name);
        toggle.textContent = self.collapsed[row.id] ? "▸" : "▾";
        toggle.addEventListener("click", function () {
          self.collapsed[row.id] = !self.collapsed[row.id];
          self.render();
        });
      }
      if (ragClass(row)) {  // the status in words too: colour is not the only cue
        var status = self.rag(row);
        html("span", { "class": "rag-mark" + ragClass(row), role: "img", "aria-label": status, title: status }, name);
      }
      if (heading && row.wbs) { html("span", { "class": "code" }, name).textContent = row.wbs; }
      html("span", {}, name).textContent = row.name;
      if (row.constraint) {
        var text = row.constraint + (row.constraint_date ? " " + self.date(row.constraint_date) : "");
        var pin = html("span", { "class": "constraint", title: text, "aria-label": text }, name);
        pin.textContent = " 📌";
      }
      html("span", { "class": "c-date" }, line).textContent = self.date(row.start);
      html("span", { "class": "c-date" }, line).textContent = self.date(row.finish);
      html("span", { "class": "c-num" }, line).textContent = self.data.compare ? self.shift(row.delay)
        : row.kind === "milestone" ? "0" : self.number(row.duration);
    });
  };

  // --- dragging -----------------------------------------------------------------------------

  Gantt.prototype.draggable = function (g, row, geo, y) {
    var self = this;
    g.classList.add("draggable");
    var handle = null;
    if (row.kind === "task") {
      handle = node("rect", { x: geo.x1 - 6, y: y + BAR_Y - 1, width: 9, height: BAR_H + 2, "class": "handle", "data-handle": "finish" }, g);
    }
    g.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) { return; }
      event.preventDefault();
      var stretch = event.target === handle;
      var startX = event.clientX, offset = 0;
      var hint = text(self.svg, geo.x0, y + BAR_Y - 2, "", "drag-hint");
      g.setPointerCapture(event.pointerId);
      g.classList.add("dragging");
      var shape = g.querySelector(".bar, .diamond");
      function move(e) {
        offset = Math.round((e.clientX - startX) / self.ppd);
        var px = offset * self.ppd;
        if (stretch) {
          var w = Math.max(geo.x1 - geo.x0 + px, 2);
          shape.setAttribute("width", w);
          handle.setAttribute("x", geo.x0 + w - 6);
          hint.textContent = "→ " + self.date(isoOf(dayNumber(row.finish) + offset));
        } else {
          shape.setAttribute("transform", "translate(" + px + ",0)");
          hint.setAttribute("x", geo.x0 + px);
          hint.textContent = self.date(isoOf(dayNumber(row.start) + offset)) + " →";
        }
      }
      function up() {
        g.removeEventListener("pointermove", move);
        g.removeEventListener("pointerup", up);
        g.removeEventListener("pointercancel", up);
        g.classList.remove("dragging");
        hint.remove();
        if (!offset) { self.render(); return; }
        var change = stretch
          ? { finish: isoOf(dayNumber(row.finish) + offset) }
          : { start: isoOf(dayNumber(row.start) + offset) };
        self.save(row, change);
      }
      g.addEventListener("pointermove", move);
      g.addEventListener("pointerup", up);
      g.addEventListener("pointercancel", up);
    });
  };

  Gantt.prototype.save = function (row, change) {
    var self = this;
    var url = this.root.dataset.moveUrl.replace("/tasks/0/", "/tasks/" + row.task + "/");
    this.root.classList.add("loading");
    fetch(url, {
      method: "POST", body: JSON.stringify(change), credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Content-Type": "application/json", Accept: "application/json" },
    }).then(answer).then(function (result) {
      if (result.ok) {
        self.say("");
        return self.load();  // the whole schedule moved: redraw it as the server computed it
      }
      self.say(result.payload.message || self.label("Failed"));
      self.keepMessage = true;
      self.render();  // a refused change snaps back to the stored schedule
    }).catch(function () {
      self.say(self.label("Failed"));
      self.keepMessage = true;
      self.render();
    }).finally(function () { self.root.classList.remove("loading"); });
  };

  function start(scope) {
    (scope || document).querySelectorAll(".gantt[data-url]").forEach(function (root) {
      if (!root.gantt) { root.gantt = new Gantt(root); }
    });
  }
  window.JalonGantt = { start: start };
  // a chart swapped in by htmx (the levelling preview replaces its polling fragment)
  document.addEventListener("htmx:load", function (event) { start(event.detail && event.detail.elt && event.detail.elt.parentNode); });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", function () { start(); }); } else { start(); }
})();

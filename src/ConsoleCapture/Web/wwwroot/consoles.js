// Consoles page: every console's state, live from /web/events (one stream for all of them), filtered as typed.
"use strict";
(async () => {
  if (!await sw.start("Consoles")) return;
  const main = document.getElementById("main");
  const filter = sw.el("input", { id: "filter", type: "search", placeholder: "filter: name, host, type, state, last line…" });
  const status = sw.el("span", { class: "why", id: "stream-status" }, "connecting…");
  const tbody = sw.el("tbody", { id: "consoles" });
  main.append(sw.el("div", { class: "filters" }, filter, status),
    sw.el("table", {}, sw.el("thead", {}, sw.el("tr", {}, ...["Console", "Host", "Type", "State", "Bytes", "Lines", "Incidents", "Last line"].map(h => sw.el("th", {}, h)))), tbody));
  let rows = [];
  const matches = (c, words) => words.every(w => [c.name, c.host, c.type, c.state, c.endpoint, c.why, c.lastLine].some(f => (f || "").toLowerCase().includes(w)));
  function render() {
    const words = filter.value.toLowerCase().split(/\s+/).filter(w => w);
    tbody.replaceChildren(...rows.filter(c => matches(c, words)).map(c => {
      const state = sw.el("td", { class: "state-" + c.state }, c.state);
      if (c.why) state.append(sw.el("div", { class: "why" }, c.why + (c.backoffUntil ? ` (next try ${sw.time(c.backoffUntil)})` : "")));
      const incidents = sw.el("td", { class: "num" });
      incidents.append(c.incidents > 0 ? sw.el("a", { href: "/incidents?console=" + encodeURIComponent(c.name) }, c.incidents) : "0");
      return sw.el("tr", { "data-name": c.name },
        sw.el("td", {}, sw.el("a", { href: "/consoles/" + encodeURIComponent(c.name) }, c.name)),
        sw.el("td", {}, c.host || ""), sw.el("td", {}, c.type), state,
        sw.el("td", { class: "num" }, sw.bytes(c.bytes)), sw.el("td", { class: "num" }, c.lines), incidents,
        sw.el("td", { class: "last", title: c.lastLineAt ? sw.time(c.lastLineAt) : "" }, c.lastLine || ""));
    }));
  }
  filter.addEventListener("input", render);
  const source = sw.events({ consoles: list => { rows = list; status.textContent = `live · ${list.length} console(s)`; render(); } });
  source.onerror = () => { status.textContent = "stream lost; reconnecting…"; };
})();

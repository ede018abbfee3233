// The fleet: one row per crash fingerprint (how many incidents and hosts, first and last seen); a row opens its
// incidents with their hosts and kernel releases.
"use strict";
(async () => {
  if (!await sw.start("Fleet")) return;
  const main = document.getElementById("main");
  const tbody = sw.el("tbody", { id: "fleet" });
  const detail = sw.el("div", { id: "detail" });
  main.append(sw.el("table", {}, sw.el("thead", {}, sw.el("tr", {}, ...["Fingerprint", "Kind", "Title", "Incidents", "Hosts", "First seen", "Last seen", "Consoles"].map(h => sw.el("th", {}, h)))), tbody), detail);
  async function open(fingerprint) {
    const list = await sw.get("/api/incidents?limit=500&fingerprint=" + encodeURIComponent(fingerprint));
    const hosts = [...new Set(list.map(i => i.host || i.console))].sort();
    const releases = [...new Set(list.map(i => i.report.kernel.release || "unknown"))].sort();
    detail.replaceChildren(sw.el("h3", {}, fingerprint), sw.el("dl", {},
      sw.el("dt", {}, "Hosts"), sw.el("dd", { id: "hosts" }, hosts.join(", ")),
      sw.el("dt", {}, "Kernel releases"), sw.el("dd", { id: "releases" }, releases.join(", "))),
      sw.el("ul", {}, ...list.map(i => sw.el("li", {}, sw.el("a", { href: "/incidents/" + i.id }, `#${i.id}`), ` ${sw.time(i.firstLineAt)} ${i.host || i.console} ${i.report.kernel.release || ""}`))));
  }
  async function load() {
    const groups = await sw.get("/api/fleet?limit=1000");
    tbody.replaceChildren(...groups.map(g => {
      const link = sw.el("a", { href: "?fingerprint=" + g.fingerprint }, g.fingerprint);
      link.onclick = e => { e.preventDefault(); history.replaceState(null, "", "?fingerprint=" + g.fingerprint); open(g.fingerprint); };
      return sw.el("tr", {}, sw.el("td", {}, link), sw.el("td", {}, g.kind), sw.el("td", {}, g.title), sw.el("td", { class: "num" }, g.incidents),
        sw.el("td", { class: "num" }, g.hosts), sw.el("td", {}, sw.time(g.firstSeen)), sw.el("td", {}, sw.time(g.lastSeen)), sw.el("td", {}, g.consoles.join(", ")));
    }));
  }
  await load();
  const f = new URLSearchParams(location.search).get("fingerprint");
  if (f) open(f);
  sw.events({ incident: () => load() });
})();

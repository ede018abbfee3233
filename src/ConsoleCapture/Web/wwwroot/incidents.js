// Incidents: the list with filters (console, kind, since); new and updated incidents come in live from /web/events.
"use strict";
(async () => {
  if (!await sw.start("Incidents")) return;
  const params = new URLSearchParams(location.search);
  const main = document.getElementById("main");
  const kinds = ["", ...await sw.get("/web/kinds")];
  const consoleSel = sw.el("select", { id: "f-console", name: "console" }, sw.el("option", { value: "" }, "all"));
  const kindSel = sw.el("select", { id: "f-kind", name: "kind" }, ...kinds.map(k => sw.el("option", { value: k }, k || "all")));
  const sinceIn = sw.el("input", { id: "f-since", name: "since", type: "datetime-local" });
  const apply = sw.el("button", { id: "apply" }, "Apply");
  const tbody = sw.el("tbody", { id: "incidents" });
  const note = sw.el("span", { class: "why", id: "note" }, "");
  main.append(sw.el("div", { class: "filters" },
    sw.el("label", {}, "Console", consoleSel), sw.el("label", {}, "Kind", kindSel), sw.el("label", {}, "Since (UTC)", sinceIn), apply, note),
    sw.el("table", {}, sw.el("thead", {}, sw.el("tr", {}, ...["#", "Stored", "Console", "Kind", "Title", "Panicked", "kdump", "Seen"].map(h => sw.el("th", {}, h)))), tbody));
  const consoles = await sw.get("/api/consoles");
  for (const c of consoles) consoleSel.append(sw.el("option", { value: c.name }, c.name));
  consoleSel.value = params.get("console") || "";
  kindSel.value = params.get("kind") || "";
  if (params.get("since")) sinceIn.value = params.get("since").replace(/Z$/, "").slice(0, 16);
  const query = () => {
    const q = new URLSearchParams();
    if (consoleSel.value) q.set("console", consoleSel.value);
    if (kindSel.value) q.set("kind", kindSel.value);
    if (sinceIn.value) q.set("since", sinceIn.value + ":00Z");
    return q;
  };
  apply.onclick = () => { location.search = query().toString(); };
  const row = i => sw.el("tr", { "data-id": i.id },
    sw.el("td", {}, sw.el("a", { href: "/incidents/" + i.id }, i.id)), sw.el("td", {}, sw.time(i.storedAt)), sw.el("td", {}, i.console),
    sw.el("td", {}, i.report.kind), sw.el("td", {}, sw.el("a", { href: "/incidents/" + i.id }, i.report.title)),
    sw.el("td", {}, i.report.panicked ? "yes" : ""), sw.el("td", {}, i.report.kdump ? i.report.kdump.outcome : ""),
    sw.el("td", { class: "num" }, i.occurrences));
  const wanted = i => (!consoleSel.value || i.console === consoleSel.value) && (!kindSel.value || i.report.kind === kindSel.value)
    && (!sinceIn.value || new Date(i.firstLineAt) >= new Date(sinceIn.value + ":00Z"));
  const q = query(); q.set("limit", "200");
  const list = await sw.get("/api/incidents?" + q.toString());
  tbody.replaceChildren(...list.map(row));
  note.textContent = `${list.length} incident(s); new ones appear here live`;
  sw.events({
    incident: i => {
      if (!wanted(i)) return;
      const fresh = row(i);
      const old = tbody.querySelector(`tr[data-id="${i.id}"]`);
      if (old) old.replaceWith(fresh); else { fresh.className = "new"; tbody.prepend(fresh); }
    },
  });
})();

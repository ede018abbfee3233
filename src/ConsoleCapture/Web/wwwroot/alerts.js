// Alert deliveries: what became of each alert for each destination (delivered, dead letter, dropped, rate-limited,
// duplicate), newest first, from GET /api/alerts (the records `solwatch alerts` prints); filtered by result and console.
// Refreshed every few seconds and soon after each new incident, whose alerts are sent in the background.
"use strict";
(async () => {
  if (!await sw.start("Alerts")) return;
  const params = new URLSearchParams(location.search);
  const main = document.getElementById("main");
  const results = ["", "delivered", "dead-letter", "dropped", "rate-limited", "duplicate"];
  const resultSel = sw.el("select", { id: "f-result", name: "result" }, ...results.map(r => sw.el("option", { value: r }, r || "all")));
  const consoleIn = sw.el("input", { id: "f-console", name: "console", placeholder: "console" });
  const note = sw.el("span", { class: "why", id: "note" }, "");
  const tbody = sw.el("tbody", { id: "alerts" });
  main.append(sw.el("div", { class: "filters" }, sw.el("label", {}, "Result", resultSel), sw.el("label", {}, "Console", consoleIn), note),
    sw.el("table", {}, sw.el("thead", {}, sw.el("tr", {}, ...["Time", "Rule", "Destination", "Result", "Attempts", "Console", "Incident", "Alert", "Error"].map(h => sw.el("th", {}, h)))), tbody));
  resultSel.value = results.includes(params.get("result")) ? params.get("result") : "";
  consoleIn.value = params.get("console") || "";
  let records = [];
  const row = a => sw.el("tr", { "data-seq": a.seq, "data-result": a.result },
    sw.el("td", {}, sw.time(a.at)), sw.el("td", {}, a.rule),
    sw.el("td", {}, a.destination ? `${a.destination}${a.destinationType ? ` (${a.destinationType})` : ""}` : "-"),
    sw.el("td", { class: "result" }, a.result), sw.el("td", { class: "num" }, a.attempts), sw.el("td", {}, a.console || "-"),
    sw.el("td", {}, a.incidentId ? sw.el("a", { href: "/incidents/" + a.incidentId }, `#${a.incidentId}`) : "-"),
    sw.el("td", {}, a.title), sw.el("td", { class: "why" }, a.error || ""));
  function show() {
    const want = r => (!resultSel.value || r.result === resultSel.value) && (!consoleIn.value || (r.console || "").includes(consoleIn.value));
    const shown = records.filter(want);
    tbody.replaceChildren(...shown.map(row));
    note.textContent = `${shown.length} of the latest ${records.length} deliveries`;
    const q = new URLSearchParams();
    if (resultSel.value) q.set("result", resultSel.value);
    if (consoleIn.value) q.set("console", consoleIn.value);
    history.replaceState(null, "", q.toString() ? "?" + q : location.pathname);
  }
  async function load() {
    records = (await sw.get("/api/alerts?limit=1000")).reverse();
    show();
  }
  resultSel.onchange = show;
  consoleIn.oninput = show;
  await load();
  setInterval(load, 5000);
  sw.events({ incident: () => setTimeout(load, 1000) });
})();

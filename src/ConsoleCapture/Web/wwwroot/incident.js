// One incident: the crash report, its kdump story, the console lines around it and after it, links to the transcript.
"use strict";
(async () => {
  if (!await sw.start("Incidents")) return;
  const id = location.pathname.split("/")[2];
  const main = document.getElementById("main");
  async function show() {
    const i = await sw.get("/api/incidents/" + id);
    const r = i.report;
    document.title = sw.plain(`#${i.id} ${r.title} · SolWatch`);
    const from = new Date(new Date(i.firstLineAt).getTime() - 10 * 60000).toISOString();
    const until = new Date(new Date(i.lastSeenAt).getTime() + 10 * 60000).toISOString();
    const transcript = `/api/consoles/${encodeURIComponent(i.console)}/transcript?since=${encodeURIComponent(from)}&until=${encodeURIComponent(until)}`;
    const facts = [["Console", sw.el("a", { href: "/consoles/" + encodeURIComponent(i.console) }, i.console)], ["Host", i.host || "-"],
      ["Kind", r.kind], ["First line", sw.time(i.firstLineAt)], ["Stored", sw.time(i.storedAt)], ["Seen", `${i.occurrences} time(s), last ${sw.time(i.lastSeenAt)}`],
      ["Panicked", r.panicked ? `yes${r.panicReason ? ": " + r.panicReason : ""}` : "no"], ["Kernel", `${r.kernel.release || "-"}${r.kernel.tainted ? " tainted " + r.kernel.tainted : ""}`],
      ["Fingerprint", sw.el("a", { href: "/fleet?fingerprint=" + r.fingerprint }, r.fingerprint)], ["Guilty frame", r.guiltyFrame || "-"],
      ["Transcript", sw.el("span", {}, sw.el("a", { id: "transcript-link", href: transcript }, "lines ±10 min"), " · ", sw.el("a", { href: transcript + "&raw=true" }, "raw bytes"))]];
    const parts = [sw.el("h2", { id: "title" }, `#${i.id} ${r.title}`),
      sw.el("dl", {}, ...facts.flatMap(([k, v]) => [sw.el("dt", {}, k), sw.el("dd", {}, v)]))];
    if (r.corrupted) parts.push(sw.el("p", { class: "notice" }, "The report is damaged: " + (r.corruptedReason || "")));
    if (r.kdump) {
      const k = r.kdump;
      parts.push(sw.el("h3", {}, "kdump"), sw.el("p", { id: "kdump" }, `${k.outcome}: ${k.reason}`),
        sw.el("ul", {}, ...(k.timeline || []).map(e => sw.el("li", {}, `${sw.time(e.at)} ${e.event}`))));
    }
    parts.push(sw.el("h3", {}, "Crash report"), sw.el("pre", { id: "report" }, r.text));
    parts.push(sw.el("h3", {}, "Console lines around it"), sw.el("pre", { id: "context" }, i.context.map(l => l.text).join("\n")));
    if (i.captureTranscript && i.captureTranscript.length)
      parts.push(sw.el("h3", {}, "After the crash (capture kernel)"), sw.el("pre", {}, i.captureTranscript.map(l => l.text).join("\n")));
    for (const a of i.attachments || [])
      parts.push(sw.el("h3", {}, `Attachment ${a.name}`), sw.el("pre", {}, a.text || a.error || ""));
    main.replaceChildren(...parts);
  }
  await show();
  sw.events({ incident: i => { if (String(i.id) === id) show(); } });
})();

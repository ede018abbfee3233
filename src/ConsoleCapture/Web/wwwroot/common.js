// Shared by every page: the session (user, role, CSRF token), the header, POSTs with the CSRF token, the event stream.
"use strict";
const sw = {
  session: null,
  async start(active) {
    const r = await fetch("/web/session", { credentials: "same-origin" });
    if (r.status === 401) { location.href = "/login?next=" + encodeURIComponent(location.pathname + location.search); return null; }
    sw.session = await r.json();
    const header = document.createElement("header");
    const brand = sw.el("span", { class: "brand" }, "SolWatch");
    header.append(brand);
    for (const [href, label] of [["/", "Consoles"], ["/incidents", "Incidents"], ["/fleet", "Fleet"], ["/alerts", "Alerts"]]) {
      const a = sw.el("a", { href }, label);
      if (label === active) a.style.fontWeight = "bold";
      header.append(a);
    }
    const who = sw.el("span", { class: "who", id: "who" }, `${sw.session.user} (${sw.session.role})`);
    const out = sw.el("button", { id: "logout" }, "Log out");
    out.onclick = async () => { await sw.post("/logout", {}); location.href = "/login"; };
    header.append(who, out);
    document.body.prepend(header);
    return sw.session;
  },
  // Every state-changing request carries the session's CSRF token; the daemon refuses one without it.
  async post(url, body) {
    const r = await fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": sw.session.csrf },
      body: JSON.stringify(body),
    });
    let json = {};
    try { json = await r.json(); } catch { /* no body */ }
    return { ok: r.ok, status: r.status, json };
  },
  async get(url) {
    const r = await fetch(url, { credentials: "same-origin" });
    if (!r.ok) throw new Error(`${url}: ${r.status} ${(await r.text()).slice(0, 200)}`);
    return r.json();
  },
  // Builds an element; text always as text (console lines may hold anything), through sw.plain.
  el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) e.setAttribute(k, v);
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c === null || c === undefined ? "" : sw.plain(c)));
    return e;
  },
  // Console text as it was received, in the order received: a bidirectional embedding, override or isolate
  // (U+202A-202E, U+2066-2069) would make the rest of a line, or of a whole report, display reversed or reordered
  // ("Trojan Source"); each shows as a visible marker instead.
  plain(text) { return String(text).replace(/[\u202A-\u202E\u2066-\u2069]/g, c => `\u27E8U+${c.codePointAt(0).toString(16).toUpperCase()}\u27E9`); },
  events(handlers) {
    const source = new EventSource("/web/events");
    for (const [name, handle] of Object.entries(handlers)) source.addEventListener(name, m => handle(JSON.parse(m.data)));
    return source;
  },
  time(t) { return t ? new Date(t).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z") : "-"; },
  bytes(n) { return n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`; },
};

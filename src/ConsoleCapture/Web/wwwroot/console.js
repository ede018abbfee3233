// One console in a terminal (xterm.js): the last hour of its transcript, then its live bytes. Viewers watch; an
// operator takes the console's write lock (one writer, "force" takes it over) and then types into it.
"use strict";
(async () => {
  if (!await sw.start("Consoles")) return;
  const name = decodeURIComponent(location.pathname.split("/")[2]);
  document.title = `${name} · SolWatch`;
  const main = document.getElementById("main");
  const state = sw.el("span", { id: "state" }, "");
  const lockStatus = sw.el("span", { id: "lock-status" }, "");
  const take = sw.el("button", { id: "take-lock" }, "Take write lock");
  const force = sw.el("button", { id: "force-lock" }, "Force");
  const release = sw.el("button", { id: "release-lock" }, "Release");
  const error = sw.el("span", { class: "error", id: "error" }, "");
  const since = new Date(Date.now() - 3600 * 1000).toISOString();
  const raw = sw.el("a", { href: `/api/consoles/${encodeURIComponent(name)}/transcript?since=${encodeURIComponent(since)}` }, "transcript (JSON lines)");
  main.append(sw.el("h2", {}, name, " ", state), sw.el("div", { class: "lockbar" }, lockStatus, take, force, release, error, raw), sw.el("div", { id: "terminal" }));

  const term = new Terminal({ scrollback: 20000, convertEol: false, disableStdin: true, cursorBlink: false, fontSize: 13 });
  const fit = new FitAddon.FitAddon();
  term.loadAddon(fit);
  term.open(document.getElementById("terminal"));
  fit.fit();
  window.addEventListener("resize", () => fit.fit());
  window.solwatchTerminal = term; // for the browser tests: the buffer is what the operator sees

  const operator = sw.session.role !== "viewer";
  let writable = false, mine = false, holder = null;
  function showLock() {
    lockStatus.textContent = !writable ? "read-only console" : !operator ? "watching (viewers do not type)"
      : mine ? "you hold the write lock: type in the terminal" : holder ? `${holder.user} holds the write lock` : "nobody holds the write lock";
    take.hidden = force.hidden = release.hidden = !operator || !writable;
    take.disabled = mine || !!holder;
    force.disabled = mine || !holder;
    release.disabled = !mine;
    term.options.disableStdin = !mine;
    term.options.cursorBlink = mine;
  }
  async function lock(forced) {
    const r = await sw.post(`/web/consoles/${encodeURIComponent(name)}/lock`, { force: forced });
    error.textContent = r.ok ? "" : r.json.error;
    if (r.ok) { holder = r.json; mine = r.json.mine; } else if (r.json.holder) { holder = r.json.holder; mine = false; }
    showLock();
    if (mine) term.focus();
  }
  take.onclick = () => lock(false);
  force.onclick = () => lock(true);
  release.onclick = async () => { await sw.post(`/web/consoles/${encodeURIComponent(name)}/unlock`, {}); };

  // Keystrokes go out in small batches, in order, one request at a time.
  let pending = "", sending = false;
  async function flush() {
    if (sending || !pending) return;
    sending = true;
    const text = pending; pending = "";
    const r = await sw.post(`/web/consoles/${encodeURIComponent(name)}/input`, { text });
    error.textContent = r.ok ? "" : r.json.error;
    sending = false;
    if (pending) flush();
  }
  term.onData(d => { if (!mine) return; pending += d; setTimeout(flush, 20); });

  const locks = await sw.get("/web/locks");
  holder = locks[name] || null; mine = !!(holder && holder.mine);
  sw.events({
    consoles: list => {
      const c = list.find(x => x.name === name);
      if (!c) return;
      state.textContent = sw.plain(c.state + (c.why ? ` — ${c.why}` : ""));
      state.className = "state-" + c.state;
      writable = c.writable;
      showLock();
    },
    lock: change => {
      if (change.console !== name) return;
      const lost = mine && !(change.holder && change.holder.mine);
      holder = change.holder; mine = !!(holder && holder.mine);
      if (lost) error.textContent = holder ? `${holder.user} took the write lock` : "";
      showLock();
    },
  });
  showLock();
  // The terminal: the last hour of the transcript (framed lines), a separator, then the console's bytes as received
  // (a prompt without its newline, colours, cursor movement, curses screens). The daemon has already dropped from them
  // every sequence that would make the terminal answer (those answers would go to the console as if typed here).
  const stream = new EventSource(`/web/consoles/${encodeURIComponent(name)}/raw?since=${encodeURIComponent(since)}`);
  // A reconnect (the daemon restarted the console, or the connection dropped) asks for the same hour again: start
  // the screen over rather than show it twice.
  let opened = false;
  stream.onopen = () => { if (opened) term.reset(); opened = true; };
  const note = (text, color) => {
    const b = term.buffer.active;
    term.write(`${b.cursorX === 0 ? "" : "\r\n"}\x1b[0;${color}m${text}\x1b[0m\r\n`);
  };
  stream.addEventListener("line", m => {
    const line = JSON.parse(m.data);
    term.write(line.incident ? `\x1b[33m${line.text}\x1b[0m\r\n` : line.text + "\r\n");
  });
  stream.addEventListener("live", m => {
    const at = new Date(JSON.parse(m.data).at).toLocaleTimeString();
    note(`──── live from ${at}: the console's output as it comes (above: its transcript lines) ────`, "2");
  });
  stream.addEventListener("raw", m => {
    const text = atob(m.data), bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    term.write(bytes);
  });
  stream.addEventListener("note", m => note(JSON.parse(m.data).text, "33"));
})();

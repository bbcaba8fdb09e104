/* Bghit chat simulator: sends messages through /sim/api and polls the background
   activity every second. Plain JS, no build step; text is always inserted with
   textContent, never as HTML. */
(function () {
  "use strict";
  var root = document.getElementById("sim");
  if (!root) return;
  var API = root.dataset.api;
  var $ = function (id) { return document.getElementById(id); };
  var coopSel = $("coop"), phoneIn = $("phone"), messages = $("messages"),
      textIn = $("text"), activity = $("activity"), pinPanel = $("pin-panel");
  var POLL_MS = 1000;
  var cursors = {};
  var seenNotice = {};
  var firstPoll = true;
  var queue = Promise.resolve();
  var pollTimer = null;

  var STORE = "bghit.sim.";
  function saved(k, d) { try { return localStorage.getItem(STORE + k) || d; } catch (e) { return d; } }
  function save(k, v) { try { localStorage.setItem(STORE + k, v); } catch (e) { /* private mode */ } }

  // -- rendering -----------------------------------------------------------------
  var URL_RE = /(https?:\/\/[^\s]+)/g;
  function fillText(el, text) {
    String(text || "").split(URL_RE).forEach(function (part, i) {
      if (i % 2) {
        var a = document.createElement("a");
        a.href = part; a.textContent = part; a.target = "_blank"; a.rel = "noopener noreferrer";
        el.appendChild(a);
      } else if (part) {
        el.appendChild(document.createTextNode(part));
      }
    });
  }

  function hhmm(iso) {
    var d = iso ? new Date(iso) : new Date();
    if (isNaN(d)) d = new Date();
    return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  function bubble(who, text, opts) {
    opts = opts || {};
    var li = document.createElement("li");
    li.className = "msg " + who + (opts.cls ? " " + opts.cls : "");
    var b = document.createElement("div");
    b.className = "bubble";
    b.setAttribute("dir", "auto");
    if (opts.tag) {
      var tag = document.createElement("div");
      tag.className = "msg-tag"; tag.textContent = opts.tag;
      b.appendChild(tag);
    }
    var body = document.createElement("div");
    body.className = "msg-text";
    body.setAttribute("dir", "auto");
    fillText(body, text);
    b.appendChild(body);
    var meta = document.createElement("span");
    meta.className = "msg-meta";
    meta.textContent = hhmm(opts.at) + (who === "me" ? " ✓✓" : "");
    b.appendChild(meta);
    li.appendChild(b);
    messages.appendChild(li);
    messages.scrollTop = messages.scrollHeight;
    return li;
  }

  function pinText(loc) {
    var where = loc.label || loc.address || "";
    return "📍 " + (where ? where + "\n" : "") +
      Number(loc.latitude).toFixed(5) + ", " + Number(loc.longitude).toFixed(5);
  }

  function systemNote(text, cls) {
    var li = document.createElement("li");
    li.className = "sys" + (cls ? " " + cls : "");
    li.textContent = text;
    messages.appendChild(li);
    messages.scrollTop = messages.scrollHeight;
  }

  // -- HTTP ------------------------------------------------------------------------
  function api(path, body) {
    var init = body === undefined ? { headers: { "Accept": "application/json" } } : {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body)
    };
    return fetch(API + path, init).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) throw new Error(data.error || ("HTTP " + r.status));
        return data;
      });
    });
  }

  function who() { return { coop: coopSel.value, phone: phoneIn.value.trim() }; }

  // -- chat ------------------------------------------------------------------------
  function deliver(path, payload, mine) {
    var li = bubble("me", mine.text, { cls: "pending" + (mine.pin ? " pin-msg" : "") });
    queue = queue.then(function () {
      return api(path, Object.assign(who(), payload)).then(function (data) {
        li.classList.remove("pending");
        (data.replies || []).forEach(function (t) { bubble("bot", t); });
        if (!(data.replies || []).length) systemNote("(no reply)");
        pollSoon();
      }).catch(function (err) {
        li.classList.remove("pending");
        li.classList.add("failed");
        systemNote("⚠️ " + err.message, "error");
      });
    });
    return queue;
  }

  function sendText(text) {
    text = (text || "").trim();
    if (!text) return;
    deliver("/send", { text: text }, { text: text });
  }

  function sendPin(lat, lon, label, address) {
    var loc = { latitude: lat, longitude: lon, label: label || "", address: address || "" };
    deliver("/location", loc, { text: pinText(loc), pin: true });
  }

  function loadHistory() {
    messages.textContent = "";
    var c = who();
    if (!c.coop || !c.phone) return Promise.resolve();
    return api("/history?coop=" + encodeURIComponent(c.coop) + "&phone=" + encodeURIComponent(c.phone))
      .then(function (data) {
        (data.messages || []).forEach(function (m) {
          if (m.direction === "in") {
            bubble("me", m.location ? pinText(m.location) : m.body, { at: m.at });
          } else {
            bubble("bot", m.body, { at: m.at, tag: m.status === "replied" ? "" : "notification" });
          }
        });
        if (!(data.messages || []).length) systemNote("New conversation with " + coopSel.options[coopSel.selectedIndex].text + ". Say hello, in any language.");
      }).catch(function (err) { systemNote("⚠️ " + err.message, "error"); });
  }

  // -- side panel ------------------------------------------------------------------
  var STATUS_WORDS = { pending: "queued", running: "running", done: "sent", failed: "failed" };
  var ALERT_WORDS = { order: "new order", cancelled: "order cancelled", handoff: "wants a person",
                      media: "media received", refused: "refused", returned: "returned",
                      forward_failed: "courier request failed", order_pending: "order to accept" };

  function card(id, cls) {
    var el = document.getElementById(id);
    if (!el) {
      el = document.createElement("li");
      el.id = id;
      activity.appendChild(el);
      $("activity-empty").hidden = true;
    }
    el.className = "card " + cls;
    el.textContent = "";
    return el;
  }

  function line(parent, cls, text, dirAuto) {
    var d = document.createElement("div");
    d.className = cls;
    if (dirAuto) d.setAttribute("dir", "auto");
    fillText(d, text);
    parent.appendChild(d);
    return d;
  }

  function chip(parent, status, word) {
    var s = document.createElement("span");
    s.className = "state state-" + status;
    s.textContent = word || STATUS_WORDS[status] || status;
    parent.appendChild(s);
  }

  function renderJob(j) {
    var el, head;
    if (j.kind === "message.member" || j.kind === "message.member_sms") {
      el = card("job-" + j.id, "card-alert");
      head = line(el, "card-head", "🔔 Member alert" + (j.alert ? " · " + (ALERT_WORDS[j.alert] || j.alert) : ""));
      chip(head, j.status);
      var ch = (j.channel || "").toLowerCase() === "sms" ? "SMS" : "WhatsApp";
      line(el, "card-sub", "→ " + (j.member || "member") + " " + (j.member_phone || "") + " · " + ch);
      line(el, "card-text", j.text, true);
    } else if (j.kind === "courier.forward") {
      el = card("job-" + j.id, "card-courier");
      head = line(el, "card-head", "🚚 Courier request · " + (j.order || ""));
      chip(head, j.status, j.failed ? "failed" : j.status === "done" ? (j.skipped ? "skipped" : "accepted") : null);
      if (j.tracking) line(el, "card-sub", "Tracking: " + j.tracking);
      if (j.failed) line(el, "card-sub error", j.failed);
      if (j.skipped) line(el, "card-sub", "Skipped: order is " + j.skipped);
      if (!j.tracking && !j.failed && !j.skipped) line(el, "card-sub", "Waiting for the worker to send it to the courier.");
    } else if (j.kind === "message.customer") {
      el = card("job-" + j.id, "card-notice");
      head = line(el, "card-head", "✉️ Message to customer" + (j.order ? " · " + j.order : ""));
      chip(head, j.status);
      line(el, "card-sub", "→ " + (j.to || ""));
      line(el, "card-text", j.text, true);
      if (j.mine && j.status === "done" && !seenNotice[j.id]) {
        seenNotice[j.id] = true;
        if (!firstPoll) bubble("bot", j.text, { tag: "notification", at: j.updated_at });
      }
    } else {
      el = card("job-" + j.id, "card-other");
      head = line(el, "card-head", "⚙️ " + j.kind);
      chip(head, j.status);
    }
    if (j.error && j.status !== "done") line(el, "card-sub error", j.error);
    line(el, "card-time", hhmm(j.updated_at || j.at) + " · job #" + j.id + (j.attempts > 1 ? " · " + j.attempts + " tries" : ""));
  }

  function renderEvent(e) {
    var el = card("event-" + e.id, "card-status");
    var by = e.actor || e.source || "";
    line(el, "card-head", "🔄 " + (e.order || "") + " → " + e.status.replace(/_/g, " "));
    var sub = "by " + by + (e.raw_status ? " (" + e.raw_status + ")" : "") + (e.note ? " — " + e.note : "");
    line(el, "card-sub", sub);
    line(el, "card-time", hhmm(e.at));
  }

  function renderCounts(c) {
    c = c || {};
    var parts = [];
    ["pending", "running", "done", "failed"].forEach(function (k) { if (c[k]) parts.push(c[k] + " " + STATUS_WORDS[k]); });
    $("counts").textContent = parts.length ? "Outbox: " + parts.join(" · ") : "";
  }

  function key() { return coopSel.value; }

  function poll() {
    clearTimeout(pollTimer);
    var k = key();
    if (!k) return;
    var c = cursors[k] || (cursors[k] = { job: 0, event: 0, since: "" });
    var q = "?coop=" + encodeURIComponent(k) + "&phone=" + encodeURIComponent(phoneIn.value.trim()) +
      "&after_job=" + c.job + "&after_event=" + c.event + "&jobs_since=" + encodeURIComponent(c.since || "");
    return api("/events" + q).then(function (data) {
      if (k !== key()) return;
      (data.jobs || []).forEach(renderJob);
      (data.events || []).forEach(renderEvent);
      c.job = data.last_job; c.event = data.last_event; c.since = data.jobs_since || "";
      renderCounts(data.counts);
      if ((data.jobs || []).length || (data.events || []).length) activity.scrollTop = activity.scrollHeight;
      firstPoll = false;
    }).catch(function () { /* server restarting: try again */ })
      .then(function () { pollTimer = setTimeout(poll, POLL_MS); });
  }

  function pollSoon() { clearTimeout(pollTimer); pollTimer = setTimeout(poll, 100); }

  function resetPanel() {
    activity.textContent = "";
    $("activity-empty").hidden = false;
    cursors = {};
    seenNotice = {};
    firstPoll = true;
  }

  // -- wiring ----------------------------------------------------------------------
  function syncHeader() {
    $("chat-title").textContent = coopSel.selectedIndex >= 0 ? coopSel.options[coopSel.selectedIndex].text : "";
    $("chat-phone").textContent = phoneIn.value.trim();
  }

  function randomPhone() {
    var n = "06";
    for (var i = 0; i < 8; i++) n += Math.floor(Math.random() * 10);
    return n;
  }

  var current = "";
  function restart() {
    var now = coopSel.value + "|" + phoneIn.value.trim();
    if (now === current) return;             // Enter in the phone field also fires "change"
    current = now;
    save("coop", coopSel.value);
    save("phone", phoneIn.value.trim());
    syncHeader();
    resetPanel();
    loadHistory().then(poll);
  }

  $("composer").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var t = textIn.value;
    textIn.value = "";
    textIn.style.height = "";
    sendText(t);
    textIn.focus();
  });
  textIn.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      $("composer").requestSubmit();
    }
  });
  textIn.addEventListener("input", function () {
    textIn.style.height = "";
    textIn.style.height = Math.min(textIn.scrollHeight, 140) + "px";
  });
  $("examples").addEventListener("click", function (ev) {
    var b = ev.target.closest("[data-text]");
    if (!b) return;
    textIn.value = b.dataset.text;
    textIn.focus();
  });
  $("pin-toggle").addEventListener("click", function () {
    pinPanel.hidden = !pinPanel.hidden;
    this.setAttribute("aria-expanded", String(!pinPanel.hidden));
  });
  pinPanel.addEventListener("click", function (ev) {
    var b = ev.target.closest(".pin");
    if (!b) return;
    pinPanel.hidden = true;
    $("pin-toggle").setAttribute("aria-expanded", "false");
    sendPin(parseFloat(b.dataset.lat), parseFloat(b.dataset.lon), b.dataset.label, b.dataset.address);
  });
  $("pin-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var f = ev.target;
    pinPanel.hidden = true;
    sendPin(parseFloat(f.lat.value), parseFloat(f.lon.value), "", "");
    f.reset();
  });
  $("run-worker").addEventListener("click", function () {
    var btn = this;
    btn.disabled = true;
    api("/worker", {}).then(function (data) {
      renderCounts(data.counts);
      btn.dataset.ran = String(data.ran);
    }).catch(function (err) { systemNote("⚠️ worker: " + err.message, "error"); })
      .then(function () { btn.disabled = false; pollSoon(); });
  });
  $("setup").addEventListener("submit", function (ev) { ev.preventDefault(); restart(); });
  coopSel.addEventListener("change", restart);
  phoneIn.addEventListener("change", restart);
  $("new-customer").addEventListener("click", function () {
    phoneIn.value = randomPhone();
    restart();
  });

  // Start: the last coop/phone used in this browser, else the defaults.
  var lastCoop = saved("coop", "");
  if (lastCoop && coopSel.querySelector('option[value="' + CSS.escape(lastCoop) + '"]')) coopSel.value = lastCoop;
  var q = new URLSearchParams(location.search);
  phoneIn.value = q.get("phone") || saved("phone", "") || root.dataset.defaultPhone;
  if (q.get("coop")) coopSel.value = q.get("coop");
  restart();
})();

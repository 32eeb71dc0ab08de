/* govlint review page: tooltips, severity filters, panel -> span navigation. No network. */
(function () {
  "use strict";
  var payload = document.getElementById("govlint-data");
  var findings = payload ? JSON.parse(payload.textContent).findings : [];
  var RANK = { error: 3, warning: 2, info: 1 };
  var hidden = {};
  var tip = document.getElementById("tip");
  var tipFor = null;
  var marks = Array.prototype.slice.call(document.querySelectorAll(".hl[data-f]"));
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function idsOf(el) {
    return (el.getAttribute("data-f") || "").split(" ").filter(Boolean).map(Number);
  }
  function visibleIds(el) {
    return idsOf(el).filter(function (i) { return findings[i] && !hidden[findings[i].severity]; });
  }
  function spansOf(id) {
    return document.querySelectorAll('.hl[data-f~="' + id + '"]');
  }

  // The native title is the no-script fallback; with script the richer tooltip replaces it.
  marks.forEach(function (el) {
    el.setAttribute("data-focusable", el.hasAttribute("tabindex") ? "1" : "");
    el.removeAttribute("title");
  });

  function repaint() {
    marks.forEach(function (el) {
      var best = null;
      visibleIds(el).forEach(function (i) {
        var s = findings[i].severity;
        if (!best || RANK[s] > RANK[best]) { best = s; }
      });
      el.classList.remove("sev-error", "sev-warning", "sev-info", "off");
      el.classList.add(best ? "sev-" + best : "off");
      if (!best) { el.setAttribute("tabindex", "-1"); }
      else if (el.getAttribute("data-focusable")) { el.setAttribute("tabindex", "0"); }
    });
  }

  function showTip(el) {
    if (!tip) { return; }
    var ids = visibleIds(el);
    if (!ids.length) { hideTip(); return; }
    while (tip.firstChild) { tip.removeChild(tip.firstChild); }
    ids.forEach(function (i) {
      var f = findings[i];
      var p = document.createElement("p");
      var head = document.createElement("span");
      head.className = "code";
      head.textContent = f.label + " " + f.code + "（" + (f.summary || f.slug) + "）：";
      p.appendChild(head);
      p.appendChild(document.createTextNode(f.message));
      tip.appendChild(p);
    });
    tip.hidden = false;
    tipFor = el;
    var r = el.getBoundingClientRect();
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var left = Math.max(8, Math.min(r.left, window.innerWidth - w - 8));
    var top = r.bottom + 6;
    if (top + h > window.innerHeight - 8) { top = Math.max(8, r.top - h - 6); }
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }
  function hideTip() { if (tip) { tip.hidden = true; } tipFor = null; }

  function setActive(el, on) {
    idsOf(el).forEach(function (i) {
      Array.prototype.forEach.call(spansOf(i), function (s) { s.classList.toggle("active", on); });
    });
  }

  function flash(nodes) {
    Array.prototype.forEach.call(nodes, function (n) {
      n.classList.remove("flash");
      void n.offsetWidth; // restart the animation when clicked twice
      n.classList.add("flash");
    });
  }

  function markCurrent(ids) {
    Array.prototype.forEach.call(document.querySelectorAll(".item.current"), function (li) { li.classList.remove("current"); });
    ids.forEach(function (i) {
      var li = document.querySelector('.item[data-id="' + i + '"]');
      if (!li) { return; }
      li.classList.add("current");
      var group = li.closest("details");
      if (group) { group.open = true; }
    });
  }

  function go(id) {
    var f = findings[id];
    if (!f) { return; }
    var targets = f.document ? document.querySelectorAll('[data-f="' + id + '"]') : spansOf(id);
    var first = targets[0] || document.getElementById("checklist");
    if (!first) { return; }
    first.scrollIntoView({ block: "center", behavior: reduceMotion ? "auto" : "smooth" });
    if (first.focus) { first.focus({ preventScroll: true }); }
    flash(targets.length ? targets : [first]);
    markCurrent([id]);
    if (window.history && history.replaceState) { history.replaceState(null, "", "#f" + id); }
  }

  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a.go");
    if (link) {
      e.preventDefault();
      go(Number(link.getAttribute("data-id")));
      return;
    }
    var mark = e.target.closest && e.target.closest(".hl[data-f]");
    if (mark) { revealInPanel(mark); }
  });

  function revealInPanel(mark) {
    var ids = visibleIds(mark);
    markCurrent(ids);
    var li = ids.length && document.querySelector('.item[data-id="' + ids[0] + '"]');
    var panel = document.querySelector(".panel");
    if (li && panel) {
      // Scroll the panel only, never the page under the reader's eyes.
      var pr = panel.getBoundingClientRect(), lr = li.getBoundingClientRect();
      if (lr.top < pr.top || lr.bottom > pr.bottom) { panel.scrollTop += lr.top - pr.top - pr.height / 3; }
    }
  }

  var text = document.getElementById("text");
  if (text) {
    text.addEventListener("mouseover", function (e) {
      var m = e.target.closest(".hl[data-f]");
      if (m) { showTip(m); setActive(m, true); }
    });
    text.addEventListener("mouseout", function (e) {
      var m = e.target.closest(".hl[data-f]");
      if (m) { hideTip(); setActive(m, false); }
    });
    text.addEventListener("focusin", function (e) {
      var m = e.target.closest(".hl[data-f]");
      if (m) { showTip(m); setActive(m, true); }
    });
    text.addEventListener("focusout", function (e) {
      var m = e.target.closest(".hl[data-f]");
      if (m) { hideTip(); setActive(m, false); }
    });
    text.addEventListener("keydown", function (e) {
      var m = e.target.closest(".hl[data-f]");
      if (m && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); revealInPanel(m); }
    });
  }
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hideTip(); } });
  // Focusing a span scrolls it into view: keep its tooltip with it; a hover tooltip just goes.
  window.addEventListener("scroll", function () {
    if (tipFor && tipFor === document.activeElement) { showTip(tipFor); } else { hideTip(); }
  }, { passive: true });

  Array.prototype.forEach.call(document.querySelectorAll('.filters input[name="severity"]'), function (box) {
    box.addEventListener("change", function () {
      hidden[box.value] = !box.checked;
      document.body.classList.toggle("hide-" + box.value, !box.checked);
      repaint();
    });
  });

  // Print every group, collapsed or not, then restore what the reader had open.
  var wasOpen = [];
  window.addEventListener("beforeprint", function () {
    wasOpen = Array.prototype.map.call(document.querySelectorAll("details.group"), function (d) { var o = d.open; d.open = true; return o; });
  });
  window.addEventListener("afterprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details.group"), function (d, i) { d.open = wasOpen[i]; });
  });

  repaint();
  if (location.hash && /^#f\d+$/.test(location.hash)) { go(Number(location.hash.slice(2))); }
})();

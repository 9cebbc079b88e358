/* Defined terms: a use of a term links to its definition (a row of the definitions table, or the
   paragraph that defines it, marked data-terms-def); this script shows the definition in place.
   Hover or keyboard focus shows it (the link is then described by it: aria-describedby), Escape closes
   it; on a touch screen the first tap shows it and a second tap follows the link. Without the script
   the link simply goes to the definition. Local file, no inline script (the site's CSP). */
(function () {
  "use strict";

  var links = [].slice.call(document.querySelectorAll('a.terms-link[href^="#def-"]'));
  if (!links.length) { return; }
  var ja = document.documentElement.lang === "ja";
  var tip = document.createElement("div");
  tip.className = "terms-deftip";
  tip.id = "terms-deftip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  document.body.appendChild(tip);
  var open = null;      // the link whose definition is shown
  var hideTimer = 0;
  var touch = false;    // the last pointer was a finger
  var tapOpen = false;  // the definition of the tapped link was already shown when the tap began

  function target(link) {
    var el = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    return el && el.hasAttribute("data-terms-def") ? el : null;
  }

  function clip(text, max) {
    text = text.replace(/\s+/g, " ").trim();
    return text.length > max ? text.slice(0, max - 1) + "…" : text;
  }

  // The sentence of a paragraph that defines the term (the paragraph may be long).
  function sentence(text, term) {
    text = text.replace(/\s+/g, " ").trim();
    var at = -1;
    var marks = ja ? ["「" + term + "」"] : ['"' + term + '"', "“" + term + "”"];
    for (var i = 0; i < marks.length && at < 0; i++) { at = text.indexOf(marks[i]); }
    if (at < 0) { at = text.indexOf(term); }
    if (at < 0) { return text; }
    var end = ja ? "。" : ". ";
    var start = text.lastIndexOf(end, at);
    start = start < 0 ? 0 : start + end.length;
    var stop = text.indexOf(end, at);
    return text.slice(start, stop < 0 ? text.length : stop + end.length - (ja ? 0 : 1)).trim();
  }

  function definition(link) {
    var el = target(link);
    if (!el) { return ""; }
    var term = (link.textContent || "").trim();
    if (el.tagName === "TR") {
      var cells = el.querySelectorAll("td, th");
      if (cells.length > 1) {
        return clip(cells[0].textContent, 80) + (ja ? "：" : ": ") + clip(cells[cells.length - 1].textContent, 400);
      }
    }
    return clip(sentence(el.textContent || "", term), 400);
  }

  function place(link) {
    var r = link.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    tip.style.left = "0px";
    tip.style.top = "0px";
    var w = tip.offsetWidth;
    var left = Math.max(8, Math.min(r.left, width - w - 8));
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (r.bottom + window.scrollY + 6) + "px";
  }

  function show(link) {
    window.clearTimeout(hideTimer);
    var text = definition(link);
    if (!text) { return; }
    if (open && open !== link) { open.removeAttribute("aria-describedby"); }
    tip.textContent = text;
    tip.hidden = false;
    place(link);
    link.setAttribute("aria-describedby", tip.id);
    open = link;
  }

  function hide() {
    window.clearTimeout(hideTimer);
    if (open) { open.removeAttribute("aria-describedby"); }
    open = null;
    tip.hidden = true;
  }

  function later() {
    window.clearTimeout(hideTimer);
    hideTimer = window.setTimeout(hide, 300);
  }

  links.forEach(function (link) {
    if (!target(link)) { return; }
    link.classList.add("terms-defined");
    link.addEventListener("mouseenter", function () { if (!touch) { show(link); } });
    link.addEventListener("mouseleave", function () { if (!touch) { later(); } });
    link.addEventListener("focus", function () { show(link); });
    link.addEventListener("blur", function () { if (open === link) { later(); } });
    link.addEventListener("pointerdown", function (e) {
      touch = e.pointerType === "touch" || e.pointerType === "pen";
      tapOpen = open === link && !tip.hidden;
    });
    link.addEventListener("click", function (e) {
      if (touch && !tapOpen) {  // first tap: show the definition; the second follows the link
        e.preventDefault();
        show(link);
        return;
      }
      hide();
    });
  });
  // the definition stays while the pointer is over it (it can be read and selected)
  tip.addEventListener("mouseenter", function () { window.clearTimeout(hideTimer); });
  tip.addEventListener("mouseleave", later);
  document.addEventListener("keydown", function (e) {
    if ((e.key === "Escape" || e.key === "Esc") && open) { hide(); }
  });
  document.addEventListener("pointerdown", function (e) {
    if (open && e.target !== open && !open.contains(e.target) && !tip.contains(e.target)) { hide(); }
  });
  window.addEventListener("resize", function () { if (open) { place(open); } });
})();

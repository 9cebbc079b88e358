/* The terms site's only script (local, no third party): a copy-link control on every article, and a
   language switch that keeps the place being read. Pages work without it. */
(function () {
  "use strict";

  var ja = document.documentElement.lang === "ja";
  var words = ja
    ? { copy: "この条項へのリンクをコピー", copied: "リンクをコピーしました", failed: "コピーできませんでした" }
    : { copy: "Copy the link to this provision", copied: "Link copied", failed: "Could not copy the link" };
  var icon = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M3.9 12a3.1 3.1 0 0 1 ' +
    '3.1-3.1h4V7H7a5 5 0 0 0 0 10h4v-1.9H7A3.1 3.1 0 0 1 3.9 12M8 13h8v-2H8v2m9-6h-4v1.9h4a3.1 3.1 0 0 1 0 ' +
    '6.2h-4V17h4a5 5 0 0 0 0-10z"/></svg>';

  var status = document.createElement("p");
  status.className = "terms-copy-status";
  status.setAttribute("role", "status");
  document.body.appendChild(status);
  var timer = 0;

  function announce(text) {
    status.textContent = text;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { status.textContent = ""; }, 2500);
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy")); }
    });
  }

  function control(anchor) {
    var id = anchor.id;
    var label = anchor.querySelector(".terms-num");
    var name = (label ? label.textContent : anchor.textContent || id).trim();
    var button = document.createElement("button");
    button.type = "button";
    button.className = "terms-copy";
    button.setAttribute("data-terms-copy", id);
    button.setAttribute("aria-label", words.copy + (name ? "（" + name + "）" : ""));
    button.title = words.copy;
    button.innerHTML = icon;
    button.addEventListener("click", function () {
      var url = window.location.href.split("#")[0] + "#" + encodeURIComponent(id);
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", "#" + id);
      }
      copy(url).then(function () { announce(words.copied); }, function () { announce(words.failed); });
    });
    return button;
  }

  var anchors = document.querySelectorAll("[data-terms-anchor]");
  for (var i = 0; i < anchors.length; i++) {
    var anchor = anchors[i];
    if (anchor.classList.contains("terms-heading") && anchor.parentNode) {
      var row = document.createElement("div");
      row.className = "terms-anchor-row";
      anchor.parentNode.insertBefore(row, anchor);
      row.appendChild(anchor);
      row.appendChild(control(anchor));
    } else {
      var bare = document.createElement("div");
      bare.className = "terms-anchor-row terms-anchor-row--bare";
      bare.appendChild(control(anchor));
      anchor.insertBefore(bare, anchor.firstChild);
    }
  }

  // Switching language keeps the reader's place: the other language's page has the same anchors, so
  // the link gets the anchor of the provision being read (the last heading in or above the top fifth
  // of the screen), or the page's own #anchor when the reader has not scrolled to any.
  var header = document.querySelector(".md-header");

  function placeOnScreen() {
    var below = header ? header.getBoundingClientRect().bottom : 0;
    var top = below + (window.innerHeight - below) / 5;
    var marks = document.querySelectorAll(".md-content [data-terms-anchor][id], .md-content h2[id], .md-content h3[id]");
    var found = null;
    for (var k = 0; k < marks.length; k++) {
      var box = marks[k].getBoundingClientRect();
      if (box.top <= top + 1) {
        if (!found || box.top >= found.top) { found = { id: marks[k].id, top: box.top }; }
      }
    }
    return found ? "#" + encodeURIComponent(found.id) : window.location.hash;
  }

  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("a[hreflang]") : null;
    if (!link) { return; }
    var href = link.getAttribute("href").split("#")[0];
    var place = placeOnScreen();
    link.setAttribute("href", place ? href + place : href);
  }, true);

  // Material's drawer and search toggles are checkboxes without autocomplete="off" (not valid on a
  // checkbox): a page reloaded or shown again from the history starts with both closed.
  function closeToggles() {
    var toggles = document.querySelectorAll("#__drawer, #__search");
    for (var n = 0; n < toggles.length; n++) {
      if (toggles[n].checked) {
        toggles[n].checked = false;
        toggles[n].dispatchEvent(new Event("change"));  // Material follows the toggles' change events
      }
    }
  }
  closeToggles();
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { closeToggles(); }
  });
})();

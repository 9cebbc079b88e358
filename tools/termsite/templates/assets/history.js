/* The reader's history tools (local, no third party); every page works without it.
   - /<doc>/on/?date=YYYY-MM-DD opens the version in force on that day: the latest version whose
     effective date is on or before it (a version applies from 00:00 Japan time on its effective date,
     as `terms build --as-of` decides), from the dates the build wrote (data-terms-on-data).
   - the history page's "compare two versions" form opens one of the pre-built comparisons (the list
     of links under it); the second list offers only the versions a comparison exists for.
   - an article's "改定履歴 / History" link is put next to its copy-link control. */
(function () {
  "use strict";

  function validDate(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) { return false; }
    var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  }

  function onDate(root) {
    var query = /[?&]date=([^&#]*)/.exec(window.location.search);
    if (!query) { return; }
    var date = decodeURIComponent(query[1].replace(/\+/g, " ")).trim();
    var input = root.querySelector('input[name="date"]');
    function show(name) {
      var m = root.querySelector('[data-terms-on-message="' + name + '"]');
      if (m) { m.hidden = false; }
    }
    if (!validDate(date)) { show("invalid"); return; }
    if (input) { input.value = date; }
    window.fetch(root.getAttribute("data-terms-on-data"), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (data) {
        var found = null;
        data.versions.forEach(function (v) { if (v.effective <= date) { found = v; } });
        if (!found) { show("before"); return; }
        window.location.replace(root.getAttribute("data-terms-on-base") + found.effective + "/");
      })
      .catch(function () { show("failed"); });
  }

  function comparePicker(form) {
    var section = form.parentNode;
    var links = section.querySelectorAll("a[data-terms-pair-old]");
    var oldSelect = form.querySelector('select[name="old"]');
    var newSelect = form.querySelector('select[name="new"]');
    function pair(oldKey, newKey) {
      for (var i = 0; i < links.length; i++) {
        if (links[i].getAttribute("data-terms-pair-old") === oldKey &&
            links[i].getAttribute("data-terms-pair-new") === newKey) { return links[i]; }
      }
      return null;
    }
    function update() {
      var first = null;
      var keep = false;
      for (var i = 0; i < newSelect.options.length; i++) {
        var option = newSelect.options[i];
        option.disabled = !pair(oldSelect.value, option.value);
        if (!option.disabled && first === null) { first = option; }
        if (!option.disabled && option.selected) { keep = true; }
      }
      if (!keep && first) { first.selected = true; }
    }
    oldSelect.addEventListener("change", update);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var link = pair(oldSelect.value, newSelect.value);
      if (link) { window.location.href = link.href; }
    });
    update();
    form.hidden = false;
  }

  function historyLinks() {
    var links = document.querySelectorAll(".terms-article-tools");
    for (var i = 0; i < links.length; i++) {
      var row = links[i].previousElementSibling;
      var a = links[i].querySelector("a");
      if (row && a && row.classList.contains("terms-anchor-row")) {
        row.appendChild(a);
        links[i].parentNode.removeChild(links[i]);
      }
    }
  }

  var on = document.querySelector("[data-terms-on]");
  if (on) { onDate(on); }
  var forms = document.querySelectorAll("form[data-terms-compare]");
  for (var i = 0; i < forms.length; i++) { comparePicker(forms[i]); }
  // after the copy-link controls are made (terms.js runs after this file)
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", historyLinks);
  } else {
    window.setTimeout(historyLinks, 0);
  }
})();

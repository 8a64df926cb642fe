// Filters on town and kind pages: audience, weekday, format, free of charge, no reservation.
// The page lists every card without this script; it only hides cards that do not match, using
// the data-* attributes macros.html puts on each card.
(function () {
  "use strict";

  function matches(card, f) {
    var audience = (card.getAttribute("data-audience") || "").split(" ");
    var format = card.getAttribute("data-format");
    // A place for everyone (anyone) is also for the audience asked for.
    if (f.audience && audience.indexOf(f.audience) < 0 && audience.indexOf("anyone") < 0) { return false; }
    if (f.day && (card.getAttribute("data-days") || "").indexOf(f.day) < 0) { return false; }
    if (f.format && format !== f.format && format !== "both") { return false; }
    if (f.free && !card.hasAttribute("data-free")) { return false; }
    if (f.noreservation && !card.hasAttribute("data-no-reservation")) { return false; }
    return true;
  }

  function apply(form) {
    var f = {
      audience: form.elements.audience.value, day: form.elements.day.value, format: form.elements.format.value,
      free: form.elements.free.checked, noreservation: form.elements.noreservation.checked
    };
    var shown = 0, total = 0;
    document.querySelectorAll(".cd-cards").forEach(function (list) {
      var visible = 0;
      list.querySelectorAll(".cd-card").forEach(function (card) {
        var ok = matches(card, f);
        card.hidden = !ok;
        visible += ok ? 1 : 0;
      });
      total += list.children.length;
      shown += visible;
      // A heading over an empty group would read as "nothing here" mid-page: hide the group.
      var group = list.closest("section");
      if (group) { group.hidden = visible === 0; }
    });
    var count = form.querySelector(".cd-filters__count");
    count.textContent = shown === total ? "全" + total + "件" : total + "件中 " + shown + "件を表示"
      + (shown === 0 ? "。条件を減らしてみてください" : "");
  }

  function setup(form) {
    if (form.getAttribute("data-cd-ready")) { return; }
    form.setAttribute("data-cd-ready", "1");
    form.addEventListener("change", function () { apply(form); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(form); }, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply(form);
  }

  function init() { document.querySelectorAll("[data-cd-filters]").forEach(setup); }

  if (window.document$) { window.document$.subscribe(init); }
  else if (document.readyState !== "loading") { init(); }
  else { document.addEventListener("DOMContentLoaded", init); }
}());

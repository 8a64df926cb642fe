// Keeps dates on static pages current in the visitor's browser, in Japan's time zone: the next
// meeting dates of a record and of each card in town and kind lists, whether a counter is open
// now, and the calendar (meetings that have ended are marked 終了; the filter).
// Pages are complete without this script; it only refreshes and filters what is there.
(function () {
  "use strict";
  var dates = window.CarerDates;  // dates.js: today in Tokyo, labels, what "next" means
  var label = dates.label, clock = dates.clock;

  function refreshNext(section, now) {
    var items = dates.upcoming(JSON.parse(section.getAttribute("data-cd-occurrences")), now);
    var list = section.querySelector(".cd-next__list");
    list.textContent = "";
    items.slice(0, 3).forEach(function (item) {
      var li = document.createElement("li"), time = document.createElement("time");
      time.setAttribute("datetime", item[0]);
      time.textContent = label(item);
      li.appendChild(time);
      list.appendChild(li);
    });
    section.querySelector(".cd-next__none").hidden = items.length > 0;
    return items;
  }

  function refreshOpen(status, items, now) {
    var open = items.filter(function (i) { return i[0] === now.day && i[1] && i[1] <= now.time && now.time < i[2]; })[0];
    var next = items.filter(function (i) { return i[0] > now.day || (i[0] === now.day && i[1] > now.time); })[0];
    status.textContent = open ? "受付中（" + clock(open[2]) + "まで）"
      : "受付時間外" + (next ? "（次の受付: " + label(next) + "）" : "");
    status.className = "cd-open " + (open ? "cd-open--yes" : "cd-open--no");
    status.hidden = false;
  }

  // A card's "次回": the first of its embedded meetings that has not ended, or no line at all.
  function refreshCard(row, now) {
    var next = dates.upcoming(JSON.parse(row.getAttribute("data-cd-next")), now)[0];
    var dd = row.querySelector("dd"), time = document.createElement("time");
    dd.textContent = "";
    if (next) {
      time.setAttribute("datetime", next[0]);
      time.textContent = label(next);
      dd.appendChild(time);
    }
    row.hidden = !next;
  }

  // The calendar: a meeting that has ended today stays where it is, marked 終了 (its cell is kept
  // from the first paint, so nothing moves); days before today, left by a build not yet redone,
  // are left out (calendar.html hid them before they were drawn). Then the town and kind filter;
  // the count is of the meetings still to come.
  function filterCalendar(form, now) {
    var town = form && form.elements.town ? form.elements.town.value : "", kind = form ? form.elements.kind.value : "", coming = 0;
    document.querySelectorAll(".cd-day").forEach(function (day) {
      var visible = 0;
      day.querySelectorAll("li[data-town]").forEach(function (li) {
        var meeting = JSON.parse(li.getAttribute("data-cd-meeting") || "null");
        var ended = !!meeting && dates.ended(meeting, now), past = !!meeting && meeting[0] < now.day;
        var match = !past && (!town || li.dataset.town.split(" ").indexOf(town) >= 0) && (!kind || li.dataset.kind === kind);
        li.hidden = !match;
        li.classList.toggle("cd-agenda__item--ended", ended);
        visible += match ? 1 : 0;
        coming += match && !ended ? 1 : 0;
      });
      day.hidden = visible === 0;
    });
    if (form) { form.querySelector(".cd-filter__count").textContent = coming + "件の予定"; }
  }

  function refresh() {
    var now = dates.tokyoNow();
    document.querySelectorAll("[data-cd-occurrences]").forEach(function (section) {
      var items = refreshNext(section, now);
      var status = document.querySelector("[data-cd-open]");
      if (status) { refreshOpen(status, items, now); }
    });
    document.querySelectorAll(".cd-card__next[data-cd-next]").forEach(function (row) { refreshCard(row, now); });
    var form = document.querySelector("[data-cd-calendar-filter]");
    if (form) {
      form.hidden = false;
      form.addEventListener("change", function () { filterCalendar(form, dates.tokyoNow()); });
    }
    if (document.querySelector(".cd-day")) { filterCalendar(form, now); }
  }

  // Material's instant navigation swaps pages without a load event; document$ fires on both.
  if (window.document$) { window.document$.subscribe(refresh); }
  else if (document.readyState !== "loading") { refresh(); }
  else { document.addEventListener("DOMContentLoaded", refresh); }
}());

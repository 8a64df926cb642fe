// Keeps dates on static pages current in the visitor's browser, in Japan's time zone:
// the next meeting dates of a record, whether a counter is open now, and the calendar filter.
// Pages are complete without this script; it only refreshes and filters what is there.
(function () {
  "use strict";
  var WEEKDAYS = "日月火水木金土";

  // Now in Asia/Tokyo as {day: "2027-01-06", time: "13:45"}, whatever the device's zone.
  function tokyoNow() {
    var parts = {};
    new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    return { day: parts.year + "-" + parts.month + "-" + parts.day, time: parts.hour + ":" + parts.minute };
  }

  function clock(hhmm) { return hhmm.replace(/^0(\d)/, "$1"); }

  // ["2027-01-06", "13:30", "15:30"] -> "1月6日（水） 13:30〜15:30", as the build writes it.
  function label(item) {
    var d = item[0].split("-").map(Number);
    var text = d[1] + "月" + d[2] + "日（" + WEEKDAYS[new Date(Date.UTC(d[0], d[1] - 1, d[2])).getUTCDay()] + "）";
    if (item[1]) { text += " " + clock(item[1]) + (item[2] ? "〜" + clock(item[2]) : ""); }
    return text;
  }

  // A meeting is still ahead until it ends (or starts, or the day ends, when times are missing).
  function ahead(item, now) {
    return item[0] > now.day || (item[0] === now.day && (item[2] || item[1] || "24:00") > now.time);
  }

  function refreshNext(section, now) {
    var items = JSON.parse(section.getAttribute("data-cd-occurrences")).filter(function (i) { return ahead(i, now); });
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

  function filterCalendar(form) {
    var town = form.elements.town ? form.elements.town.value : "", kind = form.elements.kind.value, shown = 0;
    document.querySelectorAll(".cd-day").forEach(function (day) {
      var visible = 0;
      day.querySelectorAll("li[data-town]").forEach(function (li) {
        var match = (!town || li.dataset.town.split(" ").indexOf(town) >= 0) && (!kind || li.dataset.kind === kind);
        li.hidden = !match;
        visible += match ? 1 : 0;
      });
      day.hidden = visible === 0;
      shown += visible;
    });
    form.querySelector(".cd-filter__count").textContent = shown + "件の予定";
  }

  function refresh() {
    var now = tokyoNow();
    document.querySelectorAll("[data-cd-occurrences]").forEach(function (section) {
      var items = refreshNext(section, now);
      var status = document.querySelector("[data-cd-open]");
      if (status) { refreshOpen(status, items, now); }
    });
    var form = document.querySelector("[data-cd-calendar-filter]");
    if (form) {
      form.hidden = false;
      form.addEventListener("change", function () { filterCalendar(form); });
      filterCalendar(form);
    }
  }

  // Material's instant navigation swaps pages without a load event; document$ fires on both.
  if (window.document$) { window.document$.subscribe(refresh); }
  else if (document.readyState !== "loading") { refresh(); }
  else { document.addEventListener("DOMContentLoaded", refresh); }
}());

// Dates as every page writes them, in Japan's time zone whatever the device's: "today in Tokyo",
// date labels with weekday names, and the one meaning of "next": a meeting is next until it ends.
// Pages, search and maps all read meetings in one shape, as hooks/carerdir/when.py writes them:
// ["2027-01-06", "13:30", "15:30"] (day, start, end; "" when a time is not stated).
// The Python side keeps the same wording in when.py (japanese_day, japanese_occurrence).
(function () {
  "use strict";
  var WEEKDAYS = "日月火水木金土", DAY_MS = 86400000;

  // Now in Asia/Tokyo as {day: "2027-01-06", time: "13:45"}.
  function tokyoNow() {
    var parts = {};
    new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    return { day: parts.year + "-" + parts.month + "-" + parts.day, time: parts.hour + ":" + parts.minute };
  }

  function clock(hhmm) { return hhmm.replace(/^0(\d)/, "$1"); }

  // "2027-01-06" -> "1月6日（水）"
  function dayLabel(day) {
    var d = day.split("-").map(Number);
    return d[1] + "月" + d[2] + "日（" + WEEKDAYS[new Date(Date.UTC(d[0], d[1] - 1, d[2])).getUTCDay()] + "）";
  }

  // ["2027-01-06", "13:30", "15:30"] -> "1月6日（水） 13:30〜15:30"
  function label(item) {
    var text = dayLabel(item[0]);
    if (item[1]) { text += " " + clock(item[1]) + (item[2] ? "〜" + clock(item[2]) : ""); }
    return text;
  }

  // A meeting has ended once its end time has passed; without an end time, once its day is over
  // (a meeting that has started is still the next one: someone may be on the way).
  function ended(item, now) {
    return item[0] < now.day || (item[0] === now.day && !!item[2] && item[2] <= now.time);
  }

  // The meetings that have not ended, in the order given (the build sorts them).
  function upcoming(items, now) {
    now = now || tokyoNow();
    return items.filter(function (item) { return !ended(item, now); });
  }

  // The search index stores days as offsets from its build date: [[3, "13:30", "15:30"], ...].
  function fromOffsets(base, items) {
    var start = Date.parse(base + "T00:00:00Z");
    return items.map(function (item) {
      return [new Date(start + item[0] * DAY_MS).toISOString().slice(0, 10), item[1], item[2]];
    });
  }

  window.CarerDates = {
    tokyoNow: tokyoNow, clock: clock, dayLabel: dayLabel, label: label,
    ended: ended, upcoming: upcoming, fromOffsets: fromOffsets
  };
}());

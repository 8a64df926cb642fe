// The directory search, in the header of every page and in the box on the home page: places by
// name, reading, town, kind, address, operator, audience and topics; towns; and the guide pages
// by title, heading, key term and 用語集 entry, whatever the width or kana of the query.
// 「近くを探す」 sorts places by distance.
// The index (hooks/carerdir/search_index.py) is fetched only once someone starts searching, and
// only the shard of a town the query names. The visitor's position never leaves this script:
// it is not put in any URL or request, and every shard is fetched in the same fixed order.
(function () {
  "use strict";
  var PAGE = 30, NEAREST = 10, DEBOUNCE_MS = 80;
  var TOWNS_SHOWN = 30, GUIDE_SECTIONS = 3;

  // Exactly what search_index.normalise does: NFKC, katakana to hiragana, lower case.
  function normalise(text) {
    return text.normalize("NFKC").replace(/[\u30a1-\u30f6\u30fd\u30fe]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0x60);
    }).toLowerCase();
  }

  function tokensOf(query) { return normalise(query).split(/\s+/).filter(Boolean); }

  // One index per page load; shards are cached as prepared entries once fetched.
  function Index(url) {
    this.url = new URL(url, document.baseURI);
    this.root = new URL("../../", this.url);  // the manifest lives at search/directory/
    this.manifest = null;
    this.shards = [];
    this.pending = {};
  }

  Index.prototype.load = function () {
    var self = this;
    if (!this.ready) {
      this.ready = fetch(this.url.href).then(function (r) {
        if (!r.ok) { throw new Error(r.status); }
        return r.json();
      }).then(function (m) {
        self.manifest = m;
        m.towns.forEach(function (t) { t.keys = t[3]; });
        return m;
      });
    }
    return this.ready;
  };

  // Entries get one haystack with their town, kind, audience and topic labels added.
  Index.prototype.prepare = function (entries) {
    var m = this.manifest;
    return entries.map(function (e) {
      var town = m.towns[e[1]], hay = [normalise(e[3]).replace(/\s+/g, ""), e[4], town[2], m.kinds[e[2]][2]];
      e[5].split("").forEach(function (c) { hay.push(m.aud[parseInt(c, 36)]); });
      e[6].split("").forEach(function (c) { hay.push(m.top[parseInt(c, 36)]); });
      return { e: e, hay: hay.join(" "), town: town };
    });
  };

  Index.prototype.shard = function (i) {
    var self = this;
    if (this.shards[i]) { return Promise.resolve(this.shards[i]); }
    if (!this.pending[i]) {
      this.pending[i] = fetch(new URL(this.manifest.shards[i], this.url).href)
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (data) { self.shards[i] = self.prepare(data.e); return self.shards[i]; });
    }
    return this.pending[i];
  };

  // Fetch shards one after another (a slow line is not flooded), calling back with each one's
  // entries and whether it had to be fetched (callers show results only after a fetch or at the end).
  Index.prototype.each = function (wanted, onShard) {
    var self = this, done = 0;
    return wanted.reduce(function (chain, i) {
      var fetched = !self.shards[i];
      return chain.then(function () { return self.shard(i); }).then(function (items) {
        done += 1;
        onShard(done, wanted.length, items, fetched);
      });
    }, Promise.resolve());
  };

  Index.prototype.recordUrl = function (entry) {
    var p = this.manifest.record;
    return new URL(p[0] + this.manifest.towns[entry[1]][0] + "/" + entry[0] + p[1], this.root).href;
  };

  Index.prototype.townUrl = function (town) {
    var p = this.manifest.town;
    return new URL(p[0] + town[0] + p[1], this.root).href;
  };

  // Shards a query needs: those of the towns a token names exactly (当別, とうべつちょう), else all.
  Index.prototype.shardsFor = function (tokens) {
    var towns = this.manifest.towns, named = [];
    tokens.forEach(function (t) {
      if (named.length) { return; }
      towns.forEach(function (town) { if (town.keys.indexOf(t) >= 0) { named.push(town[4]); } });
    });
    return named.length ? named.filter(function (s, i) { return named.indexOf(s) === i; }).sort()
      : this.manifest.shards.map(function (_, i) { return i; });
  };

  function key(item) { return item.e[1] + "/" + item.e[0]; }

  function matches(item, tokens) { return everyIn(tokens, item.hay); }

  // The next meeting that has not ended (dates.js), from the entry's [day offset, start, end] list.
  function nextDate(index, entry) {
    var dates = window.CarerDates, next = dates.upcoming(dates.fromOffsets(index.manifest.base, entry[7]))[0];
    return next ? dates.label(next) : "";
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text) { el.textContent = text; }
    return el;
  }

  function resultItem(index, item, distanceKm) {
    var e = item.e, li = element("li", "cd-result"), link = element("a", "cd-result__name", e[3]);
    link.href = index.recordUrl(e);
    li.appendChild(link);
    var facts = element("p", "cd-result__facts");
    var kind = index.manifest.kinds[e[2]];
    facts.appendChild(element("span", "cd-badge cd-badge--" + kind[0], kind[1]));
    facts.appendChild(element("span", "cd-result__town", item.town[1]));
    var next = nextDate(index, e);
    if (next) { facts.appendChild(element("span", "cd-result__next", "次回 " + next)); }
    if (distanceKm !== undefined) { facts.appendChild(element("span", "cd-result__distance", "約" + distanceKm.toFixed(1) + "km")); }
    li.appendChild(facts);
    return li;
  }

  function km(lat1, lon1, lat2, lon2) {
    // Equirectangular: within Hokkaido it is well within the precision of the stored places.
    var rad = Math.PI / 180, x = (lon2 - lon1) * rad * Math.cos((lat1 + lat2) / 2 * rad), y = (lat2 - lat1) * rad;
    return Math.sqrt(x * x + y * y) * 6371;
  }

  function everyIn(tokens, hay) {
    for (var i = 0; i < tokens.length; i++) { if (hay.indexOf(tokens[i]) < 0) { return false; } }
    return true;
  }

  // Towns whose name or reading has every word of the query: 当別, とうべつちょう, 札幌 (each ward).
  Index.prototype.towns = function (tokens) {
    return this.manifest.towns.filter(function (town) { return everyIn(tokens, town[2]); });
  };

  // Guide pages by title or description, and their sections by heading or key term; a section
  // may also match with its page's words (「仕事 介護休業」) when the page itself does not.
  Index.prototype.guide = function (tokens) {
    var hits = [];
    (this.manifest.guide || []).forEach(function (page) {
      var whole = everyIn(tokens, page[2]);
      if (whole) { hits.push({ label: page[1], url: page[0], anchor: "", page: "" }); }
      page[3].filter(function (s) { return everyIn(tokens, whole ? s[2] : page[2] + " " + s[2]); })
        .slice(0, GUIDE_SECTIONS)
        .forEach(function (s) { hits.push({ label: s[0], url: page[0], anchor: s[1], page: page[1] }); });
    });
    return hits;
  };

  Index.prototype.pageUrl = function (url, anchor) {
    return new URL(url + (anchor ? "#" + anchor : ""), this.root).href;
  };

  function townItem(index, town) {
    var li = element("li", "cd-result cd-result--town"), link = element("a", "cd-result__name", town[1]);
    link.href = index.townUrl(town);
    li.appendChild(link);
    li.appendChild(element("p", "cd-result__facts", index.manifest.bureaux[town[5]] + "・" + town[6] + "件"));
    return li;
  }

  function guideItem(index, hit) {
    var li = element("li", "cd-result cd-result--guide"), link = element("a", "cd-result__name", hit.label);
    link.href = index.pageUrl(hit.url, hit.anchor);
    li.appendChild(link);
    if (hit.page) { li.appendChild(element("p", "cd-result__facts", hit.page)); }
    return li;
  }

  var indexes = {}, groupIds = 0;  // one index per URL: the header and the home box share it

  function indexAt(url) {
    var key = new URL(url, document.baseURI).href;
    return indexes[key] || (indexes[key] = new Index(url));
  }

  // One search box (the header's dialog, or the box on the home and search pages): results in
  // groups 市町村 / 場所 / 案内, a live status line with the count, arrow keys through results.
  function setup(root) {
    if (root.getAttribute("data-cd-ready")) { return null; }
    root.setAttribute("data-cd-ready", "1");
    var index = indexAt(root.getAttribute("data-cd-search"));
    var level = root.getAttribute("data-cd-heading") || "3";
    var form = root.querySelector(".cd-search__form"), input = form.querySelector("input");
    var status = root.querySelector(".cd-search__status"), results = root.querySelector(".cd-search__results");
    var more = root.querySelector(".cd-search__more"), nearButton = root.querySelector(".cd-search__near");
    var generation = 0, timer = null, limit = PAGE, last = null;
    var ui = { input: input, form: form, results: results, searched: "" };

    function fail() { status.textContent = "検索の準備ができませんでした。通信の状態を確かめて、もう一度お試しください。"; }

    function group(key, title, items) {
      var section = element("section", "cd-search__group"), id = "cd-search-group-" + (++groupIds);
      section.setAttribute("data-group", key);
      section.setAttribute("aria-labelledby", id);
      var heading = element("h" + level, "cd-search__group-title", title + "（" + items.length + "件）");
      heading.id = id;
      section.appendChild(heading);
      var list = element(key === "places" ? "ol" : "ul", "cd-search__list");
      section.appendChild(list);
      return { section: section, list: list };
    }

    // found = {towns, places, guide, distances}; note: the status, {n} for the count.
    function render(found, note) {
      last = { found: found, note: note };
      results.textContent = "";
      var towns = found.towns || [], places = found.places || [], guide = found.guide || [];
      if (towns.length) {
        var t = group("towns", "市町村", towns);
        towns.slice(0, TOWNS_SHOWN).forEach(function (town) { t.list.appendChild(townItem(index, town)); });
        results.appendChild(t.section);
      }
      if (places.length) {
        var p = group("places", "場所", places);
        places.slice(0, limit).forEach(function (item, i) {
          p.list.appendChild(resultItem(index, item, found.distances && found.distances[i]));
        });
        results.appendChild(p.section);
      }
      if (guide.length) {
        var g = group("guide", "案内", guide);
        guide.forEach(function (hit) { g.list.appendChild(guideItem(index, hit)); });
        results.appendChild(g.section);
      }
      more.hidden = places.length <= limit;
      status.textContent = note.replace("{n}", towns.length + places.length + guide.length);
    }

    function counts(found) {
      var parts = [];
      if (found.towns.length) { parts.push("市町村 " + found.towns.length); }
      if (found.places.length) { parts.push("場所 " + found.places.length); }
      if (found.guide.length) { parts.push("案内 " + found.guide.length); }
      return "（" + parts.join("・") + "）";
    }

    function clear() { results.textContent = ""; status.textContent = ""; more.hidden = true; last = null; }

    function search() {
      var query = input.value, tokens = tokensOf(query), mine = ++generation;
      limit = PAGE;
      clearTimeout(timer);
      if (!tokens.length) { clear(); return; }
      index.load().then(function () {
        if (mine !== generation) { return; }
        var found = { towns: index.towns(tokens), places: [], guide: index.guide(tokens) }, seen = {};
        function update(done, total, items, fetched) {
          if (mine !== generation) { return; }
          for (var i = 0; i < items.length; i++) {
            // A place serving towns of another 振興局 is in their shard too: show it once.
            if (matches(items[i], tokens) && !seen[key(items[i])]) { seen[key(items[i])] = true; found.places.push(items[i]); }
          }
          if (done < total && !fetched) { return; }  // shards in memory: one pass, one render
          var loading = done < total ? "（読み込み中 " + done + "/" + total + "）" : "";
          var n = found.towns.length + found.places.length + found.guide.length;
          if (n) { render(found, "{n}件見つかりました" + counts(found) + loading); }
          else if (loading) { render(found, "探しています…" + loading); }
          else { render(found, "「" + query + "」に合う情報は見つかりませんでした。ことばを短くするか、ひらがなで入れてみてください。"); }
          ui.searched = done === total ? query : "";
        }
        return index.each(index.shardsFor(tokens), update);
      }).catch(fail);
    }

    function near() {
      var mine = ++generation;
      if (!navigator.geolocation) { status.textContent = "この端末では現在地を使えません。市町村から探してください。"; return; }
      status.textContent = "現在地を確かめています…";
      navigator.geolocation.getCurrentPosition(function (position) {
        var lat = position.coords.latitude, lon = position.coords.longitude;
        input.value = "";
        index.load().then(function () {
          var all = index.manifest.shards.map(function (_, i) { return i; }), nearest = [], seen = {};
          return index.each(all, function (done, total, items, fetched) {
            if (mine !== generation) { return; }
            items.forEach(function (item) {
              if (item.e.length > 9 && !seen[key(item)]) {
                seen[key(item)] = true;
                nearest.push({ item: item, d: km(lat, lon, item.e[8] / 1000, item.e[9] / 1000) });
              }
            });
            nearest = nearest.sort(function (a, b) { return a.d - b.d; }).slice(0, NEAREST);
            if (done < total && !fetched) { return; }
            var loading = done < total ? "（読み込み中 " + done + "/" + total + "）" : "";
            render({ places: nearest.map(function (r) { return r.item; }), distances: nearest.map(function (r) { return r.d; }) },
              "近い順に{n}件" + loading);
          });
        }).catch(fail);
      }, function () {
        if (mine === generation) { status.textContent = "現在地がわかりませんでした。市町村から探してください。"; }
      }, { maximumAge: 600000, timeout: 20000 });
    }

    // Arrow keys move between the input and the result links; Enter on a link follows it.
    root.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") { return; }
      var stops = [input].concat(Array.prototype.slice.call(results.querySelectorAll("a")));
      var at = stops.indexOf(document.activeElement);
      if (at < 0 || stops.length < 2) { return; }
      event.preventDefault();
      var next = stops[Math.max(0, Math.min(stops.length - 1, at + (event.key === "ArrowDown" ? 1 : -1)))];
      next.focus();
      if (next.scrollIntoView) { next.scrollIntoView({ block: "nearest" }); }
    });
    input.addEventListener("focus", function () { index.load().catch(function () {}); });
    input.addEventListener("input", function () {
      // Say at once that the query was taken: on a slow phone the results may take a moment.
      status.textContent = input.value.trim() ? "探しています…" : "";
      ui.searched = "";
      clearTimeout(timer);
      timer = setTimeout(search, DEBOUNCE_MS);
    });
    form.addEventListener("reset", function () { ++generation; clearTimeout(timer); clear(); setTimeout(function () { input.focus(); }, 0); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = results.querySelector("a");
      if (ui.follow && first && ui.searched === input.value) { location.href = first.href; return; }
      search();
    });
    if (nearButton) { nearButton.addEventListener("click", near); }
    more.addEventListener("click", function () {
      limit += PAGE;
      if (last) { render(last.found, last.note); }
    });
    ui.start = function (query) { input.value = query; search(); };
    return ui;
  }

  function editable(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  // The header's search, in Material's frame: Material's CSS shows it while the #__search
  // toggle is checked (full screen on a phone, under the header's box on a wide screen).
  function setupDialog(dialog) {
    var ui = setup(dialog), toggle = document.getElementById("__search");
    if (!ui || !toggle) { return; }
    var opener = null;
    ui.follow = true;  // Enter in the header's box opens the first result, as in Material's search

    function open(from) {
      opener = from || null;
      if (!toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event("change")); }
      ui.input.focus();
      ui.input.select();
    }
    function close() {
      if (toggle.checked) { toggle.checked = false; toggle.dispatchEvent(new Event("change")); }
    }
    document.querySelectorAll("[data-cd-search-open]").forEach(function (button) {
      button.addEventListener("click", function (event) { event.preventDefault(); open(button); });
    });
    ui.input.addEventListener("focus", function () { if (!toggle.checked) { open(null); } });
    toggle.addEventListener("change", function () {
      if (toggle.checked) { return; }
      if (dialog.contains(document.activeElement)) { document.activeElement.blur(); }
      if (opener && opener.offsetParent !== null) { opener.focus(); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "/" && !toggle.checked && !editable(event.target) && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        open(document.querySelector("[data-cd-search-open]"));
      } else if (event.key === "Escape" && toggle.checked) {
        event.preventDefault();
        close();
      }
    });
  }

  // The town picker: a 振興局 selector narrows the grouped town list (all shown without it).
  function setupPicker(picker) {
    var choose = picker.querySelector(".cd-picker__choose");
    if (!choose || picker.getAttribute("data-cd-ready")) { return; }
    picker.setAttribute("data-cd-ready", "1");
    var select = choose.querySelector("select");
    select.addEventListener("change", function () {
      picker.querySelectorAll(".cd-picker__group").forEach(function (group) {
        group.hidden = select.value !== "" && group.getAttribute("data-bureau") !== select.value;
      });
    });
  }

  function init() {
    document.querySelectorAll(".cd-search-dialog[data-cd-search]").forEach(setupDialog);
    document.querySelectorAll(".cd-search[data-cd-search]").forEach(function (box) {
      var ui = setup(box), q = new URLSearchParams(location.search).get("q");
      if (ui && q) { ui.start(q); }
    });
    document.querySelectorAll(".cd-picker").forEach(setupPicker);
  }

  // Material's instant navigation swaps pages without a load event; document$ fires on both.
  if (window.document$) { window.document$.subscribe(init); }
  else if (document.readyState !== "loading") { init(); }
  else { document.addEventListener("DOMContentLoaded", init); }
}());

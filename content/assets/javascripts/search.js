// The directory search on the home page: name, reading, town, kind, address, operator, audience
// and topics, whatever the width or kana of the query; 「近くを探す」 sorts places by distance.
// The index (hooks/carerdir/search_index.py) is fetched only once someone starts searching, and
// only the shard of a town the query names. The visitor's position never leaves this script:
// it is not put in any URL or request, and every shard is fetched in the same fixed order.
(function () {
  "use strict";
  var PAGE = 30, NEAREST = 10, DEBOUNCE_MS = 80;

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

  function matches(item, tokens) {
    for (var i = 0; i < tokens.length; i++) { if (item.hay.indexOf(tokens[i]) < 0) { return false; } }
    return true;
  }

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

  function setup(section) {
    if (section.getAttribute("data-cd-ready")) { return; }
    section.setAttribute("data-cd-ready", "1");
    var index = new Index(section.getAttribute("data-cd-search"));
    var form = section.querySelector(".cd-search__form"), input = form.querySelector("input");
    var status = section.querySelector(".cd-search__status"), list = section.querySelector(".cd-search__results");
    var townList = section.querySelector(".cd-search__towns"), more = section.querySelector(".cd-search__more");
    var generation = 0, timer = null, shown = [], limit = PAGE;
    form.hidden = false;

    function fail() { status.textContent = "検索の準備ができませんでした。通信の状態を確かめて、もう一度お試しください。"; }

    function render(items, count, note, distances) {
      list.textContent = "";
      items.slice(0, limit).forEach(function (item, i) { list.appendChild(resultItem(index, item, distances && distances[i])); });
      more.hidden = items.length <= limit;
      shown = items;
      status.textContent = note.replace("{n}", count);
    }

    function showTowns(tokens) {
      townList.textContent = "";
      if (tokens.length !== 1) { return; }
      index.manifest.towns.filter(function (t) { return t[2].indexOf(tokens[0]) >= 0; }).slice(0, 6).forEach(function (t) {
        var li = element("li"), a = element("a", "cd-search__town", t[1] + "のページ（" + t[6] + "件）");
        a.href = index.townUrl(t);
        li.appendChild(a);
        townList.appendChild(li);
      });
    }

    function search() {
      var query = input.value, tokens = tokensOf(query), mine = ++generation;
      limit = PAGE;
      if (!tokens.length) { list.textContent = ""; townList.textContent = ""; status.textContent = ""; more.hidden = true; return; }
      index.load().then(function () {
        if (mine !== generation) { return; }
        showTowns(tokens);
        var wanted = index.shardsFor(tokens);
        var found = [];
        function update(done, total, items, fetched) {
          if (mine !== generation) { return; }
          for (var i = 0; i < items.length; i++) { if (matches(items[i], tokens)) { found.push(items[i]); } }
          if (done < total && !fetched) { return; }  // shards in memory: one pass, one render
          var loading = done < total ? "（読み込み中 " + done + "/" + total + "）" : "";
          if (!found.length && loading) { list.textContent = ""; more.hidden = true; status.textContent = "探しています…" + loading; }
          else if (found.length) { render(found, found.length, "{n}件見つかりました" + loading); }
          else { render([], 0, "「" + query + "」に合う情報は見つかりませんでした。ことばを短くするか、ひらがなで入れてみてください。"); }
        }
        return index.each(wanted, update);
      }).catch(fail);
    }

    function near() {
      var mine = ++generation;
      if (!navigator.geolocation) { status.textContent = "この端末では現在地を使えません。市町村から探してください。"; return; }
      status.textContent = "現在地を確かめています…";
      navigator.geolocation.getCurrentPosition(function (position) {
        var lat = position.coords.latitude, lon = position.coords.longitude;
        input.value = "";
        townList.textContent = "";
        index.load().then(function () {
          var all = index.manifest.shards.map(function (_, i) { return i; }), nearest = [];
          return index.each(all, function (done, total, items, fetched) {
            if (mine !== generation) { return; }
            items.forEach(function (item) {
              if (item.e.length > 9) { nearest.push({ item: item, d: km(lat, lon, item.e[8] / 1000, item.e[9] / 1000) }); }
            });
            nearest = nearest.sort(function (a, b) { return a.d - b.d; }).slice(0, NEAREST);
            if (done < total && !fetched) { return; }
            var loading = done < total ? "（読み込み中 " + done + "/" + total + "）" : "";
            render(nearest.map(function (r) { return r.item; }), nearest.length, "近い順に{n}件" + loading,
              nearest.map(function (r) { return r.d; }));
          });
        }).catch(fail);
      }, function () {
        if (mine === generation) { status.textContent = "現在地がわかりませんでした。市町村から探してください。"; }
      }, { maximumAge: 600000, timeout: 20000 });
    }

    input.addEventListener("focus", function () { index.load().catch(function () {}); });
    input.addEventListener("input", function () {
      // Say at once that the query was taken: on a slow phone the results may take a moment.
      status.textContent = "探しています…";
      clearTimeout(timer);
      timer = setTimeout(search, DEBOUNCE_MS);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); search(); });
    section.querySelector(".cd-search__near").addEventListener("click", near);
    more.addEventListener("click", function () {
      limit += PAGE;
      var items = shown, note = status.textContent;
      render(items, items.length, note);
    });
    var q = new URLSearchParams(location.search).get("q");
    if (q) { input.value = q; search(); }
  }

  // The town picker: a 振興局 selector narrows the grouped town list (all shown without it).
  function setupPicker(picker) {
    var choose = picker.querySelector(".cd-picker__choose");
    if (!choose || !choose.hidden) { return; }
    var select = choose.querySelector("select");
    choose.hidden = false;
    select.addEventListener("change", function () {
      picker.querySelectorAll(".cd-picker__group").forEach(function (group) {
        group.hidden = select.value !== "" && group.getAttribute("data-bureau") !== select.value;
      });
    });
  }

  function init() {
    document.querySelectorAll("[data-cd-search]").forEach(setup);
    document.querySelectorAll(".cd-picker").forEach(setupPicker);
  }

  // Material's instant navigation swaps pages without a load event; document$ fires on both.
  if (window.document$) { window.document$.subscribe(init); }
  else if (document.readyState !== "loading") { init(); }
  else { document.addEventListener("DOMContentLoaded", init); }
}());

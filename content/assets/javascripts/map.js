// Maps: draws each [data-cd-map] section from its GeoJSON file with Leaflet and MarkerCluster,
// which come from this site (assets/vendor/) and are loaded only on pages with a map, only
// when the map comes near the screen: a record page read on a weak signal costs nothing more
// unless its map is looked at. The page is complete without this script; the list under each
// map says what the map shows. The options (tiles, attribution, view) were made by folium at
// build time (hooks/carerdir/maps.py).
(function () {
  "use strict";
  var scripts = {};      // Promise of each library script, by absolute URL: loaded once per full page load
  var files = {};        // Promise of each GeoJSON file, by absolute URL
  var live = [];         // maps drawn, to let go of those instant navigation took off the page
  var ENTER = 13;

  function absolute(url) { return new URL(url, window.location.href).href; }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }  // data is text, never HTML
    return node;
  }

  function addToHead(node) {
    return new Promise(function (resolve, reject) {
      node.onload = resolve;
      node.onerror = function () { node.remove(); reject(new Error("could not load " + (node.src || node.href))); };
      document.head.appendChild(node);
    });
  }

  function stylesheet(href) {
    if (document.querySelector("link[href='" + href + "']")) { return Promise.resolve(); }
    var link = element("link");
    link.rel = "stylesheet";
    link.href = href;
    return addToHead(link);
  }

  function script(src) {
    if (!scripts[src]) {
      var node = element("script");
      node.src = src;
      scripts[src] = addToHead(node);
      scripts[src].catch(function () { delete scripts[src]; });  // try again on the next page
    }
    return scripts[src];
  }

  // CSS (Leaflet measures the map when it starts), and Leaflet before the cluster plugin.
  function loadLibraries(config) {
    var styles = Promise.all(config.css.map(function (href) { return stylesheet(absolute(href)); }));
    var code = config.js.reduce(function (done, src) {
      return done.then(function () { return script(absolute(src)); });
    }, Promise.resolve());
    return Promise.all([styles, code]);
  }

  function loadData(url) {
    if (!files[url]) {
      files[url] = fetch(url).then(function (response) {
        if (!response.ok) { throw new Error(url + ": " + response.status); }
        return response.json();
      });
      files[url].catch(function () { delete files[url]; });
    }
    return files[url];
  }

  function popup(place, root) {
    var box = element("div", "cd-popup"), name = element("p", "cd-popup__name"), link = element("a", "", place.name);
    link.href = new URL(place.url, root).href;
    name.appendChild(link);
    box.appendChild(name);
    box.appendChild(element("p", "", place.kind_label + "・" + place.town_name));
    // The next meeting that has not ended, picked now (dates.js), not when the map was built.
    var next = window.CarerDates.upcoming(place.dates || [])[0];
    if (next) { box.appendChild(element("p", "cd-popup__next", (place.kind === "counter" ? "次の受付: " : "次回: ") + window.CarerDates.label(next))); }
    if (place.address) { box.appendChild(element("p", "", place.address)); }
    if (place.phone) {
      var phone = element("p"), tel = element("a", "", place.phone);
      tel.href = "tel:" + place.phone.replace(/\D/g, "");
      phone.appendChild(tel);
      box.appendChild(phone);
    }
    return box;
  }

  // A kind's symbol (map.css), named for screen readers by the text inside it.
  function marker(L, feature, root, interactive, width) {
    var place = feature.properties, xy = feature.geometry.coordinates;
    var icon = L.divIcon({
      className: "cd-marker cd-sym cd-sym--" + place.kind, iconSize: [26, 26], popupAnchor: [0, -10],
      html: element("span", "cd-vh", place.name + "（" + place.kind_label + "）")
    });
    var result = L.marker([xy[1], xy[0]], { icon: icon, title: place.name, keyboard: interactive, interactive: interactive });
    if (interactive) {  // (the padding keeps the popup clear of the zoom buttons)
      result.bindPopup(function () { return popup(place, root); }, { maxWidth: width, autoPanPaddingTopLeft: [50, 10] });
    }
    result.cdKind = place.kind;
    return result;
  }

  function clusterIcon(L, cluster) {
    var count = cluster.getChildCount(), label = element("span", "", String(count));
    label.setAttribute("data-count", count);
    label.appendChild(element("span", "cd-vh", "か所。押すと拡大します"));
    var size = count < 10 ? 36 : count < 100 ? 42 : 50;
    return L.divIcon({ className: "cd-cluster", html: label, iconSize: [size, size] });
  }

  // Keyboard: Enter on a cluster zooms in like a click; Enter on a marker opens its popup
  // (Leaflet), whose first link then takes the focus; Escape closes it and goes back.
  function keyboard(L, map, group, canvas) {
    group.on("clusterkeypress", function (event) {
      if (event.originalEvent.keyCode !== ENTER) { return; }
      map.once("moveend", function () { setTimeout(function () { canvas.focus({ preventScroll: true }); }, 300); });
      if (map.getZoom() >= map.getMaxZoom()) { event.layer.spiderfy(); } else { event.layer.zoomToBounds({ padding: [30, 30] }); }
    });
    map.on("popupopen", function (event) {
      var source = event.popup._source, box = event.popup.getElement();
      var close = box.querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", "閉じる"); close.title = "閉じる"; }
      if (!box.cdKeys) {  // a marker's popup keeps its element from one opening to the next
        box.cdKeys = true;
        box.addEventListener("keydown", function (key) {
          if (key.key !== "Escape") { return; }
          map.closePopup();
          if (source && source.getElement()) { source.getElement().focus(); }
        });
      }
      if (source && source.getElement() === document.activeElement) { box.querySelector("a").focus({ preventScroll: true }); }
    });
  }

  function checkedKinds(filter) {
    var kinds = {};
    if (!filter) { return null; }
    filter.querySelectorAll("input[name=kind]").forEach(function (box) { kinds[box.value] = box.checked; });
    return kinds;
  }

  // The text equivalent of the site-wide map: places grouped by town, each town's list made
  // when it is opened, so 10,000 places do not weigh on a phone.
  function townList(container, features, root) {
    var open = {};
    container.querySelectorAll("details[open]").forEach(function (d) { open[d.dataset.town] = true; });
    container.textContent = "";
    var groups = [], byTown = {};
    features.forEach(function (feature) {
      var place = feature.properties;
      if (!byTown[place.town]) { byTown[place.town] = { name: place.town_name, slug: place.town, places: [] }; groups.push(byTown[place.town]); }
      byTown[place.town].places.push(place);
    });
    groups.forEach(function (town) {
      var details = element("details", "cd-map__town"), list = element("ul", "cd-map__list");
      details.dataset.town = town.slug;
      details.appendChild(element("summary", "", town.name + "（" + town.places.length + "か所）"));
      details.appendChild(list);
      details.addEventListener("toggle", function () {
        if (!details.open || list.firstChild) { return; }
        town.places.forEach(function (place) {
          var item = element("li"), link = element("a", "", place.name);
          link.href = new URL(place.url, root).href;
          item.appendChild(link);
          item.appendChild(document.createTextNode(" "));
          item.appendChild(element("span", "cd-badge cd-badge--" + place.kind, place.kind_label));
          if (place.address) { item.appendChild(element("span", "cd-map__where", place.address)); }
          list.appendChild(item);
        });
      });
      details.open = !!open[town.slug];
      container.appendChild(details);
    });
    if (!groups.length) { container.appendChild(element("p", "", "選んだ種類の場所はありません。")); }
  }

  function draw(section, config, geojson) {
    var L = window.L, canvas = section.querySelector(".cd-map__canvas"), root = new URL(config.root || "./", window.location.href);
    var filter = section.querySelector(".cd-map__filter"), status = section.querySelector(".cd-map__status");
    var list = section.querySelector("[data-cd-map-list]"), interactive = config.mode !== "record";
    var features = geojson.features.filter(function (f) { return !config.only || f.properties.id === config.only.id; });
    canvas.hidden = false;
    var options = Object.assign({}, config.map);
    if (config.fit) { delete options.center; delete options.zoom; }  // fitted at once, not animated from there
    var map = L.map(canvas, options);
    live.push(map);
    if (config.fit) { map.fitBounds(config.fit.bounds, config.fit.options); }
    L.control.zoom({ zoomInTitle: "拡大", zoomOutTitle: "縮小" }).addTo(map);
    L.tileLayer(config.tiles.url, config.tiles.options).addTo(map);
    var width = Math.max(160, Math.min(260, canvas.clientWidth - 110));  // a popup fits beside the zoom buttons
    var markers = features.map(function (f) { return marker(L, f, root, interactive, width); });
    var group = interactive
      ? L.markerClusterGroup({ showCoverageOnHover: false, chunkedLoading: true, maxClusterRadius: 45,
                               iconCreateFunction: function (cluster) { return clusterIcon(L, cluster); } })
      : L.layerGroup();
    group.addTo(map);
    if (interactive) { keyboard(L, map, group, canvas); }

    function show() {
      var kinds = checkedKinds(filter), shown = markers.filter(function (m) { return !kinds || kinds[m.cdKind]; });
      group.clearLayers();
      if (group.addLayers) { group.addLayers(shown); } else { shown.forEach(function (m) { group.addLayer(m); }); }
      section.querySelectorAll(".cd-map__list li[data-kind]").forEach(function (item) {
        item.hidden = !!kinds && !kinds[item.dataset.kind];
      });
      if (list) { townList(list, features.filter(function (f) { return !kinds || kinds[f.properties.kind]; }), root); }
      if (status) { status.textContent = "地図に" + shown.length + "か所を表示しています。"; }
    }
    if (filter) { filter.hidden = false; filter.addEventListener("change", show); }
    show();
    section.setAttribute("data-cd-map-ready", "");
  }

  function start(section) {
    var config = JSON.parse(section.getAttribute("data-cd-map"));
    Promise.all([loadLibraries(config), loadData(absolute(config.data))]).then(function (loaded) {
      draw(section, config, loaded[1]);
    }).catch(function () {
      var status = section.querySelector(".cd-map__status");
      if (status) { status.textContent = "地図を読み込めませんでした。電波のよいところで開き直すか、下の一覧をご覧ください。"; }
    });
  }

  function setup() {
    live = live.filter(function (map) {
      if (map.getContainer().isConnected) { return true; }
      map.remove();  // its window listeners would outlive the page
      return false;
    });
    var sections = Array.prototype.filter.call(document.querySelectorAll("[data-cd-map]"), function (s) {
      if (s.cdMapStarted) { return false; }
      s.cdMapStarted = true;
      return true;
    });
    if (!("IntersectionObserver" in window)) { sections.forEach(start); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) { return; }
        observer.unobserve(entry.target);
        start(entry.target);
      });
    }, { rootMargin: "300px" });
    sections.forEach(function (s) { observer.observe(s); });
  }

  // Material's instant navigation swaps pages without a load event; document$ fires on both.
  if (window.document$) { window.document$.subscribe(setup); }
  else if (document.readyState !== "loading") { setup(); }
  else { document.addEventListener("DOMContentLoaded", setup); }
}());

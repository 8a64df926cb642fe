// Staff form (/staff/new/): checks each value as staff type, with the validator's own patterns
// and required rules (hooks/carerdir/staff_form.py sends them as JSON in data-cd-form), and
// writes the record's YAML and a link to GitHub's new-file page with it filled in. Nothing is
// sent anywhere: the only requests are the map's tiles. Only the form page loads this script.
// With ?record=<town>/<slug> it only picks a point: the `location:` line and the file's edit link.
(function () {
  "use strict";
  var form = document.querySelector("[data-cd-form]");
  if (!form) { return; }
  var config = JSON.parse(form.getAttribute("data-cd-form"));
  var M = config.messages, touched = {}, patterns = {}, dashes = new RegExp(config.dashes, "g");
  var fileName = new RegExp(config.file), slugEdited = false, pick = null, marker = null, map = null;
  Object.keys(config.patterns).forEach(function (name) { patterns[name] = new RegExp(config.patterns[name]); });
  var $ = function (selector) { return document.querySelector(selector); };
  var towns = Object.keys(config.towns);
  // Characters YAML refuses in a file (control characters): invisible, so dropped as typed.
  var UNPRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufeff\ufffe\uffff]/g;

  function format(message, values) {
    return message.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  // Full-width digits and hyphen look-alikes, as the validator reads phone, postal code and dates.
  function normalise(text) { return text.normalize("NFKC").replace(dashes, "-").trim(); }

  function today() { return new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Tokyo" }).format(new Date()); }

  function inputs(name) { return form.querySelectorAll("[name='" + name + "']"); }

  function text(name) {
    var node = inputs(name)[0];
    return node ? node.value.replace(UNPRINTABLE, "") : "";
  }

  function read(field) {
    if (field.shape === "enum_list") {
      return Array.prototype.filter.call(inputs(field.name), function (box) { return box.checked; })
        .map(function (box) { return box.value; });
    }
    if (field.shape === "location") { return { lat: text(field.name + ".lat").trim(), lon: text(field.name + ".lon").trim() }; }
    if (field.shape === "bool") { var box = inputs(field.name)[0]; return !!(box && box.checked); }
    return text(field.name);
  }

  function isEmpty(field, value) {
    if (field.shape === "enum_list") { return value.length === 0; }
    if (field.shape === "location") { return !value.lat && !value.lon; }
    if (field.shape === "bool") { return !value; }
    return !value.trim();
  }

  // Required always, or by the schema's if/then/else (a place needs an address, a counter a phone).
  function needed(field, values) {
    if (pick) { return field.name === "location"; }
    if (field.required) { return true; }
    return config.needs.some(function (rule) {
      var branch = values[rule.field] === rule.value ? rule.then : rule["else"];
      return branch.indexOf(field.name) >= 0;
    });
  }

  function townSlug() { return towns.length === 1 ? towns[0] : text("town"); }

  function splitList(value) { return value.split(/[\s,、，]+/).filter(Boolean); }

  function problem(field, value, values) {
    var label = { label: field.label };
    if (isEmpty(field, value)) {
      if (!needed(field, values)) { return ""; }
      return format(field.shape === "enum" ? M.choose : field.shape === "enum_list" ? M.choose_some : M.required, label);
    }
    if (typeof value === "string" && field.maxLength && value.trim().length > field.maxLength) {
      return format(M.too_long, { max: field.maxLength, n: value.trim().length });
    }
    var pattern = patterns[field.name], shape = field.shape;
    if (shape === "kana" && pattern && !pattern.test(value.trim())) { return M.kana; }
    if (shape === "postal" && pattern && !pattern.test(normalise(value))) { return M.postal; }
    if (shape === "phone" && pattern && !pattern.test(normalise(value))) { return M.phone; }
    if (shape === "email" && pattern && !pattern.test(value.trim())) { return M.email; }
    if (shape === "url" && (pattern && !pattern.test(value.trim()) || !/^https?:\/\/[^\/\s?#]+\S*$/.test(value.trim()))) { return M.url; }
    if (shape === "date") { return dateProblem(normalise(value)); }
    if (shape === "location") { return locationProblem(value); }
    if (shape === "town_list") {
      var unknown = splitList(value).filter(function (slug) { return config.municipalities.indexOf(slug) < 0; });
      if (unknown.length) { return format(M.town_list, { value: unknown.join("」「") }); }
    }
    return "";
  }

  function dateProblem(value) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    var day = parts && new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3]));
    if (!day || day.getUTCMonth() !== +parts[2] - 1 || day.getUTCDate() !== +parts[3]) { return M.date; }
    return value > today() ? M.future : "";
  }

  function coordinates(value) {
    var lat = Number(normalise(value.lat)), lon = Number(normalise(value.lon));
    return value.lat && value.lon && isFinite(lat) && isFinite(lon) ? { lat: lat, lon: lon } : null;
  }

  function locationProblem(value) {
    if (!value.lat || !value.lon) { return M.location_both; }
    var point = coordinates(value);
    if (!point) { return M.location_number; }
    var inside = point.lat >= config.lat[0] && point.lat <= config.lat[1] && point.lon >= config.lon[0] && point.lon <= config.lon[1];
    return inside ? "" : M.location_outside;
  }

  // ---- YAML, laid out as the sample records ----
  var RESERVED = /^(true|false|yes|no|on|off|null|y|n|~)$/i;

  function scalar(value) {
    var plain = /^[^\s\-?:,\[\]{}#&*!|>'"%@`0-9+.=<\\]/.test(value) && !/\s$/.test(value) && !RESERVED.test(value) &&
      value.indexOf(": ") < 0 && value.indexOf(" #") < 0 && !/:$/.test(value) && !/[\t\n]/.test(value);
    return plain ? value : JSON.stringify(value);  // a JSON string is a YAML double-quoted scalar
  }

  function block(value) {
    var lines = value.replace(/\r\n?/g, "\n").replace(/\s+$/, "").replace(/^\n+/, "").split("\n");
    if (lines.length === 1) { return scalar(lines[0].trim()); }
    if (/^\s/.test(lines[0])) { return JSON.stringify(lines.join("\n")); }
    return "|\n" + lines.map(function (line) { return line ? "  " + line : ""; }).join("\n");
  }

  function list(items) { return "\n" + items.map(function (item) { return "  - " + item; }).join("\n"); }

  function number(value) { return String(Math.round(value * 1e6) / 1e6); }

  function yamlValue(field, value) {
    switch (field.shape) {
      case "enum_list": return list(value);
      case "town_list": return list(splitList(value));
      case "schedule": return list(value.split(/\r?\n/).map(function (l) { return l.trim(); }).filter(Boolean).map(function (l) { return JSON.stringify(l); }));
      case "location":  // written only once both numbers are there
        var point = coordinates(value);
        return point ? "{lat: " + number(point.lat) + ", lon: " + number(point.lon) + "}" : null;
      case "bool": return "true";
      case "phone": case "postal": return JSON.stringify(normalise(value));
      case "date": return normalise(value);
      case "text": return block(value);
      default: return scalar(value.trim());
    }
  }

  function yaml(values, fields) {
    var lines = pick ? [] : ["# yaml-language-server: $schema=../" + config.schemaFile];
    fields.forEach(function (field) {
      var value = values[field.name];
      if (isEmpty(field, value)) { return; }
      var shown = yamlValue(field, value);
      if (shown === null) { return; }
      lines.push(field.name + ":" + (shown.charAt(0) === "\n" ? "" : " ") + shown);
    });
    return lines.join("\n") + "\n";
  }

  // ---- the file name, suggested from the reading ----
  function romaji(kana) {
    var s = kana.normalize("NFKC").toLowerCase().replace(/[\u30a1-\u30f6]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0x60);
    });
    var out = "", double = false;
    for (var i = 0; i < s.length; i++) {
      var pair = config.kana[s.substr(i, 2)], one = config.kana[s.charAt(i)], c = s.charAt(i), roman;
      if (c === "っ") { double = true; continue; }
      if (c === "ー") { continue; }
      if (pair) { roman = pair; i++; } else if (one) { roman = one; } else if (/[a-z0-9]/.test(c)) { roman = c; } else { roman = "-"; }
      if (double && /^[bcdfghjkmnprstvwz]/.test(roman)) { roman = roman.charAt(0) + roman; }
      double = false;
      out += roman;
    }
    out = out.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return out.length > 40 ? out.slice(0, 40).replace(/-[^-]*$/, "") : out;
  }

  // ---- showing problems beside their inputs ----
  function showError(name, message, note) {
    var box = form.querySelector("[data-cd-field='" + name + "']");
    if (!box) { return; }
    var error = box.querySelector("[data-cd-error]"), wrong = !!message && !note;
    error.textContent = message;
    error.classList.toggle("cd-form__error--note", !!note);
    box.querySelectorAll("input, select, textarea").forEach(function (node) { node.setAttribute("aria-invalid", String(wrong)); });
  }

  function firstInput(name) {
    var box = form.querySelector("[data-cd-field='" + name + "']");
    return box && box.querySelector("input, select, textarea");
  }

  function update() {
    var fields = pick ? config.fields.filter(function (f) { return f.name === "location"; }) : config.fields;
    var values = {}, problems = [];
    config.fields.forEach(function (field) { values[field.name] = read(field); });
    fields.forEach(function (field) {
      var message = problem(field, values[field.name], values);
      if (message) { problems.push({ name: field.name, label: field.label, message: message }); }
      var recommended = !message && config.recommended.indexOf(field.name) >= 0 && isEmpty(field, values[field.name]) &&
        values.format !== "online";
      showError(field.name, touched[field.name] ? message : "", false);
      if (recommended) { showError(field.name, M.location_recommended, true); }
    });
    var slug = text("slug").trim(), town = townSlug();
    if (!pick) {
      if (!slugEdited) {
        slug = romaji(values.name_kana || "");
        inputs("slug")[0].value = slug;
      }
      var slugProblem = !fileName.test(slug + ".yml") ? M.slug : "";
      var townProblem = config.towns[town] ? "" : M.town;
      if (towns.length > 1 && townProblem) { problems.unshift({ name: "town", label: "市町村", message: townProblem }); }
      if (slugProblem) { problems.push({ name: "slug", label: "ファイル名", message: slugProblem }); }
      showError("town", touched.town ? townProblem : "");
      showError("slug", touched.slug || slug ? slugProblem : "");
    }
    showResult(values, fields, problems, town, slug);
  }

  function showResult(values, fields, problems, town, slug) {
    var list = $("[data-cd-problems]"), link = $("[data-cd-github]"), status = $("[data-cd-status]");
    var text = yaml(values, fields);
    $("[data-cd-yaml]").value = text;
    list.textContent = "";
    problems.forEach(function (p) {
      var item = document.createElement("li"), jump = document.createElement("a"), target = firstInput(p.name);
      jump.textContent = p.label + ": " + p.message;
      if (target) { jump.href = "#" + target.id; }
      item.appendChild(jump);
      list.appendChild(item);
    });
    var ready = !problems.length && !!config.repo;
    if (pick) {
      link.textContent = "GitHubでこのファイルを編集する";
      link.href = config.repo + "/edit/" + encodeURIComponent(config.branch) + "/resources/" + pick.town + "/" + pick.slug + ".yml";
    } else {
      link.href = config.repo + "/new/" + encodeURIComponent(config.branch) + "/resources/" + encodeURIComponent(town) +
        "?filename=" + encodeURIComponent(slug + ".yml") + "&value=" + encodeURIComponent(text);
      $("[data-cd-filename]").textContent = config.towns[town] && slug ? "（resources/" + town + "/" + slug + ".yml）" : "";
    }
    link.hidden = !ready;
    $("[data-cd-next]").hidden = !ready;
    status.textContent = problems.length ? "あと " + problems.length + " か所を直すと、できあがります。"
      : pick ? "できました。GitHub の編集画面で、この1行を書き足して（location: の行があれば置きかえて）提案してください。"
        : config.repo ? "できました。「GitHubで提案する」を押すか、中身をコピーしてください。"
          : "できました。中身をコピーして、GitHub の新しいファイルに貼り付けてください。";
  }

  // ---- the map: a tap sets the point, typed coordinates move the marker ----
  function setMarker(lat, lon, pan) {
    if (!map) { return; }
    if (marker) { marker.setLatLng([lat, lon]); } else { marker = window.L.marker([lat, lon], { keyboard: false, title: "選んだ位置" }).addTo(map); }
    if (pan) { map.panTo([lat, lon]); }
  }

  function startMap() {
    var box = form.querySelector("[data-cd-picker]"), L = window.L, view = config.map;
    if (!box || !L) { return; }
    map = L.map(box, { center: view.center, zoom: view.zoom, minZoom: view.minZoom, maxZoom: view.maxZoom, scrollWheelZoom: false });
    L.tileLayer(view.tiles, { attribution: view.attribution, minZoom: view.minZoom, maxZoom: view.maxZoom }).addTo(map);
    map.on("click", function (event) {
      inputs("location.lat")[0].value = event.latlng.lat.toFixed(5);
      inputs("location.lon")[0].value = event.latlng.lng.toFixed(5);
      touched.location = true;
      setMarker(event.latlng.lat, event.latlng.lng, false);
      update();
    });
  }

  function followCoordinates() {
    var point = coordinates({ lat: text("location.lat").trim(), lon: text("location.lon").trim() });
    if (point && !locationProblem({ lat: String(point.lat), lon: String(point.lon) })) { setMarker(point.lat, point.lon, true); }
  }

  function centreOnTown() {
    var town = config.towns[townSlug()];
    if (map && town && !marker) { map.setView([town.lat, town.lon], 14); }
  }

  // ---- ?record=<town>/<slug>: pick the point of a record already published ----
  function startPick() {
    var wanted = new URLSearchParams(window.location.search).get("record");
    if (wanted === null) { return; }
    var section = $("[data-cd-pick]"), what = $("[data-cd-pick-what]"), parts = wanted.split("/");
    section.hidden = false;
    if (parts.length !== 2 || !config.towns[parts[0]] || !fileName.test(parts[1] + ".yml")) {
      what.textContent = format(M.record, { value: wanted });
      return;
    }
    pick = { town: parts[0], slug: parts[1] };
    var known = config.unplaced[wanted], path = "resources/" + wanted + ".yml";
    what.textContent = (known ? "「" + known.name + "」（" + path + "）" + (known.address ? "、住所: " + known.address : "") : path) +
      " の位置を選びます。地図を押すか緯度・経度を書くと、ファイルに書き足す1行と、GitHub の編集画面へのリンクができます。";
    form.querySelectorAll("[data-cd-field]").forEach(function (box) { box.hidden = box.getAttribute("data-cd-field") !== "location"; });
    document.querySelector("h1").textContent = "地図で位置を選ぶ（職員向け）";
  }

  function copy() {
    var area = $("[data-cd-yaml]"), status = $("[data-cd-status]");
    var done = function () { status.textContent = "コピーしました。"; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(area.value).then(done, function () { area.select(); });
    } else {
      area.select();
      if (document.execCommand("copy")) { done(); }
    }
  }

  function start() {
    var date = form.querySelector("input[type=date]");
    if (date) { date.max = today(); if (!date.value) { date.value = today(); } }
    startPick();
    startMap();
    if (pick) { var town = config.towns[pick.town]; if (map) { map.setView([town.lat, town.lon], 14); } }
    form.addEventListener("input", function (event) {
      var name = event.target.name.split(".")[0];
      touched[name] = true;
      if (name === "slug") { slugEdited = !!event.target.value; }
      if (name === "location") { followCoordinates(); }
      update();
    });
    form.addEventListener("change", function (event) {
      touched[event.target.name.split(".")[0]] = true;
      if (event.target.name === "town") { centreOnTown(); }
      update();
    });
    form.addEventListener("focusout", function (event) {
      if (event.target.name) { touched[event.target.name.split(".")[0]] = true; update(); }
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    $("[data-cd-copy]").addEventListener("click", copy);
    update();
  }

  start();
}());

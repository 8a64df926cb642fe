// Guide pages: glossary tooltips, the awareness checklist and the town picker.
// Plain DOM, no storage: what a reader ticks never leaves this page. The one request is for
// the places of the town the reader picks, on a site with many towns (see loadPart).
(function () {
  "use strict";

  // Glossary terms. The page has a link to the 用語集 (what works without JavaScript);
  // here it becomes a button whose explanation shows on hover, keyboard focus and tap,
  // and hides with Esc, on leaving, or on a tap elsewhere (WCAG 1.4.13).
  function setUpTerms() {
    var open = null;

    function place(wrap) {
      // position: fixed, so a table's scrolling box cannot clip it; kept inside the screen.
      var button = wrap.querySelector(".cd-term");
      var tip = wrap.querySelector(".cd-term__tip");
      var box = button.getBoundingClientRect();
      var width = tip.offsetWidth;
      var left = Math.max(8, Math.min(box.left, window.innerWidth - width - 8));
      tip.style.left = left + "px";
      tip.style.top = box.bottom + "px";
    }

    function show(wrap) {
      if (open && open !== wrap) hide();
      wrap.querySelector(".cd-term__tip").hidden = false;
      place(wrap);
      open = wrap;
    }

    function hide() {
      if (!open) return;
      open.querySelector(".cd-term__tip").hidden = true;
      open = null;
    }

    document.querySelectorAll(".cd-term-wrap").forEach(function (wrap) {
      var link = wrap.querySelector("a.cd-term");
      if (!link) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cd-term";
      button.textContent = link.textContent;
      button.setAttribute("aria-describedby", link.getAttribute("aria-describedby"));
      link.replaceWith(button);

      var openBeforeTap = false;
      wrap.addEventListener("mouseenter", function () { show(wrap); });
      wrap.addEventListener("mouseleave", function () {
        if (document.activeElement !== button && open === wrap) hide();
      });
      button.addEventListener("focus", function () { show(wrap); });
      button.addEventListener("blur", function () { if (open === wrap) hide(); });
      button.addEventListener("pointerdown", function (event) {
        openBeforeTap = event.pointerType !== "mouse" && open === wrap;
      });
      // A tap opens the explanation; a second tap on the same term closes it.
      button.addEventListener("click", function () {
        if (openBeforeTap) hide(); else show(wrap);
        openBeforeTap = false;
      });
    });

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") hide();
    });
    document.addEventListener("pointerdown", function (event) {
      if (open && !open.contains(event.target)) hide();
    });
    window.addEventListener("scroll", function () { if (open) place(open); }, { passive: true });
    window.addEventListener("resize", function () { if (open) place(open); });
  }

  // Town pickers: a block with several towns shows one town at a time. All pickers on a
  // page follow the one the reader changed, so the page stays about one town.
  function setUpTownPickers() {
    var blocks = Array.prototype.slice.call(document.querySelectorAll("[data-town-groups]"));

    function showTown(block, slug) {
      var select = block.querySelector("[data-town-pick] select");
      if (!select || !select.querySelector('option[value="' + slug + '"]')) return;
      select.value = slug;
      block.querySelectorAll("[data-town]").forEach(function (group) {
        group.hidden = group.getAttribute("data-town") !== slug;
      });
      var parts = block.getAttribute("data-town-parts");
      if (parts && slug && !block.querySelector('[data-town="' + slug + '"]')) loadPart(block, parts, slug);
    }

    // A long block (many towns) keeps each town's places in a file of its own, made by the
    // build from the same templates; fetch it once, when its town is first chosen.
    function loadPart(block, parts, slug) {
      var status = block.querySelector("[data-town-status]");
      status.textContent = "読み込んでいます…";
      fetch(parts + slug + ".html").then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      }).then(function (html) {
        if (block.querySelector('[data-town="' + slug + '"]')) return;
        var part = document.createElement("template");
        part.innerHTML = html;
        block.appendChild(part.content);
        status.textContent = "";
        showTown(block, block.querySelector("[data-town-pick] select").value);
      }).catch(function () {
        status.textContent = "読み込めませんでした。電波のよいところで選び直すか、下の「市町村のページから探す」をお使いください。";
      });
    }

    blocks.forEach(function (block) {
      var pick = block.querySelector("[data-town-pick]");
      if (!pick) return;
      var select = pick.querySelector("select");
      pick.hidden = false;
      showTown(block, select.value);
      select.addEventListener("change", function () {
        blocks.forEach(function (other) { showTown(other, select.value); });
      });
    });
  }

  // The checklist: the counters stay hidden until a sign is ticked; then the live region
  // says that it is fine to ask. Nothing is sent or stored.
  function setUpChecklist() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll(".cd-check input[type=checkbox]"));
    var block = document.querySelector("[data-guide-counters]");
    if (!boxes.length || !block) return;
    var results = block.querySelector("[data-guide-results]");
    var status = block.querySelector("[data-guide-status]");
    var message = status.textContent;

    function update() {
      var any = boxes.some(function (box) { return box.checked; });
      results.hidden = !any;
      status.textContent = any ? message : "";
    }

    boxes.forEach(function (box) { box.addEventListener("change", update); });
    update();
  }

  setUpTerms();
  setUpTownPickers();
  setUpChecklist();
})();

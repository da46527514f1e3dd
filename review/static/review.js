// labrelay review: provenance overlay, field navigation, result rows and
// keyboard shortcuts. No inline script anywhere: the page's CSP forbids it.
(function () {
  "use strict";

  var fields = function () { return Array.prototype.slice.call(document.querySelectorAll(".field")); };

  // Show the field's provenance box on its page image.
  function showBox(field) {
    document.querySelectorAll(".page .box").forEach(function (b) { b.hidden = true; });
    document.querySelectorAll(".field.current").forEach(function (f) { f.classList.remove("current"); });
    if (!field) { return; }
    field.classList.add("current");
    var page = field.dataset.page;
    if (!page) { return; }
    var fig = document.querySelector('.page[data-page="' + page + '"]');
    if (!fig) { return; }
    var img = fig.querySelector("img"), box = fig.querySelector(".box");
    var place = function () {
      if (!img.naturalWidth) { return; }
      var k = img.clientWidth / img.naturalWidth, pad = 3;
      box.style.left = (parseFloat(field.dataset.x) * k - pad) + "px";
      box.style.top = (parseFloat(field.dataset.y) * k - pad) + "px";
      box.style.width = (parseFloat(field.dataset.w) * k + 2 * pad) + "px";
      box.style.height = (parseFloat(field.dataset.h) * k + 2 * pad) + "px";
      box.hidden = false;
      var pane = fig.closest(".pages");
      if (pane && pane.scrollHeight > pane.clientHeight) {
        var top = fig.offsetTop + box.offsetTop - pane.clientHeight / 3;
        pane.scrollTo({ top: Math.max(0, top), behavior: "smooth" });
      }
    };
    if (img.complete) { place(); } else { img.addEventListener("load", place, { once: true }); }
  }

  document.addEventListener("focusin", function (e) {
    var field = e.target.closest && e.target.closest(".field");
    if (field) { showBox(field); }
  });

  window.addEventListener("resize", function () {
    var cur = document.querySelector(".field.current");
    if (cur) { showBox(cur); }
  });

  function focusField(field) {
    if (!field) { return; }
    var input = field.querySelector("input:not([disabled]), select:not([disabled]), textarea:not([disabled])");
    var fs = field.closest("fieldset");
    if (input && !(fs && fs.disabled)) { input.focus(); } else { field.focus(); }
    field.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var list = fields();
    if (!list.length) { return; }
    var cur = document.activeElement && document.activeElement.closest ? document.activeElement.closest(".field") : null;
    var i = cur ? list.indexOf(cur) : (step > 0 ? -1 : list.length);
    focusField(list[Math.min(list.length - 1, Math.max(0, i + step))]);
  }

  function typing(el) {
    if (!el) { return false; }
    var tag = el.tagName;
    return tag === "TEXTAREA" || tag === "SELECT" || (tag === "INPUT" && el.type !== "button" && el.type !== "submit") || el.isContentEditable;
  }

  function click(id) {
    var b = document.getElementById(id);
    if (b && !b.disabled && !(b.closest("fieldset") && b.closest("fieldset").disabled)) {
      var form = b.form;
      if (form && form.requestSubmit) { form.requestSubmit(b); } else { b.click(); }
    }
  }

  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); click("approve"); return; }
    if (e.key === "Escape" && typing(document.activeElement)) {
      var f = document.activeElement.closest(".field");
      document.activeElement.blur();
      if (f) { f.focus(); }
      return;
    }
    if (typing(document.activeElement) || e.ctrlKey || e.metaKey || e.altKey) { return; }
    switch (e.key) {
      case "j": e.preventDefault(); move(1); break;
      case "k": e.preventDefault(); move(-1); break;
      case "a": e.preventDefault(); click("approve"); break;
      case "s": e.preventDefault(); click("save"); break;
    }
  });

  // Result rows: add from the template, remove with the row's button.
  var add = document.getElementById("add-row");
  var tbody = document.querySelector("#results tbody");
  var tpl = document.getElementById("row-template");
  if (add && tbody && tpl) {
    add.addEventListener("click", function () {
      var row = tpl.content.firstElementChild.cloneNode(true);
      tbody.appendChild(row);
      row.querySelector("input").focus();
    });
    tbody.addEventListener("click", function (e) {
      var btn = e.target.closest(".remove-row");
      if (btn) { btn.closest("tr").remove(); }
    });
  }
})();

// Juryrum's own progressive enhancements. Every page works without this file.
"use strict";

(function () {
  function countWords(text) {
    const words = text.trim().split(/\s+/);
    return words[0] === "" ? 0 : words.length;
  }

  function wordCounter(textarea) {
    const limit = parseInt(textarea.dataset.wordLimit, 10);
    const counter = document.createElement("p");
    counter.className = "word-count small mb-0";
    counter.id = textarea.id + "-count";
    counter.setAttribute("aria-live", "polite");
    textarea.insertAdjacentElement("afterend", counter);
    const described = textarea.getAttribute("aria-describedby");
    textarea.setAttribute("aria-describedby", described ? described + " " + counter.id : counter.id);
    const template = textarea.dataset.countLabel || "{n} / {limit}";
    function update() {
      const n = countWords(textarea.value);
      counter.textContent = template.replace("{n}", n).replace("{limit}", limit);
      counter.classList.toggle("over-limit", n > limit);
    }
    textarea.addEventListener("input", update);
    update();
  }

  // The error summary (GOV.UK's pattern) takes focus, so that a screen reader reads what to
  // correct first; each of its links moves focus to its field, not only the view.
  function errorSummary(summary) {
    summary.focus();
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        const target = document.getElementById(link.getAttribute("href").slice(1));
        if (!target) return;
        event.preventDefault();
        const field = target.matches("input, select, textarea")
          ? target
          : target.querySelector("input, select, textarea");
        (field || target).focus();
        (field || target).scrollIntoView({ block: "center" });
      });
    });
  }

  // Conditional reveal (GOV.UK's pattern): what belongs to one answer of a radio group shows
  // when that answer is chosen. Without this file it is always shown.
  function conditionalReveal(block) {
    const name = block.dataset.revealFor;
    const value = block.dataset.revealValue;
    const radios = document.querySelectorAll("input[type=radio][name='" + name + "']");
    function update() {
      const chosen = Array.from(radios).some(function (r) { return r.checked && r.value === value; });
      const hasError = block.querySelector(".is-invalid") !== null;
      block.hidden = !chosen && !hasError;
    }
    radios.forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  }

  // The ranking's arrows move a finalist in place (without this file each is a round trip).
  function ranking(list) {
    const order = list.closest("form").querySelector("input[name=order]");
    const status = document.getElementById("ranking-status");
    function refresh() {
      const items = Array.from(list.children);
      let place = 0;
      items.forEach(function (item, i) {
        const tie = item.querySelector(".ranking-tie");
        tie.hidden = i === 0;
        if (i === 0) tie.querySelector("input").checked = false;
        if (!(i > 0 && tie.querySelector("input").checked)) place += 1;
        item.querySelector(".ranking-place").textContent = place;
        item.querySelector(".move-up").disabled = i === 0;
        item.querySelector(".move-down").disabled = i === items.length - 1;
      });
      order.value = items.map(function (item) { return item.dataset.pk; }).join(",");
    }
    list.addEventListener("click", function (event) {
      const button = event.target.closest("button[name=move]");
      if (!button) return;
      event.preventDefault();
      const item = button.closest("li");
      const up = button.classList.contains("move-up");
      const other = up ? item.previousElementSibling : item.nextElementSibling;
      if (!other) return;
      list.insertBefore(up ? item : other, up ? other : item);
      refresh();
      const again = item.querySelector(up ? ".move-up" : ".move-down");
      (again.disabled ? item.querySelector(up ? ".move-down" : ".move-up") : again).focus();
      if (status) {
        status.textContent = (list.dataset.moved || "")
          .replace("{place}", item.querySelector(".ranking-place").textContent)
          .replace("{entry}", item.querySelector(".ranking-title").textContent);
      }
    });
    list.addEventListener("change", refresh);
  }

  document.addEventListener("DOMContentLoaded", function () {
    const list = document.getElementById("ranking");
    if (list) ranking(list);
    document.querySelectorAll("[data-reveal-for]").forEach(conditionalReveal);
    document.querySelectorAll("textarea[data-word-limit]").forEach(wordCounter);
    const summary = document.querySelector(".error-summary");
    if (summary) errorSummary(summary);
  });
})();

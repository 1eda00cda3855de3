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

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-word-limit]").forEach(wordCounter);
  });
})();

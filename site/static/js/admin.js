// TKB's additions to the Wagtail admin (kb/wagtail_hooks.py adds this file).
// The tag field's typing box (jQuery tag-it, made by Wagtail's w-tag controller) has
// no label of its own: give it the field's label, so screen readers name it.
(function () {
  "use strict";

  function labelTagInputs(root) {
    root.querySelectorAll(".tagit-new input:not([aria-labelledby])").forEach(function (input) {
      var field = input.closest("[data-field-input]") || input.closest(".w-field");
      var original = field && field.querySelector("input[id]:not(.ui-autocomplete-input)");
      var label = original && document.getElementById(original.id + "-label");
      if (label) input.setAttribute("aria-labelledby", label.id);
    });
  }

  function start() {
    labelTagInputs(document);
    new MutationObserver(function () {
      labelTagInputs(document);
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

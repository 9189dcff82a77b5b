// Counts a read of this article. The page itself may come from the front cache, which
// never reaches the application, so the read is sent as a small beacon instead
// (kb.views.read). Nothing is shown and nothing waits for the answer.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-read-url");
  if (!url || !navigator.sendBeacon) {
    return;
  }
  navigator.sendBeacon(url);
})();

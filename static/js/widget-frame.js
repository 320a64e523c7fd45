// Inside the widget's iframe: tell the embedding page how tall the content is, so the
// snippet (widget.js) can size the frame without a scroll bar. Only a number is sent.
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function report() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ klyngebesog: "height", height: height }, "*");
    }
  }
  if (window.ResizeObserver) new ResizeObserver(report).observe(document.documentElement);
  window.addEventListener("load", report);
  report();
})();

// The booking widget's snippet (docs/widget.md). Pasted into any page as
//   <script src="https://klyngebesog.dk/static/js/widget.js" data-company="frugtgaarden"
//           data-tour="12" data-lang="da" async></script>
// it puts an iframe with the company's (or tour's) next departures where the script tag
// is, in the page's language (data-lang, else <html lang>), and sizes it to its content.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var base = new URL(script.src).origin;
  var lang = (script.dataset.lang || document.documentElement.lang || "da").slice(0, 2);
  var path = script.dataset.company ? "/widget/" + encodeURIComponent(script.dataset.company) + "/" : "/widget/";
  var query = new URLSearchParams({ lang: lang, origin: window.location.origin });
  if (script.dataset.tour) query.set("tour", script.dataset.tour);
  var frame = document.createElement("iframe");
  frame.src = base + path + "?" + query.toString();
  frame.title = script.dataset.title || "Klyngebesøg";
  frame.loading = "lazy";
  frame.style.width = "100%";
  frame.style.maxWidth = "40rem";
  frame.style.minHeight = "20rem";
  frame.style.border = "0";
  script.parentNode.insertBefore(frame, script);
  window.addEventListener("message", function (event) {
    if (event.origin !== base || event.source !== frame.contentWindow) return;
    var data = event.data || {};
    if (data.klyngebesog === "height" && typeof data.height === "number") {
      frame.style.height = Math.min(Math.max(data.height, 200), 5000) + "px";
    }
  });
})();

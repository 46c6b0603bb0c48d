// brief serve: live reload and the build-problems overlay.
// Injected only by `brief serve`; `brief build` output never loads it.
// The overlay is built with textContent only: problem text is never parsed
// as HTML.
(function () {
  "use strict";
  if (typeof EventSource === "undefined") {
    return;
  }
  var script = document.currentScript;
  var generation = (script && script.getAttribute("data-generation")) || "";
  var OVERLAY_ID = "brief-serve-problems";

  function removeOverlay() {
    var old = document.getElementById(OVERLAY_ID);
    if (old) {
      old.parentNode.removeChild(old);
    }
  }

  function showOverlay(failed, text) {
    removeOverlay();
    var box = document.createElement("section");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alert");
    box.setAttribute("aria-label", failed ? "Build failed" : "Build warnings");
    var colour = failed ? "#b3261e" : "#8a5a00";
    var s = box.style;
    s.position = "fixed";
    s.left = "0";
    s.right = "0";
    s.bottom = "0";
    s.zIndex = "2147483647";
    s.maxHeight = "60vh";
    s.overflow = "auto";
    s.margin = "0";
    s.padding = "0.75rem 1rem";
    s.background = "#fff";
    s.color = "#1a1a1a";
    s.borderTop = "4px solid " + colour;
    s.boxShadow = "0 -2px 12px rgba(0, 0, 0, 0.25)";
    s.font = "14px/1.45 system-ui, sans-serif";
    s.textAlign = "left";

    var title = document.createElement("p");
    title.style.margin = "0 0 0.5rem";
    title.style.fontWeight = "bold";
    title.style.color = colour;
    title.textContent = failed
      ? "brief serve: the last rebuild failed. This is the last good build; save a fix and it reloads."
      : "brief serve: the site built with warnings (brief build will refuse these).";

    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.style.float = "right";
    close.style.marginLeft = "1rem";
    close.addEventListener("click", removeOverlay);

    var details = document.createElement("pre");
    details.style.margin = "0";
    details.style.whiteSpace = "pre-wrap";
    details.style.font = "13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
    details.textContent = text;

    box.appendChild(close);
    box.appendChild(title);
    box.appendChild(details);
    (document.body || document.documentElement).appendChild(box);
  }

  function connect() {
    var source = new EventSource(
      "/__brief/events?generation=" + encodeURIComponent(generation)
    );
    source.addEventListener("reload", function () {
      source.close();
      window.location.reload();
    });
    source.addEventListener("build-error", function (event) {
      showOverlay(true, event.data);
    });
    source.addEventListener("build-warning", function (event) {
      showOverlay(false, event.data);
    });
    source.addEventListener("build-ok", removeOverlay);
    // When the server stops, or ends a stream that has lived long enough,
    // EventSource retries by itself; a restarted server has other
    // generation numbers, so the page reloads when it is back. A refusal
    // (all places for streams taken) closes the source for good, so this
    // opens a new one a little later.
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(connect, 2000);
      }
    };
  }
  connect();
})();

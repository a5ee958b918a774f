// HMS Status dashboard: refresh the overview in place and apply its filters as they change.
// The page works without this script; it only asks /fragments/overview for the live part
// every few seconds (answered 304 while nothing changed) and swaps it in.
(function () {
  "use strict";
  var live = document.getElementById("overview-live");
  var form = document.getElementById("filters");
  if (!live || !form || !window.fetch) {
    return;
  }
  var note = document.getElementById("live-note");
  var every = parseInt(live.getAttribute("data-refresh-ms"), 10) || 3000;
  var version = live.getAttribute("data-version") || "";
  var busy = false;
  var again = false;
  var typing = null;

  function params() {
    var query = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (typeof value === "string" && value.trim() !== "") {
        query.append(key, value.trim());
      }
    });
    return query.toString();
  }

  function say(text) {
    if (note) {
      note.textContent = text;
    }
  }

  function refresh(force) {
    if (busy) {
      again = again || force;
      return;
    }
    busy = true;
    var qs = params();
    var headers = {};
    if (!force && version) {
      headers["If-None-Match"] = version;
    }
    fetch(live.getAttribute("data-fragment") + (qs ? "?" + qs : ""), {
      headers: headers,
      cache: "no-store",
      credentials: "same-origin"
    }).then(function (response) {
      if (response.status === 304) {
        return null;
      }
      if (!response.ok) {
        throw new Error("the server answered " + response.status);
      }
      var tag = response.headers.get("ETag") || "";
      return response.text().then(function (html) {
        live.innerHTML = html;
        version = tag;
        live.setAttribute("data-version", tag);
        say("Updated " + new Date().toLocaleTimeString());
      });
    }).catch(function (error) {
      say("Live refresh paused: " + error.message);
    }).then(function () {
      busy = false;
      if (again) {
        again = false;
        refresh(true);
      }
    });
  }

  function filtersChanged() {
    var qs = params();
    window.history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : ""));
    refresh(true);
  }

  form.addEventListener("change", filtersChanged);
  form.addEventListener("input", function (event) {
    if (event.target.tagName !== "INPUT") {
      return; // a select reports a change as well
    }
    window.clearTimeout(typing);
    typing = window.setTimeout(filtersChanged, 200);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    filtersChanged();
  });
  window.setInterval(function () {
    if (!document.hidden) {
      refresh(false);
    }
  }, every);
})();

// Draw the dashboard's Vega-Lite charts. Without JavaScript the tables beside them carry the data.
(function () {
  function draw() {
    if (typeof vegaEmbed !== "function") return;
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var source = document.getElementById(element.getAttribute("data-chart"));
      if (!source) return;
      vegaEmbed(element, JSON.parse(source.textContent), { actions: false, renderer: "svg" })
        .catch(function () { element.hidden = true; });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();

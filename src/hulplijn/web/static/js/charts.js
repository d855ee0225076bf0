// Draw the dashboard's Vega-Lite charts. Without JavaScript the tables beside them carry the data.
// Content-Security-Policy: no eval and no inline style. `ast: true` makes vega-embed evaluate Vega
// expressions with its bundled interpreter instead of compiling them with `new Function`;
// `defaultStyle: false` and the tooltip's `disableDefaultStyle` keep vega-embed and vega-tooltip
// from adding <style> elements (their rules are in css/charts.css). See decisions/0010.
(function () {
  var OPTIONS = {
    actions: false,
    renderer: "svg",
    ast: true,
    defaultStyle: false,
    tooltip: { disableDefaultStyle: true },
  };
  // Numbers in the page's language (issue 14): on a Dutch page axes and tooltips write 40,5 and
  // 1.250, as hulplijn.core.numbers writes the tables beside the charts.
  if ((document.documentElement.lang || "").slice(0, 2) === "nl") {
    OPTIONS.formatLocale = { decimal: ",", thousands: ".", grouping: [3], currency: ["€ ", ""] };
  }

  function embed(element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source) return;
    vegaEmbed(element, JSON.parse(source.textContent), OPTIONS).catch(function () {
      element.hidden = true;
    });
  }

  // A chart in a closed <details> (the result page folds its details) has no width yet: it is
  // drawn when its details is first opened, at the width it then has.
  function draw() {
    if (typeof vegaEmbed !== "function") return;
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var folded = element.closest("details:not([open])");
      if (!folded) {
        embed(element);
        return;
      }
      folded.addEventListener("toggle", function opened() {
        if (!folded.open) return;
        folded.removeEventListener("toggle", opened);
        embed(element);
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();

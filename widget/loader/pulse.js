// Pulse survey loader. Company pages embed it with
//   <script async src="https://SERVER/widget/pulse.js" data-survey="SURVEY_ID"></script>
// and it shows the survey in the bottom-right corner. Whatever fails, the page only gets a
// console warning.
((script) => {
  let host;
  const start = async () => {
    try {
      const src = new URL(script.src);
      host = document.createElement("div");
      host.dataset.placement = "corner";
      document.body.append(host);
      const widget = await import(new URL("pulse_widget.js", src));
      await widget.default();
      await widget.mount(host, script.dataset.survey, src.origin);
    } catch (error) {
      host?.remove();
      console.warn("Pulse survey not shown:", error);
    }
  };
  // An async script can run before <body> exists.
  if (document.readyState == "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})(document.currentScript);

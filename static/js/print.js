// A button marked data-print prints the page (the browser can save it as PDF). A file,
// not an onclick attribute: the Content-Security-Policy allows no inline script.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
});

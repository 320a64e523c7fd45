// The print button on the printable visitor list (no inline script: keeps a strict CSP possible).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});

// The arrivals board without reloads: a tap posts its form in the background and the board
// is replaced by the server's answer; the board refreshes itself every 30 seconds, so the
// counts stay right while a colleague checks in at the other gate; typing in the search
// box hides the parties that do not match. Without JavaScript every form still works.
(() => {
  const board = document.getElementById("arrivals-board");
  const status = document.getElementById("arrivals-status");
  const search = document.getElementById("arrivals-q");
  if (!board) return;

  const filter = () => {
    const words = (search ? search.value : "").toLowerCase().replace(/-/g, "").split(/\s+/).filter(Boolean);
    board.querySelectorAll("[data-search]").forEach((row) => {
      const text = row.dataset.search;
      row.hidden = !words.every((word) => text.includes(word));
    });
  };

  const swap = (html) => {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const fresh = doc.getElementById("arrivals-board") || doc.body;
    const focused = document.activeElement && document.activeElement.closest("[data-testid^='arrival-']");
    const key = focused ? focused.dataset.testid : null;
    board.innerHTML = fresh.innerHTML;
    filter();
    const alerts = doc.querySelectorAll("main .alert[role='status']");
    if (alerts.length) {
      status.replaceChildren(...Array.from(alerts, (alert) => {
        const copy = alert.cloneNode(true);
        copy.removeAttribute("role");
        return copy;
      }));
    }
    if (key) {
      const row = board.querySelector(`[data-testid='${key}']`);
      const target = row && row.querySelector("button");
      if (target) target.focus();
    }
  };

  board.addEventListener("submit", async (event) => {
    const form = event.target;
    event.preventDefault();
    const button = form.querySelector("button");
    if (button) button.disabled = true;
    try {
      const response = await fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" });
      if (!response.ok && response.status !== 400) throw new Error(String(response.status));
      swap(await response.text());
    } catch (error) {
      form.submit();
    }
  });

  const refresh = async () => {
    if (document.hidden || board.contains(document.activeElement) && document.activeElement.tagName === "INPUT") return;
    try {
      const response = await fetch(board.dataset.refresh, { credentials: "same-origin" });
      if (response.ok) swap(await response.text());
    } catch (error) {
      // Offline for a moment: the next refresh tries again.
    }
  };
  window.setInterval(refresh, 30000);
  if (search) search.addEventListener("input", filter);
  filter();
})();

// The booking form's total as the number of people changes. The labels come from the
// server (tours.pricing, one per party size, in the page's language), so this script never
// formats an amount; without it, the price shows and the confirmation gives the total.
document.querySelectorAll("[data-live-total]").forEach((box) => {
  const form = box.closest("form");
  const input = form && form.querySelector("[name=party_size]");
  const table = document.getElementById(box.dataset.liveTotal);
  const output = box.querySelector("[data-total]");
  if (!input || !table || !output) return;
  const totals = JSON.parse(table.textContent);
  const show = () => {
    const size = String(parseInt(input.value, 10));
    const text = totals[size] || box.dataset.fallback;
    if (output.textContent !== text) output.textContent = text;
  };
  input.addEventListener("input", show);
  input.addEventListener("change", show);
  show();
  box.querySelector("[data-total-live]").hidden = false;
  box.querySelector("[data-total-nojs]").hidden = true;
});

// @ts-check
// A run of the engine: show its progress, and the result when it is done.
const box = document.getElementById('reken');
async function poll() {
  const res = await fetch(box.dataset.status);
  if (!res.ok) return;
  const s = await res.json();
  const pct = Math.round(s.voortgang * 100);
  /** @type {HTMLProgressElement} */ (document.getElementById('voortgang')).value = pct;
  document.getElementById('procent').textContent = `${pct} %`;
  if (s.klaar) window.location.reload();
  else setTimeout(poll, 500);
}
if (box) setTimeout(poll, 300);

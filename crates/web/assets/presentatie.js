// @ts-check
// A wijkfoto presented to the workshop: full screen on request, and the arrow keys to the
// previous or next wijk.
import { metId } from './dom.js';

const main = metId('presentatie', HTMLElement);
metId('volledig', HTMLButtonElement)?.addEventListener('click', () => document.documentElement.requestFullscreen?.());
document.addEventListener('keydown', (e) => {
  if (!main || e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
  const naar = e.key === 'ArrowRight' ? main.dataset.volgende : e.key === 'ArrowLeft' ? main.dataset.vorige : undefined;
  if (naar) window.location.assign(naar);
});

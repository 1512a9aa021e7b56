// @ts-check
// The projector view of a session: asks for the session's state twice a second and shows the
// round, the countdown, the word cloud (the most frequent first, a size larger per contribution) and every table's
// contributions as they come in.
import { metId } from './dom.js';
import { Klok, vulLijst } from './klok.js';

const main = metId('scherm', HTMLElement);
const ronde = metId('ronde', HTMLElement);
const opdracht = metId('opdracht', HTMLElement);
const klokEl = metId('klok', HTMLElement);
const wolk = metId('wolk', HTMLUListElement);
const aantal = metId('aantal', HTMLElement);
const volledig = metId('volledig', HTMLButtonElement);

if (main && ronde && opdracht && klokEl && wolk && aantal) {
  const klok = new Klok(klokEl);
  volledig?.addEventListener('click', () => document.documentElement.requestFullscreen?.());

  async function peil() {
    try {
      const res = await fetch(main?.dataset.stand ?? '', { cache: 'no-store' });
      if (res.ok) toon(await res.json());
    } catch {
      // the next second tries again
    }
    setTimeout(peil, 500);
  }

  /** @param {any} s */
  function toon(s) {
    if (!ronde || !opdracht || !wolk || !aantal) return;
    ronde.textContent = s.tekst;
    opdracht.textContent = s.opdracht;
    klok.zet(s);
    aantal.textContent = String(s.bijdragen);
    wolk.replaceChildren(
      ...s.wolk.map((/** @type {[string, number]} */ [woord, n]) => {
        const li = document.createElement('li');
        li.textContent = woord;
        li.className = `w${Math.min(5, n)}`; // one size more per contribution, up to five
        li.title = `${n} ${n === 1 ? 'bijdrage' : 'bijdragen'}`;
        return li;
      }),
    );
    for (const t of s.tafels) {
      const ul = document.querySelector(`ul[data-tafel="${t.nr}"]`);
      if (ul) vulLijst(ul, t.bijdragen);
    }
    const slot = document.querySelector('ul[data-tafel="slot"]');
    if (slot) vulLijst(slot, s.slot);
  }

  peil();
}

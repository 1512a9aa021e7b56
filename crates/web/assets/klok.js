// @ts-check
// The countdown of a session's round, shared by the projector and the phones: the server says
// how many seconds are left when asked; the clock counts down between two answers.

/**
 * @typedef {{ status: string, ronde: number, rondes: number, opdracht: string,
 *   resterend: number | null, slot: boolean, tekst: string }} Ronde
 */

/** A countdown shown in `el`. */
export class Klok {
  /** @param {HTMLElement} el */
  constructor(el) {
    this.el = el;
    /** @type {number | null} */
    this.eind = null;
    setInterval(() => this.toon(), 1000);
  }

  /** @param {Ronde} r */
  zet(r) {
    this.eind = r.resterend === null ? null : Date.now() + r.resterend * 1000;
    this.toon();
  }

  toon() {
    if (this.eind === null) {
      this.el.textContent = '';
      return;
    }
    const s = Math.max(0, Math.round((this.eind - Date.now()) / 1000));
    const mm = String(Math.floor(s / 60)).padStart(2, '0');
    const ss = String(s % 60).padStart(2, '0');
    this.el.textContent = s === 0 ? 'De tijd is om' : `Nog ${mm}:${ss}`;
    this.el.classList.toggle('om', s === 0);
  }
}

/**
 * Replaces the items of a list by `teksten`, as text (never markup).
 * @param {Element} ul
 * @param {string[]} teksten
 */
export function vulLijst(ul, teksten) {
  ul.replaceChildren(
    ...teksten.map((t) => {
      const li = document.createElement('li');
      li.textContent = t;
      return li;
    }),
  );
}

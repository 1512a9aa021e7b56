// @ts-check
// Sortable tables: every column header of a `table.sorteerbaar` becomes a
// button that sorts by that column (numbers as numbers, Dutch notation),
// with the order announced through aria-sort.
const value = (cell) => {
  const text = cell.textContent.trim();
  const n = Number(text.replace(/\./g, '').replace(',', '.').replace(/[^0-9.+-]/g, ''));
  return /\d/.test(text) && !Number.isNaN(n) ? n : text.toLowerCase();
};

/** @type {NodeListOf<HTMLTableElement>} */
const sortable = document.querySelectorAll('table.sorteerbaar');
for (const table of sortable) {
  if (!table.tHead) continue;
  const heads = [...table.tHead.rows[0].cells];
  heads.forEach((th, col) => {
    if (th.dataset.nietSorteren !== undefined) return;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'sorteer';
    button.append(...th.childNodes);
    th.append(button);
    button.addEventListener('click', () => {
      const up = th.getAttribute('aria-sort') !== 'ascending';
      heads.forEach((h) => h.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
      const body = table.tBodies[0];
      const rows = [...body.rows].sort((a, b) => {
        const [x, y] = [value(a.cells[col]), value(b.cells[col])];
        const order = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : typeof x === 'number' ? -1 : 1;
        return up ? order : -order;
      });
      body.append(...rows);
    });
  });
}

// @ts-check
// The survey: the fields for someone who is not in the list show, and are required, only when
// "Iemand anders" is chosen. Without this script they simply stay visible (the server checks).
/** @type {NodeListOf<HTMLSelectElement>} */
const naar = document.querySelectorAll('select[name^="naar_"]');
for (const select of naar) {
  const box = document.getElementById(`nieuw_${select.name.slice('naar_'.length)}`);
  if (!box) continue;
  const update = () => {
    const on = select.value === 'nieuw';
    box.hidden = !on;
    /** @type {NodeListOf<HTMLInputElement | HTMLSelectElement>} */
    const fields = box.querySelectorAll('input, select');
    for (const field of fields) field.required = on;
  };
  select.addEventListener('change', update);
  update();
}

// The survey: the fields for someone who is not in the list show, and are required, only when
// "Iemand anders" is chosen. Without this script they simply stay visible (the server checks).
for (const select of document.querySelectorAll('select[name^="naar_"]')) {
  const box = document.getElementById(`nieuw_${select.name.slice('naar_'.length)}`);
  if (!box) continue;
  const update = () => {
    const on = select.value === 'nieuw';
    box.hidden = !on;
    for (const field of box.querySelectorAll('input, select')) field.required = on;
  };
  select.addEventListener('change', update);
  update();
}

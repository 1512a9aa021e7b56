// @ts-check
// Forms with uploads and confirmations: a chosen file is read into its form's
// text field, so an upload is a plain form post — CSV as text, a spreadsheet
// (data-binair) as a data: URL; a form with class "bevestig" asks first.
const SPREADSHEET = /\.(xlsx|xlsm|xls|ods)$/i;

function read(file, asDataUrl) {
  if (!asDataUrl) return file.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** An element of the page by id, as the kind of element it is. @template {HTMLElement} T */
const byId = (/** @type {string} */ id) => /** @type {T} */ (/** @type {unknown} */ (document.getElementById(id)));

/** @type {NodeListOf<HTMLInputElement>} */
const uploads = document.querySelectorAll('input[type="file"][data-inhoud]');
for (const input of uploads) {
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    const binary = 'binair' in input.dataset && SPREADSHEET.test(file.name);
    /** @type {HTMLTextAreaElement} */
    const target = byId(input.dataset.inhoud ?? '');
    target.value = String(await read(file, binary));
    // A spreadsheet is not text to look at or edit.
    if ('binair' in input.dataset) target.hidden = binary;
    /** @type {HTMLInputElement} */ (byId(input.dataset.naam ?? '')).value = file.name;
    if (input.dataset.basis) {
      /** @type {HTMLInputElement | null} */
      const basis = document.querySelector(`input[name="basis"][value="${input.dataset.basis}"]`);
      if (basis) basis.checked = true;
    }
  });
}

/** @type {NodeListOf<HTMLFormElement>} */
const confirmed = document.querySelectorAll('form.bevestig');
for (const form of confirmed) {
  form.addEventListener('submit', (e) => {
    if (!window.confirm(form.dataset.vraag ?? 'Weet u het zeker?')) e.preventDefault();
  });
}

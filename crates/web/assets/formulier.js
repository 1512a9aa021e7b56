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

for (const input of document.querySelectorAll('input[type="file"][data-inhoud]')) {
  input.addEventListener('change', async () => {
    const file = input.files[0];
    if (!file) return;
    const binary = 'binair' in input.dataset && SPREADSHEET.test(file.name);
    const target = document.getElementById(input.dataset.inhoud);
    target.value = await read(file, binary);
    // A spreadsheet is not text to look at or edit.
    if ('binair' in input.dataset) target.hidden = binary;
    document.getElementById(input.dataset.naam).value = file.name;
    if (input.dataset.basis) document.querySelector(`input[name="basis"][value="${input.dataset.basis}"]`).checked = true;
  });
}

for (const form of document.querySelectorAll('form.bevestig')) {
  form.addEventListener('submit', (e) => {
    if (!window.confirm(form.dataset.vraag)) e.preventDefault();
  });
}

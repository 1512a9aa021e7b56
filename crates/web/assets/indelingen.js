// The list of plans: a chosen file is read into its form's text field (so an
// upload is a plain form post), and deleting a plan asks first.
for (const input of document.querySelectorAll('input[type="file"][data-inhoud]')) {
  input.addEventListener('change', async () => {
    const file = input.files[0];
    if (!file) return;
    document.getElementById(input.dataset.inhoud).value = await file.text();
    document.getElementById(input.dataset.naam).value = file.name;
    if (input.dataset.basis) document.querySelector(`input[name="basis"][value="${input.dataset.basis}"]`).checked = true;
  });
}

for (const form of document.querySelectorAll('form.bevestig')) {
  form.addEventListener('submit', (e) => {
    if (!window.confirm(form.dataset.vraag)) e.preventDefault();
  });
}

// The list of plans: a chosen file is read into the form (so the upload is a
// plain form post), and deleting a plan asks first.
const kiezen = document.getElementById('bestand-kiezen');
kiezen?.addEventListener('change', async () => {
  const file = kiezen.files[0];
  if (!file) return;
  document.getElementById('plan-inhoud').value = await file.text();
  document.getElementById('bestand').value = file.name;
  document.querySelector('input[name="basis"][value="upload"]').checked = true;
});

for (const form of document.querySelectorAll('form.bevestig')) {
  form.addEventListener('submit', (e) => {
    if (!window.confirm(form.dataset.vraag)) e.preventDefault();
  });
}

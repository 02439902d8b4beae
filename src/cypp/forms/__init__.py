"""GOV.UK form parts every app shares (the date input, and the field and error-summary
templates). It sits below every CYPP app and imports none of them: callers import from the
module (``cypp.forms.dates``), not from this package."""

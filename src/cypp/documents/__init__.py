"""Documents made from HTML (PDF rendering), shared by every app that prints. It sits below
every CYPP app and imports none of them: callers import from the module
(``cypp.documents.pdf``)."""

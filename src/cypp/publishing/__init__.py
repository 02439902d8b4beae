"""Publishing a public plan: the static site (``cypp site build``). See docs/public-site.md."""

"""Running the site: backups of the database and stored files, and restoring them."""

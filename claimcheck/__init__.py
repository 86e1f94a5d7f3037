"""claimcheck: check an article's claims against your own documents."""

"""Who may import, read and compare municipal key figures."""

"""The web console: login, portfolio overview, account pages, in Chinese and English."""

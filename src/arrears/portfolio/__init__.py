"""The portfolio store: debtors, their contact points, accounts, schedules, payments."""

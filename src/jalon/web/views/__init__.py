"""Web pages, one module per area: home, portfolios, projects, tasks, assignments, pool, calendars."""

"""Annual theme reports: the numbers from the tables, charts, HTML and Excel."""
